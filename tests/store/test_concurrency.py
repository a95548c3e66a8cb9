"""Many people practising at once on one SQLite file: every turn is kept, nobody sees "database is
locked". Each thread has its own engine, as separate app processes would."""

from __future__ import annotations

import threading

import pytest

from tests.plugins.db import PASSWORD
from trainer.store import NewTurn, Repository
from trainer.store.engine import make_engine

THREADS, TURNS = 20, 25


@pytest.mark.slow
def test_twenty_threads_writing_turns_lose_nothing(tmp_path, fast_passwords):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    setup = Repository(make_engine(url), passwords=fast_passwords)
    setup.upgrade()
    users = [setup.accounts.create_user(f"t{i}@example.com", f"T{i}", "trainee", PASSWORD) for i in range(THREADS)]
    attempts = [setup.attempts.start_attempt(u, scenario_id="s", scenario_version="v", seed=i)
                for i, u in enumerate(users)]
    barrier, errors = threading.Barrier(THREADS), []

    def work(i: int) -> None:
        repo = Repository(make_engine(url), passwords=fast_passwords)
        try:
            barrier.wait()
            for n in range(TURNS):
                turn = NewTurn(index=n, speaker="trainee" if n % 2 else "customer", text=f"line {n} of {i}")
                repo.attempts.record_turn(users[i], attempts[i].id, turn, {"after": n})
                repo.attempts.list_attempts(users[i], limit=5)  # reads interleaved with the writes
        except Exception as e:
            errors.append(f"thread {i}: {type(e).__name__}: {e}")
        finally:
            repo.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    for user, attempt in zip(users, attempts, strict=True):
        detail = setup.attempts.get_attempt(user, attempt.id)
        assert [t.index for t in detail.turns] == list(range(TURNS))
        assert detail.session_state == {"after": TURNS - 1} and detail.attempt.turn_count == TURNS
    with setup.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("SELECT count(*) FROM turns").scalar() == THREADS * TURNS
    setup.close()

"""The Alembic history builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from trainer.errors import StoreError
from trainer.store import migrate
from trainer.store.engine import make_engine
from trainer.store.tables import Base


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_an_empty_database_is_upgraded_to_head(engine):
    assert migrate.current(engine) is None
    assert migrate.upgrade(engine) == migrate.head()
    assert set(inspect(engine).get_table_names()) >= {
        "teams", "users", "team_managers", "attempts", "turns", "attempt_criteria", "alembic_version"}


def test_upgrading_twice_changes_nothing(engine):
    migrate.upgrade(engine)
    assert migrate.upgrade(engine) == migrate.head()


def test_migrated_schema_matches_the_models(engine):
    migrate.upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_the_models_without_migrations_would_differ(engine):
    """The comparison can fail: an empty database differs from the models."""
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert any(d[0] == "add_table" for d in diff)


def test_indexes_for_the_dashboards_exist(engine):
    migrate.upgrade(engine)
    names = {ix["name"] for table in ("attempts", "attempt_criteria", "users")
             for ix in inspect(engine).get_indexes(table)}
    assert {"ix_attempts_user_id_started_at", "ix_attempts_user_id_state", "ix_attempts_scenario_id_started_at",
            "ix_attempts_started_at", "ix_users_team_id", "ix_attempt_criteria_user_id_criterion_id_ended_at"} <= names


def test_a_database_from_a_newer_version_is_refused(engine):
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    with pytest.raises(StoreError, match="does not know"):
        migrate.upgrade(engine)


def test_replicas_starting_together_upgrade_once(database_url):
    """Several processes starting on one empty database: one creates the tables, the others wait."""
    import threading

    engines = [make_engine(database_url) for _ in range(4)]
    barrier, results, errors = threading.Barrier(len(engines)), [], []

    def start(engine):
        barrier.wait()
        try:
            results.append(migrate.upgrade(engine))
        except Exception as e:
            errors.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=start, args=(e,)) for e in engines]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for engine in engines:
        engine.dispose()
    assert errors == [] and results == [migrate.head()] * len(engines)


def test_notices_move_from_the_json_columns_to_their_own_and_back(engine):
    """0014: a customer line's fallback notice left `criteria`, a typed reply's left `voice`; both
    are in `turns.notice`, what else the JSON held stays, and downgrading puts them back."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import insert, select

    migrate.upgrade(engine, "0013")
    tables, at = Base.metadata.tables, datetime(2026, 12, 1, 10, tzinfo=UTC)
    turns = tables["turns"]
    timing = {"recording_seconds": 3.0, "speech_seconds": 2.5}
    with engine.begin() as conn:
        conn.execute(insert(tables["users"]).values(id=1, email="ana@example.com", display_name="Ana",
                                                    role="trainee", created_at=at))
        conn.execute(insert(tables["attempts"]).values(id=1, user_id=1, scenario_id="s", scenario_version="v",
                                                       seed=1, mode="practice", customer_kind="generated",
                                                       started_at=at, updated_at=at))
        for i, who, criteria, voice in [
            (0, "customer", {"notice": "From the script: the model did not answer."}, None),
            (1, "trainee", {"total": 3}, {**timing, "notice": "Answered in text: silence."}),
            (2, "customer", None, None),
            (3, "trainee", {"total": 2}, {"notice": "Answered in text: too quiet."}),
            (4, "trainee", {"total": 4}, timing),
            (5, "customer", None, None),  # written as JSON null: not a notice either
        ]:
            values = {"criteria": criteria} if criteria else {}
            values.update({"voice": voice} if voice else {})
            if i == 5:
                values = {"criteria": None, "voice": None}
            conn.execute(insert(turns).values(id=10 + i, attempt_id=1, index=i, speaker=who, text="line",
                                              created_at=at, **values))
        conn.execute(insert(tables["reply_scores"]).values(turn_id=11, attempt_id=1, rubric_id="core",
                                                           rubric_version="v1", total=3.0, criteria={},
                                                           scored_at=at))

    def rows(*extra):
        with engine.connect() as conn:
            return {r[0]: tuple(r[1:]) for r in conn.execute(
                select(turns.c.index, turns.c.criteria, turns.c.voice, *extra).order_by(turns.c.index))}

    migrate.upgrade(engine)
    assert rows(turns.c.notice) == {
        0: (None, None, "From the script: the model did not answer."),
        1: ({"total": 3}, timing, "Answered in text: silence."),
        2: (None, None, None),
        3: ({"total": 2}, None, "Answered in text: too quiet."),
        4: ({"total": 4}, timing, None),
        5: (None, None, None),
    }
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0013")
    assert rows() == {
        0: ({"notice": "From the script: the model did not answer."}, None),
        1: ({"total": 3}, {**timing, "notice": "Answered in text: silence."}),
        2: (None, None),
        3: ({"total": 2}, {"notice": "Answered in text: too quiet."}),
        4: ({"total": 4}, timing),
        5: (None, None),
    }
    with engine.connect() as conn:  # the column was dropped in place: what refers to a turn is still there
        assert conn.execute(select(tables["reply_scores"].c.turn_id)).scalars().all() == [11]


def test_downgrading_past_the_dropped_columns_keeps_every_attempt_and_turn(engine):
    """Dropping a column must not rebuild its table: on SQLite that copy drops the old table under the
    foreign keys, and what cascades from it (an attempt's turns) would be deleted with it."""
    from datetime import UTC, datetime

    from alembic import command
    from sqlalchemy import func, insert, select

    migrate.upgrade(engine)
    tables, at = Base.metadata.tables, datetime(2026, 12, 1, 10, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(insert(tables["users"]).values(id=1, email="ana@example.com", display_name="Ana",
                                                    role="trainee", created_at=at))
        conn.execute(insert(tables["attempts"]).values(id=1, user_id=1, scenario_id="s", scenario_version="v",
                                                       seed=1, mode="practice", customer_kind="scripted",
                                                       started_at=at, updated_at=at, rubric_version="r1"))
        conn.execute(insert(tables["turns"]).values(attempt_id=1, index=0, speaker="customer", text="Hello?",
                                                    created_at=at, notice="From the script."))
    with engine.begin() as conn:
        command.downgrade(migrate.alembic_config(conn), "0005")  # past 0009, which added `attempts.rubric_version`
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(tables["attempts"])).scalar() == 1
        assert conn.execute(select(tables["turns"].c.text)).scalars().all() == ["Hello?"]

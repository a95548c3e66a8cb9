"""Login sessions in the database: started after a login, a one-time ticket traded for the cookie's
token, checked on every action, ended by logging out, a new password, a deactivation, idleness or age;
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from trainer.errors import AuthError, NotAllowedError
from trainer.sessions import SessionPolicy, digest, ended_message, sign, unsign
from trainer.store import Repository
from trainer.store.engine import make_engine
from trainer.store.session_tables import LoginSession

POLICY = SessionPolicy(idle_seconds=30 * 60, lifetime_seconds=8 * 3600, touch_seconds=60, ticket_seconds=120)


@pytest.fixture
def sessions_repo(repo: Repository) -> Repository:
    repo.sessions.policy = POLICY
    return repo


def logged_in(repo: Repository, user_id: int) -> tuple[int, str]:
    """A session and the token the browser got for its ticket."""
    issued = repo.sessions.start_session(user_id)
    cookie = repo.sessions.redeem_ticket(issued.ticket)
    assert cookie is not None
    return issued.id, cookie.token


def test_a_session_is_started_traded_for_a_token_and_resumed_with_it(sessions_repo, people, clock):
    repo = sessions_repo
    issued = repo.sessions.start_session(people.ana.id)
    assert repo.sessions.check_session(issued.id).user.email == "ana@example.com"  # the tab that logged in
    cookie = repo.sessions.redeem_ticket(issued.ticket)
    assert cookie.expires_at == clock.now + timedelta(seconds=POLICY.lifetime_seconds)
    resumed = repo.sessions.resume_session(cookie.token)  # a reload or a new tab, with the cookie
    assert resumed.live and resumed.id == issued.id and resumed.user.team_name == "North"


def test_only_hashes_are_stored(sessions_repo, people):
    repo = sessions_repo
    issued = repo.sessions.start_session(people.ana.id)
    with repo._unit.read() as s:
        row = s.get(LoginSession, issued.id)
        assert row.ticket_hash == digest(issued.ticket) and issued.ticket not in row.ticket_hash
    cookie = repo.sessions.redeem_ticket(issued.ticket)
    with repo._unit.read() as s:
        row = s.get(LoginSession, issued.id)
        assert row.token_hash == digest(cookie.token) and row.ticket_hash is None


def test_a_ticket_works_once_and_not_after_two_minutes(sessions_repo, people, clock):
    repo = sessions_repo
    issued = repo.sessions.start_session(people.ana.id)
    assert repo.sessions.redeem_ticket(issued.ticket) is not None
    assert repo.sessions.redeem_ticket(issued.ticket) is None
    late = repo.sessions.start_session(people.ana.id)
    clock.advance(121)
    assert repo.sessions.redeem_ticket(late.ticket) is None
    assert repo.sessions.redeem_ticket("made-up") is None


def test_an_unknown_token_is_no_session(sessions_repo, people):
    assert sessions_repo.sessions.resume_session("made-up-token").ended == "unknown"


def test_logging_out_ends_the_session_for_every_tab_of_the_browser(sessions_repo, people):
    repo = sessions_repo
    session_id, token = logged_in(repo, people.ana.id)
    repo.sessions.end_session(session_id)
    assert repo.sessions.check_session(session_id).ended == "logout"
    assert repo.sessions.resume_session(token).ended == "logout"
    assert ended_message("logout").startswith("You logged out")


def test_logging_out_by_the_cookie_alone_ends_it_too(sessions_repo, people):
    repo = sessions_repo
    session_id, token = logged_in(repo, people.ana.id)
    repo.sessions.end_session_by_token(token)
    assert repo.sessions.check_session(session_id).ended == "logout"


def test_idle_sessions_end_and_activity_keeps_them(sessions_repo, people, clock):
    repo = sessions_repo
    session_id, token = logged_in(repo, people.ana.id)
    for _ in range(4):  # an action every 20 minutes keeps it (idle limit 30)
        clock.advance(20 * 60)
        assert repo.sessions.check_session(session_id).live
    clock.advance(31 * 60)
    assert repo.sessions.resume_session(token).ended == "idle"
    assert repo.sessions.check_session(session_id).ended == "idle"  # ended for good, not revived
    clock.advance(-60 * 60)
    assert repo.sessions.check_session(session_id).ended == "idle"


def test_a_session_ends_at_its_lifetime_however_active(sessions_repo, people, clock):
    repo = sessions_repo
    session_id, _ = logged_in(repo, people.ana.id)
    for _ in range(16):  # 7 h 44 min of activity, an action every 29 minutes (lifetime 8 h)
        clock.advance(29 * 60)
        assert repo.sessions.check_session(session_id).live
    clock.advance(29 * 60)
    assert repo.sessions.check_session(session_id).ended == "expired"


def test_last_seen_is_written_at_most_once_a_minute(sessions_repo, people, clock):
    repo = sessions_repo
    session_id, _ = logged_in(repo, people.ana.id)

    def last_seen():
        with repo._unit.read() as s:
            return s.get(LoginSession, session_id).last_seen_at

    start = last_seen()
    clock.advance(30)
    repo.sessions.check_session(session_id)
    assert last_seen() == start
    clock.advance(31)
    repo.sessions.check_session(session_id)
    assert last_seen() == clock.now


def test_a_new_password_ends_the_other_sessions_but_the_one_that_changed_it(sessions_repo, people):
    repo = sessions_repo
    laptop, _ = logged_in(repo, people.ana.id)
    phone, phone_token = logged_in(repo, people.ana.id)
    other, _ = logged_in(repo, people.ben.id)
    assert repo.accounts.set_password(people.ana.id, "a brand new secret", by=people.ana, keep_session=laptop) == 1
    assert repo.sessions.check_session(laptop).live
    assert repo.sessions.resume_session(phone_token).ended == "password"
    assert repo.sessions.check_session(other).live


def test_an_admin_setting_a_password_ends_every_session_of_that_person(sessions_repo, people):
    repo = sessions_repo
    first, _ = logged_in(repo, people.ana.id)
    second, _ = logged_in(repo, people.ana.id)
    assert repo.accounts.set_password(people.ana.id, "a brand new secret", by=people.admin) == 2
    assert {repo.sessions.check_session(first).ended, repo.sessions.check_session(second).ended} == {"password"}


def test_deactivating_a_person_ends_their_sessions_and_no_new_one_starts(sessions_repo, people):
    repo = sessions_repo
    session_id, token = logged_in(repo, people.ana.id)
    pending = repo.sessions.start_session(people.ana.id)  # logged in a moment ago, cookie not yet set
    repo.people.set_active(people.ana.id, False, by=people.admin)
    assert repo.sessions.resume_session(token).ended == "deactivated"
    assert repo.sessions.check_session(session_id).ended == "deactivated"
    assert repo.sessions.redeem_ticket(pending.ticket) is None
    with pytest.raises(AuthError, match="deactivated"):
        repo.sessions.start_session(people.ana.id)
    repo.people.set_active(people.ana.id, True, by=people.admin)  # reactivating does not revive old sessions
    assert repo.sessions.check_session(session_id).ended == "deactivated"
    assert repo.sessions.check_session(repo.sessions.start_session(people.ana.id).id).live


def test_log_out_everywhere_keeps_only_this_session_and_others_may_not(sessions_repo, people):
    repo = sessions_repo
    here, _ = logged_in(repo, people.ana.id)
    logged_in(repo, people.ana.id)
    logged_in(repo, people.ana.id)
    assert repo.sessions.open_sessions(people.ana.id) == 3
    with pytest.raises(NotAllowedError):
        repo.sessions.end_all_sessions(people.ana.id, by=people.ben)
    assert repo.sessions.end_all_sessions(people.ana.id, by=people.ana, keep=here) == 2
    assert repo.sessions.open_sessions(people.ana.id) == 1 and repo.sessions.check_session(here).live


def test_a_role_change_is_seen_on_the_next_check(sessions_repo, people):
    repo = sessions_repo
    session_id, _ = logged_in(repo, people.ana.id)
    repo.people.set_role(people.ana.id, "manager", by=people.admin)
    assert repo.sessions.check_session(session_id).user.role == "manager"


def test_old_sessions_are_purged_when_someone_logs_in(sessions_repo, people, clock):
    repo = sessions_repo
    logged_in(repo, people.ana.id)
    ended, _ = logged_in(repo, people.ben.id)
    repo.sessions.end_session(ended)
    clock.advance(2 * 24 * 3600)
    logged_in(repo, people.carla.id)
    with repo._unit.read() as s:
        assert s.scalar(select(func.count()).select_from(LoginSession)) == 1


def test_the_cookie_secret_is_generated_once_and_shared_by_every_process(sessions_repo, database_url):
    first = sessions_repo.sessions.session_secret()
    assert len(first) >= 48
    other = Repository(make_engine(database_url))  # another app process on the same database
    try:
        assert other.sessions.session_secret() == first
    finally:
        other.close()
    assert sessions_repo.sessions.session_secret("from-the-setting") == "from-the-setting"


def test_a_cookie_signed_with_another_secret_is_refused():
    value = sign("token", "secret one")
    assert unsign(value, "secret one") == "token"
    assert unsign(value, "secret two") is None
    assert unsign("token", "secret one") is None
    assert unsign(value + "x", "secret one") is None
    assert unsign("", "secret one") is None and unsign(None, "secret one") is None

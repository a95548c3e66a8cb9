"""Accounts and teams in the repository, on every test database."""

from __future__ import annotations

import pytest

from tests.plugins.db import PASSWORD
from trainer.auth import Passwords
from trainer.errors import AuthError, NotAllowedError, StoreError
from trainer.store import Repository


def test_create_and_find_a_user(repo: Repository):
    user = repo.accounts.create_user("  Ana@Example.COM ", "Ana Silva", "trainee", PASSWORD, team="North")
    assert user.email == "ana@example.com" and user.team_name == "North"
    assert repo.accounts.find_user("ANA@example.com") == user
    assert repo.accounts.find_user("nobody@example.com") is None
    assert repo.accounts.count_users() == 1


def test_emails_are_unique_whatever_the_case(repo: Repository):
    repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    with pytest.raises(StoreError, match="already exists"):
        repo.accounts.create_user("ANA@example.com", "Ana again", "trainee", PASSWORD)
    assert repo.accounts.count_users() == 1


@pytest.mark.parametrize("email", ["", "ana", "ana@", "a b@example.com"])
def test_malformed_emails_are_refused(repo: Repository, email):
    with pytest.raises(StoreError, match="not an email address"):
        repo.accounts.create_user(email, "Ana", "trainee", PASSWORD)


def test_unknown_manager_is_named(repo: Repository):
    with pytest.raises(StoreError, match="boss@example.com"):
        repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, manager_email="boss@example.com")
    assert repo.accounts.count_users() == 0


def test_a_manager_given_a_team_manages_it(repo: Repository):
    manager = repo.accounts.create_user("m@example.com", "Mia", "manager", PASSWORD, team="North")
    assert [t.name for t in repo.accounts.list_teams(manager)] == ["North"]


def test_only_admins_create_accounts_in_the_app(repo: Repository, people):
    with pytest.raises(NotAllowedError, match="admin"):
        repo.accounts.create_user("x@example.com", "X", "trainee", PASSWORD, by=people.north_manager)
    assert repo.accounts.create_user("x@example.com", "X", "trainee", PASSWORD, by=people.admin).role == "trainee"


def test_login_with_the_right_password(repo: Repository, people):
    assert repo.accounts.authenticate("ANA@example.com", PASSWORD) == people.ana


@pytest.mark.parametrize("email", ["ana@example.com", "nobody@example.com", "not an email"])
def test_wrong_credentials_get_one_message(repo: Repository, people, email):
    with pytest.raises(AuthError, match="Wrong email or password"):
        repo.accounts.authenticate(email, "wrong password")


def test_failed_logins_lock_the_account_until_the_lock_expires(repo: Repository, people, clock):
    for _ in range(2):
        with pytest.raises(AuthError, match="Wrong email or password"):
            repo.accounts.authenticate("ana@example.com", "wrong password")
    with pytest.raises(AuthError, match="locked"):
        repo.accounts.authenticate("ana@example.com", "wrong password")
    with pytest.raises(AuthError, match="Try again in 5 minutes"):
        repo.accounts.authenticate("ana@example.com", PASSWORD)
    clock.advance(301)
    assert repo.accounts.authenticate("ana@example.com", PASSWORD).id == people.ana.id


def test_a_good_login_resets_the_failure_count(repo: Repository, people):
    for _ in range(2):
        with pytest.raises(AuthError):
            repo.accounts.authenticate("ana@example.com", "wrong password")
    repo.accounts.authenticate("ana@example.com", PASSWORD)
    for _ in range(2):
        with pytest.raises(AuthError, match="Wrong email"):
            repo.accounts.authenticate("ana@example.com", "wrong password")


def test_locks_are_per_account(repo: Repository, people):
    for _ in range(3):
        with pytest.raises(AuthError):
            repo.accounts.authenticate("ana@example.com", "wrong password")
    assert repo.accounts.authenticate("ben@example.com", PASSWORD).id == people.ben.id


def test_setting_a_password_lifts_the_lock(repo: Repository, people):
    for _ in range(3):
        with pytest.raises(AuthError):
            repo.accounts.authenticate("ana@example.com", "wrong password")
    repo.accounts.set_password(people.ana.id, "a brand new password", by=people.admin)
    assert repo.accounts.authenticate("ana@example.com", "a brand new password").id == people.ana.id


def test_people_set_only_their_own_password(repo: Repository, people):
    repo.accounts.set_password(people.ana.id, "ana's new password", by=people.ana)
    with pytest.raises(NotAllowedError):
        repo.accounts.set_password(people.ben.id, "not yours to set", by=people.ana)


def test_a_deactivated_account_cannot_log_in_or_read(repo: Repository, people):
    repo.people.set_active(people.ana.id, False, by=people.admin)
    with pytest.raises(AuthError, match="deactivated"):
        repo.accounts.authenticate("ana@example.com", PASSWORD)
    with pytest.raises(NotAllowedError, match="not active"):
        repo.attempts.list_attempts(people.ana)


def test_hashes_with_old_parameters_are_upgraded_on_login(repo: Repository, people):
    stronger = Passwords(time_cost=2, memory_cost=2048, parallelism=1)
    old_hash = _hash_of(repo, people.ana.id)
    repo.accounts.passwords = stronger
    repo.accounts.authenticate("ana@example.com", PASSWORD)
    new_hash = _hash_of(repo, people.ana.id)
    assert new_hash != old_hash and not stronger.needs_rehash(new_hash)
    assert repo.accounts.authenticate("ana@example.com", PASSWORD).id == people.ana.id


def _hash_of(repo: Repository, user_id: int) -> str:
    with repo.engine.connect() as conn:
        return conn.exec_driver_sql(f"SELECT password_hash FROM users WHERE id = {int(user_id)}").scalar_one()


def test_who_sees_whom(repo: Repository, people):
    def emails(viewer):
        return {u.email.split("@")[0] for u in repo.accounts.list_users(viewer).items}

    everyone = {"admin", "trainer", "north.manager", "south.manager", "ana", "ben", "carla", "dev"}
    assert emails(people.admin) == everyone and emails(people.trainer) == everyone
    assert emails(people.north_manager) == {"north.manager", "ana", "ben"}
    assert emails(people.south_manager) == {"south.manager", "carla", "dev"}
    assert emails(people.ana) == {"ana"}
    with pytest.raises(NotAllowedError):
        repo.accounts.get_user(people.north_manager, people.carla.id)
    assert repo.accounts.get_user(people.north_manager, people.ana.id).team_name == "North"


def test_a_manager_sees_direct_reports_outside_their_teams(repo: Repository, people):
    report = repo.accounts.create_user("eve@example.com", "Eve", "trainee", PASSWORD, team="West",
                                       manager_email="north.manager@example.com")
    assert repo.accounts.get_user(people.north_manager, report.id).id == report.id
    with pytest.raises(NotAllowedError):
        repo.accounts.get_user(people.south_manager, report.id)


def test_a_demoted_manager_loses_their_reach_at_once(repo: Repository, people):
    repo.people.set_role(people.north_manager.id, "trainee", by=people.admin)
    assert [u.email for u in repo.accounts.list_users(people.north_manager).items] == ["north.manager@example.com"]


def test_user_lists_paginate(repo: Repository, people):
    first = repo.accounts.list_users(people.admin, limit=3)
    second = repo.accounts.list_users(people.admin, limit=3, after=first.next_cursor)
    third = repo.accounts.list_users(people.admin, limit=3, after=second.next_cursor)
    seen = [u.email for page in (first, second, third) for u in page.items]
    assert len(seen) == 8 == len(set(seen)) and seen == sorted(seen)
    assert third.next_cursor is None


def test_teams(repo: Repository, people):
    team = repo.accounts.create_team("West", by=people.admin)
    with pytest.raises(StoreError, match="already exists"):
        repo.accounts.create_team("West")
    repo.people.add_team_manager(team.id, people.north_manager.id, by=people.admin)
    repo.people.set_team(people.dev.id, team.id, by=people.admin)
    assert [t.name for t in repo.accounts.list_teams(people.north_manager)] == ["North", "West"]
    assert [t.name for t in repo.accounts.list_teams(people.dev)] == ["West"]
    assert {u.email for u in repo.accounts.list_users(people.north_manager, team_id=team.id).items} == {
        "dev@example.com"
    }
    with pytest.raises(NotAllowedError):
        repo.accounts.create_team("East", by=people.trainer)


def test_parallel_guesses_are_all_counted(repo: Repository, people):
    import threading

    barrier, errors = threading.Barrier(6), []

    def guess(n: int) -> None:
        barrier.wait()
        try:
            repo.accounts.authenticate("ana@example.com", f"guess number {n}")
        except AuthError as e:
            errors.append(str(e))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(errors) == 6
    with pytest.raises(AuthError, match="locked"):
        repo.accounts.authenticate("ana@example.com", PASSWORD)

"""Changing people after they are added (name, role, team, manager, deactivation) and the change log,
on every test database. The plain-language version is `tests/features/people/`."""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from tests.plugins.db import PASSWORD
from trainer.errors import AuthError, NotAllowedError, StoreError
from trainer.store import CriterionTotal, PersonUpdate, Repository


def log(repo: Repository, user_id: int | None = None) -> list[tuple[str, str, str, str]]:
    """(person, action, summary, by) of the change log, oldest first."""
    items = repo.people.people_changes(None, user_id=user_id, limit=500).items
    return [(c.person_email.split("@")[0], c.action, c.summary, c.by) for c in reversed(items)]


def test_an_admin_changes_name_role_team_and_manager_at_once(repo: Repository, people):
    before = len(log(repo))
    ana = repo.people.update_user(
        people.ana.id,
        PersonUpdate(
            display_name=" Ana Lima ", role="trainer", team="South", manager_email="south.manager@example.com"
        ),
        by=people.admin,
    )
    assert (ana.display_name, ana.role, ana.team_name, ana.manager_id) == (
        "Ana Lima", "trainer", "South", people.south_manager.id)
    assert repo.accounts.get_user(people.admin, people.ana.id) == ana
    assert log(repo)[before:] == [("ana", "changed", "name: Ana → Ana Lima; role: trainee → trainer; team: North → "
                                   "South; manager: north.manager@example.com → south.manager@example.com",
                                   "Admin")]


def test_fields_left_out_stay_and_none_takes_team_or_manager_away(repo: Repository, people):
    ana = repo.people.update_user(people.ana.id, PersonUpdate(manager_email=None), by=people.admin)
    assert (ana.display_name, ana.role, ana.team_name, ana.manager_id) == ("Ana", "trainee", "North", None)
    ana = repo.people.update_user(people.ana.id, PersonUpdate(team=None), by=people.admin)
    assert ana.team_name is None and ana.team_id is None
    assert [s for _, _, s, _ in log(repo, people.ana.id)][1:] == [
        "manager: north.manager@example.com → none", "team: North → none"]


def test_a_change_to_nothing_logs_nothing(repo: Repository, people):
    before = log(repo)
    repo.people.update_user(
        people.ana.id, PersonUpdate(display_name="Ana", role="trainee", team="North"), by=people.admin
    )
    assert log(repo) == before


def test_a_new_team_is_created_by_its_name(repo: Repository, people):
    dev = repo.people.update_user(people.dev.id, PersonUpdate(team="West"), by=people.admin)
    assert dev.team_name == "West" and "West" in [t.name for t in repo.accounts.list_teams(people.admin)]


def test_name_and_role_cannot_be_emptied():
    with pytest.raises(ValidationError, match="cannot be taken away"):
        PersonUpdate(display_name=None)
    with pytest.raises(ValidationError):
        PersonUpdate(role="boss")


def test_blank_names_and_bad_managers_are_refused_and_nothing_changes(repo: Repository, people):
    before = log(repo)
    with pytest.raises(StoreError, match="display name"):
        repo.people.update_user(people.ana.id, PersonUpdate(display_name="  ", team="South"), by=people.admin)
    with pytest.raises(StoreError, match="own manager"):
        repo.people.update_user(people.north_manager.id, PersonUpdate(manager_email="north.manager@example.com"),
                                by=people.admin)
    with pytest.raises(StoreError, match="is a trainee"):
        repo.people.update_user(people.ana.id, PersonUpdate(manager_email="ben@example.com"), by=people.admin)
    with pytest.raises(StoreError, match="No account with the email"):
        repo.people.update_user(people.ana.id, PersonUpdate(manager_email="nobody@example.com"), by=people.admin)
    repo.people.set_active(people.south_manager.id, False, by=people.admin)
    with pytest.raises(StoreError, match="is deactivated"):
        repo.people.update_user(people.ana.id, PersonUpdate(manager_email="south.manager@example.com"), by=people.admin)
    assert repo.accounts.get_user(people.admin, people.ana.id).team_name == "North"
    assert log(repo)[len(before):] == [("south.manager", "deactivated", "deactivated", "Admin")]


def test_a_manager_moved_to_another_team_manages_that_team_instead(repo: Repository, people):
    repo.people.update_user(people.north_manager.id, PersonUpdate(team="South"), by=people.admin)
    assert [t.name for t in repo.accounts.list_teams(people.north_manager)] == ["South"]
    assert {u.email for u in repo.accounts.list_users(people.north_manager).items} >= {"carla@example.com"}
    assert "ben@example.com" not in {u.email for u in repo.accounts.list_users(people.north_manager).items}
    assert log(repo, people.north_manager.id)[-1][2] == "team: North → South; manages: North → South"


def test_a_trainee_made_manager_manages_their_team(repo: Repository, people):
    ben = repo.people.update_user(people.ben.id, PersonUpdate(role="manager"), by=people.admin)
    assert [t.name for t in repo.accounts.list_teams(ben)] == ["North"]
    assert "ana@example.com" in {u.email for u in repo.accounts.list_users(ben).items}
    assert log(repo, ben.id)[-1][2] == "role: trainee → manager; manages: none → North"


def test_a_manager_made_trainee_manages_nothing_and_their_reports_lose_them(repo: Repository, people):
    nora = repo.people.set_role(people.north_manager.id, "trainee", by=people.admin)
    assert [t.name for t in repo.accounts.list_teams(nora)] == ["North"]  # a trainee sees their own team, no more
    assert [u.email for u in repo.accounts.list_users(nora).items] == ["north.manager@example.com"]
    assert repo.accounts.get_user(people.admin, people.ana.id).manager_id is None
    assert log(repo)[-2:] == [
        ("ana", "changed", "manager: north.manager@example.com → none", "Admin"),
        ("north.manager", "changed", "role: manager → trainee; manages: North → none", "Admin"),
    ]


def test_only_admins_change_people(repo: Repository, people):
    for someone in (people.north_manager, people.trainer, people.ana):
        with pytest.raises(NotAllowedError, match="Only admin"):
            repo.people.update_user(people.ben.id, PersonUpdate(role="manager"), by=someone)
        with pytest.raises(NotAllowedError, match="Only admin"):
            repo.people.set_active(people.ben.id, False, by=someone)
        with pytest.raises(NotAllowedError, match="Only admin"):
            repo.people.people_changes(someone)
    with pytest.raises(NotAllowedError):
        repo.people.update_user(people.ana.id, PersonUpdate(role="admin"), by=people.ana)  # not even themselves
    assert repo.accounts.get_user(people.admin, people.ben.id).role == "trainee"


def test_an_admin_demoted_meanwhile_cannot_change_anyone_with_the_record_they_still_hold(repo: Repository, people):
    second = repo.accounts.create_user("second@example.com", "Second", "admin", PASSWORD)
    repo.people.set_role(second.id, "trainer", by=people.admin)
    with pytest.raises(NotAllowedError, match="Only admin"):
        repo.people.update_user(people.ben.id, PersonUpdate(role="admin"), by=second)  # `second` still says admin
    repo.people.set_active(second.id, False, by=people.admin)
    with pytest.raises(NotAllowedError, match="not active"):
        repo.people.set_active(people.ben.id, False, by=second)


def test_the_last_active_admin_can_be_neither_demoted_nor_deactivated(repo: Repository, people):
    with pytest.raises(NotAllowedError, match="last active admin"):
        repo.people.set_role(people.admin.id, "trainer", by=people.admin)
    with pytest.raises(NotAllowedError, match="last active admin"):
        repo.people.set_active(people.admin.id, False, by=people.admin)
    with pytest.raises(NotAllowedError, match="last active admin"):
        repo.people.set_active(people.admin.id, False)  # nor from the command line
    other = repo.accounts.create_user("other.admin@example.com", "Other", "admin", PASSWORD)
    repo.people.set_active(other.id, False, by=people.admin)
    with pytest.raises(NotAllowedError, match="last active admin"):  # a deactivated admin does not count
        repo.people.set_role(people.admin.id, "trainer", by=people.admin)
    repo.people.set_active(other.id, True, by=people.admin)
    assert repo.people.set_role(people.admin.id, "trainer", by=people.admin).role == "trainer"
    with pytest.raises(NotAllowedError, match="Only admin"):  # and so they are no longer one
        repo.people.set_role(people.ana.id, "manager", by=people.admin)


def test_two_admins_removing_each_other_at_once_leave_one(repo: Repository, people):
    other = repo.accounts.create_user("other.admin@example.com", "Other", "admin", PASSWORD)
    barrier, refused = threading.Barrier(2), []

    def remove(target, by) -> None:
        barrier.wait()
        try:
            repo.people.set_active(target.id, False, by=by)
        except NotAllowedError as e:
            refused.append(str(e))

    threads = [threading.Thread(target=remove, args=(other, people.admin)),
               threading.Thread(target=remove, args=(people.admin, other))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(refused) == 1
    admins = [u for u in repo.accounts.list_users(people.trainer, limit=500).items if u.role == "admin" and u.active]
    assert len(admins) == 1


def test_a_deactivated_person_cannot_log_in_but_keeps_their_history(repo: Repository, people):
    attempt = repo.attempts.start_attempt(people.ana, scenario_id="angry-hold-music", scenario_version="v1", seed=1)
    repo.attempts.finish_attempt(people.ana, attempt.id, end_state="resolved", score=80, passed=True,
                                 criteria=[CriterionTotal(criterion_id="empathy", score=2, max=2)])
    ana = repo.people.set_active(people.ana.id, False, by=people.admin)
    assert not ana.active
    with pytest.raises(AuthError, match="deactivated"):
        repo.accounts.authenticate("ana@example.com", PASSWORD)
    with pytest.raises(NotAllowedError, match="not active"):
        repo.attempts.list_attempts(people.ana)
    # their manager still sees the attempt, the person (marked inactive) and the team's results
    assert [a.id for a in repo.attempts.list_attempts(people.north_manager).items] == [attempt.id]
    assert {u.email: u.active for u in repo.accounts.list_users(people.north_manager).items}["ana@example.com"] is False
    assert [c for c, _, _ in repo.dashboards.weakest_criteria(people.north_manager)] == ["empathy"]
    assert repo.people.set_active(people.ana.id, True, by=people.admin).active
    assert repo.accounts.authenticate("ana@example.com", PASSWORD).id == people.ana.id


def test_deactivating_twice_logs_it_once(repo: Repository, people):
    repo.people.set_active(people.ana.id, False, by=people.admin)
    repo.people.set_active(people.ana.id, False, by=people.admin)
    repo.people.set_active(people.ana.id, True)
    assert [(a, by) for _, a, _, by in log(repo, people.ana.id)] == [
        ("added", "the command line or first-run setup"), ("deactivated", "Admin"), ("reactivated", "the command line")]


def test_passwords_set_are_logged_without_the_password(repo: Repository, people):
    repo.accounts.set_password(people.ana.id, "a brand new password", by=people.admin)
    repo.accounts.set_password(people.ana.id, "ana's own new password", by=people.ana)
    changes = repo.people.people_changes(people.admin, user_id=people.ana.id).items
    assert [(c.action, c.by, c.changes) for c in changes[:2]] == [("password", "Ana", {}), ("password", "Admin", {})]
    assert changes[0].summary == "password set, any lock lifted"


def test_the_change_log_pages_newest_first(repo: Repository, people):
    for n in range(5):
        repo.people.update_user(people.dev.id, PersonUpdate(display_name=f"Dev {n}"), by=people.admin)
    first = repo.people.people_changes(people.admin, user_id=people.dev.id, limit=2)
    second = repo.people.people_changes(people.admin, user_id=people.dev.id, limit=2, after=first.next_cursor)
    third = repo.people.people_changes(people.admin, user_id=people.dev.id, limit=2, after=second.next_cursor)
    summaries = [c.summary for page in (first, second, third) for c in page.items]
    assert summaries == ["name: Dev 3 → Dev 4", "name: Dev 2 → Dev 3", "name: Dev 1 → Dev 2", "name: Dev 0 → Dev 1",
                         "name: Dev → Dev 0", "added: name Dev, role trainee, team South"]
    assert third.next_cursor is None
    everyone = repo.people.people_changes(people.admin, limit=500).items
    assert {c.person_email for c in everyone} >= {"dev@example.com", "ana@example.com", "admin@example.com"}


def test_add_team_manager_is_logged(repo: Repository, people):
    west = repo.accounts.create_team("West", by=people.admin)
    repo.people.add_team_manager(west.id, people.north_manager.id, by=people.admin)
    assert log(repo, people.north_manager.id)[-1][2] == "manages: North → North, West"

"""Programs: audience, assignments for people who join later or leave, completion in the current cycle,
certificates, yearly rollover, due dates in the program's time zone, and who sees whose compliance."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from tests.progress.conftest import SCENARIOS
from trainer.cycles import ProgramSpec, current_number, cycle, local_midnight
from trainer.errors import NotAllowedError, StoreError


def status_of(repo, who):
    mine = repo.programs.my_assignments(who)
    return mine[0].status if mine else None


# --- dates ----------------------------------------------------------------------------------------------

def test_due_at_is_the_end_of_the_due_day_in_the_programs_time_zone():
    la = cycle("yearly", "America/Los_Angeles", date(2027, 1, 1), date(2027, 3, 31), 0)
    assert la.due_at == datetime(2027, 4, 1, 7, 0, tzinfo=UTC)  # midnight PDT
    tehran = cycle("yearly", "Asia/Tehran", date(2027, 1, 1), date(2027, 3, 31), 0)
    assert tehran.due_at == datetime(2027, 3, 31, 20, 30, tzinfo=UTC)
    assert la.closes_at == local_midnight(date(2028, 1, 1), "America/Los_Angeles")


def test_yearly_cycles_follow_the_local_calendar():
    assert current_number("yearly", "Asia/Tokyo", date(2027, 1, 1), datetime(2027, 12, 31, 14, 59, tzinfo=UTC)) == 0
    assert current_number("yearly", "Asia/Tokyo", date(2027, 1, 1), datetime(2027, 12, 31, 15, 0, tzinfo=UTC)) == 1
    assert current_number("yearly", "UTC", date(2027, 1, 1), datetime(2026, 6, 1, tzinfo=UTC)) == 0
    assert current_number("none", "UTC", date(2027, 1, 1), datetime(2031, 6, 1, tzinfo=UTC)) == 0
    assert cycle("yearly", "UTC", date(2028, 2, 29), date(2028, 2, 29), 1).label == "2029"


@pytest.mark.parametrize("change, message", [
    ({"due_on": date(2026, 12, 1)}, "before the opening"),
    ({"due_on": date(2028, 1, 1)}, "within a year"),
    ({"timezone": "Mars/Olympus"}, "not a time zone"),
    ({"scenario_ids": ["a", "a"]}, "once"),
    ({"scenario_ids": []}, "at least 1"),
    ({"pass_mark": 101}, "less than or equal"),
])
def test_a_bad_program_is_refused_with_a_reason(change, message):
    values = dict(name="x", scenario_ids=["a"], opens_on=date(2027, 1, 1), due_on=date(2027, 3, 31)) | change
    with pytest.raises(ValidationError, match=message):
        ProgramSpec(**values)


# --- audience and assignments -------------------------------------------------------------------------

def test_the_audience_gets_assignments_and_nobody_else(org, people, repo):
    org.program()
    report = repo.programs.sync_programs()
    assert (report.cycles_opened, report.assigned) == (1, 2)
    assert status_of(repo, people.north_manager) == "due"
    assert repo.programs.my_assignments(people.ana) == []
    assert repo.programs.sync_programs().assigned == 0  # idempotent


def test_an_audience_of_roles_and_teams_takes_both(org, people, repo):
    north = people.north_manager.team_id
    org.program(roles=["trainee"], team_ids=[north])
    repo.programs.sync_programs()
    assert status_of(repo, people.ana) == "due"
    assert repo.programs.my_assignments(people.carla) == []
    assert repo.programs.my_assignments(people.north_manager) == []


def test_people_who_join_later_are_assigned(org, people, repo):
    org.program()
    repo.programs.sync_programs()
    newcomer = repo.accounts.create_user("nora@example.com", "Nora", "manager", "long password", team="West")
    assert repo.programs.my_assignments(newcomer) == []
    assert repo.programs.sync_programs(user_id=newcomer.id).assigned == 1
    assert status_of(repo, newcomer) == "due"


def test_people_who_leave_are_removed_and_come_back(org, people, repo):
    org.program()
    repo.programs.sync_programs()
    repo.people.set_role(people.south_manager.id, "trainee")
    assert repo.programs.sync_programs().removed == 1
    compliance = repo.programs.compliance(people.admin, repo.programs.list_programs()[0].id)
    assert compliance.assigned == 1
    repo.people.set_role(people.south_manager.id, "manager")
    assert repo.programs.sync_programs().restored == 1


def test_a_deactivated_person_leaves_the_audience(org, people, repo):
    org.program()
    repo.programs.sync_programs()
    repo.people.set_active(people.north_manager.id, False)
    assert repo.programs.sync_programs().removed == 1


# --- completion and certificates ------------------------------------------------------------------------

def test_passing_every_required_scenario_completes_and_certifies(org, people, repo):
    pid = org.program()
    repo.programs.sync_programs()
    org.attempt(people.north_manager, SCENARIOS[0], score=95)
    repo.programs.sync_programs()
    [mine] = repo.programs.my_assignments(people.north_manager)
    assert (mine.status, mine.passed, mine.required) == ("due", 1, 2)
    org.attempt(people.north_manager, SCENARIOS[1], score=80)
    org.attempt(people.north_manager, SCENARIOS[1], score=88)
    report = repo.programs.sync_programs()
    assert (report.completed, report.certified) == (1, 1)
    [mine] = repo.programs.my_assignments(people.north_manager)
    assert mine.status == "completed" and mine.certificate is not None
    cert = mine.certificate
    assert cert.scores == {SCENARIOS[0]: 95.0, SCENARIOS[1]: 88.0}
    assert cert.program_name == "2027 manager rotation" and cert.cycle_label == "2027"
    assert cert.expires_at == datetime(2028, 1, 1, tzinfo=UTC)  # London is on GMT in January
    assert repo.programs.find_certificate(cert.code.lower()).user_id == people.north_manager.id
    assert repo.programs.sync_programs().certified == 0
    assert repo.programs.compliance(people.admin, pid).completed == 1


@pytest.mark.parametrize("attempt", [
    {"score": 65, "passed": True},  # under the program's pass mark
    {"score": 90, "passed": False},  # the scenario itself was failed (critical criterion, bad ending)
])
def test_attempts_that_do_not_pass_do_not_count(org, people, repo, attempt):
    org.program()
    repo.programs.sync_programs()
    org.attempt(people.north_manager, SCENARIOS[0])
    org.attempt(people.north_manager, SCENARIOS[1], **attempt)
    assert repo.programs.sync_programs().completed == 0


def test_an_assessment_only_program_ignores_practice(org, people, repo):
    org.program(assessment_only=True)
    repo.programs.sync_programs()
    org.pass_all(people.north_manager)
    assert repo.programs.sync_programs().completed == 0
    for sid in SCENARIOS:
        org.attempt(people.north_manager, sid, mode="assessment")
    assert repo.programs.sync_programs().completed == 1


def test_attempts_before_the_cycle_opened_do_not_count(org, people, repo):
    org.pass_all(people.north_manager, at=datetime(2026, 12, 31, 23, 0, tzinfo=UTC))
    org.program()
    assert repo.programs.sync_programs().completed == 0


def test_only_new_attempts_are_rechecked_but_none_is_missed(org, people, repo, clock):
    org.program()
    repo.programs.sync_programs()
    clock.advance(3600)
    org.attempt(people.south_manager, SCENARIOS[0])
    assert repo.programs.sync_programs().completed == 0
    clock.advance(3600)
    org.attempt(people.south_manager, SCENARIOS[1])
    assert repo.programs.sync_programs().completed == 1


# --- time zones at the due date -------------------------------------------------------------------------

@pytest.mark.parametrize("zone, finished, expected", [
    ("America/Los_Angeles", datetime(2027, 4, 1, 6, 30, tzinfo=UTC), "completed"),  # 23:30 on 31 March
    ("America/Los_Angeles", datetime(2027, 4, 1, 7, 30, tzinfo=UTC), "completed late"),  # 00:30 on 1 April
    ("Asia/Tehran", datetime(2027, 3, 31, 20, 0, tzinfo=UTC), "completed"),  # 23:30 on 31 March
    ("Asia/Tehran", datetime(2027, 3, 31, 21, 0, tzinfo=UTC), "completed late"),  # 00:30 on 1 April
])
def test_on_time_means_before_midnight_where_the_program_is(org, people, repo, clock, zone, finished, expected):
    org.program(timezone=zone)
    repo.programs.sync_programs()
    org.pass_all(people.north_manager, at=finished)
    clock.now = datetime(2027, 4, 2, tzinfo=UTC)
    repo.programs.sync_programs()
    assert status_of(repo, people.north_manager) == expected


def test_overdue_starts_at_local_midnight(org, people, repo, clock):
    pid = org.program(timezone="America/New_York")
    repo.programs.sync_programs()
    clock.now = datetime(2027, 4, 1, 3, 59, tzinfo=UTC)  # 23:59 on 31 March in New York
    assert repo.programs.compliance(people.admin, pid).overdue == 0
    clock.now = datetime(2027, 4, 1, 4, 0, tzinfo=UTC)
    assert repo.programs.compliance(people.admin, pid).overdue == 2
    overdue = repo.programs.compliance_people(people.admin, pid, only="overdue")
    assert [a.user_email for a in overdue.items] == ["north.manager@example.com", "south.manager@example.com"]


# --- rollover -------------------------------------------------------------------------------------------

def test_a_yearly_rollover_expires_certificates_and_assigns_again(org, people, repo, clock):
    pid = org.program()
    repo.programs.sync_programs()
    org.pass_all(people.north_manager)
    repo.programs.sync_programs()
    [cert] = repo.programs.certificates(people.north_manager)
    clock.now = datetime(2028, 1, 1, 0, 1, tzinfo=UTC)
    report = repo.programs.sync_programs()
    assert (report.cycles_opened, report.assigned, report.completed) == (1, 2, 0)
    [mine] = repo.programs.my_assignments(people.north_manager)
    assert (mine.cycle.label, mine.status, mine.passed) == ("2028", "due", 0)
    assert mine.cycle.due_at == datetime(2028, 4, 1, 0, 0, tzinfo=UTC) - (
        datetime(2028, 4, 1, tzinfo=UTC) - local_midnight(date(2028, 4, 1), "Europe/London")
    )
    [old] = repo.programs.certificates(people.north_manager)
    assert old.id == cert.id and old.expired(clock.now) and not old.expired(datetime(2027, 12, 31, tzinfo=UTC))
    assert [c.label for c in repo.programs.cycles(pid)] == ["2028", "2027"]
    assert repo.programs.compliance(people.admin, pid, cycle_id=repo.programs.cycles(pid)[1].id).completed == 1


def test_editing_a_program_moves_the_running_cycle(org, people, repo, clock):
    pid = org.program()
    repo.programs.sync_programs()
    spec = repo.programs.get_program(pid).spec.model_copy(update={"due_on": date(2027, 6, 30)})
    repo.programs.update_program(pid, ProgramSpec.model_validate(spec.model_dump()))
    assert repo.programs.current_cycle(pid).due_at == datetime(2027, 6, 30, 23, 0, tzinfo=UTC)  # BST


# --- who may do and see what ------------------------------------------------------------------------------

def test_only_admins_and_trainers_create_programs(org, people, repo):
    spec = ProgramSpec(name="x", scenario_ids=["a"], opens_on=date(2027, 1, 1), due_on=date(2027, 2, 1))
    with pytest.raises(NotAllowedError, match="trainer or admin"):
        repo.programs.create_program(spec, by=people.north_manager)
    assert repo.programs.create_program(spec, by=people.trainer).name == "x"
    with pytest.raises(StoreError, match="already exists"):
        repo.programs.create_program(spec, by=people.admin)


def test_a_managers_compliance_shows_only_their_teams(org, people, repo):
    pid = org.program(roles=["trainee"])
    repo.programs.sync_programs()
    mine = repo.programs.compliance(people.north_manager, pid)
    assert [t.team_name for t in mine.teams] == ["North"] and mine.assigned == 2
    everyone = repo.programs.compliance(people.trainer, pid)
    assert [t.team_name for t in everyone.teams] == ["North", "South"] and everyone.assigned == 4
    listed = repo.programs.compliance_people(people.north_manager, pid, limit=500).items
    assert {a.user_email for a in listed} == {"ana@example.com", "ben@example.com"}
    assert repo.programs.compliance(people.carla, pid).assigned == 1  # a trainee: only themselves


def test_compliance_lists_page_through_everyone_once(org, people, repo):
    pid = org.program(roles=[])
    repo.programs.sync_programs()
    seen, after = [], None
    while True:
        page = repo.programs.compliance_people(people.admin, pid, limit=3, after=after)
        seen += [a.user_email for a in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert len(seen) == len(set(seen)) == 8

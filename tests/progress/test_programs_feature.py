"""Step definitions for `tests/features/programs/*.feature`, in a head of training's words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.progress.conftest import Org
from trainer.cycles import ProgramSpec
from trainer.store import Repository

scenarios("programs")

PASSWORD = "a long password"


@pytest.fixture(autouse=True)
def _every_database(repo: Repository) -> None:
    """Steps ask for `repo` by name at run time; asking here runs each scenario per database."""


@pytest.fixture
def world(repo: Repository, clock) -> dict:
    return {"org": Org(repo, clock), "spec": {}}


def day(text: str) -> date:
    return datetime.strptime(text, "%d %B %Y").date()


def noon(text: str) -> datetime:
    return datetime.combine(day(text), datetime.min.time(), tzinfo=UTC).replace(hour=12)


def person(repo: Repository, name: str):
    email = f"{name.lower().replace(' ', '.')}@example.com"
    return repo.accounts.find_user(email)


def last_day(c) -> date:
    """The last local day on which the cycle's work is on time (it is due at the end of that day)."""
    return (c.due_at - timedelta(microseconds=1)).astimezone(ZoneInfo("Europe/London")).date()


def program_id(repo: Repository) -> int:
    return repo.programs.list_programs()[0].id


@given(parsers.parse('the teams "{a}" and "{b}" with their managers'))
def teams(repo: Repository, a: str, b: str) -> None:
    for team in (a, b):
        repo.accounts.create_user(
            f"{team.lower()}.manager@example.com", f"{team} Manager", "manager", PASSWORD, team=team
        )
        repo.accounts.create_user(f"{team.lower()}.agent@example.com", f"{team} Agent", "trainee", PASSWORD, team=team)


@given(parsers.parse('a yearly program "{name}" for managers, opening on {opens} and due on {due} in "{zone}"'))
def program(world: dict, name: str, opens: str, due: str, zone: str) -> None:
    world["spec"] = dict(name=name, recurrence="yearly", roles=["manager"], opens_on=day(opens), due_on=day(due),
                         timezone=zone)


@given(parsers.parse('it requires "{first}" and "{second}" with a pass mark of {mark:d}'))
def requires(world: dict, repo: Repository, first: str, second: str, mark: int) -> None:
    repo.programs.create_program(ProgramSpec(**world["spec"], scenario_ids=[first, second], pass_mark=mark))


@given(parsers.parse("it is {when}"))
@when(parsers.parse("it is {when}"))
def it_is(clock, repo: Repository, when: str) -> None:
    clock.now = noon(when)
    repo.programs.sync_programs()


@given(parsers.parse('{name} manages "{team}" and joins on {when}'))
def joins(repo: Repository, clock, name: str, team: str, when: str) -> None:
    clock.now = noon(when)
    repo.accounts.create_user(f"{name.lower()}@example.com", name, "manager", PASSWORD, team=team)


@given(parsers.parse('{name} passes "{scenario}" with {score:d} on {when}'))
@when(parsers.parse('{name} passes "{scenario}" with {score:d} on {when}'))
def passes(world: dict, repo: Repository, clock, name: str, scenario: str, score: int, when: str) -> None:
    clock.now = noon(when)
    world["org"].attempt(person(repo, name), scenario, score=score)
    repo.programs.sync_programs()


@given(parsers.parse("{name} passes both required calls on {when}"))
def passes_both(world: dict, repo: Repository, clock, name: str, when: str) -> None:
    clock.now = noon(when)
    world["org"].pass_all(person(repo, name))
    repo.programs.sync_programs()


@then(parsers.parse("{name}'s assignment shows {passed:d} of {required:d} required calls passed, due on {due}"))
def assignment_shows(repo: Repository, name: str, passed: int, required: int, due: str) -> None:
    [mine] = repo.programs.my_assignments(person(repo, name))
    assert (mine.passed, mine.required, mine.status) == (passed, required, "due")
    assert last_day(mine.cycle) == day(due)


@then(parsers.parse('{name} gets a certificate for "{program}", cycle {label}, with the scores {a:d} and {b:d}'))
def certificate(repo: Repository, name: str, program: str, label: str, a: int, b: int) -> None:
    [cert] = repo.programs.certificates(person(repo, name))
    assert (cert.program_name, cert.cycle_label) == (program, label)
    assert sorted(cert.scores.values()) == [a, b]
    [mine] = repo.programs.my_assignments(person(repo, name))
    assert mine.status == "completed"


@then(parsers.parse('the compliance report shows "{team}" at {rate:d}% complete'))
def team_rate(repo: Repository, team: str, rate: int) -> None:
    report = repo.programs.compliance(None, program_id(repo))
    assert {t.team_name: round(100 * t.rate) for t in report.teams}[team] == rate


@given(parsers.parse("{name} has a certificate"))
def has_certificate(repo: Repository, name: str) -> None:
    assert len(repo.programs.certificates(person(repo, name))) == 1


@then(parsers.parse("{name} has no certificate"))
def no_certificate(repo: Repository, name: str) -> None:
    assert repo.programs.certificates(person(repo, name)) == []


@then(parsers.parse('the overdue list shows "{a}", "{b}" and "{c}"'))
def overdue_all(repo: Repository, a: str, b: str, c: str) -> None:
    page = repo.programs.compliance_people(None, program_id(repo), only="overdue")
    assert [x.user_name for x in page.items] == [a, b, c]


@then(parsers.parse('the North manager\'s overdue list shows "{a}" and "{b}" only'))
def overdue_north(repo: Repository, a: str, b: str) -> None:
    viewer = person(repo, "North Manager")
    page = repo.programs.compliance_people(viewer, program_id(repo), only="overdue")
    assert [x.user_name for x in page.items] == [a, b]


@when(parsers.parse("the cycle rolls over on {when}"))
def rolls_over(repo: Repository, clock, when: str) -> None:
    clock.now = datetime.combine(day(when), datetime.min.time(), tzinfo=UTC).replace(hour=0, minute=5)
    assert repo.programs.sync_programs().cycles_opened == 1


@then(parsers.parse("{name}'s certificate has expired"))
def expired(repo: Repository, clock, name: str) -> None:
    [cert] = repo.programs.certificates(person(repo, name))
    assert cert.expired(clock.now)


@then(parsers.parse("a new assignment appears for {name} in cycle {label}, due on {due}, with nothing passed yet"))
def new_assignment(repo: Repository, name: str, label: str, due: str) -> None:
    [mine] = repo.programs.my_assignments(person(repo, name))
    assert (mine.cycle.label, mine.status, mine.passed) == (label, "due", 0)
    assert last_day(mine.cycle) == day(due)


@when(parsers.parse("{name} becomes a trainee"))
def demoted(repo: Repository, name: str) -> None:
    repo.people.set_role(person(repo, name).id, "trainee")
    repo.programs.sync_programs()


@then(parsers.parse("{name} has no assignment"))
def no_assignment(repo: Repository, name: str) -> None:
    assert repo.programs.my_assignments(person(repo, name)) == []


@then(parsers.parse("the compliance report counts {n:d} managers"))
def counts(repo: Repository, n: int) -> None:
    assert repo.programs.compliance(None, program_id(repo)).assigned == n

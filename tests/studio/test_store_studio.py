"""The studio's queries: the save log, per-scenario analytics (role-scoped, anonymised where the viewer
does not manage the people), and calibration rounds with grades."""

from datetime import timedelta

import pytest

from trainer.errors import NotAllowedError, StoreError
from trainer.store import CriterionTotal, NewTurn
from trainer.store.studio_records import NewCalibrationItem
from trainer.studio.analytics import scenario_analytics


def _score(total: float, empathy: float = 0) -> dict:
    return {"rubric_id": "core", "total": total, "passed": total >= 70,
            "criteria": {"empathy": {"criterion_id": "empathy", "score": empathy, "max": 2}}}


def attempt(repo, who, *, steps, replies, finish=None, scenario="hold"):
    """An attempt whose transcript ends at steps[-1]; `finish` = (passed, end_state) or None (abandoned)."""
    transcript = [{"speaker": "customer", "text": "hi", "step": steps[0]}]
    for step in steps[1:]:
        transcript += [{"speaker": "trainee", "text": "r"}, {"speaker": "customer", "text": "c", "step": step}]
    record = repo.attempts.start_attempt(who, scenario_id=scenario, scenario_version="v1", seed=1,
                                         state={"transcript": transcript},
                                         opening=NewTurn(index=0, speaker="customer", text="hi"))
    for i, (text, total) in enumerate(replies):
        repo.attempts.record_turn(who, record.id, [
            NewTurn(index=2 * i + 1, speaker="trainee", text=text, criteria=_score(total, 2 if total > 50 else 0)),
            NewTurn(index=2 * i + 2, speaker="customer", text="ok")], state={"transcript": transcript})
    if finish is None:
        repo.attempts.abandon_attempt(who, record.id)
    else:
        passed, end = finish
        repo.attempts.finish_attempt(who, record.id, end_state=end, score=90.0 if passed else 30.0, passed=passed,
                                     criteria=[CriterionTotal(criterion_id="empathy", score=2 if passed else 0, max=2)],
                                     state={"transcript": transcript})
    return record


@pytest.fixture
def recorded(repo, people):
    attempt(repo, people.ana, steps=["vent", "plan"], replies=[("sorry, I understand", 80), ("done", 90)],
            finish=(True, "resolved"))
    attempt(repo, people.ben, steps=["vent", "plan"], replies=[("calm down", 5)], finish=(False, "hung_up"))
    attempt(repo, people.carla, steps=["vent", "plan"], replies=[("whatever", 10)], finish=(False, "escalated"))
    attempt(repo, people.dev, steps=["vent"], replies=[("hmm", 20)])
    return people


def test_summary_criteria_and_the_hardest_step(repo, recorded):
    report = scenario_analytics(repo, recorded.trainer, "hold")
    s = report.summary
    assert (s.attempts, s.finished, s.abandoned, s.passed, s.pass_rate) == (4, 3, 1, 1, pytest.approx(1 / 3, abs=1e-4))
    assert s.average_score == pytest.approx(50.0)
    assert [(c.criterion_id, c.average, c.attempts) for c in report.criteria] == [
        ("empathy", pytest.approx(1 / 3, abs=1e-4), 3)
    ]
    assert [(x.step, x.stopped, x.failed, x.abandoned, x.hung_up) for x in report.steps] == [
        ("plan", 3, 2, 0, 1), ("vent", 1, 0, 1, 0)]
    assert report.hardest_step.step == "plan"


def test_lowest_replies_are_anonymised_for_a_trainer_who_manages_no_one(repo, recorded):
    lowest = repo.studio.lowest_replies(recorded.trainer, "hold", limit=3)
    assert [(r.text, r.total) for r in lowest] == [("calm down", 5.0), ("whatever", 10.0), ("hmm", 20.0)]
    assert [r.person for r in lowest] == ["Person 1", "Person 2", "Person 3"] and not any(r.named for r in lowest)


def test_a_trainer_sees_the_names_of_the_people_they_manage(repo, recorded):
    [north] = [t for t in repo.accounts.list_teams(recorded.admin) if t.name == "North"]
    repo.people.add_team_manager(north.id, recorded.trainer.id, by=recorded.admin)
    people = {r.text: r.person for r in repo.studio.lowest_replies(recorded.trainer, "hold")}
    assert people["calm down"] == recorded.ben.display_name
    assert people["whatever"].startswith("Person ")
    assert {r.person for r in repo.studio.lowest_replies(recorded.admin, "hold")} >= {recorded.carla.display_name}


def test_a_manager_counts_only_their_own_people(repo, recorded):
    s = repo.studio.scenario_summary(recorded.north_manager, "hold")
    assert (s.attempts, s.passed) == (2, 1)


def test_the_save_log_records_who_and_what(repo, people):
    repo.studio.record_save(people.trainer, path="en/a.yaml", scenario_id="a", before_hash=None, after_hash="h1",
                            summary="created (3 lines)", diff="+id: a\n")
    repo.studio.record_save(people.admin, path="en/a.yaml", scenario_id="a", before_hash="h1", after_hash="h2",
                            summary="changed title (+1 -1 lines)", diff="-title: x\n+title: y\n")
    log = repo.studio.save_log(people.trainer, scenario_id="a")
    assert [(e.user_name, e.summary) for e in log] == [("Admin", "changed title (+1 -1 lines)"),
                                                       ("Trainer", "created (3 lines)")]
    with pytest.raises(NotAllowedError, match="Only trainer or admin"):
        repo.studio.record_save(
            people.ana, path="x", scenario_id=None, before_hash=None, after_hash="h", summary="", diff=""
        )


def test_calibration_rounds_store_grades_per_trainer(repo, people):
    items = [NewCalibrationItem(reply=f"reply {i}", auto=_score(10 * i)) for i in range(3)]
    round_ = repo.studio.create_round(
        people.trainer, name="First", rubric_id="core", source="upload", seed=3, items=items
    )
    stored = repo.studio.calibration_items(people.trainer, round_.id)
    assert [i.reply for i in stored] == ["reply 0", "reply 1", "reply 2"]
    repo.studio.grade(people.trainer, stored[0].id, {"empathy": 2})
    repo.studio.grade(people.trainer, stored[0].id, {"empathy": 1})  # a second grade replaces the first
    repo.studio.grade(people.admin, stored[0].id, {"empathy": 2})
    grades = repo.studio.calibration_grades(people.trainer, round_.id)
    assert sorted((g.grader_name, g.points) for g in grades) == [("Admin", 2.0), ("Trainer", 1.0)]
    [listed] = repo.studio.calibration_rounds(people.admin)
    assert (listed.items, listed.graders) == (3, 2)
    with pytest.raises(NotAllowedError):
        repo.studio.calibration_items(people.ana, round_.id)
    with pytest.raises(StoreError, match="No calibration round"):
        repo.studio.calibration_items(people.trainer, 999)
    with pytest.raises(StoreError, match="at least one reply"):
        repo.studio.create_round(people.trainer, name="x", rubric_id="core", source="upload", seed=1, items=[])


def test_the_reply_pool_holds_trainee_replies_with_the_line_they_answered(repo, recorded):
    pool = repo.studio.reply_pool(recorded.trainer, rubric_id="core")
    assert sorted(p.text for p in pool) == ["calm down", "done", "hmm", "sorry, I understand", "whatever"]
    first = next(p for p in pool if p.text == "calm down")
    assert first.customer_line == "hi" and first.auto["total"] == 5
    assert repo.studio.reply_pool(recorded.trainer, rubric_id="other") == []


def test_analytics_can_be_limited_to_recent_attempts(repo, people, clock):
    attempt(repo, people.ana, steps=["vent", "plan"], replies=[("old reply", 10)], finish=(False, "escalated"))
    clock.advance(40 * 24 * 3600)
    since = clock.now - timedelta(days=30)
    attempt(repo, people.ben, steps=["vent", "plan"], replies=[("new reply", 90)], finish=(True, "resolved"))
    recent = scenario_analytics(repo, people.trainer, "hold", since=since)
    assert (recent.summary.attempts, recent.summary.passed) == (1, 1)
    assert [r.text for r in recent.lowest] == ["new reply"]
    assert [c.attempts for c in recent.criteria] == [1]
    assert [s.stopped for s in recent.steps] == [1]
    assert scenario_analytics(repo, people.trainer, "hold").summary.attempts == 2

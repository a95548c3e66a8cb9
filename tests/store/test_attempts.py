"""Attempts and turns: saved as they happen, resumable, closed with results, visible by role."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from trainer.errors import NotAllowedError, StoreError
from trainer.scoring.results import CriterionResult, ReplyScore
from trainer.store import CriterionTotal, NewTurn, Repository, totals_from


class FakeState(BaseModel):
    step: str
    mood: int


def opening(text="Where is my order?"):
    return NewTurn(index=0, speaker="customer", text=text, mood_after=6)


def start(repo: Repository, who, scenario="angry-hold-music", **kw):
    return repo.attempts.start_attempt(who, scenario_id=scenario, scenario_version="abc123", seed=7,
                                       state=FakeState(step="open", mood=6), opening=opening(), **kw)


def reply(index, text="I am sorry, I will fix it today."):
    return NewTurn(index=index, speaker="trainee", text=text, response_seconds=4.5,
                   criteria={"empathy": {"score": 2, "max": 2}})


def test_a_turn_and_the_state_are_saved_together(repo: Repository, people):
    attempt = start(repo, people.ana)
    repo.attempts.record_turn(people.ana, attempt.id,
                              [reply(1), NewTurn(index=2, speaker="customer", text="Fine.", mood_after=4)],
                              FakeState(step="calmer", mood=4))
    detail = repo.attempts.get_attempt(people.ana, attempt.id)
    assert [t.speaker for t in detail.turns] == ["customer", "trainee", "customer"]
    assert detail.turns[1].criteria == {"empathy": {"score": 2, "max": 2}}
    assert detail.turns[1].response_seconds == 4.5 and detail.turns[2].mood_after == 4
    assert detail.session_state == {"step": "calmer", "mood": 4}
    assert detail.attempt.turn_count == 3 and detail.attempt.state == "in_progress"


def test_a_turn_saved_twice_is_refused_and_nothing_of_it_is_kept(repo: Repository, people):
    attempt = start(repo, people.ana)
    repo.attempts.record_turn(people.ana, attempt.id, reply(1), {"step": "a"})
    with pytest.raises(StoreError, match="already saved"):
        repo.attempts.record_turn(people.ana, attempt.id, [reply(2), reply(1, "again")], {"step": "b"})
    detail = repo.attempts.get_attempt(people.ana, attempt.id)
    assert [t.index for t in detail.turns] == [0, 1] and detail.session_state == {"step": "a"}


def test_only_the_trainee_writes_to_their_attempt(repo: Repository, people):
    attempt = start(repo, people.ana)
    for other in (people.ben, people.north_manager, people.admin):
        with pytest.raises(NotAllowedError):
            repo.attempts.record_turn(other, attempt.id, reply(1), {})
    with pytest.raises(StoreError, match="No attempt"):
        repo.attempts.record_turn(people.ana, 999_999, reply(1), {})


def test_resume_offers_the_attempt_in_progress(repo: Repository, people):
    assert repo.attempts.resumable_attempt(people.ana) is None
    attempt = start(repo, people.ana)
    repo.attempts.record_turn(people.ana, attempt.id, reply(1), FakeState(step="s2", mood=5))
    resumed = repo.attempts.resumable_attempt(people.ana)
    assert resumed is not None and resumed.attempt.id == attempt.id
    assert FakeState.model_validate(resumed.session_state) == FakeState(step="s2", mood=5)
    assert len(resumed.turns) == 2
    assert repo.attempts.resumable_attempt(people.ben) is None


def test_starting_again_abandons_the_attempt_in_progress(repo: Repository, people):
    first = start(repo, people.ana)
    second = start(repo, people.ana, scenario="late-present")
    assert repo.attempts.resumable_attempt(people.ana).attempt.id == second.id
    assert repo.attempts.get_attempt(people.ana, first.id).attempt.state == "abandoned"
    with pytest.raises(StoreError, match="already abandoned"):
        repo.attempts.record_turn(people.ana, first.id, reply(1), {})


def test_finishing_writes_results_and_criteria(repo: Repository, people, clock):
    attempt = start(repo, people.ana)
    clock.advance(90)
    score = ReplyScore(rubric_id="core", total=75.0, passed=True, criteria={
        "empathy": CriterionResult(criterion_id="empathy", score=2, max=2),
        "apology": CriterionResult(criterion_id="apology", score=1, max=2),
        "judge": CriterionResult(criterion_id="judge", score=0, max=4, graded_by="ungraded"),
    })
    done = repo.attempts.finish_attempt(people.ana, attempt.id, end_state="resolved", score=score.total,
                                        passed=score.passed, criteria=totals_from(score), state={"ended": True})
    assert done.state == "finished" and done.passed and done.score == 75.0
    assert (done.ended_at - done.started_at).total_seconds() == 90
    detail = repo.attempts.get_attempt(people.north_manager, attempt.id)
    assert detail.criteria == [CriterionTotal(criterion_id="apology", score=1, max=2),
                               CriterionTotal(criterion_id="empathy", score=2, max=2)]
    assert repo.attempts.resumable_attempt(people.ana) is None
    with pytest.raises(StoreError, match="already finished"):
        repo.attempts.finish_attempt(people.ana, attempt.id, end_state="resolved", score=1, passed=False, criteria=[])


def test_timestamps_come_back_in_utc(repo: Repository, people):
    attempt = start(repo, people.ana)
    got = repo.attempts.get_attempt(people.ana, attempt.id).attempt
    assert got.started_at.utcoffset().total_seconds() == 0 and got.started_at == attempt.started_at


def test_role_boundaries_for_a_single_attempt(repo: Repository, people):
    attempt = start(repo, people.ana)
    for allowed in (people.ana, people.north_manager, people.trainer, people.admin):
        assert repo.attempts.get_attempt(allowed, attempt.id).attempt.user_id == people.ana.id
    for refused in (people.ben, people.carla, people.south_manager):
        with pytest.raises(NotAllowedError):
            repo.attempts.get_attempt(refused, attempt.id)


def test_role_boundaries_for_lists(repo: Repository, people):
    for who in (people.ana, people.ben, people.carla, people.dev, people.north_manager):
        start(repo, who)

    def owners(viewer, **kw):
        return sorted(a.user_email.split("@")[0] for a in repo.attempts.list_attempts(viewer, **kw).items)

    assert owners(people.ana) == ["ana"]
    assert owners(people.north_manager) == ["ana", "ben", "north.manager"]
    assert owners(people.south_manager) == ["carla", "dev"]
    assert owners(people.trainer) == owners(people.admin) == ["ana", "ben", "carla", "dev", "north.manager"]
    # a filter never widens what the viewer may see
    assert owners(people.ana, user_id=people.carla.id) == []
    assert owners(people.north_manager, team_id=repo.accounts.list_teams(people.admin)[1].id) == []
    assert owners(people.admin, team_id=repo.accounts.list_teams(people.admin)[1].id) == ["carla", "dev"]


def test_lists_paginate_newest_first(repo: Repository, people, clock):
    ids = []
    for _ in range(7):
        clock.advance(60)
        ids.append(start(repo, people.ana).id)
    pages, after = [], None
    while True:
        page = repo.attempts.list_attempts(people.ana, limit=3, after=after)
        pages.append([a.id for a in page.items])
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert pages == [ids[::-1][0:3], ids[::-1][3:6], ids[::-1][6:]]
    with pytest.raises(StoreError, match="out of date"):
        repo.attempts.list_attempts(people.ana, after="garbage")


def test_lists_filter_by_scenario_state_and_time(repo: Repository, people, clock):
    first = start(repo, people.ana, scenario="a")
    clock.advance(3600)
    middle = clock.now
    second = start(repo, people.ana, scenario="b")
    assert [a.id for a in repo.attempts.list_attempts(people.admin, scenario_id="a").items] == [first.id]
    assert [a.id for a in repo.attempts.list_attempts(people.admin, state="abandoned").items] == [first.id]
    assert [a.id for a in repo.attempts.list_attempts(people.admin, since=middle).items] == [second.id]
    assert [a.id for a in repo.attempts.list_attempts(people.admin, until=middle).items] == [first.id]


def test_any_text_is_kept_as_written(repo: Repository, people):
    """Mixed scripts, emoji, markup and a long reply come back unchanged; NUL becomes U+FFFD."""
    attempt = start(repo, people.ana)
    texts = ["سلام، ببخشید 🙏 <script>alert(1)</script> **bold**", "非常抱歉" * 20_000, "before\x00after"]
    turns = [NewTurn(index=i + 1, speaker="trainee", text=t, criteria={"evidence": [t[:10]]})
             for i, t in enumerate(texts)]
    repo.attempts.record_turn(people.ana, attempt.id, turns, {"transcript": texts})
    detail = repo.attempts.get_attempt(people.ana, attempt.id)
    assert [t.text for t in detail.turns[1:]] == texts[:2] + ["before\ufffdafter"]
    assert detail.turns[3].criteria == {"evidence": ["before\ufffdaft"]}
    assert detail.session_state["transcript"][2] == "before\ufffdafter"


@pytest.mark.parametrize("kind", ["scripted", "generated"])
def test_every_kind_of_customer_is_saved_and_read_back(repo: Repository, people, kind):
    attempt = start(repo, people.ana, customer_kind=kind)
    assert repo.attempts.get_attempt(people.ana, attempt.id).attempt.customer_kind == kind

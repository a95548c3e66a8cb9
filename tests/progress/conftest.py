"""Helpers for program tests: finished attempts at chosen times and scores, and a program factory."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from trainer.cycles import ProgramSpec
from trainer.store import CriterionTotal, Repository, UserRecord

SCENARIOS = ["en-double-charge", "en-callback-never-came"]


class Org:
    def __init__(self, repo: Repository, clock):
        self.repo, self.clock = repo, clock

    def attempt(self, who: UserRecord, scenario_id: str, *, at: datetime | None = None, score: float = 90,
                passed: bool = True, mode: str = "practice") -> int:
        """A finished attempt ending at `at` (default: the clock's now); the clock is left where it was."""
        before = self.clock.now
        if at is not None:
            self.clock.now = at
        try:
            record = self.repo.attempts.start_attempt(who, scenario_id=scenario_id, scenario_version="v1", seed=1,
                                                      mode=mode)  # type: ignore[arg-type]
            self.repo.attempts.finish_attempt(
                who,
                record.id,
                end_state="resolved",
                score=score,
                passed=passed,
                criteria=[CriterionTotal(criterion_id="empathy", score=score / 50, max=2)],
            )
        finally:
            self.clock.now = before
        return record.id

    def pass_all(self, who: UserRecord, *, at: datetime | None = None, scenarios: list[str] | None = None) -> None:
        for sid in scenarios or SCENARIOS:
            self.attempt(who, sid, at=at)

    def program(self, **overrides) -> int:
        values = dict(name="2027 manager rotation", scenario_ids=SCENARIOS, pass_mark=70, recurrence="yearly",
                      timezone="Europe/London", opens_on=date(2027, 1, 1), due_on=date(2027, 3, 31),
                      roles=["manager"])
        values.update(overrides)
        return self.repo.programs.create_program(ProgramSpec(**values)).id


@pytest.fixture
def org(repo: Repository, clock) -> Org:
    clock.now = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
    return Org(repo, clock)

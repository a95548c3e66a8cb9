"""Per-scenario analytics for the studio: one call gathers what the page shows, every number
aggregated in SQL by the store (role-scoped, names withheld from trainers who do not manage people)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from trainer.store import Repository, UserRecord
from trainer.store.studio_records import CriterionAverage, LowReply, ScenarioSummary, StepStop


class ScenarioAnalytics(BaseModel):
    model_config = ConfigDict(frozen=True)

    summary: ScenarioSummary
    criteria: tuple[CriterionAverage, ...]
    steps: tuple[StepStop, ...]
    lowest: tuple[LowReply, ...]

    @property
    def hardest_step(self) -> StepStop | None:
        """The step where most attempts failed or were abandoned (None when none did)."""
        worst = self.steps[0] if self.steps else None
        return worst if worst is not None and worst.failed + worst.abandoned > 0 else None

    @property
    def weakest_criterion(self) -> CriterionAverage | None:
        return min(self.criteria, key=lambda c: c.average, default=None)


def scenario_analytics(repo: Repository, viewer: UserRecord, scenario_id: str, *, lowest: int = 10,
                       since: datetime | None = None) -> ScenarioAnalytics:
    """Everything for one scenario; `since` limits it to attempts started (or ended, for the criterion
    averages) from then on."""
    return ScenarioAnalytics(summary=repo.studio.scenario_summary(viewer, scenario_id, since=since),
                             criteria=tuple(repo.studio.scenario_criteria(viewer, scenario_id, since=since)),
                             steps=tuple(repo.studio.scenario_steps(viewer, scenario_id, since=since)),
                             lowest=tuple(repo.studio.lowest_replies(viewer, scenario_id, limit=lowest, since=since)))

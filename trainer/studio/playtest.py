"""Play-testing a scenario as a trainee would, without recording anything.

`PlayTest` wraps the session engine (the same turn loop as practice) and never touches the store, so
a trainer's test calls do not count as attempts. It can start at any step (with a chosen mood) to try
a late branch without replaying the whole call, and each turn keeps what the page shows beside the
chat: the points per criterion, the mood change and the branch taken, in words.

`try_reply` scores one reply against a rubric alone, and `segments` splits the reply into the stretches
that earned (or cost) points, so a trainer sees exactly which words the scorer matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from trainer.errors import SessionError
from trainer.scenario.schema import Rubric, Scenario
from trainer.scenario.variables import fill
from trainer.scoring.results import ReplyContext, ReplyScore, Scorer
from trainer.simulation.session import BranchTaken, Session, Turn, TurnOutcome
from trainer.studio.graph import describe


class Segment(BaseModel):
    """A stretch of the reply and the criteria whose evidence covers it (empty: no criterion)."""

    model_config = ConfigDict(frozen=True)

    text: str
    criteria: tuple[str, ...] = ()


def branch_words(scenario: Scenario, taken: BranchTaken) -> str:
    """'branch 2 (empathy ≥ 1) → plan', 'hung up (mood reached 10)', 'no branch matched: stays at vent'."""
    if taken.how == "hung_up":
        return f"hung up (mood reached {scenario.persona.hang_up_at})"
    if taken.how == "max_turns":
        return f"timed out after {scenario.max_turns} replies"
    if taken.how == "no_match":
        return f"no branch matched: stays at {taken.from_step}"
    target = taken.goto if taken.goto else (taken.end.value if taken.end else "?")
    cond = describe(scenario.step(taken.from_step).branches[taken.index].when) if taken.index is not None else ""
    return f"branch {(taken.index or 0) + 1} ({cond}) → {target}"


class PlayTest:
    """A practice call for authors: nothing is saved; `jump_to` moves to any step."""

    def __init__(self, scenario: Scenario, rubric: Rubric, scorer: Scorer, seed: int = 7):
        self.scenario, self.rubric, self.scorer, self.seed = scenario, rubric, scorer, seed
        self.session = Session.start(scenario, rubric, scorer, seed)
        self.outcomes: list[TurnOutcome] = []

    @property
    def transcript(self) -> list[Turn]:
        return self.session.transcript

    @property
    def ended(self) -> bool:
        return self.session.ended

    def jump_to(self, step_id: str, mood: int | None = None) -> None:
        """Start over at `step_id`: the customer says that step's line (the opening for the start step)."""
        try:
            step = self.scenario.step(step_id)
        except KeyError:
            known = ", ".join(s.id for s in self.scenario.steps)
            raise SessionError(f"No step {step_id!r} in {self.scenario.id}; pick one of: {known}.") from None
        mood = self.scenario.persona.mood if mood is None else max(0, min(10, mood))
        fresh = Session.start(self.scenario, self.rubric, self.scorer, self.seed)
        variants = list(step.say) or list(self.scenario.opening)
        line = fill(variants[self.seed % len(variants)], fresh.state.values)
        state = fresh.state.model_copy(update={
            "step": step.id, "mood": mood,
            "transcript": [Turn(speaker="customer", text=line, turn=0, step=step.id)]})
        self.session = Session.restore(state, self.scenario, self.rubric, self.scorer)
        self.outcomes = []

    def reply(self, text: str, response_seconds: float | None = None) -> TurnOutcome:
        outcome = self.session.reply(text, response_seconds)
        self.outcomes.append(outcome)
        return outcome

    def model_answer(self) -> str:
        """The current step's model answer with this call's names filled in."""
        step = self.session.current_step
        if step is None:
            raise SessionError("The call has ended; restart or jump to a step to try another answer.")
        return fill(step.model_answer, self.session.state.values)


def try_reply(reply: str, rubric: Rubric, scorer: Scorer, *, language: str = "en",
              customer_line: str | None = None, names: Sequence[str] = ()) -> ReplyScore:
    """One reply scored against the rubric alone (no scenario, no mood, nothing saved)."""
    context = ReplyContext(language=language, customer_line=customer_line,  # type: ignore[arg-type]
                           customer_names=[n for n in names if n])
    return scorer.score(reply, rubric, context)


def segments(reply: str, score: ReplyScore) -> list[Segment]:
    """The reply cut at every evidence boundary, each piece tagged with the criteria covering it."""
    cuts = {0, len(reply)}
    spans: list[tuple[int, int, str]] = []
    for cid, result in score.criteria.items():
        for ev in result.evidence:
            start, end = max(0, min(ev.start, len(reply))), max(0, min(ev.end, len(reply)))
            if end > start:
                spans.append((start, end, cid))
                cuts.update((start, end))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        covering = tuple(dict.fromkeys(cid for s, e, cid in spans if s <= a and b <= e))
        if out and out[-1].criteria == covering:
            out[-1] = Segment(text=out[-1].text + reply[a:b], criteria=covering)
        else:
            out.append(Segment(text=reply[a:b], criteria=covering))
    return out

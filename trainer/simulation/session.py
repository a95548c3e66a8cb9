"""One attempt at a scenario: the turn loop, written once, and its state as plain data.

`Session.start` resolves the customer (variables from the seed) and says the opening line. Each
`reply(text, response_seconds)` asks the scorer for that reply's per-criterion results, moves the mood
by the named rules (`mood.py`), then decides where the call goes: the customer hangs up when the mood
reaches the persona's `hang_up_at`; otherwise the first branch of the current step whose condition
holds is taken (a branch without `when` is the default; when none holds the customer stays on the
step); reaching `max_turns` without an ending ends the call `timed_out`. The `Customer` (scripted or
another kind) puts the move into words.

`session.state` is a JSON-serialisable `SessionState` holding everything needed to continue from any
turn; `Session.restore` refuses a state saved against a scenario whose steps have since changed.
Line variants are chosen from (seed, turn, place), so a restored session continues word for word.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainer.errors import SessionError
from trainer.scenario.schema import EndState, Rubric, Scenario, Step
from trainer.scenario.variables import resolve
from trainer.scoring.results import MAX_REPLY_CHARS, ReplyContext, ReplyScore, Scorer
from trainer.simulation import mood as moods
from trainer.simulation.conditions import Facts, holds
from trainer.simulation.customer import Cue, Customer, Line, Situation, make_customer
from trainer.simulation.scorecard import CriterionCard, Scorecard, build_scorecard

STATE_FORMAT = 1
__all__ = ["BranchTaken", "CriterionCard", "Scorecard", "Session", "SessionState", "Turn", "TurnOutcome"]


class BranchTaken(BaseModel):
    """Why the call went where it went after a reply."""

    model_config = ConfigDict(frozen=True)

    from_step: str
    how: Literal["branch", "default", "no_match", "hung_up", "max_turns"]
    index: int | None = Field(None, description="the branch's position in the step, when one was taken")
    goto: str | None = None
    end: EndState | None = None


class Turn(BaseModel):
    """One line of the transcript. Trainee lines carry their score and what followed from them."""

    model_config = ConfigDict(frozen=True)

    speaker: Literal["customer", "trainee"]
    text: str
    turn: int = Field(description="trainee replies so far, counting this one (0 for the opening)")
    step: str | None = Field(None, description="the step the line was said at or answered")
    response_seconds: float | None = None
    slow: bool | None = None
    score: ReplyScore | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    mood_changes: list[moods.MoodChange] = Field(default_factory=list)
    branch: BranchTaken | None = None


class SessionState(BaseModel):
    """Everything needed to resume an attempt at any turn; round-trips through JSON."""

    model_config = ConfigDict(frozen=True)

    format: int = STATE_FORMAT
    scenario_id: str
    scenario_version: str
    graph: str = Field(description="fingerprint of the steps, branches and rules the attempt relies on")
    rubric_id: str
    seed: int
    customer: str = "scripted"
    values: dict[str, str]
    step: str | None = Field(description="the step waiting for a reply; None once the call ended")
    mood: int
    turn: int = 0
    transcript: list[Turn]
    end_state: EndState | None = None


class TurnOutcome(BaseModel):
    """What one reply led to."""

    model_config = ConfigDict(frozen=True)

    turn: int
    score: ReplyScore
    slow: bool
    mood_before: int
    mood_after: int
    mood_changes: list[moods.MoodChange]
    branch: BranchTaken
    customer_line: str
    step: str | None = Field(description="the step now waiting for a reply; None when the call ended")
    end_state: EndState | None = None

    @property
    def ended(self) -> bool:
        return self.end_state is not None


def _hash(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def graph_fingerprint(scenario: Scenario) -> str:
    """Changes when anything that decides where a call goes changes; wording does not count."""
    steps = [
        (s.id, [b.model_dump(mode="json", exclude={"say"}) for b in s.branches]) for s in scenario.steps
    ]
    rules = [r.model_dump(mode="json") for r in scenario.mood_rules] if scenario.mood_rules else None
    p = scenario.persona
    return _hash([scenario.id, scenario.start_step, steps, rules, scenario.max_turns,
                  scenario.response_time_target, p.mood, p.hang_up_at])


def scenario_fingerprint(scenario: Scenario) -> str:
    return _hash(scenario.model_dump(mode="json"))


class Session:
    """Use `Session.start` or `Session.restore`; then `reply` until `ended`."""

    def __init__(self, state: SessionState, scenario: Scenario, rubric: Rubric, scorer: Scorer,
                 customer: Customer):
        self._state, self.scenario, self.rubric, self.scorer, self.customer = (
            state, scenario, rubric, scorer, customer)
        self._rules = tuple(scenario.mood_rules) if scenario.mood_rules is not None else moods.DEFAULT_RULES

    # -- starting and resuming -------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, rubric: Rubric, scorer: Scorer, seed: int, *,
              customer: Customer | None = None, version: str | None = None) -> Session:
        if rubric.id != scenario.rubric:
            raise SessionError(f"Scenario {scenario.id!r} is scored with rubric {scenario.rubric!r}, "
                               f"not {rubric.id!r}; pass the scenario's own rubric.")
        customer = customer or make_customer()
        state = SessionState(
            scenario_id=scenario.id, scenario_version=version or scenario_fingerprint(scenario),
            graph=graph_fingerprint(scenario), rubric_id=rubric.id, seed=seed, customer=customer.kind,
            values=resolve(scenario, seed), step=scenario.start_step, mood=scenario.persona.mood,
            transcript=[],
        )
        session = cls(state, scenario, rubric, scorer, customer)
        opening = customer.say(session._situation(0, state.mood),
                               Cue(place="opening", variants=list(scenario.opening), step=state.step))
        session._state = state.model_copy(update={"transcript": [
            Turn(speaker="customer", text=opening, turn=0, step=state.step)]})
        return session

    @classmethod
    def restore(cls, state: SessionState, scenario: Scenario, rubric: Rubric, scorer: Scorer, *,
                customer: Customer | None = None) -> Session:
        if state.format != STATE_FORMAT:
            raise SessionError(f"This attempt was saved in format {state.format}, which this version "
                               f"cannot resume (it reads format {STATE_FORMAT}); start a new attempt.")
        if state.scenario_id != scenario.id:
            raise SessionError(f"This attempt belongs to scenario {state.scenario_id!r}, "
                               f"not {scenario.id!r}; open it with its own scenario.")
        if state.graph != graph_fingerprint(scenario) or (
                state.step is not None and state.step not in {s.id for s in scenario.steps}):
            raise SessionError(f"Scenario {scenario.id!r} has changed since this attempt was saved "
                               "(its steps, branches or rules no longer match); start a new attempt.")
        if state.rubric_id != rubric.id:
            raise SessionError(f"This attempt is scored with rubric {state.rubric_id!r}, not {rubric.id!r}; "
                               "restore it with its own rubric.")
        return cls(state, scenario, rubric, scorer, customer or make_customer(state.customer))

    # -- reading ---------------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def opening(self) -> str:
        return self._state.transcript[0].text

    @property
    def transcript(self) -> list[Turn]:
        return list(self._state.transcript)

    @property
    def mood(self) -> int:
        return self._state.mood

    @property
    def turn(self) -> int:
        return self._state.turn

    @property
    def end_state(self) -> EndState | None:
        return self._state.end_state

    @property
    def ended(self) -> bool:
        return self._state.end_state is not None

    @property
    def current_step(self) -> Step | None:
        return None if self._state.step is None else self.scenario.step(self._state.step)

    @property
    def last_customer_line(self) -> str:
        return next(t.text for t in reversed(self._state.transcript) if t.speaker == "customer")

    # -- the turn loop ---------------------------------------------------------------------------

    def reply(self, text: str, response_seconds: float | None = None) -> TurnOutcome:
        state, step = self._state, self.current_step
        if state.end_state is not None or step is None:
            raise SessionError(f"This call has already ended ({state.end_state.value if state.end_state else 'ended'}); "
                               "start a new attempt to try again.")
        if response_seconds is not None and not (0 <= response_seconds < math.inf):
            raise SessionError(f"response_seconds must be a finite number of seconds, 0 or more "
                               f"(got {response_seconds}); pass how long the reply took.")
        if len(text) > MAX_REPLY_CHARS:
            raise SessionError(f"This reply is {len(text):,} characters long; keep a reply under "
                               f"{MAX_REPLY_CHARS:,} characters and send the rest in the next one.")
        turn = state.turn + 1
        slow = response_seconds is not None and response_seconds > self.scenario.response_time_target
        score = self.scorer.score(text, self.rubric, self._context(response_seconds))
        mood_after, changes = moods.apply(self._rules, Facts.of(score, state.mood, turn, slow))
        branch, cue = self._decide(step, Facts.of(score, mood_after, turn, slow))
        line = self.customer.say(self._situation(turn, mood_after, text), cue)
        trainee = Turn(speaker="trainee", text=text, turn=turn, step=step.id,
                       response_seconds=response_seconds, slow=slow, score=score, mood_before=state.mood,
                       mood_after=mood_after, mood_changes=changes, branch=branch)
        customer = Turn(speaker="customer", text=line, turn=turn, step=cue.step)
        self._state = state.model_copy(update={
            "turn": turn, "mood": mood_after, "step": None if cue.end else cue.step, "end_state": cue.end,
            "transcript": [*state.transcript, trainee, customer]})
        return TurnOutcome(turn=turn, score=score, slow=slow, mood_before=state.mood, mood_after=mood_after,
                           mood_changes=changes, branch=branch, customer_line=line,
                           step=self._state.step, end_state=cue.end)

    def _decide(self, step: Step, facts: Facts) -> tuple[BranchTaken, Cue]:
        hang_up_at = self.scenario.persona.hang_up_at
        if hang_up_at is not None and facts.mood >= hang_up_at:
            return self._ending(step, "hung_up", EndState.hung_up, None)
        for index, branch in enumerate(step.branches):
            if branch.when is not None and not holds(branch.when, facts):
                continue
            how = "branch" if branch.when is not None else "default"
            if branch.end is not None:
                return self._ending(step, how, branch.end, index, list(branch.say))
            if facts.turn >= self.scenario.max_turns:
                return self._ending(step, "max_turns", EndState.timed_out, None)
            target = self.scenario.step(branch.goto)
            return (BranchTaken(from_step=step.id, how=how, index=index, goto=target.id),
                    self._enter(target))
        if facts.turn >= self.scenario.max_turns:
            return self._ending(step, "max_turns", EndState.timed_out, None)
        return BranchTaken(from_step=step.id, how="no_match", goto=step.id), self._enter(step)

    def _enter(self, step: Step) -> Cue:
        variants = list(step.say)
        if not variants and step.id == self.scenario.start_step:
            variants = list(self.scenario.opening)
        return Cue(place=f"step:{step.id}", variants=variants, step=step.id, goal=step.goal)

    def _ending(self, step: Step, how: str, end: EndState, index: int | None,
                say: list[str] | None = None) -> tuple[BranchTaken, Cue]:
        if not say:  # an authored line for this ending: this step's first, then any step's
            here = [b for b in step.branches if b.end == end and b.say]
            anywhere = [b for s in self.scenario.steps for b in s.branches if b.end == end and b.say]
            say = list((here or anywhere)[0].say) if here or anywhere else []
        return (BranchTaken(from_step=step.id, how=how, index=index, end=end),  # type: ignore[arg-type]
                Cue(place=f"end:{end.value}", variants=say, step=step.id, end=end))

    def _situation(self, turn: int, mood: int, answering: str | None = None) -> Situation:
        """What the customer knows, including the reply it is answering (`answering`)."""
        lines = [Line(speaker=t.speaker, text=t.text) for t in self._state.transcript]
        if answering is not None:
            lines.append(Line(speaker="trainee", text=answering))
        return Situation(scenario=self.scenario, values=self._state.values, seed=self._state.seed,
                         turn=turn, mood=mood, transcript=lines)

    def _context(self, response_seconds: float | None) -> ReplyContext:
        v = self._state.values
        names = [v["customer.first_name"], v["customer.last_name"], v["customer.full_name"]]
        if v.get("customer.title"):  # 杨先生 in Chinese; Mr Young, آقای رضایی elsewhere
            title, last = v["customer.title"], v["customer.last_name"]
            names.append(f"{last}{title}" if self.scenario.language == "zh" else f"{title} {last}")
        return ReplyContext(language=self.scenario.language, customer_names=[n for n in names if n],
                            customer_line=self.last_customer_line, response_seconds=response_seconds,
                            response_target=self.scenario.response_time_target)

    # -- the result ------------------------------------------------------------------------------

    def scorecard(self) -> Scorecard:
        """The attempt so far, combined per criterion; `passed` needs the call to have ended well."""
        return build_scorecard(self.scenario, self.rubric, self.scorer, self._state, self._context(None))

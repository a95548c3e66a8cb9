"""One attempt at a scenario: the turn loop, written once, and its state as plain data.

`Session.start` resolves the customer (variables from the seed) and says the opening line. Each
`reply(text, response_seconds)` asks the scorer for that reply's per-criterion results (its total
counting the criteria the step names, `Step.criteria`; all when it names none), moves the mood
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
from collections.abc import Iterable
from datetime import UTC, date, datetime

from trainer.errors import SessionError
from trainer.matching.text import MAX_REPLY_CHARS
from trainer.scenario.schema import (
    Branch,
    EndState,
    LengthCriterion,
    NextStepCriterion,
    ResponseTimeCriterion,
    Rubric,
    Scenario,
    Step,
)
from trainer.scenario.variables import resolve
from trainer.scoring.aggregate import scoped
from trainer.scoring.results import ReplyContext, Scorer
from trainer.scoring.voice import asked_permission
from trainer.simulation import mood as moods
from trainer.simulation.conditions import Facts, asks_for, holds
from trainer.simulation.customer import Cue, Customer, Line, Situation, make_customer
from trainer.simulation.scorecard import CriterionCard, Scorecard, build_scorecard
from trainer.simulation.state import STATE_FORMAT, BranchTaken, SessionState, Turn, TurnOutcome
from trainer.voice.timing import Hold, VoiceTiming

# criteria that say a reply has a quality, not what it answered: never enough to pass over a step
GENERIC_KINDS = (NextStepCriterion, LengthCriterion, ResponseTimeCriterion)
__all__ = ["BranchTaken", "CriterionCard", "Scorecard", "Session", "SessionState", "Turn", "TurnOutcome"]


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
        self._generic = frozenset(c.id for c in rubric.criteria if isinstance(c, GENERIC_KINDS))

    # -- starting and resuming -------------------------------------------------------------------

    @classmethod
    def start(cls, scenario: Scenario, rubric: Rubric, scorer: Scorer, seed: int, *,
              customer: Customer | None = None, version: str | None = None, today: date | None = None) -> Session:
        """A new call. The customer is drawn from (scenario, seed, `today`); `today` defaults to the date
        now (UTC) and is kept in the state, so the attempt can always be told which customer it had."""
        if rubric.id != scenario.rubric:
            raise SessionError(f"Scenario {scenario.id!r} is scored with rubric {scenario.rubric!r}, "
                               f"not {rubric.id!r}; pass the scenario's own rubric.")
        customer = customer or make_customer()
        today = today or datetime.now(UTC).date()
        state = SessionState(
            scenario_id=scenario.id, scenario_version=version or scenario_fingerprint(scenario),
            graph=graph_fingerprint(scenario), rubric_id=rubric.id, seed=seed, customer=customer.kind,
            reference_date=today, values=resolve(scenario, seed, today), step=scenario.start_step,
            mood=scenario.persona.mood,
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

    @property
    def hold(self) -> Hold | None:
        return self._state.hold

    @property
    def on_hold(self) -> bool:
        """The customer is on hold now (taken off hold, they wait for the next reply as usual)."""
        return self._state.hold is not None and self._state.hold.held_seconds is None

    # -- holds -----------------------------------------------------------------------------------

    def put_on_hold(self, asked: str, promised_seconds: float | None, *, now: datetime | None = None,
                    at: float | None = None) -> Hold:
        """Put the customer on hold, with what the trainee told them (`asked`) and the time promised
        (None: none). The hold lasts until `take_off_hold`; the next reply ends it and is scored with it."""
        state = self._state
        if state.end_state is not None:
            raise SessionError("This call has ended; there is no one to put on hold.")
        if state.hold is not None:
            raise SessionError("The customer is already on hold, or has just come back from it: speak to them "
                               "before putting them on hold again.")
        asked = " ".join(asked.split())
        if not asked:
            raise SessionError("Say what you tell the customer before putting them on hold (for example, "
                               "\"May I put you on hold for two minutes while I check?\").")
        if len(asked) > MAX_REPLY_CHARS:
            raise SessionError(f"Keep what you say before the hold under {MAX_REPLY_CHARS:,} characters.")
        if promised_seconds is not None and not (0 < promised_seconds <= 3600):
            raise SessionError("Promise a hold of at most an hour (or none).")
        music = self.scenario.hold_music
        hold = Hold(asked=asked, promised_seconds=promised_seconds, started_at=now or datetime.now(UTC), at=at,
                    music=music.title if music is not None else None)
        self._state = state.model_copy(update={"hold": hold})
        return hold

    def take_off_hold(self, *, now: datetime | None = None, held_seconds: float | None = None) -> Hold:
        """Come back to the customer; the hold lasted `held_seconds` (default: since it began, by `now`)."""
        hold = self._state.hold
        if hold is None or hold.held_seconds is not None:
            raise SessionError("The customer is not on hold.")
        if held_seconds is None:
            held_seconds = ((now or datetime.now(UTC)) - hold.started_at).total_seconds()
        hold = hold.model_copy(update={"held_seconds": round(max(0.0, held_seconds), 1)})
        self._state = self._state.model_copy(update={"hold": hold})
        return hold

    # -- the turn loop ---------------------------------------------------------------------------

    def reply(self, text: str, response_seconds: float | None = None, *,
              voice: VoiceTiming | None = None) -> TurnOutcome:
        """Score `text` (for a spoken reply, its transcript, with `voice` its timing), move the mood,
        decide where the call goes and let the customer answer."""
        state, step = self._state, self.current_step
        if state.end_state is not None or step is None:
            ended = state.end_state.value if state.end_state else "ended"
            raise SessionError(f"This call has already ended ({ended}); start a new attempt to try again.")
        if response_seconds is not None and not (0 <= response_seconds < math.inf):
            raise SessionError(f"response_seconds must be a finite number of seconds, 0 or more "
                               f"(got {response_seconds}); pass how long the reply took.")
        if len(text) > MAX_REPLY_CHARS:
            raise SessionError(f"This reply is {len(text):,} characters long; keep a reply under "
                               f"{MAX_REPLY_CHARS:,} characters and send the rest in the next one.")
        if self.on_hold:
            raise SessionError("The customer is on hold: take them off hold before you speak to them.")
        hold = state.hold
        turn = state.turn + 1
        slow = response_seconds is not None and response_seconds > self.scenario.response_time_target
        # every criterion is scored; the reply's own total counts those of the step it answers
        score = scoped(self.rubric, self.scorer.score(text, self.rubric, self._context(response_seconds, voice, hold)),
                       step.criteria)
        held = self._hold_changes(hold, state.mood)
        mood_after, changes = moods.apply(self._rules, Facts.of(score, moods.clamp(state.mood + sum(
            c.change for c in held)), turn, slow))
        changes = [*held, *changes]
        branch, cue = self._decide(step, Facts.of(score, mood_after, turn, slow))
        line = self.customer.say(self._situation(turn, mood_after, text), cue)
        end = cue.end
        if end is None and (granted := self._granted_end(mood_after)) is not None:
            # An improvising customer asked to leave and the engine agreed: its line closes the call.
            end, branch = granted, BranchTaken(from_step=step.id, how="customer_request", end=granted)
        trainee = Turn(speaker="trainee", text=text, turn=turn, step=step.id,
                       response_seconds=response_seconds, slow=slow, score=score, mood_before=state.mood,
                       mood_after=mood_after, mood_changes=changes, branch=branch, voice=voice, hold=hold)
        customer = Turn(speaker="customer", text=line, turn=turn, step=cue.step)
        self._state = state.model_copy(update={
            "turn": turn, "mood": mood_after, "step": None if end else cue.step, "end_state": end, "hold": None,
            "transcript": [*state.transcript, trainee, customer]})
        return TurnOutcome(turn=turn, score=score, slow=slow, mood_before=state.mood, mood_after=mood_after,
                           mood_changes=changes, branch=branch, customer_line=line,
                           step=self._state.step, end_state=end)

    def _hold_changes(self, hold: Hold | None, mood: int) -> list[moods.MoodChange]:
        if hold is None or hold.held_seconds is None:
            return []
        return moods.hold_changes(hold.held_seconds, hold.promised_seconds,
                                  asked_permission(hold.asked, self.scenario.language), self.scenario.hold_music, mood)

    def _granted_end(self, mood: int) -> EndState | None:
        """The end an improvising customer asked for with its line, if the engine grants it."""
        requested = getattr(self.customer, "requested_end", None)
        return moods.grant_end(requested, mood, self.scenario.persona.hang_up_at) if requested else None

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
            return self._go(step, how, index, self.scenario.step(branch.goto), facts)
        if facts.turn >= self.scenario.max_turns:
            return self._ending(step, "max_turns", EndState.timed_out, None)
        return BranchTaken(from_step=step.id, how="no_match", goto=step.id), self._enter(step)

    def _go(self, step: Step, how: str, index: int, target: Step, facts: Facts) -> tuple[BranchTaken, Cue]:
        """Enter `target`, unless the reply already gave what it asks for: then the call moves on as
        that step would on this reply, so the customer never asks for what was just said."""
        skipped: list[str] = []
        while target.skip_when_answered and target.id != step.id and target.id not in skipped:
            early = self._answered(target, facts)
            if early is None:
                break
            skipped.append(target.id)
            if early.end is not None:
                taken, cue = self._ending(target, how, early.end, index, list(early.say))
                return taken.model_copy(update={"from_step": step.id, "skipped": skipped}), cue
            target = self.scenario.step(early.goto)  # type: ignore[arg-type]
        return (BranchTaken(from_step=step.id, how=how, index=index,  # type: ignore[arg-type]
                            goto=target.id, skipped=skipped), self._enter(target))

    def _answered(self, step: Step, facts: Facts) -> Branch | None:
        """The branch `step` would take on this reply, when it is one asking for something given."""
        for branch in step.branches:
            if branch.when is None or holds(branch.when, facts):
                return branch if branch.when is not None and asks_for(branch.when, self._generic) else None
        return None

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

    def _context(self, response_seconds: float | None, voice: VoiceTiming | None = None,
                 hold: Hold | None = None) -> ReplyContext:
        context = reply_context(self.scenario, self._state.values, self.last_customer_line, response_seconds)
        if hold is not None:
            context = context.model_copy(update={"hold": hold})
        if voice is None:
            return context
        return context.model_copy(update={"voice": voice, "talk_before": talk_so_far(
            t.voice for t in self._state.transcript if t.speaker == "trainee")})

    # -- the result ------------------------------------------------------------------------------

    def scorecard(self) -> Scorecard:
        """The attempt so far, combined per criterion; `passed` needs the call to have ended well."""
        return build_scorecard(self.scenario, self.rubric, self.scorer, self._state, self._context(None))


def talk_so_far(timings: Iterable[VoiceTiming | None]) -> tuple[float, float]:
    """Seconds the trainee and the customer talked over these spoken replies (and the lines they
    answered)."""
    mine = theirs = 0.0
    for v in timings:
        if v is not None:
            mine += v.speech_seconds
            theirs += v.customer_seconds or 0.0
    return round(mine, 2), round(theirs, 2)


def reply_context(scenario: Scenario, values: dict[str, str], customer_line: str | None,
                  response_seconds: float | None) -> ReplyContext:
    """What the scorer knows about a reply in a call: the customer's names, the line it answers, timing."""
    v = values
    names = [v.get("customer.first_name", ""), v.get("customer.last_name", ""), v.get("customer.full_name", "")]
    if v.get("customer.title"):  # 杨先生 in Chinese; Mr Young, آقای رضایی elsewhere
        title, last = v["customer.title"], v.get("customer.last_name", "")
        names.append(f"{last}{title}" if scenario.language == "zh" else f"{title} {last}")
    return ReplyContext(language=scenario.language, customer_names=[n for n in names if n],
                        customer_line=customer_line, response_seconds=response_seconds,
                        response_target=scenario.response_time_target)

"""The authoring format: every shape a scenario or rubric file may take, and nothing else.

Models are strict (`extra="forbid"`, so a misspelt key is an error) and frozen. Criteria are a union
tagged on `type:`, so an error names the variant (`criteria.2.regex.pattern`). Cross-file checks
(rubric ids, step ids, criterion ids used in conditions, reachability) live in `catalog.py`; this module
checks what one file can check on its own. `python -m trainer schema scenario|rubric` publishes the
JSON Schema of `Scenario` and `Rubric` for editors.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LANGUAGES = ("en", "fa", "zh")
Language = Literal["en", "fa", "zh"]
DEFAULT_PASS_MARK = 70.0  # a rubric with no pass mark, nor one to inherit, passes at this score (0-100)
Channel = Literal["phone", "chat", "email", "social"]
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="lower-case letters, digits, '-' and '_'")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------------------------------
# Rubrics


class Range(Strict):
    """Inclusive bounds; give `min`, `max` or both."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Range:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    def holds(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


PhraseLists = dict[Language, list[Annotated[str, Field(min_length=1, max_length=300)]]]


class CriterionWords(Strict):
    """A criterion's words in one language. In `translations`, what is left out falls back to the
    criterion's own `label`, `description` and `tip` (written in English, or in the rubric's one
    language)."""

    label: Text | None = None
    description: str | None = None
    tip: str | None = None


class CriterionBase(Strict):
    id: Id
    label: Text
    description: str = ""
    weight: float = Field(1.0, gt=0, le=100)
    max_points: Literal[2, 4] = Field(2, description="the criterion's scale: 0..2 or 0..4")
    critical: bool = Field(False, description="scoring 0 on it fails the whole reply/attempt")
    tip: str = Field("", description="one concrete coaching tip shown when points are missed")
    aggregate: Literal["max", "mean", "min", "last"] | None = Field(
        None, description="how per-reply scores combine into the attempt's; default depends on type"
    )
    scope: Literal["step", "call"] = Field(
        "step", description="step: judged on the replies to the steps that name it in their `criteria` "
        "(or that name none); call: a skill judged over the whole call (empathy, apology, courtesy...), on "
        "every reply, counted in a reply's own score only where the step names it")
    translations: dict[Language, CriterionWords] = Field(
        default_factory=dict, description="label, description and tip in other languages (fa, zh, en); "
        "a language or a field left out shows the criterion's own")

    default_aggregate: ClassVar[str] = "max"  # overridden per kind; not part of the file format
    # what a call must have for this kind to be assessed at all: "voice" (spoken replies), "hold" (the
    # customer was put on hold); on other calls it is left out of scores and scorecards, as an
    # `only_with_model` criterion is without a model. Not part of the file format.
    assessed_on: ClassVar[str | None] = None

    @property
    def how_to_aggregate(self) -> str:
        return self.aggregate or self.default_aggregate

    def words(self, language: str) -> CriterionWords:
        """Label, description and tip in `language`, each falling back to the criterion's own."""
        t = self.translations.get(language)  # type: ignore[call-overload]
        return CriterionWords(label=(t and t.label) or self.label,
                              description=t.description if t and t.description is not None else self.description,
                              tip=t.tip if t and t.tip is not None else self.tip)


class PhraseLevel(Strict):
    """Matching any phrase of this level earns `points`; the best level matched wins."""

    points: int = Field(ge=1, le=4)
    phrases: PhraseLists


class PhrasesCriterion(CriterionBase):
    """Phrase/intent detector: per-language phrase lists in levels of points."""

    type: Literal["phrases"]
    levels: list[PhraseLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _levels_fit(self) -> PhrasesCriterion:
        for lv in self.levels:
            if lv.points > self.max_points:
                raise ValueError(f"a level gives {lv.points} points but max_points is {self.max_points}")
        return self


class RegexCriterion(CriterionBase):
    type: Literal["regex"]
    pattern: str = Field(min_length=1, max_length=500)
    ignore_case: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"not a valid regular expression: {e}") from None
        return v


class ForbiddenCriterion(CriterionBase):
    """Full points unless the reply uses one of the phrases; 0 when it does."""

    type: Literal["forbidden"]
    phrases: PhraseLists
    default_aggregate: ClassVar[str] = "min"


class MustAskCriterion(CriterionBase):
    """Full points when the reply asks a question that contains one of the phrases."""

    type: Literal["must_ask"]
    phrases: PhraseLists


class UsesNameCriterion(CriterionBase):
    type: Literal["uses_name"]


class NextStepCriterion(CriterionBase):
    """Half points for committing to an action, full points when it comes with a time or date."""

    type: Literal["next_step"]


class LengthCriterion(CriterionBase):
    """Words for space-separated scripts; Chinese counts characters (two per word)."""

    type: Literal["length"]
    min_words: int = Field(0, ge=0)
    max_words: int = Field(400, ge=1)
    default_aggregate: ClassVar[str] = "mean"


class ResponseTimeCriterion(CriterionBase):
    """Full points within the scenario's response-time target, half within twice it."""

    type: Literal["response_time"]
    default_aggregate: ClassVar[str] = "mean"


class SpeakingRateCriterion(CriterionBase):
    """Words a minute (Chinese: characters a minute) while speaking, pauses left out: full points within
    the language's range, half within a fifth beyond it. Voice calls only."""

    type: Literal["speaking_rate"]
    scope: Literal["step", "call"] = Field("call", description="how the call sounded: judged over the whole call")
    targets: dict[Language, Range] = Field(
        default_factory=lambda: {"en": Range(min=110, max=170), "fa": Range(min=90, max=160),
                                 "zh": Range(min=160, max=280)},
        description="per language, the range of words (Chinese: characters) a minute")
    default_aggregate: ClassVar[str] = "mean"
    assessed_on: ClassVar[str | None] = "voice"


class DeadAirCriterion(CriterionBase):
    """Dead air: the silence before answering and the pauses inside an answer. Full points with none
    too long, half with one, none with more. Voice calls only."""

    type: Literal["dead_air"]
    scope: Literal["step", "call"] = Field("call", description="how the call sounded: judged over the whole call")
    max_silence_seconds: float = Field(3.0, gt=0, le=120, description="longest silence before answering")
    max_pause_seconds: float = Field(2.0, gt=0, le=120, description="longest pause inside an answer")
    default_aggregate: ClassVar[str] = "mean"
    assessed_on: ClassVar[str | None] = "voice"


class FillerWordsCriterion(CriterionBase):
    """Filler words ("um", "you know"; «اِ», «یعنی»; 嗯, 那个) a minute of speech: full points up to
    `max_per_minute`, half up to twice it. Voice calls only."""

    type: Literal["filler_words"]
    scope: Literal["step", "call"] = Field("call", description="how the call sounded: judged over the whole call")
    max_per_minute: float = Field(4.0, ge=0, le=60)
    phrases: PhraseLists = Field(default_factory=dict, description="more fillers, added to the built-in lists")
    default_aggregate: ClassVar[str] = "mean"
    assessed_on: ClassVar[str | None] = "voice"


class TalkTimeCriterion(CriterionBase):
    """The trainee's share of the talking in the call so far (their speech against the customer's):
    full points within `share`, half within 0.1 of it. Voice calls only."""

    type: Literal["talk_time"]
    scope: Literal["step", "call"] = Field("call", description="how the call sounded: judged over the whole call")
    share: Range = Field(default_factory=lambda: Range(min=0.25, max=0.65),
                         description="the trainee's part of all the talking, 0 to 1")
    default_aggregate: ClassVar[str] = "last"
    assessed_on: ClassVar[str | None] = "voice"


class HoldEtiquetteCriterion(CriterionBase):
    """Putting the customer on hold well: asked first, said for how long, thanked them on return, and
    came back within the time promised; a point each (scale 4). Assessed at the reply that ends a
    hold, on calls with one."""

    type: Literal["hold_etiquette"]
    scope: Literal["step", "call"] = Field("call", description="how the call sounded: judged over the whole call")
    max_points: Literal[2, 4] = Field(4, description="the criterion's scale: 4 (a point each) or 2 (half each)")
    grace_seconds: float = Field(10.0, ge=0, le=600, description="how far past the promise still counts as kept")
    default_aggregate: ClassVar[str] = "mean"
    assessed_on: ClassVar[str | None] = "hold"


class LLMCriterion(CriterionBase):
    """Graded only by the optional LLM judge; the offline scorer leaves it out of the total, visibly,
    or (with `only_with_model`) leaves it out altogether."""

    type: Literal["llm"]
    instructions: Text
    only_with_model: bool = Field(
        False, description="graded only when a language model is configured; with none, the criterion is "
        "left out of results and scorecards instead of shown as not graded")


Criterion = Annotated[
    PhrasesCriterion
    | RegexCriterion
    | ForbiddenCriterion
    | MustAskCriterion
    | UsesNameCriterion
    | NextStepCriterion
    | LengthCriterion
    | ResponseTimeCriterion
    | SpeakingRateCriterion
    | DeadAirCriterion
    | FillerWordsCriterion
    | TalkTimeCriterion
    | HoldEtiquetteCriterion
    | LLMCriterion,
    Field(discriminator="type"),
]


class Rubric(Strict):
    """Weighted criteria with a pass mark. `extends` copies another rubric's criteria first; a
    criterion here with the same id replaces the inherited one."""

    id: Id
    title: Text
    description: str = ""
    extends: Id | None = None
    pass_mark: float | None = Field(None, ge=0, le=100, description="0-100; inherited, else 70")
    criteria: list[Criterion] = Field(default_factory=list)
    second_opinion: bool = Field(
        False, description="with an LLM judge configured, it also grades the rule-scored criteria and "
        "may lower (never raise) their points")

    @model_validator(mode="after")
    def _unique_criteria(self) -> Rubric:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"criterion id {c.id!r} appears twice")
            seen.add(c.id)
        if not self.criteria and not self.extends:
            raise ValueError("a rubric needs criteria (or `extends` another rubric)")
        return self

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)


# --------------------------------------------------------------------------------------------------
# Scenarios


class EndState(StrEnum):
    resolved = "resolved"
    escalated = "escalated"
    hung_up = "hung_up"
    timed_out = "timed_out"


class FakerValue(Strict):
    """A value drawn from Faker, seeded per attempt, in the scenario language's locale."""

    faker: str = Field(description="a Faker provider, e.g. first_name, city, bothify")
    args: list[str | int | float] = Field(default_factory=list)


class ChoiceValue(Strict):
    """One of the listed values, picked with the attempt's seed."""

    choice: list[str | int | float] = Field(min_length=1)


VariableValue = str | int | float | FakerValue | ChoiceValue


class HoldMusic(Strict):
    """What the customer hears on hold. `style` sets how it sits with them: `upbeat` grates on an
    already angry caller, `calm` only wears thin on a long hold, `silence` makes them wonder whether
    anyone is still there."""

    title: Text = Field(description="the track, as the customer would describe it")
    style: Literal["upbeat", "calm", "silence"] = "calm"


class Voice(Strict):
    """The customer's voice for each speech engine; a voice left out is the engine's default for the
    scenario's language (espeak-ng) or `TRAINER_TTS_VOICE` (an endpoint)."""

    offline: Annotated[str, Field(pattern=r"^[A-Za-z0-9_+-]{1,40}$")] | None = Field(
        None, description="an espeak-ng voice, e.g. en-us+f3 (espeak-ng --voices lists them)")
    endpoint: Annotated[str, Field(min_length=1, max_length=40)] | None = Field(
        None, description="the audio endpoint's voice, e.g. nova or alloy")


class Persona(Strict):
    first_name: VariableValue = Field(FakerValue(faker="first_name"))
    last_name: VariableValue = Field(FakerValue(faker="last_name"))
    title: VariableValue | None = Field(None, description="form of address: Mr, Ms, آقای, 先生...")
    details: dict[Id, VariableValue] = Field(default_factory=dict)
    mood: int = Field(5, ge=0, le=10, description="starting mood: 0 calm .. 10 furious")
    hang_up_at: int | None = Field(10, ge=1, le=10, description="the customer hangs up at this mood")
    traits: list[Text] = Field(default_factory=list, description="how the customer talks and behaves")
    voice: Voice | None = Field(None, description="the customer's voice in voice calls")


class Condition(Strict):
    """Every part given must hold. `criteria` read the last reply's points per criterion;
    `mood` is the mood after that reply; `turn` counts trainee replies (1 = the first)."""

    criteria: dict[Id, Range] = Field(default_factory=dict)
    score: Range | None = Field(None, description="the last reply's total, 0-100")
    mood: Range | None = None
    turn: Range | None = None
    slow: bool | None = Field(None, description="true: the reply came later than the target")
    any: list[Condition] | None = Field(None, description="at least one of these holds")


class Branch(Strict):
    """Go to a step or end the call. A branch without `when` always matches (the default)."""

    when: Condition | None = None
    goto: Id | None = None
    end: EndState | None = None
    say: list[Text] = Field(default_factory=list, description="customer's closing line variants")

    @model_validator(mode="after")
    def _one_target(self) -> Branch:
        if (self.goto is None) == (self.end is None):
            raise ValueError("a branch needs exactly one of `goto` or `end`")
        if self.goto is not None and self.say:
            raise ValueError("`say` belongs to the target step; use it only on `end` branches")
        return self


class Step(Strict):
    """A point in the conversation waiting for the trainee's reply. `say` is what the customer says
    on entering the step (the start step may leave it out: the opening is said instead)."""

    id: Id
    say: list[Text] = Field(default_factory=list)
    model_answer: Text
    goal: str = Field("", description="what the trainee should achieve here, for feedback")
    criteria: list[Id] | None = Field(
        None, min_length=1, description="the rubric's criteria this step is about: a reply here is scored on "
        "these (its score counts only them) and step-scoped criteria are judged only where named; "
        "default: all of them")
    branches: list[Branch] = Field(min_length=1)
    skip_when_answered: bool = Field(
        True, description="when a reply to an earlier step already gives what this step's branch asks for, "
        "the call moves on without this step; false: the customer always says this step's line (e.g. a "
        "move to another channel)")


class MoodRule(Strict):
    """After each reply, every rule whose condition holds changes the mood by `change`."""

    name: Id
    when: Condition
    change: int = Field(ge=-5, le=5)
    label: Text | None = Field(None, description="what the trainee reads when the rule moves the mood, in the "
                                                 "scenario's language (the built-in rules' names have their own)")


class Scenario(Strict):
    id: Id
    title: Text
    summary: Text
    language: Language
    channel: Channel
    difficulty: int = Field(ge=1, le=5)
    tags: list[Id] = Field(default_factory=list)
    rubric: Id
    persona: Persona = Field(default_factory=Persona)
    hidden_facts: list[Text] = Field(default_factory=list)
    variables: dict[Id, VariableValue] = Field(default_factory=dict)
    opening: list[Text] = Field(min_length=1, description="the customer's first line, variants")
    start: Id | None = Field(None, description="the first step; default: the first in `steps`")
    steps: list[Step] = Field(min_length=1)
    mood_rules: list[MoodRule] | None = Field(None, description="replace the default mood rules")
    response_time_target: float = Field(60, gt=0, le=86400, description="seconds")
    max_turns: int = Field(10, ge=1, le=100)
    success_ends: list[EndState] = Field(default_factory=lambda: [EndState.resolved])
    hold_music: HoldMusic | None = Field(
        None, description="what the customer hears when the trainee puts them on hold (default: silence)")
    generation: Literal["allowed", "scripted_only"] = Field(
        "allowed", description="whether an LLM may speak for the customer (scripted_only: always the "
        "authored lines, e.g. for wording that must not vary)")

    @model_validator(mode="after")
    def _unique_steps(self) -> Scenario:
        seen: set[str] = set()
        for s in self.steps:
            if s.id in seen:
                raise ValueError(f"step id {s.id!r} appears twice")
            seen.add(s.id)
        return self

    @property
    def start_step(self) -> str:
        return self.start or self.steps[0].id

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


def json_schema(kind: Literal["scenario", "rubric"]) -> dict[str, Any]:
    model = Scenario if kind == "scenario" else Rubric
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Frontline {kind}"
    return schema

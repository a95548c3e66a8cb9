"""The end-of-attempt scorecard: every criterion combined over the replies, with a coaching example.

Per criterion the card carries the combined points, the evidence and reason from the deciding reply,
the criterion's tip when points were missed, and a model answer: the one from the step where the
scenario's model answer beats the trainee's reply most on that criterion (model answers are scored
like replies, so the example shown is the one that actually does what was missed). An attempt
passes when the total reaches the pass mark, no critical criterion scored 0, and the call ended in
one of the scenario's `success_ends`.

Everything a trainee reads is in the scenario's language: criterion labels and tips through the
rubric's `translations`, and the verdict in plain words (`verdict`, then `why_not_passed`, most
telling first: "Not passed: the customer hung up after “calm down”"), from `trainer/messages.py`.
`model_answers` lists each step's model answer once, for the replies that fell short.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from trainer.messages import quote, say
from trainer.scenario.schema import DEFAULT_PASS_MARK, EndState, Rubric, Scenario
from trainer.scenario.variables import fill
from trainer.scoring.aggregate import combine
from trainer.scoring.results import Evidence, ReplyContext, ReplyScore, Scorer
from trainer.scoring.voice import voice_line
from trainer.simulation.state import SessionState, Turn


class CriterionCard(BaseModel):
    model_config = ConfigDict(frozen=True)

    criterion_id: str
    label: str
    points: float
    max: int
    weight: float
    critical: bool
    graded_by: str
    evidence: list[Evidence]
    reason: str
    tip: str = Field(description="the criterion's coaching tip, when points were missed")
    weakest_turn: int | None = Field(
        None, description="the reply whose step's model answer does best against it on this criterion")
    model_answer: str = Field("", description="that step's model answer, to show what was missed")


class ModelAnswer(BaseModel):
    """A step's model answer, shown once, for the reply at that step that missed points."""

    model_config = ConfigDict(frozen=True)

    turn: int
    text: str
    criteria: list[str] = Field(description="ids of the criteria this answer shows what was missed on")


class VoiceLine(BaseModel):
    """One spoken reply in time, for the scorecard (seconds on the call clock where known)."""

    model_config = ConfigDict(frozen=True)

    turn: int
    at: float | None = Field(None, description="when the trainee started speaking")
    silence_before: float | None
    talk_seconds: float
    rate: float | None = Field(None, description="words (Chinese: characters) a minute")
    pauses: list[tuple[float, float]] = Field(default_factory=list, description="(when, seconds)")
    fillers: list[str] = Field(default_factory=list)
    customer_seconds: float | None = None


class Scorecard(BaseModel):
    model_config = ConfigDict(frozen=True)

    scenario_id: str
    rubric_id: str
    score: ReplyScore
    total: float
    pass_mark: float
    end_state: EndState | None
    passed: bool
    turns: int
    why_not_passed: list[str] = Field(description="in plain words, the most telling first")
    criteria: list[CriterionCard]
    language: str = "en"
    verdict: str = Field("", description="one sentence: passed or not, and the main reason")
    voice: list[VoiceLine] = Field(default_factory=list, description="the spoken replies in time (voice calls)")

    @property
    def model_answers(self) -> list[ModelAnswer]:
        """One model answer per reply that fell short, with the criteria it shows, in reply order."""
        by_turn: dict[int, ModelAnswer] = {}
        for c in self.criteria:
            if c.model_answer and c.weakest_turn is not None and (c.points < c.max or c.graded_by == "ungraded"):
                got = by_turn.setdefault(c.weakest_turn, ModelAnswer(turn=c.weakest_turn, text=c.model_answer,
                                                                     criteria=[]))
                got.criteria.append(c.criterion_id)
        return [by_turn[t] for t in sorted(by_turn)]


def build_scorecard(scenario: Scenario, rubric: Rubric, scorer: Scorer, state: SessionState,
                    context: ReplyContext) -> Scorecard:
    replies = [t for t in state.transcript if t.speaker == "trainee" and t.score is not None]
    pass_mark = rubric.pass_mark if rubric.pass_mark is not None else DEFAULT_PASS_MARK
    lang = scenario.language
    combined = combine(rubric, [t.score for t in replies if t.score is not None], lang) if replies else ReplyScore(
        rubric_id=rubric.id, criteria={}, total=0, passed=False)
    end = state.end_state
    why = _why_not(scenario, rubric, replies, combined, pass_mark, end)
    total = points_text(combined.total)
    verdict = (say(lang, "verdict.line", head=say(lang, "verdict.not_passed"), why=why[0]) if why else
               say(lang, "verdict.line", head=say(lang, "verdict.passed"),
                   why=say(lang, "verdict.passed_line", total=total)))
    answers = {step: fill(scenario.step(step).model_answer, state.values)
               for step in dict.fromkeys(t.step for t in replies if t.step is not None)}
    models = {step: scorer.score(text, rubric, context) for step, text in answers.items()}
    return Scorecard(
        scenario_id=scenario.id, rubric_id=rubric.id, score=combined, total=combined.total,
        pass_mark=pass_mark, end_state=end, passed=not why, turns=len(replies), why_not_passed=why,
        criteria=[_card(rubric, cid, combined, replies, models, answers, lang) for cid in combined.criteria],
        language=lang, verdict=verdict,
        voice=[VoiceLine(**voice_line(n, t.text, lang, t.voice))
               for n, t in enumerate(replies, start=1) if t.voice is not None],
    )


def why_not_passed(scenario: Scenario, combined: ReplyScore, pass_mark: float, replies: int,
                   end: EndState | None) -> list[str]:
    """Why an attempt with this combined score and ending did not pass (empty: it passed)."""
    why: list[str] = []
    if not replies:
        why.append("no replies were given")
    if combined.total < pass_mark:
        why.append(f"score {combined.total:g} is below the pass mark {pass_mark:g}")
    if combined.critical_failure:
        why.append(f"critical criterion {combined.critical_failure!r} scored 0")
    if end not in scenario.success_ends:
        wanted = " or ".join(e.value for e in scenario.success_ends)
        why.append(f"the call ended {end.value}, not {wanted}" if end else
                   f"the call has not ended yet (it needs to end {wanted})")
    return why


def _why_not(scenario: Scenario, rubric: Rubric, replies: list[Turn], combined: ReplyScore, pass_mark: float,
             end: EndState | None) -> list[str]:
    """Why the attempt did not pass, in plain words in the scenario's language, most telling first:
    how the call ended (quoting the words that set it off), a critical slip, then the score."""
    lang = scenario.language
    why: list[str] = []
    if not replies:
        return [say(lang, "why.no_replies")]
    if end not in scenario.success_ends:
        trigger = _costly_words(rubric, replies[-1])
        if end is EndState.hung_up or end is EndState.escalated:
            key = f"why.{end.value}" + ("_after" if trigger else "")
            why.append(say(lang, key, quote=quote(lang, trigger)))
        elif end is EndState.timed_out:
            why.append(say(lang, "why.timed_out"))
        elif end is None:
            why.append(say(lang, "why.unfinished"))
        else:
            why.append(say(lang, "why.escalated"))
    if combined.critical_failure:
        cid = combined.critical_failure
        label = _words(rubric, cid, lang)[0]
        evidence = combined.criteria[cid].evidence
        why.append(say(lang, "why.critical_quote", quote=quote(lang, evidence[0].text), label=label) if evidence
                   else say(lang, "why.critical", label=label))
    if combined.total < pass_mark:
        why.append(say(lang, "why.low_score", total=points_text(combined.total), pass_mark=points_text(pass_mark)))
    return why


def points_text(value: float) -> str:
    """66.67 -> "66.7", 70.0 -> "70": one decimal at most, so 69.96 never reads as the pass mark."""
    return f"{int(value * 10) / 10:.1f}".removesuffix(".0")


def _costly_words(rubric: Rubric, reply: Turn) -> str:
    """The words in `reply` that cost it a whole criterion (a ruled-out phrase), critical ones first."""
    if reply.score is None:
        return ""
    critical = {c.id for c in rubric.criteria if c.critical}
    lost = sorted((r for r in reply.score.criteria.values() if r.graded and r.score == 0 and r.evidence),
                  key=lambda r: r.criterion_id not in critical)
    return lost[0].evidence[0].text if lost else ""


def _words(rubric: Rubric, cid: str, language: str) -> tuple[str, str, bool]:
    """Label, tip and whether it is critical, in `language`; the id when the rubric lacks it."""
    try:
        criterion = rubric.criterion(cid)
    except KeyError:
        return cid, "", False
    words = criterion.words(language)
    return words.label or cid, words.tip or "", criterion.critical


def _scope(rubric: Rubric, cid: str) -> str:
    try:
        return rubric.criterion(cid).scope
    except KeyError:
        return "call"


def _card(rubric: Rubric, cid: str, combined: ReplyScore, replies: list[Turn],
          models: dict[str, ReplyScore], answers: dict[str, str], language: str) -> CriterionCard:
    result = combined.criteria[cid]
    label, tip, critical = _words(rubric, cid, language)
    example = _example(cid, replies, models, _scope(rubric, cid) == "call")
    return CriterionCard(
        criterion_id=cid, label=label, points=result.score, max=result.max, weight=result.weight,
        critical=critical, graded_by=result.graded_by, evidence=list(result.evidence),
        reason=result.reason, tip=tip if result.graded and result.score < result.max else "",
        weakest_turn=example.turn if example else None,
        model_answer=answers.get(example.step or "", "") if example else "",
    )


def _example(cid: str, replies: list[Turn], models: dict[str, ReplyScore], call_level: bool) -> Turn | None:
    """The reply whose step's model answer beats it most on this criterion (earliest on ties), among
    the replies to steps about it (any reply for a criterion judged over the whole call)."""

    def points(score: ReplyScore | None) -> float:
        return score.criteria[cid].score if score is not None and cid in score.criteria else 0.0

    scored = [t for t in replies if t.step is not None and t.score is not None and cid in t.score.criteria
              and (call_level or t.score.counted is None or cid in t.score.counted)]
    return max(scored, key=lambda t: (points(models.get(t.step or "")) - points(t.score), -t.turn),
               default=None)

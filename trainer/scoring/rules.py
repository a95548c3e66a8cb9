"""The offline rule scorer: every criterion kind scored from the reply's words, with no model.

Deterministic and explainable: each criterion returns its points, the spans of the reply that earned
(or cost) them and a reason in plain words, including the matches it did not count (negated or
quoted) so that a trainer can defend the score. It never raises on any text: binary noise, emoji,
mixed scripts and very long replies are scored like any other reply.

A phrase list or built-in word list matches in the reply's language (`context.language`); a criterion
with no phrases for that language is reported as not graded, and left out of the total, rather than
silently scored 0.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from trainer.matching.patterns import pattern_problems, search
from trainer.matching.phrases import Hit, PhraseMatcher, PhraseSet, Reply, hits_of, matcher
from trainer.messages import quote, say
from trainer.scenario.schema import (
    DEFAULT_PASS_MARK,
    Criterion,
    ForbiddenCriterion,
    LengthCriterion,
    LLMCriterion,
    MustAskCriterion,
    NextStepCriterion,
    PhrasesCriterion,
    RegexCriterion,
    ResponseTimeCriterion,
    Rubric,
    UsesNameCriterion,
)
from trainer.scoring import lexicon, voice
from trainer.scoring.results import CriterionResult, ReplyContext, ReplyScore, built_result, weighted_total

MAX_EVIDENCE = 5
MAX_CHARS = 20_000

Outcome = tuple[float, list[Hit], str, str]  # points, evidence, reason, graded_by
Spans = list[list[tuple[int, int]] | None]  # per phrase list of a plan, the spans it matched (None: none)


def _ignored_note(hits: list[Hit], lang: str) -> str:
    skipped = [h for h in hits if h.ignored]
    if not skipped:
        return ""
    parts = [f"{quote(lang, h.text)} ({say(lang, f'ignored.{h.ignored}')})" for h in skipped[:3]]
    return say(lang, "not_counted", items=", ".join(parts))


def _evidence(hits: list[Hit] | list[dict[str, object]]) -> list[Hit] | list[dict[str, object]]:
    """At most `MAX_EVIDENCE` of a criterion's hits (each place once), or its moments of a spoken reply
    (trainer/scoring/voice.py), as they are; `evidence_dict` gives each as the result's evidence."""
    if len(hits) == 1:
        return hits
    if len(hits) == 2:  # the usual pair: two places
        a, b = hits
        if type(a) is Hit and type(b) is Hit and (a[0] != b[0] or a[1] != b[1]):
            return hits
    seen: set[tuple[int, int]] = set()
    out: list = []  # type: ignore[type-arg]
    for h in hits:
        if isinstance(h, dict):
            if len(out) < MAX_EVIDENCE:
                out.append(h)
        elif (h.start, h.end) not in seen and len(out) < MAX_EVIDENCE:
            seen.add((h.start, h.end))
            out.append(h)
    return out


def evidence_dict(e: Hit | dict[str, object]) -> dict[str, object]:
    """One item of a row's evidence as a result's evidence: a hit's place and words in the reply."""
    return {"start": e[0], "end": e[1], "text": e[2]} if type(e) is Hit else dict(e)  # type: ignore[index]


# --------------------------------------------------------------------------------------------------
# One function per criterion kind. Each gets the criterion, what `_bind` compiled for it in the
# reply's language, the prepared reply, the context and the reply's `Spans` (every phrase list of the
# plan matched in one pass, `PhraseSet.spans`; `hits_of(reply, spans[slot])` gives one list's hits).


def _phrases(c: PhrasesCriterion, levels: list[tuple[int, int]], reply: Reply, ctx: ReplyContext,
             spans: Spans) -> Outcome:
    lang = reply.language
    if not levels:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    best, best_hits, skipped = 0, [], []
    for points, slot in levels:
        if points <= best:
            break
        hits = hits_of(reply, spans[slot])
        if not hits:
            continue
        if reply.guarded:
            ignored = [h for h in hits if h.ignored]
            if ignored:
                skipped.extend(ignored)
                hits = [h for h in hits if not h.ignored]
                if not hits:
                    continue
        best, best_hits = points, hits
    note = ""
    if skipped:
        shown = {(b.start, b.end) for b in best_hits}
        note = _ignored_note([h for h in skipped if (h.start, h.end) not in shown], lang)
    if not best:
        return 0, [], say(lang, "phrases.none") + note, "rules"
    return best, best_hits, _earns(lang, best_hits[0].text, best, levels[0][0], c.max_points) + note, "rules"


@lru_cache(maxsize=10_000)
def _earns(lang: str, words: str, points: int, top: int, most: int) -> str:
    """The reason matched words earn `points` of `most`, where the strongest phrases earn `top` (kept:
    the same words give the same reason)."""
    more = "" if points >= top else say(lang, "phrases.stronger", top=top)
    return say(lang, "phrases.earns", quote=quote(lang, words), points=points, max=most) + more


def _forbidden(c: ForbiddenCriterion, slot: int | None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    lang = reply.language
    if slot is None:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    hits = hits_of(reply, spans[slot])
    if not hits:
        return c.max_points, [], say(lang, "forbidden.clean"), "rules"
    if not reply.guarded:
        return 0, hits, _used(lang, hits[0].text), "rules"
    used = [h for h in hits if not h.ignored]
    note = _ignored_note(hits, lang)
    if used:
        return 0, used, _used(lang, used[0].text) + note, "rules"
    return c.max_points, [], say(lang, "forbidden.clean") + note, "rules"


@lru_cache(maxsize=10_000)
def _used(lang: str, words: str) -> str:
    """The reason a forbidden phrase costs the points (kept: the same words give the same reason)."""
    return say(lang, "forbidden.used", quote=quote(lang, words))


def _regex(c: RegexCriterion, bound: None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    if _refused(c.pattern):  # refused at load time; a rubric built in code is refused here
        return 0, [], say(reply.language, "regex.slow"), "ungraded"
    found = [Hit(m.start(), m.end(), m.group(), m.start(), m.end())
             for m in search(_compiled(c.pattern, c.ignore_case), reply.text)]
    if found:
        return (
            c.max_points,
            found,
            say(reply.language, "regex.match", quote=quote(reply.language, found[0].text)),
            "rules",
        )
    return 0, [], say(reply.language, "regex.none"), "rules"


@lru_cache(maxsize=512)
def _refused(pattern: str) -> bool:
    return bool(pattern_problems(pattern))


@lru_cache(maxsize=512)
def _compiled(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def _must_ask(c: MustAskCriterion, slot: int | None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    lang = reply.language
    if slot is None:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    hits = [h for h in hits_of(reply, spans[slot]) if h.ignored != "quoted"]
    asked = [h for h in hits if _in_question(reply, h)]
    if asked:
        return c.max_points, asked, say(lang, "ask.asked", quote=quote(lang, _sentence_text(reply, asked[0]))), "rules"
    if hits:
        return 0, hits, say(lang, "ask.mentions", quote=quote(lang, hits[0].text)), "rules"
    return 0, [], say(lang, "ask.none"), "rules"


def _sentence_index(reply: Reply, norm_pos: int) -> int:
    return max(0, bisect_right(reply.sentence_starts, norm_pos) - 1)


def _sentence_of(reply: Reply, hit: Hit) -> tuple[int, int]:
    sentences = reply.sentences
    return sentences[_sentence_index(reply, hit.norm_start)] if sentences else (hit.norm_start, hit.norm_end)


def _sentence_text(reply: Reply, hit: Hit) -> str:
    return reply.doc.quote(*_sentence_of(reply, hit))


def _in_question(reply: Reply, hit: Hit) -> bool:
    start, end = _sentence_of(reply, hit)
    doc = reply.doc
    first, last = doc.token_at(start), doc.token_at(end - 1)
    words = doc.tokens[first: last + 1]
    if "?" in words:
        return True
    if reply.language == "en":
        return bool(words) and words[0] in lexicon.QUESTION_OPENERS
    if reply.language == "fa":
        return any(w in lexicon.FA_QUESTION_WORDS for w in words)
    text = "".join(words)
    return any(mark in text for mark in lexicon.ZH_QUESTION_MARKS)


def _uses_name(c: UsesNameCriterion, slot: int, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    if not any(n.strip() for n in ctx.customer_names):
        return 0, [], say(reply.language, "name.unknown"), "ungraded"
    hits = [h for h in hits_of(reply, spans[slot]) if h.ignored != "quoted"]
    if hits:
        return c.max_points, hits, say(reply.language, "name.used", quote=quote(reply.language, hits[0].text)), "rules"
    return 0, [], say(reply.language, "name.none"), "rules"


def _next_step(c: NextStepCriterion, slots: tuple[int, int], reply: Reply, ctx: ReplyContext,
               spans: Spans) -> Outcome:
    lang = reply.language
    commits = [h for h in hits_of(reply, spans[slots[0]]) if not h.ignored]
    if not commits:
        return 0, [], say(lang, "next.none"), "rules"
    times: dict[int, Hit] = {}
    for t in hits_of(reply, spans[slots[1]]):
        if not t.ignored:
            times.setdefault(_sentence_index(reply, t.norm_start), t)
    for commit in commits:
        timed = times.get(_sentence_index(reply, commit.norm_start))
        if timed is not None:
            return c.max_points, [commit, timed], _next_reason(lang, commit.text, timed.text, 0), "rules"
    return c.max_points // 2, commits[:1], _next_reason(lang, commits[0].text, None, c.max_points), "rules"


@lru_cache(maxsize=10_000)
def _next_reason(lang: str, action: str, time: str | None, top: int) -> str:
    """The reason for a next step, with (or, out of `top` points, without) its time (kept: the same
    words give the same reason)."""
    if time is not None:
        return say(lang, "next.timed", action=quote(lang, action), time=quote(lang, time))
    return say(lang, "next.untimed", action=quote(lang, action), max=top)


_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str, language: str) -> int:
    """Words for space-separated scripts; in Chinese two characters count as a word."""
    if language == "zh":
        han = len(_HAN.findall(text))
        others = len(_WORDS.findall(_HAN.sub(" ", text)))
        return math.ceil(han / 2) + others
    return len(_WORDS.findall(text))


def _length(c: LengthCriterion, bound: None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    return length_of(c, reply.text, reply.language)


def length_of(c: LengthCriterion, text: str, language: str) -> Outcome:
    n = word_count(text, language)
    count = say(language, "length.words_zh" if language == "zh" else "length.words", n=n)
    bounds = {"count": count, "low": c.min_words, "high": c.max_words}
    if c.min_words <= n <= c.max_words:
        return c.max_points, [], say(language, "length.within", **bounds), "rules"
    return 0, [], say(language, "length.short" if n < c.min_words else "length.long", **bounds), "rules"


def _response_time(c: ResponseTimeCriterion, bound: None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    seconds, target, lang = ctx.response_seconds, ctx.response_target, reply.language
    if seconds is None or target is None:
        return 0, [], say(lang, "time.unknown"), "ungraded"
    if seconds <= target:
        return c.max_points, [], say(lang, "time.within", seconds=seconds, target=target), "rules"
    if seconds <= 2 * target:
        return c.max_points // 2, [], say(lang, "time.over", seconds=seconds, target=target), "rules"
    return 0, [], say(lang, "time.far", seconds=seconds, target=target), "rules"


def _llm(c: LLMCriterion, bound: None, reply: Reply, ctx: ReplyContext, spans: Spans) -> Outcome:
    return 0, [], say(reply.language, "llm.offline"), "ungraded"


def _without_plan(score: Callable[..., Outcome]) -> Callable[..., Outcome]:
    """A kind scored from the reply's timing, not from the plan's phrase lists (trainer/scoring/voice.py)."""
    def run(c: Criterion, bound: object, reply: Reply, ctx: ReplyContext, spans: object) -> Outcome:
        return score(c, reply, ctx)
    return run


KINDS: dict[type, Callable[..., Outcome]] = {
    PhrasesCriterion: _phrases,
    ForbiddenCriterion: _forbidden,
    RegexCriterion: _regex,
    MustAskCriterion: _must_ask,
    UsesNameCriterion: _uses_name,
    NextStepCriterion: _next_step,
    LengthCriterion: _length,
    ResponseTimeCriterion: _response_time,
    LLMCriterion: _llm,
    **{kind: _without_plan(score) for kind, score in voice.KINDS.items()},
}


def assessed(c: Criterion, context: ReplyContext) -> bool:
    """Whether the rules score `c` on this reply: not an `only_with_model` criterion (the judge's, when
    there is one), not a voice criterion on a reply that was not spoken, and not a hold criterion on a
    reply that does not end a hold."""
    hold = context.hold
    return _assessed(c, context.voice is not None, hold is not None and hold.held_seconds is not None)


def _assessed(c: Criterion, spoken: bool, hold_ended: bool) -> bool:
    """`assessed` on a reply that is spoken or not, and ends a hold or not."""
    if getattr(c, "only_with_model", False):
        return False
    if c.assessed_on == "hold":
        return hold_ended
    return c.assessed_on != "voice" or spoken


# --------------------------------------------------------------------------------------------------
# A rubric compiled for one language


class _Slots:
    """The phrase lists a plan matches, each once: (matcher, with the customer's names)."""

    def __init__(self) -> None:
        self.slots: list[tuple[PhraseMatcher, bool]] = []
        self._index: dict[tuple[int, bool], int] = {}

    def __call__(self, m: PhraseMatcher, named: bool) -> int:
        key = (id(m), named and bool(m._named))
        if key not in self._index:
            self._index[key] = len(self.slots)
            self.slots.append((m, key[1]))
        return self._index[key]


def _bind(c: Criterion, language: str, slot: _Slots) -> object:
    """What scoring `c` in `language` needs compiled: the phrase lists (as slots of the plan)."""
    if isinstance(c, PhrasesCriterion):
        levels = sorted(((lv.points, matcher(tuple(lv.phrases.get(language) or ()), language)) for lv in c.levels),
                        key=lambda lv: -lv[0])
        return [(points, slot(m, True)) for points, m in levels if not m.empty]
    if isinstance(c, ForbiddenCriterion | MustAskCriterion):
        phrases = c.phrases.get(language)
        return slot(matcher(tuple(phrases), language), True) if phrases else None
    if isinstance(c, NextStepCriterion):
        return (slot(matcher(tuple(lexicon.COMMIT[language]), language), False),
                slot(matcher(tuple(lexicon.TIME[language]), language), False))
    if isinstance(c, UsesNameCriterion):
        return slot(matcher(("{name}",), language), True)
    return None


#: one criterion's result as plain data: the criterion, points, evidence (hits or moments, see
#: `evidence_dict`), reason, graded_by
Row = tuple[Criterion, float, Sequence[Hit | dict[str, object]], str, str]


class IdleRow(tuple):  # type: ignore[type-arg]
    """The row of a criterion that found nothing: the same object for every such reply of a plan,
    hashed by identity (a writer can keep what it made of it)."""

    __slots__ = ()
    __hash__ = object.__hash__


class Plain(NamedTuple):
    """A reply's score as plain data, in the rubric's order (what `ReplyScore` is built from)."""

    rows: list[Row]
    total: float
    passed: bool
    critical_failure: str | None


_new_plain = tuple.__new__  # a `Plain` without the generated constructor's argument handling


class _Plan:
    """A list of criteria compiled for one language: each criterion's function with its compiled
    phrase lists, and every phrase list in one `PhraseSet` (matched in a single pass per reply)."""

    def __init__(self, criteria: tuple[Criterion, ...], language: str, pass_mark: float | None = None):
        self.criteria = criteria
        self.language = language
        slot = _Slots()
        bound = [_bind(c, language, slot) for c in criteria]
        self.phrases = PhraseSet(slot.slots, language)
        nothing: Spans = [None] * len(slot.slots)  # every list matched nothing
        self.items = []
        for c, b in zip(criteria, bound, strict=True):
            kind = KINDS[type(c)]
            slots = _slots_of(b)
            idle = None
            if slots is not None and not isinstance(c, UsesNameCriterion):
                # what the criterion gives when none of its phrase lists matched: the same every time
                points, _, reason, graded_by = kind(c, b, Reply("", language), ReplyContext(language=language), nothing)
                row = IdleRow((c, float(points), (), reason, graded_by))
                # with what it adds to the total (None: ungraded), computed as `run` would
                idle = (row, None if graded_by == "ungraded" else c.weight * row[1] / c.max_points)
            self.items.append((c, kind, b, isinstance(c, LengthCriterion), isinstance(c, ResponseTimeCriterion),
                               c.weight, c.max_points, slots or (), idle))
        # the items scored on each kind of reply, by (spoken, ends a hold): a typed reply pays nothing for
        # the voice and hold criteria; `assessed` decides, once per kind
        self.by_kind = {(spoken, hold_ended): [item for item in self.items if _assessed(item[0], spoken, hold_ended)]
                        for spoken in (False, True) for hold_ended in (False, True)}
        # where the critical criteria are in each of those lists, in the rubric's order
        self.critical_at = {key: [k for k, item in enumerate(items) if item[0].critical]
                            for key, items in self.by_kind.items()}
        self.pass_mark = DEFAULT_PASS_MARK if pass_mark is None else pass_mark

    def run(self, reply: Reply, context: ReplyContext, note: str = "", full_text: str | None = None) -> Plain:
        """Score a prepared reply. `note` is added to every graded reason (a cut reply says so);
        `full_text` is the whole reply when `reply` holds only its beginning (its length still counts).
        The rows are read-only: a criterion with nothing found shares its row between replies."""
        spans = self.phrases.spans(reply, tuple(context.customer_names))
        found = set(compress(range(len(spans)), spans))  # the lists that matched
        rows: list[Row] = []
        weight = earned = 0.0
        hold = context.hold
        key = (context.voice is not None, hold is not None and hold.held_seconds is not None)
        for c, kind, bound, is_length, is_time, w, top, slots, idle in self.by_kind[key]:
            if idle is not None and not note and found.isdisjoint(slots):
                row, adds = idle
                rows.append(row)
                if adds is not None:
                    weight += w
                    earned += adds
                continue
            if is_length and full_text is not None and len(full_text) > len(reply.text):
                points, hits, reason, graded_by = length_of(c, full_text, reply.language)  # type: ignore[arg-type]
            else:
                points, hits, reason, graded_by = kind(c, bound, reply, context, spans)
                if note and graded_by != "ungraded" and not is_time:
                    reason += note
            points = float(points)
            rows.append((c, points, _evidence(hits) if hits else (), reason, graded_by))
            if graded_by != "ungraded":
                weight += w
                earned += w * points / top
        # the same arithmetic as `weighted_total`, in the same order
        total = round(100 * earned / weight, 2) if weight else 0.0
        critical = None
        for k in self.critical_at[key]:  # in the rubric's order; a criterion left out of this reply has no row
            row = rows[k]
            if row[4] != "ungraded" and row[1] <= 0:
                critical = row[0].id
                break
        return _new_plain(Plain, (rows, total, bool(weight) and total >= self.pass_mark and critical is None, critical))


def _slots_of(bound: object) -> tuple[int, ...] | None:
    """The plan slots a criterion reads (None: it reads none; its result depends on other things)."""
    if isinstance(bound, int):
        return (bound,)
    if isinstance(bound, tuple):
        return bound
    if isinstance(bound, list):
        return tuple(slot for _, slot in bound)
    return None


_PLANS: dict[tuple[int, str], tuple[Rubric, list[Criterion], _Plan]] = {}


def plan_for(rubric: Rubric, language: str) -> _Plan:
    """The rubric compiled for `language`, built once and kept (a rubric is never changed in place:
    an edit loads a new one)."""
    got = _PLANS.get((id(rubric), language))
    if got is not None and got[0] is rubric and got[1] is rubric.criteria:
        return got[2]
    criteria = tuple(c for c in rubric.criteria if not getattr(c, "only_with_model", False))
    plan = _Plan(criteria, language, rubric.pass_mark)
    if len(_PLANS) > 1024:
        _PLANS.clear()
    _PLANS[(id(rubric), language)] = (rubric, rubric.criteria, plan)  # holding `rubric` keeps its id from being reused
    return plan


def prepare(rubric: Rubric, language: str) -> None:
    """Compile now every phrase list that scoring a reply in `language` with `rubric` uses, so the
    first reply of a call does not wait for it (the compiled lists are shared and kept; the regular
    expression for a first word and the word after it is compiled when a reply first has them, well
    under a millisecond a reply)."""
    plan_for(rubric, language)


# --------------------------------------------------------------------------------------------------


class RuleScorer:
    """`Scorer` with no model: phrase lists, patterns and counts. Stateless and thread-safe.

    Only the first `max_chars` characters of a reply are read (a chat or e-mail reply is far
    shorter; this bounds the time a pasted novel or binary junk can take), and the reasons say so.
    Length is still counted over the whole reply."""

    def __init__(self, max_chars: int = MAX_CHARS):
        self.max_chars = max_chars

    def score(self, reply: str, rubric: Rubric, context: ReplyContext) -> ReplyScore:
        plain = self.plain(reply, rubric, context)
        results = {c.id: built_result({"criterion_id": c.id, "score": score, "max": c.max_points,
                                       "weight": c.weight, "evidence": [evidence_dict(e) for e in evidence],
                                       "reason": reason, "graded_by": graded_by})
                   for c, score, evidence, reason, graded_by in plain.rows}  # our own data: no validation
        return ReplyScore(rubric_id=rubric.id, criteria=results, total=plain.total, passed=plain.passed,
                          critical_failure=plain.critical_failure)

    def plain(self, reply: str, rubric: Rubric, context: ReplyContext) -> Plain:
        """The score as plain data, for callers that write it out straight away (the batch CLI)."""
        language = context.language
        if len(reply) > self.max_chars:
            note = say(language, "cut", read=self.max_chars, total=len(reply))
            return plan_for(rubric, language).run(Reply(reply[: self.max_chars], language), context, note, reply)
        return plan_for(rubric, language).run(Reply(reply, language), context)

    def criterion(self, c: Criterion, reply: Reply, context: ReplyContext) -> CriterionResult:
        """One criterion on a prepared reply."""
        _, score, evidence, reason, graded_by = _Plan((c,), reply.language).run(reply, context).rows[0]
        return CriterionResult(criterion_id=c.id, score=score, max=c.max_points, weight=c.weight,
                               evidence=[evidence_dict(e) for e in evidence], reason=reason, graded_by=graded_by)


def finish(rubric: Rubric, results: dict[str, CriterionResult]) -> ReplyScore:
    """Total, critical failure and pass/fail from per-criterion results (shared with `aggregate`)."""
    total = weighted_total(results)
    critical = next((c.id for c in rubric.criteria
                     if c.critical and c.id in results and results[c.id].graded and results[c.id].score <= 0),
                    None)
    pass_mark = DEFAULT_PASS_MARK if rubric.pass_mark is None else rubric.pass_mark
    graded = any(r.graded for r in results.values())
    return ReplyScore(rubric_id=rubric.id, criteria=results, total=total,
                      passed=graded and total >= pass_mark and critical is None, critical_failure=critical)

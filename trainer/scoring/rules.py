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
from collections.abc import Callable
from functools import lru_cache

from pydantic import TypeAdapter

from trainer.messages import quote, say
from trainer.scenario.schema import (
    DEFAULT_PASS_MARK,
    Criterion,
    FillerWordsCriterion,
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
from trainer.scoring.patterns import pattern_problems, search
from trainer.scoring.phrases import Hit, PhraseMatcher, Reply, matcher
from trainer.scoring.results import CriterionResult, ReplyContext, ReplyScore, weighted_total

MAX_EVIDENCE = 5
MAX_CHARS = 20_000

Outcome = tuple[float, list[Hit], str, str]  # points, evidence, reason, graded_by


def _ignored_note(hits: list[Hit], lang: str) -> str:
    skipped = [h for h in hits if h.ignored]
    if not skipped:
        return ""
    parts = [f"{quote(lang, h.text)} ({say(lang, f'ignored.{h.ignored}')})" for h in skipped[:3]]
    return say(lang, "not_counted", items=", ".join(parts))


def _evidence(hits: list[Hit] | list[dict[str, object]]) -> list[dict[str, object]]:
    seen: set[tuple[int, int]] = set()
    out: list[dict[str, object]] = []
    for h in hits:
        if isinstance(h, dict):  # a moment of a spoken reply (trainer/scoring/voice.py)
            if len(out) < MAX_EVIDENCE:
                out.append(h)
        elif (h.start, h.end) not in seen and len(out) < MAX_EVIDENCE:
            seen.add((h.start, h.end))
            out.append({"start": h.start, "end": h.end, "text": h.text})
    return out


# --------------------------------------------------------------------------------------------------
# One function per criterion kind


_LEVELS: dict[tuple[int, str], tuple[PhrasesCriterion, list[tuple[int, PhraseMatcher]]]] = {}


def _levels(c: PhrasesCriterion, language: str) -> list[tuple[int, PhraseMatcher]]:
    """The criterion's levels with phrases in `language`, best first, compiled once per criterion."""
    got = _LEVELS.get((id(c), language))
    if got is not None and got[0] is c:
        return got[1]
    levels = sorted(((lv.points, matcher(tuple(lv.phrases.get(language) or ()), language)) for lv in c.levels),
                    key=lambda lv: -lv[0])
    levels = [(points, m) for points, m in levels if not m.empty]
    if len(_LEVELS) > 2048:
        _LEVELS.clear()
    _LEVELS[(id(c), language)] = (c, levels)  # holding `c` keeps its id from being reused
    return levels


def _phrases(c: PhrasesCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    levels = _levels(c, reply.language)
    if not levels:
        return 0, [], say(reply.language, "no_phrases", lang=reply.language), "ungraded"
    lang = reply.language
    best, best_hits, every = 0, [], []
    names = tuple(ctx.customer_names)
    for points, found in levels:
        if points <= best:
            break
        hits = found.find(reply, names)
        every.extend(hits)
        counted = [h for h in hits if not h.ignored]
        if counted and points > best:
            best, best_hits = points, counted
    shown = {(b.start, b.end) for b in best_hits}
    note = _ignored_note([h for h in every if (h.start, h.end) not in shown], lang)
    if not best:
        return 0, [], say(lang, "phrases.none") + note, "rules"
    top = levels[0][0]
    more = "" if best >= top else say(lang, "phrases.stronger", top=top)
    earns = say(lang, "phrases.earns", quote=quote(lang, best_hits[0].text), points=best, max=c.max_points)
    return best, best_hits, earns + more + note, "rules"


def _forbidden(c: ForbiddenCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    lang = reply.language
    phrases = c.phrases.get(lang) or []
    if not phrases:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    hits = matcher(tuple(phrases), lang).find(reply, tuple(ctx.customer_names))
    used = [h for h in hits if not h.ignored]
    note = _ignored_note(hits, lang)
    if used:
        return 0, used, say(lang, "forbidden.used", quote=quote(lang, used[0].text)) + note, "rules"
    return c.max_points, [], say(lang, "forbidden.clean") + note, "rules"


def _regex(c: RegexCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    if _refused(c.pattern):  # refused at load time; a rubric built in code is refused here
        return 0, [], say(reply.language, "regex.slow"), "ungraded"
    found = [Hit(m.start(), m.end(), m.group(), m.start(), m.end())
             for m in search(_compiled(c.pattern, c.ignore_case), reply.text)]
    if found:
        return c.max_points, found, say(reply.language, "regex.match", quote=quote(reply.language, found[0].text)), "rules"
    return 0, [], say(reply.language, "regex.none"), "rules"


@lru_cache(maxsize=512)
def _refused(pattern: str) -> bool:
    return bool(pattern_problems(pattern))


@lru_cache(maxsize=512)
def _compiled(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def _must_ask(c: MustAskCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    lang = reply.language
    phrases = c.phrases.get(lang) or []
    if not phrases:
        return 0, [], say(lang, "no_phrases", lang=lang), "ungraded"
    hits = [h for h in matcher(tuple(phrases), lang).find(reply, tuple(ctx.customer_names))
            if h.ignored != "quoted"]
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


def _uses_name(c: UsesNameCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    names = tuple(n for n in ctx.customer_names if n.strip())
    if not names:
        return 0, [], say(reply.language, "name.unknown"), "ungraded"
    hits = [h for h in matcher(("{name}",), reply.language).find(reply, names) if h.ignored != "quoted"]
    if hits:
        return c.max_points, hits, say(reply.language, "name.used", quote=quote(reply.language, hits[0].text)), "rules"
    return 0, [], say(reply.language, "name.none"), "rules"


def _next_step(c: NextStepCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    lang = reply.language
    commits = [h for h in matcher(tuple(lexicon.COMMIT[lang]), lang).find(reply) if not h.ignored]
    if not commits:
        return 0, [], say(lang, "next.none"), "rules"
    times: dict[int, Hit] = {}
    for t in matcher(tuple(lexicon.TIME[lang]), lang).find(reply):
        if not t.ignored:
            times.setdefault(_sentence_index(reply, t.norm_start), t)
    for commit in commits:
        timed = times.get(_sentence_index(reply, commit.norm_start))
        if timed is not None:
            return (c.max_points, [commit, timed], say(lang, "next.timed", action=quote(lang, commit.text),
                                                       time=quote(lang, timed.text)), "rules")
    return (c.max_points // 2, commits[:1],
            say(lang, "next.untimed", action=quote(lang, commits[0].text), max=c.max_points), "rules")


_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def word_count(text: str, language: str) -> int:
    """Words for space-separated scripts; in Chinese two characters count as a word."""
    if language == "zh":
        han = len(_HAN.findall(text))
        others = len(_WORDS.findall(_HAN.sub(" ", text)))
        return math.ceil(han / 2) + others
    return len(_WORDS.findall(text))


def _length(c: LengthCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    return length_of(c, reply.text, reply.language)


def length_of(c: LengthCriterion, text: str, language: str) -> Outcome:
    n = word_count(text, language)
    count = say(language, "length.words_zh" if language == "zh" else "length.words", n=n)
    bounds = {"count": count, "low": c.min_words, "high": c.max_words}
    if c.min_words <= n <= c.max_words:
        return c.max_points, [], say(language, "length.within", **bounds), "rules"
    return 0, [], say(language, "length.short" if n < c.min_words else "length.long", **bounds), "rules"


def _response_time(c: ResponseTimeCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    seconds, target, lang = ctx.response_seconds, ctx.response_target, reply.language
    if seconds is None or target is None:
        return 0, [], say(lang, "time.unknown"), "ungraded"
    if seconds <= target:
        return c.max_points, [], say(lang, "time.within", seconds=seconds, target=target), "rules"
    if seconds <= 2 * target:
        return c.max_points // 2, [], say(lang, "time.over", seconds=seconds, target=target), "rules"
    return 0, [], say(lang, "time.far", seconds=seconds, target=target), "rules"


def _llm(c: LLMCriterion, reply: Reply, ctx: ReplyContext) -> Outcome:
    return 0, [], say(reply.language, "llm.offline"), "ungraded"


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
    **voice.KINDS,
}


def assessed(c: Criterion, context: ReplyContext) -> bool:
    """Whether the rules score `c` on this reply: not an `only_with_model` criterion (the judge's, when
    there is one), not a voice criterion on a reply that was not spoken, and not a hold criterion on a
    reply that does not end a hold."""
    if getattr(c, "only_with_model", False):
        return False
    if c.assessed_on == "hold":
        return context.hold is not None and context.hold.held_seconds is not None
    return c.assessed_on != "voice" or context.voice is not None


def prepare(rubric: Rubric, language: str) -> None:
    """Compile now every phrase list that scoring a reply in `language` with `rubric` uses, so the
    first reply of a call does not wait for it (the compiled lists are shared and kept)."""
    for c in rubric.criteria:
        if isinstance(c, PhrasesCriterion):
            _levels(c, language)
        elif isinstance(c, ForbiddenCriterion | MustAskCriterion) and c.phrases.get(language):
            matcher(tuple(c.phrases[language]), language)
        elif isinstance(c, NextStepCriterion):
            matcher(tuple(lexicon.COMMIT[language]), language)
            matcher(tuple(lexicon.TIME[language]), language)
        elif isinstance(c, UsesNameCriterion):
            matcher(("{name}",), language)
        elif isinstance(c, FillerWordsCriterion) and lexicon.FILLERS.get(language):
            matcher(tuple(lexicon.FILLERS[language]) + tuple(c.phrases.get(language) or ()), language)


# --------------------------------------------------------------------------------------------------


class RuleScorer:
    """`Scorer` with no model: phrase lists, patterns and counts. Stateless and thread-safe.

    Only the first `max_chars` characters of a reply are read (a chat or e-mail reply is far
    shorter; this bounds the time a pasted novel or binary junk can take), and the reasons say so.
    Length is still counted over the whole reply."""

    def __init__(self, max_chars: int = MAX_CHARS):
        self.max_chars = max_chars

    def score(self, reply: str, rubric: Rubric, context: ReplyContext) -> ReplyScore:
        cut = len(reply) > self.max_chars
        prepared = Reply(reply[: self.max_chars] if cut else reply, context.language)
        note = say(context.language, "cut", read=self.max_chars, total=len(reply)) if cut else ""
        raw = {c.id: self._raw(c, prepared, context, note, reply) for c in rubric.criteria
               if assessed(c, context)}
        return finish(rubric, _RESULTS.validate_python(raw))  # one validation for every criterion

    def criterion(self, c: Criterion, reply: Reply, context: ReplyContext) -> CriterionResult:
        """One criterion on a prepared reply."""
        return CriterionResult.model_validate(self._raw(c, reply, context))

    def _raw(self, c: Criterion, reply: Reply, context: ReplyContext, note: str = "",
             full_text: str | None = None) -> dict[str, object]:
        if isinstance(c, LengthCriterion) and full_text is not None and len(full_text) > len(reply.text):
            points, hits, reason, graded_by = length_of(c, full_text, reply.language)
        else:
            points, hits, reason, graded_by = KINDS[type(c)](c, reply, context)
            if note and graded_by != "ungraded" and not isinstance(c, ResponseTimeCriterion):
                reason += note
        return {"criterion_id": c.id, "score": float(points), "max": c.max_points, "weight": c.weight,
                "evidence": _evidence(hits), "reason": reason, "graded_by": graded_by}


_RESULTS = TypeAdapter(dict[str, CriterionResult])


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

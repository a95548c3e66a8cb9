"""Phrase lists, compiled once, matched with negation and quotation guards.

The phrase syntax a rubric author writes (nothing else is special; every other character is literal,
so a phrase list can never inject a regular expression):

    i am sorry            words, normalised like the reply (`text.py`), matched on word boundaries
                          in English and Persian and anywhere in Chinese (spaces do not matter)
    apolog*               a word beginning with `apolog` (English and Persian only)
    sorry for the (delay|wait|trouble)   one of the alternatives (each may be several words);
                          `(send|book)*` is a word beginning with one of them
    we will ... by        a gap of up to 6 words (Chinese: 12 characters) within one sentence
    within # hours        `#` is a number: 2, 24, 5:30, 12/3, 5pm; in Chinese also 三, 两, 十二
    thank you {name}      `{name}` is one of the customer's names given to the scorer

A comma in the reply between two words of a phrase does not stop the match; the end of a sentence
does. A match does not count when it is negated (`I'm not sorry`, `不是很理解`, `متأسف نیستم`) or
inside quotation marks (`you said 'sorry' is not enough`); the scorer reports it as ignored, so a
trainer can see why no points were given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from trainer.scoring.text import CLAUSE_BREAKS, SENTENCE_ENDS, Normalised, normalise, normalise_phrase

GAP_WORDS = 6
GAP_CHARS = 12
_NAME = "\x00NAME\x00"

_NUMBER = {
    "en": r"\d+(?:[:./,]\d+)*[^\W\d_]{0,3}",
    "fa": r"\d+(?:[:./,]\d+)*",
    "zh": r"(?:\d+(?:[:./]\d+)*|[零〇一二两三四五六七八九十百千半几]+)",
}
_SYNTAX = re.compile(r"\([^()]*\)\*?|\.\.\.|\S+")

# negators looked for in the (up to) three words before a match, within its clause
NEGATORS_BEFORE: dict[str, frozenset[str]] = {
    "en": frozenset({"not", "no", "never", "nothing", "without", "hardly", "nobody", "neither", "nor",
                     "none", "barely", "nowhere"}),
    "fa": frozenset({"نه", "بدون", "هرگز", "هیچ", "هیچوقت", "نباید"}),
    "zh": frozenset({"不", "没", "別", "别", "未", "无", "毫", "勿", "甭"}),
}
# words right after a match that negate it ("sorry not sorry", Persian copula after the adjective)
NEGATORS_AFTER: dict[str, frozenset[str]] = {
    "en": frozenset({"not"}),
    "fa": frozenset({"نیستم", "نیست", "نیستیم", "نیستید", "نیستند", "نیستی", "نبود", "نبودم",
                     "نبودیم", "نه", "نمیکنم", "نمیکنیم", "ندارم", "نداریم", "نیستش"}),
    "zh": frozenset(),
}
# a negator followed by one of these is not a negation: "not only", "don't hesitate", "no doubt"
_NOT_NEGATION_NEXT = frozenset({"only", "just", "hesitate", "doubt", "matter", "problem", "worries",
                                "worry", "wonder"})
_ZH_NOT_NEGATION = ("不好意思", "对不起", "不便", "不客气", "不胜", "不得不", "了不起", "不断",
                    "无论", "毫无疑问", "不用担心", "别担心", "不要担心", "别着急", "不要着急")

_QUOTES = re.compile(
    r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|„[^“\n]{1,400}“|«[^»\n]{1,400}»|「[^」]{1,400}」"
    r"|『[^』]{1,400}』|‘[^’\n]{1,400}’|(?<![\w'])'[^'\n]{1,400}?'(?![\w'])"
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One match: offsets and text in the original reply; `ignored` says why it does not count."""

    start: int
    end: int
    text: str
    norm_start: int
    norm_end: int
    ignored: str | None = None  # "negated" | "quoted"


class Reply:
    """A reply prepared once for every criterion: normalised text, quoted spans, sentences."""

    __slots__ = ("text", "language", "doc", "_quotes", "_sentences")

    def __init__(self, text: str, language: str):
        self.text = text
        self.language = language
        self.doc: Normalised = normalise(text, language)
        self._quotes: list[tuple[int, int]] | None = None
        self._sentences: list[tuple[int, int]] | None = None

    @property
    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            if any(q in self.text for q in "\"“„«「『‘'"):
                self._quotes = [m.span() for m in _QUOTES.finditer(self.text)]
            else:
                self._quotes = []
        return self._quotes

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Normalised [start, end) of each sentence, its end mark included."""
        if self._sentences is None:
            spans: list[tuple[int, int]] = []
            doc, start = self.doc, None
            for k, tok in enumerate(doc.tokens):
                if start is None:
                    start = doc.norm_starts[k]
                if tok in SENTENCE_ENDS:
                    spans.append((start, doc.norm_ends[k]))
                    start = None
            if start is not None:
                spans.append((start, len(doc.text)))
            self._sentences = spans
        return self._sentences

    def is_quoted(self, start: int, end: int) -> bool:
        return any(qs <= start and end <= qe for qs, qe in self.quotes)


# --------------------------------------------------------------------------------------------------
# Compiling


def _literal(words: str, language: str) -> str:
    norm = normalise_phrase(words, language)
    if language == "zh":
        return re.escape(norm.replace(",", ""))
    parts = [re.escape(t) for t in norm.split() if t != ","]
    return " (?:, )?".join(parts)


def _word(word: str, language: str) -> str:
    if word == "#":
        return _NUMBER[language]
    if word == "{name}":
        return _NAME
    if word.startswith("(") and word.endswith((")", ")*")) and len(word) > 2:
        star = word.endswith("*") and language != "zh"
        inner = word[1:-2] if word.endswith("*") else word[1:-1]
        alts = [a for a in (_literal(a, language) for a in inner.split("|")) if a]
        if not alts:
            return ""
        return "(?:" + "|".join(sorted(alts, key=len, reverse=True)) + ")" + (r"[^\W_]*" if star else "")
    if word.endswith("*") and len(word) > 1 and language != "zh":
        stem = _literal(word.rstrip("*"), language)
        return stem + r"[^\W_]*" if stem else ""
    return _literal(word.rstrip("*") if language == "zh" else word, language)


def compile_phrase(phrase: str, language: str) -> str:
    """Regex source for one phrase (see the module docstring); '' when nothing is left to match."""
    sep = ",?" if language == "zh" else " (?:, )?"
    gap = rf"[^.!?;:]{{0,{GAP_CHARS}}}?" if language == "zh" else rf" (?:[^ .!?;:]+ ){{0,{GAP_WORDS}}}"
    pieces: list[str] = []
    pending_gap = False
    for word in _SYNTAX.findall(phrase):
        if word == "...":
            pending_gap = bool(pieces)
            continue
        src = _word(word, language)
        if not src:
            continue
        if pieces:
            pieces.append(gap if pending_gap else sep)
        pieces.append(src)
        pending_gap = False
    return "".join(pieces)


class PhraseMatcher:
    """All phrases of one list in one language, compiled into one expression."""

    def __init__(self, phrases: Iterable[str], language: str):
        self.language = language
        sources = {compile_phrase(p, language) for p in phrases}
        sources.discard("")
        self._static = sorted((s for s in sources if _NAME not in s), key=len, reverse=True)
        self._named = sorted((s for s in sources if _NAME in s), key=len, reverse=True)
        self._regex = _combine(self._static, language) if self._static else None

    @property
    def empty(self) -> bool:
        return not self._static and not self._named

    def find(self, reply: Reply, names: tuple[str, ...] = ()) -> list[Hit]:
        hits: list[Hit] = []
        if self._regex is not None:
            hits.extend(self._hits(self._regex, reply))
        if self._named and names:
            regex = _named_regex(tuple(self._named), names, self.language)
            if regex is not None:
                hits.extend(self._hits(regex, reply))
        hits.sort(key=lambda h: (h.start, -h.end))
        return hits

    def _hits(self, regex: re.Pattern[str], reply: Reply) -> Iterable[Hit]:
        doc = reply.doc
        for m in regex.finditer(doc.text):
            ns, ne = m.span()
            if ne <= ns:
                continue
            start, end = doc.span(ns, ne)
            why = None
            if reply.is_quoted(start, end):
                why = "quoted"
            elif negated(doc, ns, ne):
                why = "negated"
            yield Hit(start, end, reply.text[start:end], ns, ne, why)


def _combine(sources: list[str], language: str) -> re.Pattern[str]:
    body = "|".join(sources)
    if language == "zh":
        return re.compile(f"(?:{body})")
    return re.compile(f"(?<![^ ])(?:{body})(?![^ ])")


@lru_cache(maxsize=1024)
def _named_regex(sources: tuple[str, ...], names: tuple[str, ...], language: str) -> re.Pattern[str] | None:
    alts = sorted({_literal(n, language) for n in names if n.strip()} - {""}, key=len, reverse=True)
    if not alts:
        return None
    name = "(?:" + "|".join(alts) + ")"
    return _combine([s.replace(_NAME, name) for s in sources], language)


@lru_cache(maxsize=4096)
def matcher(phrases: tuple[str, ...], language: str) -> PhraseMatcher:
    """A compiled matcher, shared by every criterion with the same phrase list."""
    return PhraseMatcher(phrases, language)


# --------------------------------------------------------------------------------------------------
# Guards


def negated(doc: Normalised, norm_start: int, norm_end: int) -> bool:
    tokens = doc.tokens
    first = doc.token_at(norm_start)
    last = doc.token_at(norm_end - 1)
    if doc.language == "zh":
        return _zh_negated(tokens, first)
    before = NEGATORS_BEFORE.get(doc.language, frozenset())
    for k in range(first - 1, max(-1, first - 4), -1):
        tok = tokens[k]
        if tok in CLAUSE_BREAKS or tok == ",":
            break
        if tok in before and not (k + 1 < len(tokens) and tokens[k + 1] in _NOT_NEGATION_NEXT):
            return True
    after = NEGATORS_AFTER.get(doc.language, frozenset())
    return last + 1 < len(tokens) and tokens[last + 1] in after


def _zh_negated(tokens: list[str], first: int) -> bool:
    for k in range(first - 1, max(-1, first - 4), -1):
        tok = tokens[k]
        if tok in CLAUSE_BREAKS or tok == ",":
            return False
        if tok in NEGATORS_BEFORE["zh"]:
            around = "".join(tokens[max(0, k - 2): k + 4])
            if not any(w in around for w in _ZH_NOT_NEGATION):
                return True
    return False

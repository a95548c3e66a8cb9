"""Phrase lists, compiled once, matched with negation and quotation guards.

The phrase syntax a rubric author writes (nothing else is special; every other character is literal,
so a phrase list can never inject a regular expression):

    i am sorry            words, normalised like the reply (`text.py`), matched on word boundaries
                          in English and Persian and anywhere in Chinese (spaces do not matter)
    apolog*               a word beginning with `apolog` (English and Persian only)
    sorry for the (delay|wait|trouble)   one of the alternatives (each may be several words);
                          `(send|book)*` is a word beginning with one of them; in English and
                          Persian a group stands alone as a word, in Chinese it may sit inside one
    i am (so|very)? sorry `(...)?` is optional: the phrase matches with or without it
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
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any, NamedTuple

from trainer.matching.text import CLAUSE_BREAKS, Normalised, normalise, normalise_phrase

GAP_WORDS = 6
GAP_CHARS = 12
_NAME = "\x00NAME\x00"

_NUMBER = {
    "en": r"\d+(?:[:./,]\d+)*[^\W\d_]{0,3}",
    "fa": r"\d+(?:[:./,]\d+)*",
    "zh": r"(?:\d+(?:[:./]\d+)*|[零〇一二两三四五六七八九十百千半几]+)",
}
# what every `#` match starts with: a quick test before looking for numbers at every token
_NUMBER_START = {
    "en": re.compile(r"\d"),
    "fa": re.compile(r"\d"),
    "zh": re.compile(r"[\d零〇一二两三四五六七八九十百千半几]"),
}
_SYNTAX = re.compile(r"\([^()]*\)\*?\??|\.\.\.|\S+")
_ZH_GROUP = re.compile(r"(\([^()]*\)\*?\??|#)")
MAX_VARIANTS = 64

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
# either: a reply with none of these has no negated match
_NO_WORDS: frozenset[str] = frozenset()
_NEGATORS = {language: NEGATORS_BEFORE[language] | NEGATORS_AFTER[language] for language in NEGATORS_BEFORE}
# a negator followed by one of these is not a negation: "not only", "don't hesitate", "no doubt"
_NOT_NEGATION_NEXT = frozenset({"only", "just", "hesitate", "doubt", "matter", "problem", "worries",
                                "worry", "wonder"})
_ZH_NOT_NEGATION = ("不好意思", "对不起", "不便", "不客气", "不胜", "不得不", "了不起", "不断",
                    "无论", "毫无疑问", "不用担心", "别担心", "不要担心", "别着急", "不要着急")

_QUOTES = re.compile(
    r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|„[^“\n]{1,400}“|«[^»\n]{1,400}»|「[^」]{1,400}」"
    r"|『[^』]{1,400}』|‘[^’\n]{1,400}’|(?<![\w'])'[^'\n]{1,400}?'(?![\w'])"
)


# a token that ends a sentence (`SENTENCE_ENDS`), in the normalised text
_SENTENCE_END = re.compile(r"(?<![^ ])[.!?](?![^ ])")
_ZH_SENTENCE_END = re.compile(r"[.!?]")
_QUOTE_MARK = re.compile("[\"“„«「『‘']")


class Hit(NamedTuple):
    """One match: offsets and text in the original reply; `ignored` says why it does not count."""

    start: int
    end: int
    text: str
    norm_start: int
    norm_end: int
    ignored: str | None = None  # "negated" | "quoted"


class Reply:
    """A reply prepared once for every criterion: normalised text, quoted spans, sentences."""

    __slots__ = ("text", "language", "doc", "_quotes", "_sentences", "_positions", "_starts", "_negatable")

    def __init__(self, text: str, language: str):
        self.text = text
        self.language = language
        self.doc: Normalised = normalise(text, language)
        self._quotes: list[tuple[int, int]] | None = None
        self._sentences: list[tuple[int, int]] | None = None
        self._positions: dict[str, list[int]] | None = None
        self._starts: list[int] | None = None
        self._negatable: bool | None = None

    @property
    def positions(self) -> dict[str, list[int]]:
        """Where each distinct token starts in the normalised text."""
        if self._positions is None:
            found: dict[str, list[int]] = {}
            for tok, pos in zip(self.doc.tokens, self.doc.norm_starts, strict=True):
                found.setdefault(tok, []).append(pos)
            self._positions = found
        return self._positions

    @property
    def negatable(self) -> bool:
        """Whether a negator is anywhere in the reply (without one, no match is negated)."""
        if self._negatable is None:
            self._negatable = not _NEGATORS.get(self.language, _NO_WORDS).isdisjoint(self.doc.tokens)
        return self._negatable

    @property
    def guarded(self) -> bool:
        """Whether a match in this reply may be ignored: it has a negator or a quotation."""
        negatable = self._negatable if self._negatable is not None else self.negatable
        return negatable or bool(self._quotes if self._quotes is not None else self.quotes)

    @property
    def quotes(self) -> list[tuple[int, int]]:
        if self._quotes is None:
            if _QUOTE_MARK.search(self.text):
                self._quotes = [m.span() for m in _QUOTES.finditer(self.text)]
            else:
                self._quotes = []
        return self._quotes

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Normalised [start, end) of each sentence, its end mark included."""
        if self._sentences is None:
            text = self.doc.text
            zh = self.language == "zh"  # there every character is a token; elsewhere tokens are spaced
            spans: list[tuple[int, int]] = []
            start = 0
            for m in (_ZH_SENTENCE_END if zh else _SENTENCE_END).finditer(text):
                spans.append((start, m.end()))
                start = m.end() if zh else m.end() + 1
            if start < len(text):
                spans.append((start, len(text)))
            self._sentences = spans
        return self._sentences

    @property
    def sentence_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [start for start, _ in self.sentences]
        return self._starts

    def is_quoted(self, start: int, end: int) -> bool:
        quotes = self.quotes
        if not quotes:
            return False
        k = bisect_right(quotes, (start, len(self.text) + 1)) - 1
        return k >= 0 and quotes[k][0] <= start and end <= quotes[k][1]


# --------------------------------------------------------------------------------------------------
# Compiling


@dataclass(frozen=True, slots=True)
class Compiled:
    """A phrase's regex source and the tokens it can start on, so matching tries it only there."""

    source: str
    first: frozenset[str] = frozenset()  # exact first tokens (Chinese: first characters)
    prefixes: frozenset[str] = frozenset()  # first token starts with one of these
    anywhere: bool = False  # starts with a number or a name: tried at every token
    # (first token, the token that must follow it, or None when any may) for each way it can start;
    # for a single word, the alternatives' tokens (`heads`) and whether it ends in `*`
    pairs: frozenset[tuple[str, str | None]] = frozenset()
    heads: tuple[tuple[str, ...], ...] = ()
    star: bool = False

    @property
    def named(self) -> bool:
        return _NAME in self.source


@lru_cache(maxsize=65_536)
def _tokens(words: str, language: str) -> tuple[str, ...]:
    norm = normalise_phrase(words, language)
    if language == "zh":
        return tuple(ch for ch in norm if ch != ",")
    return tuple(t for t in norm.split() if t != ",")


def _literal(words: str, language: str) -> str:
    toks = _tokens(words, language)
    return re.escape("".join(toks)) if language == "zh" else " (?:, )?".join(re.escape(t) for t in toks)


@lru_cache(maxsize=65_536)
def _word(word: str, language: str) -> Compiled:
    if word == "#":
        return Compiled(_NUMBER[language], anywhere=True)
    if word == "{name}":
        return Compiled(_NAME, anywhere=True)
    star = word.endswith("*") and len(word) > 1 and language != "zh"
    if word.startswith("(") and word.endswith((")", ")*")) and len(word) > 2:
        inner = word[1:-2] if word.endswith("*") else word[1:-1]
        alts = [toks for toks in (_tokens(a, language) for a in inner.split("|")) if toks]
    else:
        alts = [toks for toks in [_tokens(word.rstrip("*"), language)] if toks]
    if not alts:
        return Compiled("")
    join = "" if language == "zh" else " (?:, )?"
    sources = sorted({join.join(re.escape(t) for t in toks) for toks in alts}, key=len, reverse=True)
    source = "(?:" + "|".join(sources) + ")" + (r"[^\W_]*" if star else "")
    heads = tuple(tuple(toks) for toks in alts)
    if star:
        singles = frozenset(toks[0] for toks in alts if len(toks) == 1)
        return Compiled(source, frozenset(toks[0] for toks in alts if len(toks) > 1), singles, heads=heads, star=True)
    return Compiled(source, frozenset(toks[0] for toks in alts), heads=heads)


_PARENS = re.compile("[()]")


def phrase_problems(phrase: str, language: str) -> list[str]:
    """What is wrong with one phrase as written, each with its fix, for load-time checks (empty when
    nothing is). Everything reported here would otherwise be dropped, or taken literally, in silence."""
    if not phrase.strip():
        return ["the phrase is empty; write the words to look for, or remove it"]
    found: list[str] = []
    depth, deepest, negative = 0, 0, False
    for ch in _PARENS.findall(phrase):
        depth += 1 if ch == "(" else -1
        deepest, negative = max(deepest, depth), negative or depth < 0
    if negative or depth:
        found.append("unbalanced parentheses: every `(` needs its `)`, e.g. `sorry for the (delay|wait)`")
    elif deepest > 1:
        found.append("nested parentheses; groups go one level deep: write `(a|b)` and, for more "
                     "combinations, another phrase")
    stars = language != "zh"
    if not stars and "*" in phrase:
        found.append("`*` (word beginning) works in English and Persian only; Chinese phrases already match "
                     f"inside longer words: write `{' '.join(phrase.replace('*', '').split())}`")
    for inner, after in re.findall(r"\(([^()]*)\)(\*?\??)", phrase):
        alts = [a.strip() for a in inner.split("|")]
        clean = "|".join(c for a in alts if (c := a.replace("*", "").replace("?", "").strip()))
        if "" in alts:
            found.append(f"`({inner})` has an empty alternative, which is dropped, so the group is still "
                         f"required; to make it optional write `({clean})?`")
        if stars and "*" in inner:
            found.append(f"`*` inside `({inner})` is dropped; put it after the group: `({clean})*`")
        if "?" in inner:
            found.append(f"`?` inside `({inner})` is taken as a question mark; to make the group optional "
                         f"put it after the group: `({clean})?`")
        if after == "*?":
            found.append(f"the `?` after `({inner})*` is dropped (a word beginning cannot also be optional); "
                         "write two phrases, one with the group and one without it")
    for word in re.sub(r"\([^()]*\)\*?\??", " ", phrase).split():
        if stars and word.strip("*") == "":
            found.append("a lone `*` matches nothing; `*` goes right after a word beginning: `apolog*`")
        elif stars and "*" in word.rstrip("*"):
            found.append(f"`*` inside `{word}` is taken as a space; `*` ends a word beginning: "
                         f"`{word.split('*')[0]}*`")
        if "?" in word and word.strip("?") and "(" not in word and ")" not in word:
            bare = word.replace("?", "") if stars else "".join(re.findall(r"(.)\?", word))
            found.append(f"`?` only makes a (group) optional, e.g. `i am (so)? sorry`: write `({bare})?` for an "
                         f"optional word, or `{bare} ?` for a question mark")
    words = phrase.split()
    if "..." in (words[0], words[-1]):
        found.append("`...` is a gap between two words; at the start or end of a phrase it is dropped: "
                     "remove it")
    if not found and not any(compile_phrase(v, language).source for v in variants(phrase, language)):
        found.append("nothing is left to match after normalising (only punctuation or symbols?); write "
                     "words, or remove the phrase")
    return found


def variants(phrase: str, language: str) -> list[str]:
    """The phrase with each optional group `(...)?` present and absent (at most 64 variants)."""
    if language == "zh":
        phrase = _ZH_GROUP.sub(r" \1 ", phrase)
    out: list[list[str]] = [[]]
    for word in _SYNTAX.findall(phrase):
        if word.startswith("(") and word.endswith(")?") and len(out) * 2 <= MAX_VARIANTS:
            out = [v + [word[:-1]] for v in out] + out
        else:
            out = [v + [word.rstrip("?") if word.startswith("(") else word] for v in out]
    return [" ".join(v) for v in out]


@lru_cache(maxsize=65_536)
def compile_phrase(phrase: str, language: str) -> Compiled:
    """Regex source for one phrase (see the module docstring); empty when nothing is left to match."""
    sep = ",?" if language == "zh" else " (?:, )?"
    gap = rf"[^.!?;:]{{0,{GAP_CHARS}}}?" if language == "zh" else rf" (?:[^ .!?;:]+ ){{0,{GAP_WORDS}}}"
    if language == "zh":
        phrase = _ZH_GROUP.sub(r" \1 ", phrase)
    pieces: list[str] = []
    parts: list[Compiled | None] = []  # the words, None for a gap
    pending_gap = False
    for word in _SYNTAX.findall(phrase):
        if word == "...":
            pending_gap = bool(pieces)
            continue
        part = _word(word, language)
        if not part.source:
            continue
        if pieces:
            pieces.append(gap if pending_gap else sep)
            if pending_gap:
                parts.append(None)
        pieces.append(part.source)
        parts.append(part)
        pending_gap = False
    if not parts:
        return Compiled("")
    head = parts[0]
    return Compiled("".join(pieces), head.first, head.prefixes, head.anywhere, _pairs(parts))


def _pairs(parts: list[Compiled | None]) -> frozenset[tuple[str, str | None]]:
    """Each first token of a phrase with the token that must come next (None: any may). Only a
    literal word decides the next token; after a word beginning (`*`), a gap, a number or a name,
    any token may come."""
    head = parts[0]
    if head is None or head.star or not head.heads:
        return frozenset((t, None) for t in head.first) if head is not None else frozenset()
    after = parts[1] if len(parts) > 1 else None
    then: tuple[str | None, ...] = ((None,) if after is None or after.star or not after.heads
                                    else tuple({toks[0] for toks in after.heads}))
    return frozenset(pair for toks in head.heads
                     for pair in ([(toks[0], toks[1])] if len(toks) > 1 else [(toks[0], t) for t in then]))


class PhraseMatcher:
    """All phrases of one list in one language, indexed by the token they start on.

    Matching walks the reply's tokens once and tries, at each, only the phrases that can start
    there (one combined expression per first token), which keeps a long phrase list cheap."""

    def __init__(self, phrases: Iterable[str], language: str):
        self.language = language
        compiled = {c.source: c for p in phrases for v in variants(p, language)
                    if (c := compile_phrase(v, language)).source}
        plain = [c for c in compiled.values() if not c.named]
        self._named = sorted((c.source for c in compiled.values() if c.named), key=len, reverse=True)
        by_first: dict[str, list[str]] = {}
        by_prefix: dict[str, list[str]] = {}
        anywhere: list[str] = []
        # per first token, each phrase starting there with the token that must follow (None: any)
        self._pairs: dict[str, list[tuple[str, str | None]]] = {}
        for c in plain:
            if c.anywhere:
                anywhere.append(c.source)
            for t in c.first:
                by_first.setdefault(t, []).append(c.source)
            for t, then in c.pairs:
                self._pairs.setdefault(t, []).append((c.source, then))
            for t in c.prefixes:
                by_prefix.setdefault(t, []).append(c.source)
        # per first token, its phrases as one expression, compiled the first time it is needed
        self._first_sources = by_first
        self._first = _Index(lambda t: _anchored(by_first[t], language))
        stems = sorted(by_prefix, key=len, reverse=True)
        # every token start whose token begins with a stem (zero-width, so none is skipped)
        self._stems = tuple(stems)
        self._stem = re.compile("(?<![^ ])(?=" + "|".join(re.escape(t) for t in stems) + ")") if stems else None
        self._prefixed = _anchored([src for srcs in by_prefix.values() for src in srcs], language) if stems else None
        self._anywhere = _combine(anywhere, language) if anywhere else None
        self.empty = not plain and not self._named

    def find(self, reply: Reply, names: tuple[str, ...] = ()) -> list[Hit]:
        spans = self._spans(reply)
        if self._named and names:
            regex = _named_regex(tuple(self._named), names, self.language)
            if regex is not None:
                spans.extend(m.span() for m in regex.finditer(reply.doc.text) if m.end() > m.start())
        return self.hits(reply, spans)

    def hits(self, reply: Reply, spans: list[tuple[int, int]]) -> list[Hit]:
        """The hits of these spans (found by `find` or by a `PhraseSet`), overlaps resolved, guarded."""
        return hits_of(reply, spans)

    def _spans(self, reply: Reply) -> list[tuple[int, int]]:
        text, positions, spans = reply.doc.text, reply.positions, []
        for tok in self._first_sources.keys() & positions.keys():
            regex = self._first[tok]
            for pos in positions[tok]:
                if m := regex.match(text, pos):
                    spans.append(m.span())
        if self._stem is not None and self._prefixed is not None:
            regex = self._prefixed
            for at in self._stem.finditer(text):
                if m := regex.match(text, at.start()):
                    spans.append(m.span())
        if self._anywhere is not None:
            spans.extend(m.span() for m in self._anywhere.finditer(text) if m.end() > m.start())
        return spans


def hits_of(reply: Reply, spans: list[tuple[int, int]] | None) -> list[Hit]:
    """The hits of a phrase list's spans in `reply` (None: no spans): overlaps resolved like one regex
    scan (leftmost, then longest), each checked for negation and quotation."""
    if not spans:
        return []
    if len(spans) > 1:
        spans = _leftmost_longest(spans)
    elif spans[0][1] <= spans[0][0]:
        return []
    doc = reply.doc
    text, starts, folded, where = reply.text, doc.norm_starts, doc.token_spans, doc.where
    quotes = reply._quotes if reply._quotes is not None else reply.quotes  # known after the first list
    negatable = reply._negatable if reply._negatable is not None else reply.negatable
    out = []
    for ns, ne in spans:
        # the tokens a match starts and ends in, and where they came from (`Normalised.orig_range`,
        # written out here: it runs for every hit): in Chinese a token is a character at its own offset
        if folded is None:
            first, last = ns, ne - 1
            start, end = where[first], where[last] + 1  # type: ignore[index]
        else:
            first, last = bisect_right(starts, ns) - 1, bisect_right(starts, ne - 1) - 1
            start, end = folded[first][0], folded[last][1]
            if where is not None:
                start, end = where[start], where[end - 1] + 1
        why = ("quoted" if quotes and reply.is_quoted(start, end)
               else "negated" if negatable and _negated_at(doc, first, last) else None)
        out.append(_new_hit(Hit, (start, end, text[start:end], ns, ne, why)))
    return out


_new_hit = tuple.__new__  # a `Hit` without the generated constructor's keyword handling


class PhraseSet:
    """Several compiled phrase lists matched against a reply in one pass over its tokens.

    Each list keeps its own matches (as if its `find` had run alone); the pass looks each distinct
    token up once in an index of every list's first tokens and word beginnings (kept per token
    across replies), instead of once per list. `slots` are (matcher, with names) pairs."""

    MAX_TOKENS = 50_000

    def __init__(self, slots: list[tuple[PhraseMatcher, bool]], language: str):
        self.slots = slots
        self.language = language
        self._heads: dict[str, list[tuple[int, PhraseMatcher]]] = {}  # the lists with phrases starting on a token
        self._stems: list[tuple[int, tuple[str, ...], re.Pattern[str]]] = []
        self._anywhere: list[tuple[int, re.Pattern[str]]] = []
        self._named: list[tuple[int, tuple[str, ...]]] = []
        for slot, (m, named) in enumerate(slots):
            for tok in m._first_sources:
                self._heads.setdefault(tok, []).append((slot, m))
            if m._stems and m._prefixed is not None:
                self._stems.append((slot, m._stems, m._prefixed))
            if m._anywhere is not None:
                self._anywhere.append((slot, m._anywhere))
            if named and m._named:
                self._named.append((slot, tuple(m._named)))
        self._by_token = _Index(self._entries)  # each token's entry, made the first time it is met
        # what to try at a token followed by another (a comma skipped), made the first time the pair is met
        self._index = _Index(self._pair)
        self._names: dict[tuple[str, ...], tuple[tuple[str, ...], list[tuple[int, re.Pattern[str]]]]] = {}

    def _entries(self, tok: str) -> _Entry:
        """What to try where `tok` starts: (expressions to try whatever follows, expressions by the next
        token or None, those for any other next token). A list whose phrases starting on `tok` each need
        a given next word is tried only where that word follows, with just the phrases it can match:
        taking out phrases that cannot match here leaves the same first match."""
        always: list[tuple[int, re.Pattern[str]]] = []
        split: list[tuple[int, list[str], dict[str, list[str]]]] = []
        for slot, m in self._heads.get(tok, ()):
            wild: list[str] = []
            by: dict[str, list[str]] = {}
            for source, then in m._pairs[tok]:
                if then is None:
                    wild.append(source)
                else:
                    by.setdefault(then, []).append(source)
            if by:
                split.append((slot, wild, by))
            else:
                always.append((slot, m._first[tok]))
        always.extend((slot, regex) for slot, stems, regex in self._stems if tok.startswith(stems))
        entry: _Entry
        if split:
            lang = self.language
            nexts = {then for _, _, by in split for then in by}
            by_next = {then: tuple((slot, _anchored(wild + by.get(then, []), lang))
                                   for slot, wild, by in split if wild or then in by) for then in nexts}
            entry = (tuple(always), by_next, tuple((slot, _anchored(wild, lang)) for slot, wild, _ in split if wild))
        else:
            entry = (tuple(always), None, ()) if always else ()
        return entry

    def _pair(self, pair: tuple[str, str | None]) -> tuple[tuple[int, re.Pattern[str]], ...]:
        entry = self._by_token[pair[0]]
        if not entry:
            return ()
        entries, by_next, other = entry
        return entries + by_next.get(pair[1], other) if by_next is not None else entries

    def _with_names(self, names: tuple[str, ...], text: str) -> list[tuple[int, re.Pattern[str]]]:
        """The lists with `{name}` compiled for these names; none when no name's first word is in
        `text` (every such phrase needs one of the names)."""
        got = self._names.get(names)
        if got is None:
            firsts = tuple({toks[0] for n in names if (toks := _tokens(n, self.language))})
            regexes = [(slot, regex) for slot, sources in self._named
                       if (regex := _named_regex(sources, names, self.language)) is not None]
            got = (firsts, regexes)
            if len(self._names) >= 256:
                self._names.clear()
            self._names[names] = got
        firsts, regexes = got
        return regexes if any(first in text for first in firsts) else []

    def spans(self, reply: Reply, names: tuple[str, ...] = ()) -> list[list[tuple[int, int]] | None]:
        """Per slot, the spans its list matches (None: none)."""
        out: list[list[tuple[int, int]] | None] = [None] * len(self.slots)
        doc = reply.doc
        text, index = doc.text, self._index
        if len(index) >= self.MAX_TOKENS:  # kept for every pair ever seen: bounded
            index.clear()
            self._by_token.clear()
        # each token with the next one (past a comma: one may come between two words of a phrase), and
        # what to try there, looked up in C; only the places where a phrase may start are visited
        tokens = doc.tokens
        count = len(tokens)
        nexts: list[str | None] = tokens[1:]
        if tokens:
            nexts.append(None)
        if "," in text:  # a comma token (or a number written with one)
            for k, tok in enumerate(nexts):
                if tok == ",":
                    nexts[k] = tokens[k + 2] if k + 2 < count else None
        got_entries = list(map(index.__getitem__, zip(tokens, nexts, strict=True)))
        starts = doc.norm_starts
        for k in compress(range(count), got_entries):
            pos = starts[k]
            for slot, regex in got_entries[k]:
                if m := regex.match(text, pos):
                    got = out[slot]
                    if got is None:
                        out[slot] = [m.span()]
                    else:
                        got.append(m.span())
        if self._anywhere and _NUMBER_START[self.language].search(text):  # they all start with a number
            for slot, regex in self._anywhere:
                found = [m.span() for m in regex.finditer(text) if m.end() > m.start()]
                if found:
                    out[slot] = found if out[slot] is None else out[slot] + found  # type: ignore[operator]
        if names and self._named:
            for slot, regex in self._with_names(names, text):
                found = [m.span() for m in regex.finditer(text) if m.end() > m.start()]
                if found:
                    out[slot] = found if out[slot] is None else out[slot] + found  # type: ignore[operator]
        return out


class _Index(dict):  # type: ignore[type-arg]
    """A key's value made by `make` the first time the key is met."""

    def __init__(self, make: Callable[[Any], Any]):
        super().__init__()
        self._make = make

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self._make(key)
        return value


# see `PhraseSet._entries`
_Tries = tuple[tuple[int, re.Pattern[str]], ...]
_Entry = tuple[()] | tuple[_Tries, dict[str, _Tries] | None, _Tries]


def _leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, preferring the earliest start, then the longest (like one regex scan)."""
    if len(spans) == 2:  # the usual cases, without sorting: two apart in order, or the second inside the first
        (s1, e1), (s2, e2) = spans
        if s1 < e1 and s2 < e2 and (e1 <= s2 or s1 < s2 < e1):
            return spans if e1 <= s2 else spans[:1]
    kept: list[tuple[int, int]] = []
    end = 0
    for s, e in sorted(spans):  # by start, then end: a longer span at the kept one's start replaces it
        if kept and s == kept[-1][0]:
            if e > end:
                kept[-1] = (s, e)
                end = e
        elif e > s and s >= end:
            kept.append((s, e))
            end = e
    return kept


def _anchored(sources: list[str], language: str) -> re.Pattern[str]:
    """The phrases as one expression matched at a token's start: the longest source first (then in
    text order, so the same sources always give the same expression)."""
    return _anchored_sorted(tuple(sorted(set(sources), key=lambda src: (-len(src), src))), language)


@lru_cache(maxsize=8192)
def _anchored_sorted(sources: tuple[str, ...], language: str) -> re.Pattern[str]:
    body = "|".join(sources)
    return re.compile(f"(?:{body})" if language == "zh" else f"(?:{body})(?![^ ])")


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
    return _negated_at(doc, doc.token_at(norm_start), doc.token_at(norm_end - 1))


def _negated_at(doc: Normalised, first: int, last: int) -> bool:
    """Whether the match over tokens `first`..`last` is negated."""
    tokens = doc.tokens
    before = NEGATORS_BEFORE.get(doc.language, frozenset())
    if before.isdisjoint(tokens[max(0, first - 3):first]):  # the usual case: no negator just before
        if doc.language == "zh":
            return False
        after = NEGATORS_AFTER.get(doc.language, frozenset())
        return last + 1 < len(tokens) and tokens[last + 1] in after
    if doc.language == "zh":
        return _zh_negated(tokens, first)
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

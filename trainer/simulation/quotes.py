"""A customer quotes the trainee's own words, or nothing.

Authored lines often throw the trainee's vague words back at them ('"Soon" is how I ended up calling
three times', «در اسرع وقت»؟ جدی؟). Said after a reply that never used those words, such a line puts
words in the trainee's mouth, and a trainee who is misquoted stops trusting the call. So before a
scripted line is said, every quoted fragment in it (“…”, "…", «…», 「…」, 『…』) is looked up in what
the customer can honestly quote: the trainee's replies so far and the scenario's hidden facts (a
letter that says "suspended"). Compared after the scorer's normalisation, so case, punctuation,
Persian letter variants and traditional/simplified Chinese do not matter.

`honest_variants` keeps the line variants that quote nothing unheard (all of them when every variant
is honest, so seeds pick as before); when none is, `without_misquotes` drops the sentences that
carry an unheard quote from the chosen line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from trainer.matching.text import normalise

_QUOTED = re.compile(r'“([^”]{1,120})”|"([^"]{1,120})"|«([^»]{1,120})»|「([^」]{1,120})」|『([^』]{1,120})』'
                     r"|‘([^’]{1,120})’")
_SENTENCE = re.compile(r"[^.!?。！？؟\n]*(?:[.!?。！？؟]+|\n|$)\s*")


def quoted(line: str) -> list[str]:
    """The fragments a line puts in quotation marks."""
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(line)]


def _tokens(text: str, language: str) -> list[str]:
    return [t for t in normalise(text, language).tokens if t not in {".", "!", "?", ";", ":", ","}]


class Heard:
    """What the customer may quote: the trainee's replies and the hidden facts, normalised once."""

    def __init__(self, texts: Iterable[str], language: str):
        self.language = language
        self._seqs = [_tokens(t, language) for t in texts]

    def said(self, fragment: str) -> bool:
        want = _tokens(fragment, self.language)
        if not want:
            return True
        n = len(want)
        return any(seq[i:i + n] == want for seq in self._seqs for i in range(len(seq) - n + 1))

    def misquotes(self, line: str) -> list[str]:
        return [q for q in quoted(line) if not self.said(q)]


def honest_variants(variants: list[str], heard: Heard) -> list[str]:
    """The variants that quote only what was heard; every variant when none does."""
    honest = [v for v in variants if not heard.misquotes(v)]
    return honest or variants


def without_misquotes(line: str, heard: Heard) -> str:
    """`line` less the sentences that quote something unheard; when that would leave nothing, the
    line less the unheard quotations themselves."""
    if not heard.misquotes(line):
        return line
    kept = [s for s in _SENTENCE.findall(line) if s.strip() and not heard.misquotes(s)]
    if kept:
        return "".join(kept).strip()
    unheard = set(heard.misquotes(line))
    bare = _QUOTED.sub(lambda m: "" if next(g for g in m.groups() if g is not None) in unheard else m.group(),
                       line)
    return " ".join(bare.split())

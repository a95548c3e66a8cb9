"""Normalise a reply (or a phrase) so that trivial differences never decide a score.

Both sides of a match go through `normalise`, so a phrase list is written once and matches what
trainees actually type:

- every language: Unicode compatibility forms (NFKD) with combining marks dropped (accents, Arabic
  short vowels), case folding, zero-width characters removed, whitespace collapsed, full-width and
  Arabic punctuation folded to ASCII (`，` `。` `、` `؟` `،` `؛`), Persian and Arabic-Indic digits to
  ASCII digits, emoji and symbols ignored;
- Persian: Arabic yeh and kaf (`ي` `ك` `ى`) fold to Persian `ی` `ک`, `ة` `ۀ` to `ه`, tatweel is
  dropped, and the zero-width non-joiner is removed while the affixes people type with a space
  (`می خوام`, `نمی دونم`, `کتاب ها`) are joined to their word, so `می‌خوام`, `میخوام` and `می خوام`
  are one word;
- Chinese: traditional characters fold to simplified (`hanzi.py`), spaces are irrelevant (every
  character is its own token), quotes and brackets are dropped;
- English: curly apostrophes, contractions expanded (`I'm` -> `i am`, `can't` -> `can not`, also
  without the apostrophe: `dont`, `im`), runs of three or more equal letters shortened (`sooorry`),
  common misspellings corrected (`sory`, `apologies` stays, `appologize`), and `-ize` spelt `-ise`.

The result keeps, for every token, the span of the original text it came from, so evidence can quote
the reply exactly as the trainee wrote it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import add

from trainer.matching.hanzi import TRAD_TO_SIMP

#: The longest reply a trainee may send, in characters: the one limit the page, the session engine and
#: the LLM judge all read. A long e-mail is about 3,000; longer is a paste accident or an attack.
MAX_REPLY_CHARS = 4_000

#: tokens that end a clause: negation never reaches across them and phrases never match across them
CLAUSE_BREAKS = frozenset(".!?;:")
SENTENCE_ENDS = frozenset(".!?")

_SPECIAL: dict[str, str] = {
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    "\u0640": "",  # tatweel
    "\u064a": "ی", "\u0649": "ی", "\u06cc": "ی", "\u0643": "ک", "\u06a9": "ک",
    "\u0629": "ه", "\u06c0": "ه", "\u06d5": "ه", "\u06c1": "ه",
    "\u060c": ",", "\u061b": ";", "\u061f": "?", "\u3002": ".", "\u3001": ",", "\uff61": ".",
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u2026": ".",
}
for _i in range(10):
    _SPECIAL[chr(0x06F0 + _i)] = str(_i)
    _SPECIAL[chr(0x0660 + _i)] = str(_i)

_KEEP_PUNCT = frozenset(".!?;:,'")
_FOLD: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """One character, folded for matching: letters/digits, a kept punctuation mark, a space, or ''."""
    got = _FOLD.get(ch)
    if got is not None:
        return got
    if ch in _SPECIAL:
        out = _SPECIAL[ch]
    else:
        parts = []
        for c in unicodedata.normalize("NFKD", ch):
            if c in _SPECIAL:
                parts.append(_SPECIAL[c])
                continue
            cat = unicodedata.category(c)
            if cat in ("Mn", "Me", "Cf"):
                continue
            if cat[0] in "LN":
                parts.append(c.casefold().translate(TRAD_TO_SIMP))
            elif c in _KEEP_PUNCT or c == "\n":
                parts.append(c)
            else:  # spaces, other punctuation, symbols, emoji, controls, unassigned: a separator
                parts.append(" ")
        out = "".join(parts)
        if ch in ("_",):
            out = " "
    if len(_FOLD) < 200_000:
        _FOLD[ch] = out
    return out


# --------------------------------------------------------------------------------------------------
# English token fixes

_CONTRACTIONS: dict[str, str] = {
    "i'm": "i am", "im": "i am", "i've": "i have", "ive": "i have", "i'll": "i will", "i'd": "i would",
    "you're": "you are", "youre": "you are", "you've": "you have", "you'll": "you will",
    "you'd": "you would", "we're": "we are", "we've": "we have", "we'll": "we will", "we'd": "we would",
    "they're": "they are", "theyre": "they are", "they've": "they have", "they'll": "they will",
    "it's": "it is", "that's": "that is", "thats": "that is", "there's": "there is",
    "what's": "what is", "whats": "what is", "here's": "here is", "he's": "he is", "she's": "she is",
    "let's": "let us", "who's": "who is", "where's": "where is", "how's": "how is",
    "can't": "can not", "cant": "can not", "cannot": "can not", "won't": "will not",
    "shan't": "shall not", "ain't": "is not", "dont": "do not", "didnt": "did not", "doesnt": "does not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "couldnt": "could not",
    "wouldnt": "would not", "shouldnt": "should not", "wont": "will not",
    "gonna": "going to", "wanna": "want to", "gotta": "got to", "ya": "you", "u": "you", "ur": "your",
    "y'all": "you all", "r": "are", "pls": "please", "plz": "please", "plse": "please",
    "thx": "thanks", "thanx": "thanks", "thnx": "thanks", "tnx": "thanks", "ty": "thank you",
    "thankyou": "thank you", "thnks": "thanks", "thks": "thanks", "tks": "thanks",
}
_SUFFIXES = (("n't", " not"), ("'ll", " will"), ("'re", " are"), ("'ve", " have"), ("'d", " would"),
             ("'m", " am"))
MISSPELLINGS: dict[str, str] = {
    "sory": "sorry", "sorrry": "sorry", "soory": "sorry", "sorr": "sorry", "sorri": "sorry",
    "srry": "sorry", "sry": "sorry", "soryy": "sorry", "sorryy": "sorry", "soorry": "sorry",
    "appologise": "apologise", "appologize": "apologise", "apologize": "apologise",
    "apolagise": "apologise", "apolagize": "apologise", "apoligise": "apologise",
    "apoligize": "apologise", "appologies": "apologies", "apologys": "apologies",
    "apologizes": "apologises", "appology": "apology", "apolgy": "apology", "apolgies": "apologies",
    "apologising": "apologising", "apologizing": "apologising",
    "inconvienence": "inconvenience", "inconvience": "inconvenience", "inconvinience": "inconvenience",
    "inconveniance": "inconvenience", "inconvenince": "inconvenience",
    "understnad": "understand", "undestand": "understand", "understant": "understand",
    "understaned": "understand", "understad": "understand", "udnerstand": "understand",
    "frustating": "frustrating", "frusterating": "frustrating", "frustated": "frustrated",
    "frusterated": "frustrated", "furstrating": "frustrating",
    "apreciate": "appreciate", "appriciate": "appreciate", "appreaciate": "appreciate",
    "apprecate": "appreciate", "appreaciated": "appreciated", "apreciated": "appreciated",
    "plese": "please", "pleae": "please", "pleas": "please", "pleasee": "please", "plase": "please",
    "thnak": "thank", "thakn": "thank", "thnaks": "thanks", "thansk": "thanks", "tahnks": "thanks",
    "thanks's": "thanks", "thankful": "thankful", "thanku": "thank you", "thnk": "thank",
    "tommorow": "tomorrow", "tomorow": "tomorrow", "tommorrow": "tomorrow", "tmrw": "tomorrow",
    "tmr": "tomorrow", "2morrow": "tomorrow", "tonite": "tonight", "2day": "today", "tdy": "today",
    "recieve": "receive", "recieved": "received", "definately": "definitely", "definetly": "definitely",
    "untill": "until", "unfortunatly": "unfortunately", "unfortunetly": "unfortunately",
    "sincerly": "sincerely", "garantee": "guarantee", "gaurantee": "guarantee",
    "immediatly": "immediately", "imediately": "immediately", "personaly": "personally",
    "responsability": "responsibility", "responsibilty": "responsibility", "wierd": "weird",
    "happend": "happened", "occured": "occurred", "refunf": "refund", "refnd": "refund",
    "emaill": "email", "e-mail": "email", "calback": "callback", "asap": "as soon as possible",
    "imagin": "imagine", "imagene": "imagine", "stresful": "stressful", "dissapointing": "disappointing",
    "dissapointed": "disappointed", "disapointed": "disappointed", "upseting": "upsetting",
    "greatful": "grateful", "welcom": "welcome", "wellcome": "welcome", "helo": "hello",
    "hellow": "hello", "hii": "hi", "heya": "hey", "mornin": "morning", "goodmorning": "good morning",
    "goodafternoon": "good afternoon", "goodevening": "good evening", "gd": "good",
}
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_IZE = re.compile(r"(?<=\w\w)iz(e|es|ed|ing|ation|ations)$")


def _english(word: str) -> str:
    word = word.strip("'")
    if not word:
        return ""
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for end, repl in _SUFFIXES:
        if word.endswith(end) and len(word) > len(end):
            stem = word[: -len(end)]
            return ("can" if stem == "ca" else "will" if stem == "wo" else stem) + repl
    if "'" in word:
        base, _, rest = word.partition("'")
        return base if rest == "s" else word
    word = _REPEATS.sub(r"\1", word)
    word = MISSPELLINGS.get(word, word)
    return _IZE.sub(r"is\1", word)


# Persian affixes often typed as separate words (with a space or a zero-width non-joiner).
FA_PREFIXES = frozenset({"می", "نمی", "بی"})
FA_SUFFIXES = frozenset({"ها", "های", "هایی", "هاى", "ام", "ات", "اش", "ای", "ایم", "اید", "اند",
                         "تر", "ترین", "مان", "تان", "شان", "هام", "هات", "هاش", "هامون", "هاتون"})

_FA_AFFIXES = FA_PREFIXES | FA_SUFFIXES
# A folded character is a letter or digit, a kept punctuation mark, a space or a newline (a test checks
# every code point), so on folded text `[^\W_]` (a letter or digit) is any other character: a plain
# class the regex engine tests without looking the character's category up.
_WORD_OR_PUNCT = re.compile(r"\d+(?:[:./,]\d+)+[^ .!?;:,'\n]*|[^ .!?;:,'\n]+(?:'[^ .!?;:,'\n]+)*|[.!?;:,]|\n")
# the same on folded ASCII text, where a letter or digit can only be one of these (faster to scan)
_ASCII_WORD_OR_PUNCT = re.compile(r"[0-9]+(?:[:./,][0-9]+)+[a-z0-9]*|[a-z0-9]+(?:'[a-z0-9]+)*|[.!?;:,]|\n")


class Normalised:
    """`text` is the normalised form: tokens joined by single spaces (en/fa) or every character a
    token with no spaces (zh). Token `k` starts at `text[norm_starts[k]]` and came from
    `original[start:end]`, where `(start, end) = orig_range(k, k)`.

    The original places are kept as they were found and mapped back only when asked for (most tokens
    never are): `token_spans` holds each token's (start, end) in the folded text and `where` each
    folded character's index in the original (None: the same); a Chinese token is one character, at
    `where[k]` (`token_spans` is None)."""

    __slots__ = ("original", "language", "text", "tokens", "norm_starts", "token_spans", "where")

    def __init__(self, original: str, language: str, text: str, tokens: list[str], norm_starts: list[int],
                 spans: list[tuple[int, int]] | None, where: list[int] | None = None):
        self.original = original
        self.language = language
        self.text = text
        self.tokens = tokens
        self.norm_starts = norm_starts
        self.token_spans = spans
        self.where = where

    def orig_range(self, first: int, last: int) -> tuple[int, int]:
        """The original [start, end) that tokens `first` to `last` came from."""
        spans, where = self.token_spans, self.where
        if spans is None:
            return where[first], where[last] + 1  # type: ignore[index]
        if where is None:
            return spans[first][0], spans[last][1]
        return where[spans[first][0]], where[spans[last][1] - 1] + 1

    def token_at(self, offset: int) -> int:
        """Index of the token covering (or, in a gap, preceding) a normalised offset."""
        return max(0, bisect_right(self.norm_starts, offset) - 1)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) to the original text's [start, end)."""
        if not self.tokens or end <= start:
            return (0, 0)
        return self.orig_range(self.token_at(start), self.token_at(end - 1))

    def quote(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


# Every ASCII character folds to exactly one character, so ASCII text folds with one `translate`.
_ASCII = {i: fold_char(chr(i)) for i in range(128)}


class _Table(dict[int, str]):
    """`str.translate` table: every character met so far, folded (computed on first sight)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = fold_char(ch)
        if len(out) != 1 and ch not in _ODD:
            _ODD.add(ch)
            _odd.cache_clear()
        if len(self) < 200_000:
            self[code] = out
        return out


_TABLE = _Table()
_ODD: set[str] = set()  # characters that fold to nothing or to several characters


@lru_cache(maxsize=1)
def _odd() -> re.Pattern[str] | None:
    """Any character of `_ODD` (recompiled when one is added)."""
    return re.compile("[" + "".join(sorted(re.escape(ch) for ch in _ODD)) + "]") if _ODD else None


def _without(text: str, mark: str) -> list[int]:
    """The index in `text` of each character that is not `mark`."""
    where: list[int] = []
    done = 0
    at = text.find(mark)
    while at != -1:
        where.extend(range(done, at))
        done = at + 1
        at = text.find(mark, done)
    where.extend(range(done, len(text)))
    return where


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, unless every character folded to exactly one, each folded character's
    index in `text` (None: the identity)."""
    if text.isascii():
        return text.translate(_ASCII), None
    folded = text.translate(_TABLE)
    odd = _odd()  # after translating: it knows every character of `text`
    if odd is None or not odd.search(text):
        return folded, None
    where: list[int] = []
    done = 0
    for m in odd.finditer(text):
        i = m.start()
        where.extend(range(done, i))  # these fold to one character each
        where.extend([i] * len(_TABLE[ord(text[i])]))
        done = i + 1
    where.extend(range(done, len(text)))
    return folded, where


# What each word (or mark) found in folded text becomes, per kind ("en", or "fa" for any other
# spaced language): most become one token (`_SINGLE`, looked up first); the others their tokens
# (`_PARTS`: English contractions split, "i'm" -> "i", "am").
_PARTS: dict[str, dict[str, tuple[str, ...]]] = {"en": {}, "fa": {}}
_SINGLE: dict[str, dict[str, str]] = {"en": {}, "fa": {}}


def _learn(word: str, kind: str) -> tuple[str, ...]:
    parts, single = _PARTS[kind], _SINGLE[kind]
    if len(parts) + len(single) >= 100_000:
        parts.clear()
        single.clear()
    if word == "\n":
        out: tuple[str, ...] = (".",)
    elif kind == "en" and word[0] not in _KEEP_PUNCT:
        out = tuple(part for part in _english(word).split(" ") if part)
    else:
        out = (word,)
    if kind == "en" or word not in _FA_AFFIXES:  # an affix is never kept: `normalise` must see it
        if len(out) == 1:
            single[word] = out[0]
        else:
            parts[word] = out
    return out


def normalise(text: str, language: str) -> Normalised:
    folded, where = (text.translate(_ASCII), None) if text.isascii() else _fold(text)
    if language == "zh":  # every character is a token, spaces and apostrophes left out
        if "'" in folded:
            keep = [j for j, ch in enumerate(folded) if ch != " " and ch != "'"]
            kept = "".join([folded[j] for j in keep])
        elif " " in folded:
            keep = _without(folded, " ")
            kept = folded.replace(" ", "")
        else:
            keep = list(range(len(folded)))
            kept = folded
        if "\n" in kept:
            kept = kept.replace("\n", ".")
        if where is not None:
            keep = [where[j] for j in keep]
        return Normalised(text, language, kept, list(kept), list(range(len(kept))), None, keep)
    kind = "en" if language == "en" else "fa"
    single, parts = _SINGLE[kind].get, _PARTS[kind].get
    persian = language == "fa"
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in (_ASCII_WORD_OR_PUNCT if folded.isascii() else _WORD_OR_PUNCT).finditer(folded):
        word = m.group()
        tok = single(word)
        if tok is not None:  # the usual word: one token
            tokens.append(tok)
            spans.append(m.span())
            continue
        got = parts(word)
        if got is None:  # not met before, or a Persian affix (never kept)
            if persian and word in _FA_AFFIXES:
                return _normalise_joined(text, language, folded, where)
            got = _learn(word, kind)
        span = m.span()
        for part in got:
            tokens.append(part)
            spans.append(span)
    return _spaced(text, language, tokens, spans, where)


def _normalise_joined(text: str, language: str, folded: str, where: list[int] | None) -> Normalised:
    """`normalise` for Persian text with an affix typed apart (`می خوام`): joined to its word first."""
    if where is None:
        raw = [(m.group(), *m.span()) for m in _WORD_OR_PUNCT.finditer(folded)]
    else:
        raw = [(m.group(), where[m.start()], where[m.end() - 1] + 1) for m in _WORD_OR_PUNCT.finditer(folded)]
    joined = _join_persian_affixes(raw)
    tokens = ["." if tok == "\n" else tok for tok, _, _ in joined]
    return _spaced(text, language, tokens, [(s, e) for _, s, e in joined])


def _spaced(text: str, language: str, tokens: list[str], spans: list[tuple[int, int]],
            where: list[int] | None = None) -> Normalised:
    """The `Normalised` of tokens joined by single spaces (`spans` and `where` as `Normalised` keeps them)."""
    norm_starts = list(map(add, accumulate(map(len, tokens), initial=0), range(len(tokens))))  # + the spaces
    return Normalised(text, language, " ".join(tokens), tokens, norm_starts, spans, where)


def _join_persian_affixes(raw: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    joined: list[tuple[str, int, int]] = []
    glue_next = False
    for tok, s, e in raw:
        is_word = tok[0] not in _KEEP_PUNCT and tok != "\n"
        if joined and is_word and (glue_next or tok in FA_SUFFIXES) and joined[-1][0][0] not in ".!?;:,\n":
            prev, ps, _ = joined.pop()
            tok, s = prev + tok, ps
        glue_next = is_word and tok in FA_PREFIXES
        joined.append((tok, s, e))
    return joined


def normalise_phrase(text: str, language: str) -> str:
    """The normalised form of a literal piece of a phrase (no syntax), as it appears in `text`."""
    return normalise(text, language).text

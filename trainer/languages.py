"""The languages Frontline speaks, in one table: code, English name, writing direction, script, the
names a language model is given (to read it, to speak it), and the name in the language itself.

A scenario's `language` is one of `CODES`; pages, exports, the speech engines and the charts read a
language's name and direction from here. Right-to-left codes beyond Frontline's own (Arabic, Hebrew,
Urdu) are known too, so text in them is laid out right even where no rubric speaks them yet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in English, for labels such as "Persian · Billing basics"
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924
    model_name: str  # the language as a model is told it: "the reply is written in Persian (Farsi)"
    model_speaks: str  # what the generated customer is told to speak (Chinese: in simplified characters)
    native: str  # the language's own name, for pickers: "فارسی"


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "ltr", "Latn", "English", "English", "English"),
    "fa": Language("fa", "Persian", "rtl", "Arab", "Persian (Farsi)", "Persian (Farsi)", "فارسی"),
    "zh": Language("zh", "Chinese", "ltr", "Hans", "Chinese", "Chinese (Mandarin, simplified characters)", "中文"),
}
CODES: tuple[str, ...] = tuple(LANGUAGES)
"""The languages scenarios, rubrics and the scorer speak."""

RTL_LANGUAGES = frozenset({"fa", "ar", "he", "ur"})


def name(code: str) -> str:
    """'Persian' for 'fa'; an unknown code as it is."""
    known = LANGUAGES.get(code)
    return known.name if known else code


def model_name(code: str) -> str:
    """'Persian (Farsi)' for 'fa': the name a prompt gives the language (the judge's); an unknown code as it is."""
    known = LANGUAGES.get(code)
    return known.model_name if known else code


def model_speaks(code: str) -> str:
    """'Chinese (Mandarin, simplified characters)' for 'zh': what a generated customer is told to speak."""
    known = LANGUAGES.get(code)
    return known.model_speaks if known else code


def label(code: str) -> str:
    """'فارسی (Persian)' for 'fa', 'English' for 'en': a language as a picker shows it."""
    known = LANGUAGES.get(code)
    if known is None:
        return code
    return known.name if known.native == known.name else f"{known.native} ({known.name})"


def is_rtl(code: str) -> bool:
    return code in RTL_LANGUAGES

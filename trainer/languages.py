"""The languages Frontline speaks, in one table: code, English name, writing direction and script.

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


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "ltr", "Latn"),
    "fa": Language("fa", "Persian", "rtl", "Arab"),
    "zh": Language("zh", "Chinese", "ltr", "Hans"),
}
CODES: tuple[str, ...] = tuple(LANGUAGES)
"""The languages scenarios, rubrics and the scorer speak."""

RTL_LANGUAGES = frozenset({"fa", "ar", "he", "ur"})


def name(code: str) -> str:
    """'Persian' for 'fa'; an unknown code as it is."""
    known = LANGUAGES.get(code)
    return known.name if known else code


def is_rtl(code: str) -> bool:
    return code in RTL_LANGUAGES

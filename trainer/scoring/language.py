"""Tell English, Persian and Chinese apart by script, for `--language auto` and unlabelled replies.

Counting letters per script is enough for these three languages and never guesses from vocabulary:
Han characters mean Chinese, Arabic-script letters Persian, anything else English. A Chinese character
carries about a word, so it counts three times against Latin letters; a reply with no letters at all
gets the fallback.
"""

from __future__ import annotations

import re

from trainer.scenario.schema import Language

HAN_WEIGHT = 3
# the same ranges as `_script`, counted by the regex engine rather than one character at a time
_LETTERS = {
    "en": re.compile("[A-Za-z\u00c0-\u024f]"),
    "fa": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "zh": re.compile("[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002fa1f]"),
}

_EN, _FA, _ZH = _LETTERS["en"], _LETTERS["fa"], _LETTERS["zh"]


def _script(cp: int) -> str | None:
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F:
        return "zh"
    if 0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
        return "fa"
    if 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A or 0xC0 <= cp <= 0x24F:
        return "en"
    return None


def detect(text: str, fallback: Language = "en", sample: int = 4000) -> Language:
    """The language whose script dominates the first `sample` characters."""
    text = text[:sample]
    if text.isascii():
        return "en" if _EN.search(text) else fallback
    zh, fa, en = _ZH.search(text), _FA.search(text), _EN.search(text)
    if not (zh and (fa or en)) and not (fa and en):  # one script (the usual case) or none: nothing to count
        return "zh" if zh else "fa" if fa else "en" if en else fallback
    present = [lang for lang, found in (("en", en), ("fa", fa), ("zh", zh)) if found]
    counts = {lang: len(_LETTERS[lang].findall(text)) * (HAN_WEIGHT if lang == "zh" else 1) for lang in present}
    return max(counts, key=counts.__getitem__)  # type: ignore[return-value]

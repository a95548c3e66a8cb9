"""The rule scorer gives exactly the same results as before on a fixed corpus of replies.

`data/scorer_corpus.jsonl.gz` holds about two thousand replies, each with the rubric and context it is
scored with and the full result the scorer gave when the file was written (every criterion's points,
evidence spans and reason, the total and pass/fail). The replies are every example a feature file
gives the trainee to say, every model answer in the library, replies built from common fragments in
English, Persian and Chinese, and some awkward ones (negation, quotes, names, mixed scripts, long).
Any change to the scorer's speed must leave this file's results unchanged (the file was last written
by the code before the compiled-rubric rewrite of issue 15, so it compares old and new); a deliberate
change to phrase lists or reasons regenerates it (the test lists what changed):

    FRONTLINE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/scoring/test_scorer_corpus.py
"""

from __future__ import annotations

import gzip
import json
import os
import random
import re
from pathlib import Path

import pytest

from trainer.cli.score import as_json
from trainer.scenario.catalog import Catalog
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "data" / "scorer_corpus.jsonl.gz"
REGENERATE = os.environ.get("FRONTLINE_REGENERATE_GOLDEN") == "1"

FRAGMENTS = {
    "en": ["I'm so sorry about the delay with your order.", "That must be really frustrating.",
           "I'll call you back by 5pm today.", "Thank you for your patience.", "Let me check that for you.",
           "Your refund will arrive within 3 business days.", "Calm down, please.",
           "As per our records the ticket is closed.", "Could you confirm your order number?",
           "I understand how stressful this is.", "We have sent a replacement.", "Sorry for any inconvenience.",
           "I'm not sorry.", "You should have read the terms.", "Mr Lee, I will fix this by Friday.",
           "He said \"calm down\" to you?", "Im sory, we will refund you tomorrow."],
    "fa": ["بابت تأخیر عذر می‌خوام.", "کاملاً حق دارید.", "تا فردا ساعت ۱۰ پیگیری می‌کنم.", "ممنون از صبوری‌تون.",
           "لطفاً شماره سفارش رو بفرمایید.", "درک می‌کنم چقدر ناراحت کننده است.", "آروم باشید.", "تیکت شما ارجاع شد.",
           "همین الان بررسی می‌کنم.", "متاسفم که این اتفاق افتاد.", "متأسف نیستم.",
           "آقای رضایی، تا 3 روز دیگه پول برمی‌گرده."],
    "zh": ["非常抱歉给您带来不便。", "非常理解您的心情。", "我们会在周五之前给您回电。", "感谢您的耐心等待。",
           "请问您的订单号是多少？", "请您冷静一下。", "您的工单已经升级到二线。", "我马上为您处理。", "是我们的失误。",
           "我不是很理解。", "對不起，我們明天處理。", "王先生，您好！"],
}
ODD = ["", "   ", "?!", "🙂🙂 sorry!!", "<b>sorry</b> & thanks", "SORRY SORRY SORRY", "sorry\x00\x07 thanks",
       "I apologise — I'll ring you at 10:30.", "Sorry 对不起 متاسفم", "x" * 300, "ok " * 400,
       "Sorry we\u200cll fix it", "ﬁne, ½ done ﷺ", "“I'm not sorry,” he said. Sorry, Lee!"]
# longer than the scorer reads (20,000 characters): the reasons say so and length counts the whole reply
LONG = {"en": "I'm so sorry, I will call you back by 5pm today. " * 420,
        "fa": "متاسفم، تا فردا ساعت ۱۰ تماس می‌گیرم. " * 560, "zh": "非常抱歉，我明天上午十点给您回电。" * 1200}
SAYS = re.compile(r'the trainee (?:says|replies|writes|answers)\s+"((?:[^"\\]|\\.)*)"')


def build_inputs() -> list[dict]:
    catalog = Catalog.load(ROOT / "scenarios")
    rubrics: dict[str, list[str]] = {"en": ["core"], "fa": ["core"], "zh": ["core"]}
    for scenario in catalog.scenarios.values():
        rid = scenario.rubric
        if rid not in rubrics[scenario.language]:
            rubrics[scenario.language].append(rid)
    texts: dict[str, list[str]] = {lang: [] for lang in rubrics}
    for feature in sorted((ROOT / "tests" / "features").rglob("*.feature")):
        lang = next((code for code in ("fa", "zh") if code in feature.stem.split("_")), "en")
        texts[lang].extend(SAYS.findall(feature.read_text(encoding="utf-8")))
    for scenario in sorted(catalog.scenarios.values(), key=lambda s: s.id):
        texts[scenario.language].extend(step.model_answer for step in scenario.steps if step.model_answer)
    rng = random.Random(15)
    for lang, frags in FRAGMENTS.items():
        texts[lang].extend(frags)
        texts[lang].extend(" ".join(rng.choice(frags) for _ in range(rng.randint(1, 4))) for _ in range(120))
        texts[lang].extend(" ".join(rng.choice(frags) for _ in range(25)) for _ in range(4))
        texts[lang].extend(ODD)
        texts[lang].append(LONG[lang])
    contexts = [{}, {"customer_names": ["Lee", "Sam Lee"]}, {"customer_names": ["رضایی"], "response_seconds": 40,
                                                             "response_target": 30},
                {"customer_names": ["王"], "response_seconds": 10, "response_target": 30}]
    rows = []
    for lang in ("en", "fa", "zh"):
        for i, text in enumerate(dict.fromkeys(texts[lang])):
            for rid in (rubrics[lang] if i % 5 == 0 else ["core", rubrics[lang][i % len(rubrics[lang])]]):
                rows.append({"rubric": rid, "language": lang, "reply": text,
                             "context": contexts[i % len(contexts)]})
    unique = {json.dumps(r, sort_keys=True, ensure_ascii=False): r for r in rows}
    return list(unique.values())


def score_all(rows: list[dict]) -> list[dict]:
    catalog = Catalog.load(ROOT / "scenarios")
    scorer = RuleScorer()
    out = []
    for row in rows:
        ctx = ReplyContext.model_validate({**row["context"], "language": row["language"]})
        out.append(as_json(scorer.score(row["reply"], catalog.rubric(row["rubric"]), ctx)))
    return out


def test_scorer_gives_the_same_results_as_before_on_the_fixed_corpus():
    if REGENERATE:
        rows = build_inputs()
        with gzip.open(CORPUS, "wt", encoding="utf-8") as fh:
            for row, expected in zip(rows, score_all(rows), strict=True):
                fh.write(json.dumps({**row, "expected": expected}, ensure_ascii=False) + "\n")
    if not CORPUS.exists():
        pytest.fail(f"{CORPUS.name} is missing: run FRONTLINE_REGENERATE_GOLDEN=1 pytest {__file__}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) > 1500
    got = score_all(rows)
    changed = [(row["rubric"], row["reply"][:60]) for row, new in zip(rows, got, strict=True) if new != row["expected"]]
    assert not changed, f"{len(changed)} of {len(rows)} results changed, e.g. {changed[:5]}"


# spoken replies (the voice criteria's evidence is moments, not hits) and one that ends a hold
SPOKEN = [{"recording_seconds": 12, "speech_start": 0.5, "speech_end": 11, "waited_seconds": 4.2,
           "customer_seconds": 3, "pauses": [{"start": 2, "end": 6.5}, {"start": 7, "end": 9}]},
          {"recording_seconds": 3, "speech_start": None},
          {"recording_seconds": 30, "speech_start": 0, "speech_end": 29, "pauses": [{"start": 1, "end": 2.5}] * 7}]
HELD = {"asked": "one moment please", "promised_seconds": 60, "held_seconds": 95,
        "started_at": "2026-12-05T10:00:00+00:00"}


def test_the_batch_cli_writes_what_json_dumps_would_on_the_fixed_corpus():
    """The CLI writes rule-scored lines straight from the scorer's plain results; every line must be
    the text `json.dumps` gives for the scored dict (the earlier way), odd ids and text included."""
    from trainer.cli.score import _dump, _Lines, score_line

    catalog = Catalog.load(ROOT / "scenarios")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    ids = [7, "a\"b\\c", None, 1.5, {"k": [1, "é"]}, "مشتری", True, 10**20, float("nan")]
    writer, scorer = _Lines(), RuleScorer()
    odd = ['{"id": 1, "reply": "sorry \\ud800 you"}', '{"id": 2, "reply": 5}', "not json", "[1]",
           '{"id": 3, "reply": "sorry", "language": "xx"}', '{"id": 4, "reply": "sorry", "context": 3}',
           '{"id": 5, "reply": "\\u0000\\u001f \\"quoted\\" sorry"}',
           *(json.dumps({"id": 6, "reply": reply, "context": {"voice": voice, "hold": hold}}, ensure_ascii=False)
             for reply in ("um so I'm sorry, uh, I will call you back by 5pm", "متاسفم، آم", "非常抱歉")
             for voice in SPOKEN for hold in (None, HELD))]
    lines = [json.dumps({"id": ids[i % len(ids)], "reply": row["reply"], "language": row["language"],
                         **({"context": row["context"]} if row["context"] else {})}, ensure_ascii=bool(i % 2))
             for i, row in enumerate(rows)] + odd
    for number, text in enumerate(lines, 1):
        rubric = catalog.rubric(rows[number - 1]["rubric"] if number <= len(rows) else "core")
        assert writer.line(text, number, rubric, scorer, "auto") == (_dump(
            score_line(text, number, rubric, scorer, "auto")) + "\n").encode("utf-8"), text[:80]


def test_a_score_is_the_model_validation_would_build():
    """Scores are built from the scorer's own data without validating again: they must equal (and
    serialise like) the validated model."""
    from trainer.scoring.results import CriterionResult, ReplyScore

    rubric = Catalog.load(ROOT / "scenarios" / "rubrics").rubric("core")
    for lang, text in (("en", "I'm so sorry, Mr Lee. I'll call you back by 5pm today."),
                       ("fa", "متاسفم که این اتفاق افتاد. تا فردا ساعت ۱۰ پیگیری می‌کنم."),
                       ("zh", "非常抱歉给您带来不便。"), ("en", "")):
        got = RuleScorer().score(text, rubric, ReplyContext(language=lang, customer_names=["Lee"]))
        again = ReplyScore.model_validate(got.model_dump())
        assert got == again
        assert got.model_dump_json() == again.model_dump_json()
        for result in got.criteria.values():
            validated = CriterionResult.model_validate(result.model_dump())
            assert result.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
            assert [type(e) for e in result.evidence] == [type(e) for e in validated.evidence]

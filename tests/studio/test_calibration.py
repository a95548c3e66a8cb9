"""Calibration: stratified samples, uploaded replies, agreement per criterion, and disagreements turned
into something a person reviews."""


import pytest

from trainer.scoring.rules import RuleScorer
from trainer.store.studio_records import CalibrationItemRecord, GradeRecord
from trainer.studio.calibration import (
    AUTO,
    gherkin_example,
    parse_jsonl,
    phrase_change,
    report,
    sample_jsonl,
    stratified,
)


def test_a_stratified_sample_covers_every_score_band():
    pool = list(range(100)) * 3  # 300 "replies" scored 0..99
    picked = stratified(pool, float, 10, seed=1)
    assert len(picked) == 10
    assert sorted({p // 20 for p in picked}) == [0, 1, 2, 3, 4]
    assert all(sum(1 for p in picked if p // 20 == band) == 2 for band in range(5))
    assert stratified(pool, float, 10, seed=1) == picked
    assert picked != sorted(picked)  # not shown to graders in score order


def test_a_small_pool_gives_what_it_has():
    assert sorted(stratified([5, 95], float, 10, seed=2)) == [5, 95]


def test_uploaded_jsonl_is_scored_and_bad_lines_are_listed(catalog):
    rubric = catalog.rubric("app-basic")
    text = '\n'.join([
        '{"reply": "I understand, I am sorry. I will call you back by 5 pm.", "customer_line": "Where is it?"}',
        'not json',
        '{"text": "no reply key"}',
        '{"reply": "متاسفم", "language": "fa"}',
        '',
        '{"reply": "ok", "language": "de"}',
    ])
    items, problems = parse_jsonl(text, rubric, RuleScorer())
    assert [i.reply[:6] for i in items] == ["I unde", "متاسفم", "ok"]
    assert items[0].auto["criteria"]["empathy"]["score"] == 2 and items[0].customer_line == "Where is it?"
    assert items[1].language == "fa" and items[1].auto["criteria"]["apology"]["score"] == 2
    assert [p.split(":")[0] for p in problems] == ["line 2", "line 3", "line 6"]
    assert len(sample_jsonl(items, 2, seed=1)) == 2


def _items(catalog, replies):
    rubric, scorer = catalog.rubric("app-basic"), RuleScorer()
    return [CalibrationItemRecord(id=i + 1, round_id=1, position=i, reply=r,
                                  auto=scorer.score(r, rubric, _context()).model_dump(mode="json"))
            for i, r in enumerate(replies)]


def _context():
    from trainer.scoring.results import ReplyContext
    return ReplyContext(language="en")


def _grades(grader_id, name, points):
    return [GradeRecord(item_id=i + 1, grader_id=grader_id, grader_name=name, criterion_id="empathy", points=p)
            for i, p in enumerate(points)]


REPLIES = ["I understand how you feel.", "Calm down.", "That is frustrating, I understand.", "Noted.",
           "I hear you, that sounds awful."]  # the last one is empathy the phrase list misses


def test_report_agreement_per_criterion_and_between_trainers(catalog):
    items = _items(catalog, REPLIES)
    auto = [i.auto["criteria"]["empathy"]["score"] for i in items]
    assert auto == [2, 0, 2, 0, 0]
    grades = _grades(1, "Tess", [2, 0, 2, 0, 2]) + _grades(2, "Omar", [2, 0, 1, 0, 2])
    result = report(catalog.rubric("app-basic"), items, grades)
    assert result.graders == ("Omar", "Tess") and result.graded_items == 5
    tess = next(p for p in result.scorer_vs_trainers if p.criterion_id == "empathy" and p.second == "Tess")
    assert tess.first == AUTO and (tess.agreement.count, tess.agreement.exact) == (5, 4)
    assert tess.agreement.kappa == pytest.approx(0.6154, abs=1e-4)  # po 0.8, pe 0.48
    [between] = [p for p in result.between_trainers if p.criterion_id == "empathy"]
    assert (between.agreement.count, between.agreement.exact) == (5, 4)
    missed = [d for d in result.disagreements if d.grader == "Tess"]
    assert [(d.reply, d.automatic, d.human) for d in missed] == [("I hear you, that sounds awful.", 0, 2)]


def test_a_disagreement_becomes_a_gherkin_example_and_a_phrase_proposal(catalog):
    items = _items(catalog, REPLIES)
    result = report(catalog.rubric("app-basic"), items, _grades(1, "Tess", [0, 0, 2, 0, 2]))
    missed = next(d for d in result.disagreements if d.human > d.automatic)
    example = gherkin_example(missed, "core")
    assert '    When the trainee says "I hear you, that sounds awful."\n    Then empathy scores 2\n' in example
    assert "Given the rubric" not in example
    assert 'Given the rubric "app-basic"' in gherkin_example(missed, "app-basic")
    proposal = phrase_change(missed, catalog.rubric("app-basic"))
    assert "Consider adding a phrase to `empathy`" in proposal and 'en: ["i hear you, that sounds awful"]' in proposal
    over = next(d for d in result.disagreements if d.human < d.automatic)
    assert '"I understand"' in phrase_change(over, catalog.rubric("app-basic"))


def test_items_not_graded_by_anyone_do_not_count(catalog):
    items = _items(catalog, REPLIES)
    result = report(catalog.rubric("app-basic"), items, [])
    assert result.graded_items == 0 and result.scorer_vs_trainers == () and result.disagreements == ()


def test_a_round_exports_as_jsonl_with_every_grade(catalog):
    import json

    from trainer.studio.calibration import export_jsonl

    items = _items(catalog, REPLIES[:2])
    lines = export_jsonl(items, _grades(1, "Tess", [2, 0]) + _grades(2, "Omar", [1])).splitlines()
    first = json.loads(lines[0])
    assert first["reply"] == "I understand how you feel." and first["automatic"]["empathy"] == 2
    assert first["grades"] == {"Tess": {"empathy": 2.0}, "Omar": {"empathy": 1.0}}
    assert json.loads(lines[1])["grades"] == {"Tess": {"empathy": 0.0}}


def test_a_round_of_30_uploaded_replies_reports_kappa_for_every_criterion(catalog):
    """The studio's promise: 30 replies graded blind give agreement per criterion, with the
    disagreements listed for the trainer to fix."""
    import json

    rubric = catalog.rubric("app-basic")
    openers = ["I understand how you feel.", "I'm so sorry about this.", "Calm down.", "Noted.",
               "That sounds really stressful.", "Read our terms.", "Thanks for waiting.", "OK."]
    actions = ["I will call you back by 5 pm.", "Someone will look at it.", "", "I'll refund it today."]
    lines = [json.dumps({"reply": f"{o} {a}".strip(), "customer_line": "Where is my order?"})
             for o in openers for a in actions]
    items, problems = parse_jsonl("\n".join(lines), rubric, RuleScorer())
    assert problems == [] and len(items) == 32
    sample = sample_jsonl(items, 30, seed=4)
    assert len(sample) == 30
    records = [CalibrationItemRecord(id=i + 1, round_id=1, position=i, **item.model_dump())
               for i, item in enumerate(sample)]
    grades = []
    for record in records:  # the trainer agrees with the scorer except on empathy for "Noted." replies
        for cid, result in record.auto["criteria"].items():
            if result["graded_by"] == "ungraded":
                continue
            points = result["score"]
            if cid == "empathy" and record.reply.startswith("Noted."):
                points = result["max"]
            grades.append(GradeRecord(item_id=record.id, grader_id=1, grader_name="Tess",
                                      criterion_id=cid, points=points))
    result = report(rubric, records, grades)
    graded = {c for r in records for c, v in r.auto["criteria"].items() if v["graded_by"] != "ungraded"}
    pairs = {p.criterion_id: p.agreement for p in result.scorer_vs_trainers}
    assert set(pairs) == graded and all(a.count == 30 for a in pairs.values())
    assert all(a.exact == 30 for cid, a in pairs.items() if cid != "empathy")
    noted = sum(r.reply.startswith("Noted.") for r in records)
    assert noted > 0 and pairs["empathy"].exact == 30 - noted and pairs["empathy"].kappa < 1
    assert {(d.criterion_id, d.reply.split()[0]) for d in result.disagreements} == {("empathy", "Noted.")}

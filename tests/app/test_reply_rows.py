"""Practice feedback on one reply at a step that names its criteria: the counted ones first, the
others marked as judged over the whole call, with no tip."""

from __future__ import annotations

from trainer.config import ROOT
from trainer.scenario.catalog import Catalog
from trainer.scoring.aggregate import scoped
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer
from trainer.ui.chat import reply_rows

PLAN = ("گوشی‌تون گارانتی داره. همین الان براتون پیک رایگان ثبت کردم: فردا ساعت ۱۰ صبح پیک میاد و تا پنج روز "
        "کاری تعمیرشده برمی‌گرده.")


def test_the_rows_of_a_reply_at_a_step_that_names_its_criteria():
    catalog = Catalog.load(ROOT / "scenarios")
    scenario = catalog.scenarios["fa-hold-music"]
    rubric = catalog.rubric(scenario.rubric)
    step = scenario.step("details")
    score = scoped(rubric, RuleScorer().score(PLAN, rubric, ReplyContext(language="fa")), step.criteria)
    rows = reply_rows(score, rubric, "fa")
    counted = rows[: len(step.criteria)]
    assert [r.label for r in counted] == [rubric.criterion(c).words("fa").label for c in step.criteria]
    assert all("در کل تماس" not in r.note for r in counted)
    rest = rows[len(step.criteria):]
    assert rest and all(r.note.startswith("در کل تماس سنجیده می‌شود") and r.tip == "" for r in rest)
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))


def test_a_reply_at_a_step_that_names_none_shows_every_criterion_as_before():
    rubric = Catalog.load(ROOT / "scenarios").rubric("core")
    score = RuleScorer().score("Sorry, I'll call you at 5pm.", rubric, ReplyContext())
    rows = reply_rows(score, rubric, "en")
    assert [r.label for r in rows] == [rubric.criterion(c).words("en").label for c in score.criteria]
    assert not any("whole call" in r.note for r in rows)

"""The library shipped in `scenarios/` must validate with no problem at all."""

from __future__ import annotations

from tests.found import found
from trainer.config import ROOT
from trainer.scenario.catalog import Catalog

SHIPPED = ROOT / "scenarios"


def test_the_shipped_library_validates() -> None:
    found((p for p in SHIPPED.rglob("*.y*ml") if "rubrics" not in p.parts), "shipped scenarios")
    catalog = Catalog.load(SHIPPED)
    assert [str(p) for p in catalog.problems] == []
    assert catalog.scenarios


def test_every_shipped_file_points_editors_at_the_committed_schema() -> None:
    """The first-line modeline gives VS Code completion; a wrong path silently gives none."""
    library = ROOT / "scenarios"
    for path in found(library.glob("*/*.yaml"), "shipped YAML files"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "rubric" if path.parent.name == "rubrics" else "scenario"
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", path
        assert (path.parent / f"../schema/{kind}.schema.json").resolve().is_file()


def test_each_step_that_names_its_criteria_can_be_met_and_its_model_answer_meets_it() -> None:
    """A reply is scored on its step's criteria: the step's own model answer, said there, reaches the
    pass mark, and a reply with full points on those criteria scores 100 (never less)."""
    from trainer.scenario.variables import fill, resolve
    from trainer.scoring.aggregate import scoped
    from trainer.scoring.results import CriterionResult
    from trainer.scoring.rules import DEFAULT_PASS_MARK, RuleScorer
    from trainer.simulation.session import reply_context

    catalog = Catalog.load(SHIPPED)
    stepped = [(s, step) for s in catalog.scenarios.values() for step in s.steps if step.criteria]
    assert len({s.language for s, _ in stepped}) == 3, "steps name their criteria in en, fa and zh"
    for scenario, step in stepped:
        rubric = catalog.rubric(scenario.rubric)
        values = resolve(scenario, 7)
        answer = fill(step.model_answer, values)
        score = scoped(rubric, RuleScorer().score(answer, rubric, reply_context(scenario, values, None, None)),
                       step.criteria)
        pass_mark = DEFAULT_PASS_MARK if rubric.pass_mark is None else rubric.pass_mark
        assert score.total >= pass_mark, (scenario.id, step.id, score.total)
        full = {cid: CriterionResult(criterion_id=cid, score=r.max, max=r.max, weight=r.weight)
                for cid, r in score.criteria.items()}
        met = scoped(rubric, score.model_copy(update={"criteria": {**score.criteria, **{
            cid: full[cid] for cid in step.criteria}}}), step.criteria)
        assert met.total == 100 and met.passed, (scenario.id, step.id)

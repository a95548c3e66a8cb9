"""Comparable sets of criteria for the progress charts, so one chart never mixes rubrics or languages.

A library has dozens of rubrics in several languages; averaging "Says what the next bill will be" next
to a Persian rubric's criteria in one heatmap compares nothing. The dashboards therefore show one set
at a time:

- the **shared set**: the criteria of the rubric every scenario's rubric extends (the built-in `core`
  rubric: empathy, apology, no blame...), over every call in every language. The criteria are defined
  once for all languages, so they are one comparable set, labelled from that one rubric; the team
  dashboards read it from the weekly team rollup;
- one set per **rubric and language**: that rubric's criteria, over the scenarios in that language
  that use it, labelled as the rubric labels them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from trainer import languages
from trainer.messages import bidi_safe
from trainer.scenario.catalog import Catalog

_ORDER = {"en": 0, "fa": 1, "zh": 2}


@dataclass(frozen=True)
class CriterionSet:
    """`scenario_ids` None: every call counts (the shared set); otherwise only calls of these scenarios."""

    key: str
    title: str
    criteria: tuple[str, ...]
    labels: dict[str, str] = field(hash=False, compare=False)
    scenario_ids: tuple[str, ...] | None = None
    language: str | None = None

    def label(self, criterion_id: str) -> str:
        """The chart label: a Persian one sits in Unicode isolates, so digits and Latin text beside it
        in an axis, legend or tooltip keep their order."""
        return bidi_safe(self.labels.get(criterion_id, criterion_id))


def criterion_sets(catalog: Catalog) -> list[CriterionSet]:
    """The shared set first (when the rubrics have a common ancestor), then one per rubric and language,
    English, Persian and Chinese first, then by title."""
    by_rubric: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sid, scenario in sorted(catalog.scenarios.items()):
        if scenario.rubric in catalog.rubrics:
            by_rubric[(scenario.rubric, scenario.language)].append(sid)
    out: list[CriterionSet] = []
    shared = _common_ancestor(catalog, {rid for rid, _ in by_rubric})
    if shared is not None:
        rubric = catalog.rubrics[shared]
        out.append(CriterionSet(key=f"shared:{shared}", title=f"{rubric.title} (every call, every language)",
                                criteria=tuple(c.id for c in rubric.criteria),
                                labels={c.id: c.label or c.id for c in rubric.criteria}))
    per_rubric = []
    for (rid, language), sids in by_rubric.items():
        rubric = catalog.rubrics[rid]
        calls = "1 scenario" if len(sids) == 1 else f"{len(sids)} scenarios"
        per_rubric.append(CriterionSet(
            key=f"rubric:{rid}:{language}", title=f"{languages.name(language)} · {rubric.title} ({calls})",
            criteria=tuple(c.id for c in rubric.criteria),
            labels={c.id: c.words(language).label or c.id for c in rubric.criteria},  # in the set's language
            scenario_ids=tuple(sids), language=language))
    per_rubric.sort(key=lambda s: (_ORDER.get(s.language or "", 9), s.language or "", s.title.casefold()))
    return out + per_rubric


def _common_ancestor(catalog: Catalog, rubric_ids: set[str]) -> str | None:
    """The nearest rubric that every one of `rubric_ids` is or extends (None: none, or only one rubric)."""
    if len(rubric_ids) < 2:
        return None
    chains = [catalog.chain(rid) for rid in sorted(rubric_ids)]
    common = set(chains[0]).intersection(*chains[1:])
    return next((rid for rid in chains[0] if rid in common), None)


def find(sets: list[CriterionSet], key: str | None) -> CriterionSet | None:
    """The set with this key, else the first one (None: no sets)."""
    return next((s for s in sets if s.key == key), sets[0] if sets else None)

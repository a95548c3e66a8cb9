"""Calibration: do the automatic scores agree with trainers' own grades?

A round is a sample of real replies, stratified by automatic score (so weak, middling and strong
replies are all graded, not 30 copies of the common case), drawn from recorded attempts or from an
uploaded JSONL file. Trainers grade each reply per criterion without seeing the automatic score; the
report gives, per criterion, exact agreement and Cohen's kappa (linear and quadratic weights) of the
scorer against each trainer and of trainers against each other, with the counts, and lists the
disagreements side by side. A disagreement becomes a Gherkin example (to pin the trainer's grade) or
a phrase-list change for a person to review: nothing here edits a rubric by itself.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from itertools import combinations
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from trainer import languages
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Criterion, Rubric
from trainer.scoring.results import ReplyContext, ReplyScore, Scorer
from trainer.store.studio_records import CalibrationItemRecord, GradeRecord, NewCalibrationItem, PoolReply
from trainer.studio.kappa import Agreement, agreement

T = TypeVar("T")
AUTO = "automatic score"
BANDS = 5
MAX_JSONL_LINES = 5000


class Pair(BaseModel):
    """Agreement on one criterion between two graders (the scorer counts as one)."""

    model_config = ConfigDict(frozen=True)

    criterion_id: str
    first: str
    second: str
    agreement: Agreement


class Disagreement(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_id: int
    position: int
    reply: str
    customer_line: str | None
    criterion_id: str
    automatic: float
    human: float
    grader: str
    max: int
    evidence: tuple[str, ...]
    reason: str


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)

    items: int
    graded_items: int
    graders: tuple[str, ...]
    scorer_vs_trainers: tuple[Pair, ...]
    between_trainers: tuple[Pair, ...]
    disagreements: tuple[Disagreement, ...]


# -- sampling --------------------------------------------------------------------------------------

def stratified(pool: Sequence[T], score: Callable[[T], float], n: int, seed: int, bands: int = BANDS) -> list[T]:
    """`n` items spread as evenly as the pool allows over `bands` equal score bands (0-100), drawn with
    `seed`, returned in a shuffled order (so graders do not see them sorted by score)."""
    rng = random.Random(seed)
    by_band: dict[int, list[T]] = defaultdict(list)
    for item in pool:
        by_band[min(bands - 1, max(0, int(score(item) * bands / 100)))].append(item)
    for items in by_band.values():
        rng.shuffle(items)
    chosen: list[T] = []
    while len(chosen) < n and any(by_band.values()):
        for band in sorted(by_band):
            if by_band[band] and len(chosen) < n:
                chosen.append(by_band[band].pop())
    rng.shuffle(chosen)
    return chosen


def from_pool(pool: Iterable[PoolReply], catalog: Catalog, n: int, seed: int) -> list[NewCalibrationItem]:
    """A stratified sample of recorded replies, each with its scenario's language."""
    replies = [p for p in pool if p.text.strip()]
    picked = stratified(replies, lambda p: float(p.auto.get("total", 0)), n, seed)
    return [NewCalibrationItem(reply=p.text, customer_line=p.customer_line, scenario_id=p.scenario_id,
                               language=_language(catalog, p.scenario_id), attempt_id=p.attempt_id,
                               turn_index=p.turn_index, auto=p.auto) for p in picked]


def _language(catalog: Catalog, scenario_id: str | None) -> str:
    scenario = catalog.scenarios.get(scenario_id or "")
    return scenario.language if scenario else "en"


def parse_jsonl(text: str, rubric: Rubric, scorer: Scorer) -> tuple[list[NewCalibrationItem], list[str]]:
    """Replies from JSONL, one object per line: `reply` (required), `customer_line`, `language`
    (en/fa/zh), `scenario`, `customer_names`. Each is scored now; bad lines are listed, not fatal."""
    items: list[NewCalibrationItem] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(items) >= MAX_JSONL_LINES:
            problems.append(f"line {number}: only the first {MAX_JSONL_LINES} replies are read; split the file")
            break
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {number}: not JSON ({e.msg}); each line must be one object like "
                            '{"reply": "..."}')
            continue
        reply = row.get("reply") if isinstance(row, dict) else None
        if not isinstance(reply, str) or not reply.strip():
            problems.append(f'line {number}: needs a "reply" with the text to grade')
            continue
        language = row.get("language", "en")
        if language not in ("en", "fa", "zh"):
            problems.append(f"line {number}: language {language!r} is not en, fa or zh; read as en")
            language = "en"
        names = row.get("customer_names") or []
        line_text = row.get("customer_line")
        context = ReplyContext(language=language, customer_line=line_text if isinstance(line_text, str) else None,
                               customer_names=[n for n in names if isinstance(n, str)])
        auto = scorer.score(reply[:10_000], rubric, context)
        items.append(
            NewCalibrationItem(
                reply=reply[:10_000],
                customer_line=context.customer_line,
                language=language,
                scenario_id=row.get("scenario") if isinstance(row.get("scenario"), str) else None,
                auto=auto.model_dump(mode="json"),
            )
        )
    return items, problems


def sample_jsonl(items: list[NewCalibrationItem], n: int, seed: int) -> list[NewCalibrationItem]:
    return stratified(items, lambda i: float(i.auto.get("total", 0)), n, seed)


# -- the report ------------------------------------------------------------------------------------

def _auto_points(item: CalibrationItemRecord, criterion_id: str) -> float | None:
    result = ReplyScore.model_validate(item.auto).criteria.get(criterion_id)
    return None if result is None or not result.graded else result.score


def report(rubric: Rubric, items: Sequence[CalibrationItemRecord], grades: Sequence[GradeRecord]) -> Report:
    by_item = {i.id: i for i in items}
    human: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)  # (grader, criterion) -> item -> points
    for g in grades:
        if g.item_id in by_item:
            human[(g.grader_name, g.criterion_id)][g.item_id] = g.points
    graders = tuple(sorted({g for g, _ in human}))
    maxima = {c.id: _max_points(c) for c in rubric.criteria}
    vs_scorer: list[Pair] = []
    between: list[Pair] = []
    disagreements: list[Disagreement] = []
    for criterion in rubric.criteria:
        cid, top = criterion.id, maxima[criterion.id]
        for grader in graders:
            graded = human.get((grader, cid), {})
            pairs = [(a, graded[i]) for i in graded if (a := _auto_points(by_item[i], cid)) is not None]
            if pairs:
                vs_scorer.append(Pair(criterion_id=cid, first=AUTO, second=grader,
                                      agreement=agreement([a for a, _ in pairs], [h for _, h in pairs], top)))
            for item_id, points in graded.items():
                auto = _auto_points(by_item[item_id], cid)
                if auto is not None and round(auto) != round(points):
                    disagreements.append(_disagreement(by_item[item_id], cid, auto, points, grader, top))
        for a, b in combinations(graders, 2):
            ga, gb = human.get((a, cid), {}), human.get((b, cid), {})
            common = sorted(set(ga) & set(gb))
            if common:
                between.append(Pair(criterion_id=cid, first=a, second=b,
                                    agreement=agreement([ga[i] for i in common], [gb[i] for i in common], top)))
    graded_items = {i for (_, _), d in human.items() for i in d}
    disagreements.sort(key=lambda d: (-abs(d.automatic - d.human), d.criterion_id, d.position))
    return Report(items=len(items), graded_items=len(graded_items), graders=graders,
                  scorer_vs_trainers=tuple(vs_scorer), between_trainers=tuple(between),
                  disagreements=tuple(disagreements))


def _max_points(criterion: Criterion) -> int:
    return int(criterion.max_points)


def _disagreement(item: CalibrationItemRecord, cid: str, auto: float, human: float, grader: str,
                  top: int) -> Disagreement:
    result = ReplyScore.model_validate(item.auto).criteria[cid]
    return Disagreement(item_id=item.id, position=item.position, reply=item.reply, customer_line=item.customer_line,
                        criterion_id=cid, automatic=auto, human=human, grader=grader, max=top,
                        evidence=tuple(e.text for e in result.evidence), reason=result.reason)


def export_jsonl(items: Sequence[CalibrationItemRecord], grades: Sequence[GradeRecord]) -> str:
    """One line per reply: the text, the automatic points and every grader's points, for audit or for
    the agreement benchmark."""
    by_item: dict[int, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for g in grades:
        by_item[g.item_id][g.grader_name][g.criterion_id] = g.points
    lines = []
    for item in items:
        auto = ReplyScore.model_validate(item.auto)
        lines.append(json.dumps({
            "reply": item.reply, "customer_line": item.customer_line, "language": item.language,
            "scenario": item.scenario_id, "automatic": {c: r.score for c, r in auto.criteria.items() if r.graded},
            "grades": {name: dict(points) for name, points in by_item.get(item.id, {}).items()},
        }, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


# -- turning a disagreement into something to review -----------------------------------------------



def gherkin_example(d: Disagreement, rubric_id: str, language: str = "en") -> str:
    """A scenario in the style of `tests/features/scoring/calibration_*.feature` pinning the trainer's
    grade (it fails until the rubric agrees with the trainer)."""
    reply = " ".join(d.reply.split()).replace('"', "'")
    short = reply[:60] + ("..." if len(reply) > 60 else "")
    lines = [f"  # calibration: {d.grader} gave {d.human:g}, the scorer {d.automatic:g} (rubric {rubric_id})",
             f"  Scenario: Calibration: {d.criterion_id} for \"{short}\""]
    if rubric_id != "core":
        lines.append(f'    Given the rubric "{rubric_id}"')
    lines += [f'    When the trainee says "{reply}"', f"    Then {d.criterion_id} scores {round(d.human)}"]
    return "\n".join(lines) + "\n"


def phrase_change(d: Disagreement, rubric: Rubric, language: str = "en") -> str:
    """A proposed phrase-list change, in words and YAML, for a person to review before any edit."""
    header = (f"## {rubric.id} / {d.criterion_id}: the scorer gave {d.automatic:g}, {d.grader} gave {d.human:g} "
              f"(of {d.max})\n\nReply: {d.reply}\n\n")
    lang = language if language in languages.LANGUAGES else "en"
    if d.human > d.automatic:
        candidate = _phrase_candidate(d.reply)
        body = (f"The scorer missed what the trainer credited. Consider adding a phrase to `{d.criterion_id}` "
                f"(level worth {round(d.human)} points):\n\n```yaml\n{lang}: [\"{candidate}\"]\n```\n")
    else:
        matched = ", ".join(f'"{e}"' for e in d.evidence) or "(no evidence recorded)"
        body = (f"The scorer credited words the trainer did not: {matched}. Consider narrowing or removing "
                f"that phrase in `{d.criterion_id}`, or adding a forbidden phrase for this use.\n")
    return header + body + f"\nScorer's reason: {d.reason or '-'}\n"


def _phrase_candidate(reply: str) -> str:
    """The reply's shortest sentence, lower-cased: a starting point the reviewer will trim."""
    sentences = [s.strip() for s in re.split(r"[.!?。！？؟\n]+", reply) if s.strip()]
    best = min(sentences, key=len) if sentences else reply.strip()
    return best.lower().replace('"', "'")[:80]


def append_to(folder: Path, name: str, text: str) -> Path:
    """Append a proposal to `folder/name` (created if needed) and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("a", encoding="utf-8") as f:
        f.write(("\n" if path.stat().st_size else "") + text)
    return path

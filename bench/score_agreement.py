"""How far the offline rule scorer agrees with human labels, per criterion.

    .venv/bin/python bench/score_agreement.py PATH... [--rubric core] [--library scenarios]

Each PATH is a JSONL file (or a folder of them) of labelled replies, one object a line:
`{"id", "text", "context", "labels": {...}, "meta": {...}}`. The file's kind is told from its labels:

- `emotional_reactions` (EPITOME, 0/1/2): `empathy` against label >= 1 (macro-F1, accuracy), and
  Spearman of the empathy points against the label;
- `binary_quartile` (Stanford politeness, polite/impolite quartiles): `courtesy` >= 1, `no_blame` at
  full points, and both (polite = courteous and not blaming), against "polite" (accuracy, macro-F1);
  Spearman of courtesy + no_blame against `politeness_score` over every row;
- `politeness` (holistic 0..4, per `meta.language`): Spearman of `courtesy`, `no_blame` and
  courtesy + no_blame against the rating.

Nothing from these files is stored; the script only reads them and prints figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.scenario.catalog import Catalog  # noqa: E402
from trainer.scenario.schema import Rubric  # noqa: E402
from trainer.scoring.results import ReplyContext  # noqa: E402
from trainer.scoring.rules import RuleScorer  # noqa: E402


def rows(path: Path) -> Iterator[dict]:
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else float("nan")


def binary(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    def f1(positive: bool) -> float:
        tp = sum(p == positive and g == positive for p, g in zip(pred, gold, strict=True))
        fp = sum(p == positive and g != positive for p, g in zip(pred, gold, strict=True))
        fn = sum(p != positive and g == positive for p, g in zip(pred, gold, strict=True))
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    acc = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
    return {"accuracy": acc, "macro_f1": (f1(True) + f1(False)) / 2, "f1_pos": f1(True), "n": len(gold)}


def score_all(items: list[dict], rubric: Rubric, language_of) -> list[dict[str, float]]:
    scorer = RuleScorer()
    out = []
    for row in items:
        ctx = ReplyContext(language=language_of(row), customer_line=row.get("context"))
        result = scorer.score(row.get("text") or "", rubric, ctx)
        out.append({cid: r.score for cid, r in result.criteria.items()} | {"_total": result.total})
    return out


def report_epitome(name: str, items: list[dict], rubric: Rubric) -> None:
    scores = score_all(items, rubric, lambda r: "en")
    gold = [r["labels"]["emotional_reactions"] for r in items]
    m = binary([s["empathy"] >= 1 for s in scores], [g >= 1 for g in gold])
    rho = spearman([s["empathy"] for s in scores], gold)
    print(f"{name}: empathy vs emotional_reactions>=1   macro-F1 {m['macro_f1']:.3f}  accuracy "
          f"{m['accuracy']:.3f}  F1(pos) {m['f1_pos']:.3f}  n={m['n']}   (target macro-F1 >= 0.75)")
    print(f"{name}: empathy points vs emotional_reactions  Spearman {rho:.3f}")
    rho_i = spearman([s["empathy"] for s in scores], [r["labels"]["interpretations"] for r in items])
    print(f"{name}: empathy points vs interpretations      Spearman {rho_i:.3f}")


def report_quartiles(name: str, items: list[dict], rubric: Rubric) -> None:
    scores = score_all(items, rubric, lambda r: "en")
    labelled = [(s, r["labels"]["binary_quartile"] == "polite") for s, r in zip(scores, items, strict=True)
                if r["labels"].get("binary_quartile") in ("polite", "impolite")]
    gold = [g for _, g in labelled]
    full_nb = max(s["no_blame"] for s, _ in labelled) if labelled else 2
    for label, pred in (
        ("courtesy>=1", [s["courtesy"] >= 1 for s, _ in labelled]),
        ("no_blame full", [s["no_blame"] >= full_nb for s, _ in labelled]),
        ("courtesy>=1 and no_blame", [s["courtesy"] >= 1 and s["no_blame"] >= full_nb for s, _ in labelled]),
    ):
        m = binary(pred, gold)
        print(f"{name}: {label:<26} vs polite quartile  accuracy {m['accuracy']:.3f}  macro-F1 "
              f"{m['macro_f1']:.3f}  n={m['n']}   (target accuracy >= 0.85)")
    rho = spearman([s["courtesy"] + s["no_blame"] for s in scores], [r["labels"]["politeness_score"] for r in items])
    print(f"{name}: courtesy+no_blame vs politeness_score  Spearman {rho:.3f}  n={len(items)}")


def report_holistic(name: str, items: list[dict], rubric: Rubric) -> None:
    for lang in sorted({(r.get("meta") or {}).get("language", "en") for r in items}):
        subset = [r for r in items if (r.get("meta") or {}).get("language", "en") == lang]
        scores = score_all(subset, rubric, lambda r, lang=lang: lang)
        gold = [r["labels"]["politeness"] for r in subset]
        for label, xs in (
            ("courtesy", [s["courtesy"] for s in scores]),
            ("no_blame", [s["no_blame"] for s in scores]),
            ("courtesy+no_blame", [s["courtesy"] + s["no_blame"] for s in scores]),
        ):
            target = "   (target >= 0.5)" if lang == "zh" and label == "courtesy" else ""
            print(f"{name} [{lang}]: {label:<18} vs politeness 0-4  Spearman {spearman(xs, gold):.3f}  "
                  f"n={len(subset)}{target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--rubric", default="core")
    parser.add_argument("--library", type=Path, default=ROOT / "scenarios")
    args = parser.parse_args(argv)
    rubric = Catalog.load(args.library).rubric(args.rubric)
    files = [f for p in args.paths for f in (sorted(p.glob("*.jsonl")) if p.is_dir() else [p])]
    for f in files:
        items = list(rows(f))
        if not items:
            continue
        labels = items[0].get("labels", {})
        started = time.perf_counter()
        if "emotional_reactions" in labels:
            report_epitome(f.name, items, rubric)
        elif "binary_quartile" in labels:
            report_quartiles(f.name, items, rubric)
        elif "politeness" in labels:
            report_holistic(f.name, items, rubric)
        else:
            print(f"{f.name}: no known labels ({', '.join(labels)}); skipped")
            continue
        print(f"  ({len(items)} rows in {time.perf_counter() - started:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Agreement between two graders on an ordinal scale: Cohen's kappa (unweighted, linear, quadratic) and
exact agreement, with the counts behind them.

A trainer can only trust an automatic score once it agrees with their own grades beyond what chance
would give; weighted kappa credits near misses (1 point off on a 0-3 scale) more than far ones. The
formulas are Cohen's (1960, 1968), with weights as in R's `vcd::Kappa` ("Equal-Spacing" = linear,
"Fleiss-Cohen" = quadratic), so results can be checked against published tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Weighting = Literal["none", "linear", "quadratic"]


class Agreement(BaseModel):
    """How two graders agree on one criterion over the same replies."""

    model_config = ConfigDict(frozen=True)

    count: int = Field(description="replies both graded")
    exact: int = Field(description="replies given the same points by both")
    exact_rate: float | None
    kappa: float | None = Field(description="unweighted; None when undefined (too few items or no variation)")
    kappa_linear: float | None
    kappa_quadratic: float | None
    table: list[list[int]] = Field(description="rows: first grader's points 0..max; columns: second's")


def _weight(i: int, j: int, k: int, weighting: Weighting) -> float:
    """Disagreement weight: 0 on the diagonal, 1 for the farthest cells."""
    if weighting == "none":
        return 0.0 if i == j else 1.0
    d = abs(i - j) / (k - 1)
    return d if weighting == "linear" else d * d


def kappa_from_table(table: Sequence[Sequence[float]], weighting: Weighting = "none") -> float | None:
    """Cohen's (weighted) kappa of a square table of counts; None when chance agreement is perfect
    (every item in one category for both graders) or the table is empty."""
    k = len(table)
    if k < 2 or any(len(row) != k for row in table):
        return None if k < 2 else _not_square(k)
    n = float(sum(sum(row) for row in table))
    if n <= 0:
        return None
    rows = [sum(row) / n for row in table]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    observed = sum(_weight(i, j, k, weighting) * table[i][j] / n for i in range(k) for j in range(k))
    expected = sum(_weight(i, j, k, weighting) * rows[i] * cols[j] for i in range(k) for j in range(k))
    if expected == 0:
        return None
    return 1.0 - observed / expected


def _not_square(k: int) -> float:
    raise ValueError(f"a kappa table must be square ({k} rows, but rows of other lengths)")


def table_of(first: Sequence[float], second: Sequence[float], maximum: int) -> list[list[int]]:
    """Counts of (first, second) points, each rounded to a whole point and clamped to 0..maximum."""
    if len(first) != len(second):
        raise ValueError("both graders must grade the same replies")
    size = max(1, int(maximum)) + 1
    table = [[0] * size for _ in range(size)]
    for a, b in zip(first, second, strict=True):
        table[_category(a, size)][_category(b, size)] += 1
    return table


def _category(points: float, size: int) -> int:
    return min(size - 1, max(0, int(round(points))))


def agreement(first: Sequence[float], second: Sequence[float], maximum: int) -> Agreement:
    """Exact agreement and the three kappas for paired points on a 0..maximum scale."""
    table = table_of(first, second, maximum)
    n = len(first)
    exact = sum(table[i][i] for i in range(len(table)))

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return Agreement(
        count=n, exact=exact, exact_rate=round(exact / n, 4) if n else None,
        kappa=rounded(kappa_from_table(table, "none")),
        kappa_linear=rounded(kappa_from_table(table, "linear")),
        kappa_quadratic=rounded(kappa_from_table(table, "quadratic")),
        table=table,
    )


def describe(kappa: float | None) -> str:
    """Landis and Koch's (1977) words for a kappa value, for people who do not read kappas daily."""
    if kappa is None:
        return "not measurable (too few replies, or every grade the same)"
    for bound, words in ((0.0, "poor"), (0.2, "slight"), (0.4, "fair"), (0.6, "moderate"), (0.8, "substantial")):
        if kappa <= bound:
            return words
    return "almost perfect"

"""Cohen's kappa against published values, and the edge cases a small calibration round hits."""

import pytest

from trainer.studio.kappa import agreement, describe, kappa_from_table, table_of

# Hout, Ganzeboom et al.'s "sexual fun" table, as shipped with R's vcd package (`data(SexualFun)`);
# `vcd::Kappa(SexualFun)` prints 0.1293 unweighted and 0.2374 weighted (equal spacing), and
# `Kappa(SexualFun, weights = "Fleiss-Cohen")` 0.3320.
SEXUAL_FUN = [[7, 7, 2, 3], [2, 8, 3, 7], [1, 5, 4, 9], [2, 8, 9, 14]]


def test_r_vcd_sexual_fun_values():
    assert kappa_from_table(SEXUAL_FUN) == pytest.approx(0.1293, abs=5e-5)
    assert kappa_from_table(SEXUAL_FUN, "linear") == pytest.approx(0.2374, abs=5e-5)
    assert kappa_from_table(SEXUAL_FUN, "quadratic") == pytest.approx(0.3320, abs=5e-5)


@pytest.mark.parametrize(("table", "expected"), [
    ([[20, 5], [10, 15]], 0.40),  # Wikipedia, "Cohen's kappa": the grant proposals example
    ([[45, 15], [25, 15]], 0.1304),  # same article: 60% agreement, unbalanced marginals
    ([[25, 35], [5, 35]], 0.2593),  # 60% agreement again, a different kappa
])
def test_wikipedia_two_by_two_examples(table, expected):
    for weighting in ("none", "linear", "quadratic"):  # with two categories every weighting agrees
        assert kappa_from_table(table, weighting) == pytest.approx(expected, abs=5e-5)


def test_perfect_agreement_is_one_and_swapped_labels_are_negative():
    assert kappa_from_table([[5, 0, 0], [0, 5, 0], [0, 0, 5]], "quadratic") == pytest.approx(1.0)
    assert kappa_from_table([[0, 5], [5, 0]]) == pytest.approx(-1.0)


def test_weights_credit_near_misses():
    near = [[4, 1, 0], [0, 4, 1], [0, 0, 4]]  # every miss is one point off
    far = [[4, 0, 1], [0, 5, 0], [1, 0, 3]]  # misses are two points off
    assert kappa_from_table(near, "quadratic") > kappa_from_table(near, "none")
    assert kappa_from_table(far, "quadratic") < kappa_from_table(far, "none")


def test_undefined_when_everyone_gives_the_same_grade():
    assert kappa_from_table([[10, 0], [0, 0]]) is None
    assert kappa_from_table([[0, 0], [0, 0]]) is None


def test_agreement_counts_and_rounds_points_onto_the_scale():
    result = agreement([0, 1, 2, 2, 1.6, 5], [0, 1, 2, 1, 2, 2], maximum=2)
    assert result.count == 6 and result.exact == 5
    assert result.exact_rate == pytest.approx(5 / 6, abs=1e-4)
    assert result.table == [[1, 0, 0], [0, 1, 0], [0, 1, 3]]
    assert table_of([3.0], [-1.0], 2) == [[0, 0, 0], [0, 0, 0], [1, 0, 0]]


def test_graders_must_grade_the_same_replies():
    with pytest.raises(ValueError, match="same replies"):
        agreement([1, 2], [1], maximum=2)


def test_words_for_kappa():
    assert describe(None).startswith("not measurable")
    assert describe(0.85) == "almost perfect"
    assert describe(0.5) == "moderate"

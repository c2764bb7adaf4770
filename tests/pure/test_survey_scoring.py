import pytest

from quality_ops.ratios import percent
from quality_ops.survey_scoring import normalise, nps, weighted_score

# the weighted dimensions of domain.md §5, answered on a 1-5 scale
WEIGHTS = [10, 10, 10, 10, 10, 15, 15, 20]


def test_all_best_answers_score_100_all_worst_0():
    assert weighted_score([(w, 5, 1, 5) for w in WEIGHTS]) == 100
    assert weighted_score([(w, 1, 1, 5) for w in WEIGHTS]) == 0


def test_mixed_response_is_the_weighted_value():
    values = [5, 4, 3, 5, 2, 4, 3, 5]
    # by hand: sum(w * (v - 1) / 4) / 100 * 100
    expected = 10 * 1 + 10 * 0.75 + 10 * 0.5 + 10 * 1 + 10 * 0.25 + 15 * 0.75 + 15 * 0.5 + 20 * 1
    assert weighted_score(
        list(zip(WEIGHTS, values, [1] * 8, [5] * 8, strict=True))
    ) == pytest.approx(expected)


def test_unanswered_dimensions_are_reweighted():
    answers = [(10, 5, 1, 5), (30, None, 1, 5), (10, 1, 1, 5)]
    assert weighted_score(answers) == 50
    assert weighted_score([(10, None, 1, 5)]) is None
    assert weighted_score([]) is None


def test_scales_differ_per_dimension():
    assert weighted_score([(1, 10, 0, 10), (1, 3, 1, 5)]) == 75


def test_normalise_clamps_and_rejects_empty_scales():
    assert normalise(7, 1, 5) == 1
    assert normalise(-2, 0, 10) == 0
    with pytest.raises(ValueError):
        normalise(1, 5, 5)


def test_nps_of_five_promoters_three_passives_two_detractors():
    assert nps([10, 9, 9, 10, 9, 8, 7, 8, 6, 0]) == 30


def test_nps_edges():
    assert nps([]) is None
    assert nps([10, 10]) == 100
    assert nps([0, 6]) == -100
    assert nps([7, 8]) == 0


def test_percent():
    assert percent(1, 3) == pytest.approx(33.33)
    assert percent(5, 0) is None

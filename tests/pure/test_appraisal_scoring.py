from quality_ops.appraisal_scoring import (
    ATTAINMENT,
    PASS_FAIL,
    line_score,
    measured_score,
    total_score,
)


def test_attainment_is_capped_at_100():
    assert line_score(ATTAINMENT, "higher", 90, 95) == 94.74
    assert line_score(ATTAINMENT, "higher", 100, 95) == 100
    # lower is better: 4 h against 2 h attains half of it
    assert line_score(ATTAINMENT, "lower", 4, 2) == 50
    assert line_score(ATTAINMENT, "lower", 1, 2) == 100


def test_pass_fail():
    assert line_score(PASS_FAIL, "higher", 95, 95) == 100
    assert line_score(PASS_FAIL, "higher", 94.9, 95) == 0
    assert line_score(PASS_FAIL, "lower", 3, 2) == 0
    assert line_score(PASS_FAIL, "lower", 2, 2) == 100


def test_nothing_measured_has_no_score():
    assert line_score(ATTAINMENT, "higher", None, 95) is None
    assert line_score(PASS_FAIL, "lower", None, 2) is None


def test_measured_part_leaves_unmeasured_lines_out():
    assert measured_score([(60, 100), (40, 50)]) == 80
    assert measured_score([(60, 100), (40, None)]) == 100
    assert measured_score([(60, None)]) is None
    assert measured_score([]) is None


def test_total_splits_measured_and_assessed():
    assert total_score(80, 90, 70) == 83
    assert total_score(80, 90, 100) == 80
    assert total_score(None, 90, 70) == 90
    assert total_score(80, 0, 70) == 56

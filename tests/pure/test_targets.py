import math

import pytest

from quality_ops import targets


@pytest.mark.parametrize(
    "unit,value,ok",
    [
        ("percent", 0, True),
        ("percent", 100, True),
        ("percent", 100.01, False),
        ("percent", -0.01, False),
        ("hours", 0, True),
        ("hours", 10_000, True),
        ("hours", -1, False),
        ("count", 3, True),
        ("count", -1, False),
        ("score", 85.5, True),
        ("score", 101, False),
        ("nps", -100, True),
        ("nps", 100, True),
        ("nps", -100.5, False),
        ("percent", math.nan, False),
        ("hours", math.inf, False),
        ("percent", None, False),
        ("percent", "abc", False),
        ("percent", True, False),
    ],
)
def test_value_in_unit_range(unit, value, ok):
    assert targets.value_in_unit_range(unit, value) is ok


def test_unknown_unit_raises():
    with pytest.raises(KeyError):
        targets.value_in_unit_range("parsecs", 1)


@pytest.mark.parametrize(
    "direction,target,warning,ok",
    [
        ("higher", 95, 90, True),
        ("higher", 95, 95, True),
        ("higher", 95, 96, False),
        ("lower", 2, 3, True),
        ("lower", 2, 2, True),
        ("lower", 2, 1.5, False),
    ],
)
def test_warning_side(direction, target, warning, ok):
    assert targets.warning_on_right_side(direction, target, warning) is ok


def test_warning_side_unknown_direction():
    with pytest.raises(ValueError):
        targets.warning_on_right_side("sideways", 1, 1)


@pytest.mark.parametrize(
    "value,expected",
    [
        (96, "met"),
        (95, "met"),  # exactly on target is met
        (94.99, "warning"),
        (90, "warning"),  # exactly on the warning bound is still a warning
        (89.99, "missed"),
        (0, "missed"),
    ],
)
def test_evaluate_higher_is_better(value, expected):
    assert targets.evaluate("higher", value, 95, 90) == expected


@pytest.mark.parametrize(
    "value,expected",
    [
        (1.5, "met"),
        (2, "met"),
        (2.01, "warning"),
        (3, "warning"),
        (3.01, "missed"),
    ],
)
def test_evaluate_lower_is_better(value, expected):
    assert targets.evaluate("lower", value, 2, 3) == expected


def test_evaluate_without_band_has_no_warning():
    assert targets.evaluate("higher", 94, 95, 95) == "missed"
    assert targets.evaluate("lower", 0.6, 0.5, 0.5) == "missed"
    assert targets.evaluate("higher", 94, 95) == "missed"


def test_evaluate_without_target_or_value():
    assert targets.evaluate("higher", 50, None) == "no_target"
    assert targets.evaluate("lower", None, 3) == "no_data"
    assert targets.evaluate("higher", None, None) == "no_data"


def test_evaluate_rejects_band_on_wrong_side():
    with pytest.raises(ValueError):
        targets.evaluate("higher", 90, 95, 97)


def test_attainment():
    assert targets.attainment("higher", 90, 100) == pytest.approx(90)
    assert targets.attainment("higher", 120, 100) == 100
    assert targets.attainment("lower", 4, 2) == pytest.approx(50)
    assert targets.attainment("lower", 1, 2) == 100
    assert targets.attainment("lower", 5, 0) == 0
    assert targets.attainment("higher", None, 2) is None


@pytest.mark.parametrize(
    "direction, value, previous, expected",
    [
        ("higher", 95, 90, "better"),
        ("higher", 85, 90, "worse"),
        ("lower", 3, 4, "better"),
        ("lower", 5, 4, "worse"),
        ("higher", 90.004, 90, "same"),
        ("lower", 4, None, None),
        ("higher", None, 4, None),
    ],
)
def test_trend_follows_the_direction(direction, value, previous, expected):
    assert targets.trend(direction, value, previous) == expected


def test_trend_refuses_an_unknown_direction():
    with pytest.raises(ValueError):
        targets.trend("sideways", 1, 2)


@pytest.mark.parametrize(
    "direction,value,target,warning,expected",
    [
        ("higher", None, 95.0, 90.0, targets.NO_DATA),  # nothing measured: never met
        ("higher", None, None, None, targets.NO_DATA),
        ("higher", 0.0, 95.0, 90.0, targets.MISSED),  # a measured zero is a result
        ("higher", 97.0, None, None, targets.NO_TARGET),
        ("higher", 96.0, 95.0, 90.0, targets.MET),
        ("higher", 92.0, 95.0, 90.0, targets.WARNING),
        ("lower", 3.0, 2.0, 2.0, targets.MISSED),
    ],
)
def test_evaluate_tells_no_data_from_a_missing_target(direction, value, target, warning, expected):
    assert targets.evaluate(direction, value, target, warning) == expected

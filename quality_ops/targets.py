"""Indicator targets: unit ranges, warning bands and target evaluation.

Plain Python (no Odoo import) so that the rules are unit-tested in
milliseconds and shared by constraints, the measurement engine and reports.

Conventions
-----------
* ``direction`` is ``"higher"`` (higher is better) or ``"lower"``.
* The *warning* value bounds a band next to the target on the losing side:
  for higher-is-better, ``warning <= target`` and a value in
  ``[warning, target)`` is a warning; for lower-is-better,
  ``warning >= target`` and a value in ``(target, warning]`` is a warning.
  ``warning == target`` means no warning band.
"""

import math

# (minimum, maximum) per unit; None means unbounded.
UNIT_RANGES = {
    "percent": (0.0, 100.0),
    "hours": (0.0, None),
    "count": (0.0, None),
    "score": (0.0, 100.0),
    "nps": (-100.0, 100.0),
}

DIRECTIONS = ("higher", "lower")

MET = "met"
WARNING = "warning"
MISSED = "missed"
NO_TARGET = "no_target"
NO_DATA = "no_data"  # nothing was measured: a status of its own, never "met"


def unit_range(unit):
    """Return ``(minimum, maximum)`` for a unit; raise KeyError if unknown."""
    return UNIT_RANGES[unit]


def value_in_unit_range(unit, value):
    """Tell whether ``value`` is a finite number allowed by ``unit``."""
    if value is None or isinstance(value, bool):
        return False
    try:
        value = float(value)
    except (TypeError, ValueError):
        return False
    if math.isnan(value) or math.isinf(value):
        return False
    low, high = unit_range(unit)
    if low is not None and value < low:
        return False
    if high is not None and value > high:
        return False
    return True


def warning_on_right_side(direction, target, warning):
    """Tell whether the warning value lies on the losing side of the target."""
    if direction == "higher":
        return warning <= target
    if direction == "lower":
        return warning >= target
    raise ValueError(f"unknown direction {direction!r}")


def evaluate(direction, value, target, warning=None):
    """Status of a measured value against a target.

    ``value`` None (nothing measured: no ticket, no rating...) is ``no_data``,
    whether a target is in force or not; a value without target is
    ``no_target``.
    """
    if value is None:
        return NO_DATA
    if target is None:
        return NO_TARGET
    if warning is None:
        warning = target
    if not warning_on_right_side(direction, target, warning):
        raise ValueError("warning threshold on the wrong side of the target")
    if direction == "higher":
        if value >= target:
            return MET
        return WARNING if value >= warning and warning < target else MISSED
    if value <= target:
        return MET
    return WARNING if value <= warning and warning > target else MISSED


def attainment(direction, value, target):
    """Share of the target achieved, in percent (for scorecards and weights).

    For higher-is-better it is ``value / target``; for lower-is-better,
    ``target / value`` (a value at or below target attains 100 %).  Capped at
    100 so that one indicator cannot hide another in a weighted average.
    """
    if value is None or target is None:
        return None
    if direction == "higher":
        if target <= 0:
            return 100.0
        return max(0.0, min(100.0, 100.0 * value / target))
    if value <= target:
        return 100.0
    if value <= 0:
        return 100.0
    return max(0.0, min(100.0, 100.0 * target / value if target > 0 else 0.0))


BETTER = "better"
WORSE = "worse"
SAME = "same"


def trend(direction, value, previous, tolerance=0.005):
    """Whether ``value`` is better, worse or the same as ``previous`` for an
    indicator of the given direction; None when either is missing."""
    if value is None or previous is None:
        return None
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    delta = value - previous
    if abs(delta) <= tolerance:
        return SAME
    if direction == "lower":
        delta = -delta
    return BETTER if delta > 0 else WORSE

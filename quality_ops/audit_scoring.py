"""Audit conformity and action day counts (plain Python, no Odoo import)."""

import datetime

from .ratios import percent

CONFORM = "conform"
MINOR = "minor"
MAJOR = "major"
OBSERVATION = "observation"
NOT_APPLICABLE = "not_applicable"
RESULTS = (CONFORM, MINOR, MAJOR, OBSERVATION, NOT_APPLICABLE)
NONCONFORMITIES = (MINOR, MAJOR)


def is_applicable(result):
    """An answered item that is not 'not applicable' counts in the score."""
    return bool(result) and result != NOT_APPLICABLE


def is_conforming(result):
    """Conform and observation (a remark, no nonconformity) count as conforming."""
    return result in (CONFORM, OBSERVATION)


def conformity(lines):
    """Weighted conformity in percent of ``(result, weight)`` pairs.

    Unanswered and not-applicable items are left out; None when nothing
    applicable was answered.  A weight of 0 or less counts as 1 so that an
    item can never silently drop out of the score.
    """
    applicable = conforming = 0.0
    for result, weight in lines:
        if not is_applicable(result):
            continue
        weight = weight if weight and weight > 0 else 1.0
        applicable += weight
        if is_conforming(result):
            conforming += weight
    return percent(conforming, applicable, digits=None)


def days_between(start, end):
    """Whole days from ``start`` to ``end`` (dates), never negative."""
    if not start or not end:
        return 0
    return max((end - start).days, 0)


def days_overdue(due, today, closed=None):
    """Days an action is (or was, when closed) past its due date; 0 if on time."""
    if not due:
        return 0
    return days_between(due, closed or today)


def days_left(due, today):
    """Days until the due date; 0 once it is reached or passed."""
    if not due:
        return 0
    return days_between(today, due)


def reminder_due(planned, today, days_before):
    """True from ``days_before`` days before ``planned`` until the planned day."""
    if not planned:
        return False
    return planned - datetime.timedelta(days=days_before) <= today <= planned

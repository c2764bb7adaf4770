import datetime as dt

import pytest

from quality_ops.audit_scoring import (
    conformity,
    days_left,
    days_overdue,
    is_applicable,
    reminder_due,
)

D = dt.date


def test_conformity_weighted():
    lines = [("conform", 2), ("minor", 1), ("major", 1), ("observation", 1)]
    assert conformity(lines) == pytest.approx(60.0)  # (2 + 1) / 5


def test_not_applicable_and_unanswered_are_left_out():
    assert conformity([("conform", 1), ("not_applicable", 5), (False, 3)]) == 100.0
    assert conformity([("not_applicable", 1), (None, 1)]) is None
    assert not is_applicable("not_applicable")


def test_zero_weight_counts_as_one():
    assert conformity([("conform", 0), ("major", 1)]) == pytest.approx(50.0)


def test_day_counts_never_negative():
    assert days_overdue(D(2026, 3, 10), D(2026, 3, 1)) == 0
    assert days_overdue(D(2026, 3, 10), D(2026, 3, 15)) == 5
    assert days_overdue(D(2026, 3, 10), D(2026, 4, 1), closed=D(2026, 3, 12)) == 2
    assert days_overdue(None, D(2026, 3, 1)) == 0
    assert days_left(D(2026, 3, 10), D(2026, 3, 1)) == 9
    assert days_left(D(2026, 3, 10), D(2026, 3, 20)) == 0


def test_reminder_window():
    planned = D(2026, 6, 15)
    assert not reminder_due(planned, D(2026, 5, 31), 14)
    assert reminder_due(planned, D(2026, 6, 1), 14)
    assert reminder_due(planned, D(2026, 6, 15), 7)
    assert not reminder_due(planned, D(2026, 6, 16), 7)
    assert not reminder_due(None, D(2026, 6, 1), 7)

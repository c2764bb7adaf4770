import datetime as dt

import pytest

from quality_ops.vendors import deadline, elapsed_hours, evaluation_total, grade, on_time, rate

OPENED = dt.datetime(2024, 3, 31, 15, 30)


def at(hours):
    return OPENED + dt.timedelta(hours=hours)


@pytest.mark.parametrize(
    "done,limit,now,expected",
    [
        (at(4), 4, at(100), True),  # exactly at the deadline: on time
        (at(4.01), 4, at(100), False),
        (at(1), 4, at(2), True),
        (None, 4, at(3), None),  # not yet late: nothing to judge
        (None, 4, at(4), None),
        (None, 4, at(4.5), False),  # late before the vendor acts
        (at(1), 0, at(100), None),  # no terms
        (at(1), None, at(100), None),
    ],
)
def test_on_time(done, limit, now, expected):
    assert on_time(OPENED, done, limit, now) is expected


def test_deadline_and_hours():
    assert deadline(OPENED, 24) == dt.datetime(2024, 4, 1, 15, 30)
    assert deadline(OPENED, 0) is None
    assert elapsed_hours(OPENED, at(2.5)) == 2.5
    assert elapsed_hours(OPENED, None) is None


def test_rate():
    assert rate(1, 4) == 25.0
    assert rate(0, 0) is None


@pytest.mark.parametrize(
    "response,resolution,scores,expected",
    [
        (100.0, 50.0, [80, 90, 100], 81.0),  # 75 x 60% + 90 x 40%
        (None, 50.0, [80], 62.0),  # the rate measured alone
        (None, None, [80, 70], 75.0),  # no case with terms: the assessment alone
        (100.0, 100.0, [None, None], None),  # not assessed yet
    ],
)
def test_evaluation_total(response, resolution, scores, expected):
    assert evaluation_total(response, resolution, scores) == expected


@pytest.mark.parametrize(
    "total,expected",
    [(100, "a"), (90, "a"), (89.9, "b"), (70, "b"), (69.9, "c"), (0, "c"), (None, None)],
)
def test_grade(total, expected):
    assert grade(total) == expected

"""Quality assurance arithmetic (plain Python, no Odoo): versions of
controlled documents, their periodic review, and the due dates of planned
inspections."""

import datetime
import re

from .periods import add_months

FREQUENCIES = ("daily", "weekly", "monthly", "quarterly")
VERSION = re.compile(r"^(\d{1,3})\.(\d{1,3})$")


def parse_version(text):
    """``(major, minor)`` of a version written ``X.Y`` (``3.0``, ``1.10``).

    ValueError for anything else: a controlled document's versions must sort."""
    match = VERSION.match((text or "").strip())
    if not match:
        raise ValueError(f"not a version: {text!r}")
    return int(match.group(1)), int(match.group(2))


def next_version(text, major=False):
    """The version after ``text``: ``1.0`` → ``1.1`` (a revision) or, for a
    major change, ``1.3`` → ``2.0``."""
    high, low = parse_version(text)
    return f"{high + 1}.0" if major else f"{high}.{low + 1}"


def review_due(released, last_review, months):
    """When a released document is due for its periodic review: ``months``
    after its last review, else after its release; None without either or
    without an interval."""
    base = last_review or released
    if not base or not months or months <= 0:
        return None
    return add_months(base, months)


def due_dates(frequency, start, first, last, end=None):
    """The due dates of an inspection planned ``frequency`` from ``start``
    (until ``end`` when given) that fall within ``first`` .. ``last``.

    Daily: every day from the start; weekly: the start's weekday; monthly:
    the start's day of the month (the month's last day when shorter);
    quarterly: the same every three months."""
    if frequency not in FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}")
    first = max(first, start)
    if end is not None:
        last = min(last, end)
    if last < first:
        return []
    if frequency in ("daily", "weekly"):
        step = 1 if frequency == "daily" else 7
        offset = (first - start).days
        k = -(-offset // step)  # the first step on or after ``first``
        day = start + datetime.timedelta(days=k * step)
        found = []
        while day <= last:
            found.append(day)
            day += datetime.timedelta(days=step)
        return found
    step = 1 if frequency == "monthly" else 3
    months = (first.year - start.year) * 12 + first.month - start.month
    k = max(0, months // step - 1)
    found = []
    while True:
        day = add_months(start, k * step)
        if day > last:
            return found
        if day >= first:
            found.append(day)
        k += 1


def done_on_time(due, done):
    """An inspection counts as done on time when it was done by its due date."""
    return bool(done and due and done <= due)

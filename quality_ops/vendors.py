"""Vendor cases against the vendor's support contract (plain Python).

The one rule of "on time" for a vendor's response and resolution, which the
vendor case form, the reminders and the vendor figures (the SQL view of
``quality_ops.vendor.report``, which derives the same comparison) apply; and
the grade of the yearly supplier evaluation.

Terms are in calendar hours (a vendor's 7x24 support counts nights and
holidays): the deadline is the case's opening instant plus the hours.
"""

import datetime

# the parts of a supplier evaluation's total, in percent (see ``evaluation_total``)
MEASURED_WEIGHT = 60
ASSESSED_WEIGHT = 40
# grade: the lowest total of each grade, best first
GRADES = (("a", 90), ("b", 70), ("c", 0))
PASSING_GRADES = ("a", "b")


def deadline(opened_at, limit_hours):
    """The instant by which the vendor must act, or None without terms (no
    contract, or no hours in it)."""
    if opened_at is None or not limit_hours or limit_hours <= 0:
        return None
    return opened_at + datetime.timedelta(hours=limit_hours)


def on_time(opened_at, done_at, limit_hours, now):
    """Whether the vendor acted in time: True when ``done_at`` is at or
    before the deadline, False when it is after it, or when the vendor has not
    acted and ``now`` is past the deadline (a breach known before the act);
    None when there is nothing to judge (no terms, or not done and not yet
    late). All instants naive UTC."""
    due = deadline(opened_at, limit_hours)
    if due is None:
        return None
    if done_at is not None:
        return done_at <= due
    if now > due:
        return False
    return None


def elapsed_hours(opened_at, done_at):
    """Hours from opening to the act (None until the act)."""
    if opened_at is None or done_at is None:
        return None
    return (done_at - opened_at).total_seconds() / 3600.0


def rate(met, counted):
    """Percentage of ``met`` among ``counted`` (None when nothing counted)."""
    if not counted:
        return None
    return 100.0 * met / counted


def evaluation_total(response_rate, resolution_rate, scores):
    """Total of a supplier evaluation, 0-100: the measured part (the mean of
    the year's response and resolution on-time rates, those measured) weighs
    ``MEASURED_WEIGHT`` %, the evaluator's assessment (the mean of his scores,
    each 0-100) ``ASSESSED_WEIGHT`` %; without any measured rate (no case with
    terms in the year) the assessment alone makes the total. None until the
    assessment is scored."""
    given = [score for score in scores if score is not None]
    if not given:
        return None
    assessed = sum(given) / len(given)
    rates = [value for value in (response_rate, resolution_rate) if value is not None]
    if not rates:
        return round(assessed, 1)
    measured = sum(rates) / len(rates)
    return round((measured * MEASURED_WEIGHT + assessed * ASSESSED_WEIGHT) / 100.0, 1)


def grade(total):
    """``a`` (excellent) from 90, ``b`` (qualified) from 70, ``c`` (not
    qualified) below; None without a total."""
    if total is None:
        return None
    for code, lowest in GRADES:
        if total >= lowest:
            return code
    return GRADES[-1][0]

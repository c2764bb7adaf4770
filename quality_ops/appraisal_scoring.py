"""The scores of an engineer's monthly appraisal (plain Python, no Odoo).

An appraisal template lists indicators measured per engineer, each with a
weight, a target and a scoring rule:

- ``attainment``: the share of the target attained, in percent, capped at
  100 (``targets.attainment``: value / target when higher is better, target /
  value when lower is better);
- ``pass_fail``: 100 when the target is met, 0 otherwise.

A line the engineer had nothing to measure on in the month (no tickets
rated, no actions due...) has no score and is left out: the measured part is
the weighted mean of the lines that have one. The total is the measured part
and the O&M manager's assessment, weighted by the template's split (e.g. 70 %
measured, 30 % assessed); when nothing at all was measured, the assessment
is the whole of it.
"""

from .targets import attainment

ATTAINMENT = "attainment"
PASS_FAIL = "pass_fail"
RULES = [
    (ATTAINMENT, "Share of the target attained (at most 100)"),
    (PASS_FAIL, "100 when the target is met, else 0"),
]


def line_score(rule, direction, value, target):
    """The 0-100 score of one line, or None when nothing was measured."""
    if value is None:
        return None
    if rule == PASS_FAIL:
        met = value >= target if direction == "higher" else value <= target
        return 100.0 if met else 0.0
    return round(attainment(direction, value, target), 2)


def measured_score(lines):
    """The weighted mean of ``[(weight, score)]`` over the lines with a
    score, or None when none has one."""
    scored = [(weight, score) for weight, score in lines if score is not None and weight > 0]
    total_weight = sum(weight for weight, _score in scored)
    if not total_weight:
        return None
    return round(sum(weight * score for weight, score in scored) / total_weight, 2)


def total_score(measured, assessed, measured_share):
    """The appraisal's total: ``measured_share`` percent of the measured part
    and the rest of the manager's assessment (all of it when nothing was
    measured)."""
    assessed = assessed or 0.0
    if measured is None:
        return round(assessed, 2)
    share = max(0.0, min(100.0, measured_share)) / 100.0
    return round(measured * share + assessed * (1.0 - share), 2)

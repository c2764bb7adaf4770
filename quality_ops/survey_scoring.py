"""Satisfaction scoring: weighted 100-point survey score, NPS, and the CSAT
and NPS thresholds the indicator registry counts with.

Plain Python (no Odoo import).  A survey answer is normalised on its own
scale (e.g. 1-5 stars, 0-10) before weighting, so dimensions on different
scales combine into one score out of 100 points (百分制).
"""

from .ratios import percent


def normalise(value, low, high):
    """Position of ``value`` on ``[low, high]`` as 0..1 (clamped)."""
    if high <= low:
        raise ValueError("the scale must have high > low")
    return min(max((value - low) / (high - low), 0.0), 1.0)


def weighted_score(answers):
    """100-point score from ``(weight, value, low, high)`` tuples.

    Unanswered dimensions (value None) are left out and the others are
    re-weighted; None when nothing with a positive weight was answered.
    """
    total = earned = 0.0
    for weight, value, low, high in answers:
        if value is None or not weight or weight <= 0:
            continue
        total += weight
        earned += weight * normalise(value, low, high)
    return percent(earned, total)


# The one definition of each satisfaction threshold: the indicator SQL, the
# satisfaction analysis, the service report and these functions all read them.
NPS_PROMOTER_FROM = 9  # 9-10 promote
NPS_DETRACTOR_UP_TO = 6  # 0-6 detract


def nps_weight(score):
    """+1 for a promoter, -1 for a detractor, 0 for a passive answer."""
    if score >= NPS_PROMOTER_FROM:
        return 1
    if score <= NPS_DETRACTOR_UP_TO:
        return -1
    return 0


def nps(scores):
    """Net promoter score of 0-10 answers: % promoters (9-10) - % detractors (0-6)."""
    scores = [s for s in scores if s is not None]
    if not scores:
        return None
    return percent(sum(nps_weight(s) for s in scores), len(scores))

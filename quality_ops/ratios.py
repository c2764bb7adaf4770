"""Percentages (plain Python, no Odoo): one rule for every ratio shown."""


def percent(numerator, denominator, digits=2):
    """``numerator`` over ``denominator`` in percent, rounded to ``digits``
    (``None``: not rounded); None when nothing was counted (an empty or
    negative denominator), never a division error."""
    if not denominator or denominator < 0:
        return None
    value = 100.0 * numerator / denominator
    return value if digits is None else round(value, digits)

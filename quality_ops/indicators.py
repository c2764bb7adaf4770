"""Indicator values from numerator and denominator (plain Python, no Odoo)."""

COUNT_SOURCES = ("backlog",)


def measured_value(unit, source, numerator, denominator):
    """The value of a measurement, or None when there is nothing to measure.

    Percent and NPS are ratios in percent; hours and scores are means; counts
    (BACKLOG) are the numerator itself.
    """
    if source in COUNT_SOURCES or unit == "count":
        return float(numerator or 0)
    if not denominator:
        return None
    if unit in ("percent", "nps"):
        return round(100.0 * numerator / denominator, 2)
    return round(numerator / denominator, 2)


def scope_of(grouping):
    """Scope of a GROUPING(team_id, project_id, partner_id) bit mask."""
    return {7: "company", 3: "team", 5: "project", 6: "customer"}.get(grouping)

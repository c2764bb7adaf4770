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


# the scopes a figure is measured at (company, team, project or customer),
# and the field of a record that carries each scope's key
SCOPES = [
    ("company", "Company"),
    ("team", "Team"),
    ("project", "Project"),
    ("customer", "Customer"),
]
SCOPE_FIELDS = {"team": "team_id", "project": "project_id", "customer": "partner_id"}


def scope_of(grouping):
    """Scope of a GROUPING(team_id, project_id, partner_id) bit mask."""
    return {7: "company", 3: "team", 5: "project", 6: "customer"}.get(grouping)


# sources whose value is a state at the end of the period, not a sum over it
STATE_AT_END_SOURCES = ("backlog",)


def rolled_up(monthly_rows, source):
    """The grouped rows of a longer period from those of its months.

    ``monthly_rows`` is one list per month, in order, of ``(grouping, company,
    team, project, customer, numerator, denominator)``. Numerators and
    denominators add up scope by scope; a state at the period's end (the
    overdue backlog) is the one of the last month.
    """
    if source in STATE_AT_END_SOURCES:
        return list(monthly_rows[-1]) if monthly_rows else []
    totals = {}
    for rows in monthly_rows:
        for *key, numerator, denominator in rows:
            key = tuple(key)
            num, den = totals.get(key, (0, 0))
            totals[key] = (num + (numerator or 0), den + (denominator or 0))
    return [(*key, num, den) for key, (num, den) in totals.items()]

"""What each built-in indicator source is, and values from numerator and
denominator (plain Python, no Odoo).

``SOURCES`` is the one declaration of a source: its label, unit, direction,
grouping (the section of the dashboards and reports it belongs to), whether
it is a state at the period's end or a sum over the period, whether its value
is a count, and the scopes it is measured at. Its SQL parts are the
``_source_<key>`` method of the indicator registry
(``models/quality_indicator_registry.py``). The indicator's selection of
sources, the engine's counting and roll-ups, the registry's list of sources
and the groupings of the dashboard all read this table.
"""

from dataclasses import dataclass

from .ratios import percent

# the scopes a figure is measured at (company, team, project or customer),
# and the field of a record that carries each scope's key
SCOPES = [
    ("company", "Company"),
    ("team", "Team"),
    ("project", "Project"),
    ("customer", "Customer"),
]
SCOPE_FIELDS = {"team": "team_id", "project": "project_id", "customer": "partner_id"}
TICKET_SCOPES = ("team", "project", "customer")
# the engineer scope: an engineer's own figures (the tickets assigned to him,
# the inspections and actions he owns); measured, but private (an engineer
# reads his own, an O&M manager his teams' people's, the quality department
# all) and never a scope of a plan's targets nor of the shared analyses
ENGINEER = "engineer"
MEASURED_SCOPES = [*SCOPES, (ENGINEER, "Engineer")]
MEASURED_SCOPE_FIELDS = {**SCOPE_FIELDS, ENGINEER: "user_id"}
BY_ENGINEER = (*TICKET_SCOPES, ENGINEER)

# the groupings of sources (sections of the dashboards and reports)
SLA = "sla"
RESPONSE_TIME = "time"
TICKETS = "tickets"
SATISFACTION = "satisfaction"
COMPLAINTS = "complaints"
IMPROVEMENT = "improvement"
PEOPLE = "people"


@dataclass(frozen=True)
class Source:
    """One built-in source of measurements (its SQL: the registry's
    ``_source_<key>``)."""

    key: str
    label: str
    unit: str  # the unit an indicator of this source is created with
    direction: str  # "higher" or "lower" is better
    grouping: str
    at_end: bool = False  # a state at the period's end, not a sum over it
    count: bool = False  # the value is the numerator itself, not a ratio or mean
    # a longer period's figure adds up its months' (not when its denominator
    # counts each person once in the period: the longer period is queried)
    additive: bool = True
    dimensions: tuple = TICKET_SCOPES  # scopes besides the company


# surveys are the customer's (no team, no project); actions and audit lines
# belong to projects (and so to their customers), not to teams; the figures
# of tickets are an engineer's too (the ticket's assignee), as are those of
# the inspections and actions he owns
BY_CUSTOMER = {"dimensions": ("customer",)}
BY_PROJECT = {"dimensions": ("project", "customer")}
PERSONAL = {"dimensions": BY_ENGINEER}
SOURCES = (
    Source("resp_sla", "Response SLA compliance", "percent", "higher", SLA, **PERSONAL),
    Source("reso_sla", "Resolution SLA compliance", "percent", "higher", SLA, **PERSONAL),
    Source("resp_avg", "Mean response time", "hours", "lower", RESPONSE_TIME, **PERSONAL),
    Source("reso_avg", "Mean resolution time", "hours", "lower", RESPONSE_TIME, **PERSONAL),
    Source("csat", "Ticket ratings (CSAT)", "percent", "higher", SATISFACTION, **PERSONAL),
    Source("survey", "Satisfaction survey score", "score", "higher", SATISFACTION, **BY_CUSTOMER),
    Source("nps", "Net promoter score", "nps", "higher", SATISFACTION, **BY_CUSTOMER),
    Source("complaint", "Complaint rate", "percent", "lower", COMPLAINTS),
    Source("complaint_close", "Complaints closed on time", "percent", "higher", COMPLAINTS),
    Source("reopen", "Reopen rate", "percent", "lower", TICKETS, **PERSONAL),
    Source("fcr", "First-contact resolution", "percent", "higher", TICKETS, **PERSONAL),
    Source("reassign", "Reassignment rate", "percent", "lower", TICKETS),
    Source(
        "backlog",
        "Overdue open tickets",
        "count",
        "lower",
        TICKETS,
        at_end=True,
        count=True,
        **PERSONAL,
    ),
    # the volume of the service: tickets closed in the period, open at its end
    Source("tickets_closed", "Tickets closed", "count", "higher", TICKETS, count=True),
    Source(
        "tickets_open",
        "Open tickets at period end",
        "count",
        "lower",
        TICKETS,
        at_end=True,
        count=True,
    ),
    Source(
        "action_ontime",
        "Corrective actions closed on time",
        "percent",
        "higher",
        IMPROVEMENT,
        dimensions=("project", "customer", ENGINEER),
    ),
    Source("audit_conf", "Audit conformity", "percent", "higher", IMPROVEMENT, **BY_PROJECT),
    Source("inspection", "Inspection coverage", "percent", "higher", IMPROVEMENT, **PERSONAL),
    # training hours are the company's (attendees belong to no team or project);
    # a key position is a project's, and its coverage a state at the period's end
    Source(
        "training_hours",
        "Training hours per person",
        "hours",
        "higher",
        PEOPLE,
        dimensions=(),
        additive=False,
    ),
    Source(
        "key_position_cover",
        "Certificate coverage of key positions",
        "percent",
        "higher",
        PEOPLE,
        at_end=True,
        **BY_PROJECT,
    ),
)
BY_KEY = {source.key: source for source in SOURCES}
MANUAL = ("manual", "Manual entry")


def source_selection():
    """The choices of an indicator's source: every built-in one, then manual."""
    return [(source.key, source.label) for source in SOURCES] + [MANUAL]


def sources_of(grouping):
    """The keys of the sources of a grouping, in their declared order."""
    return tuple(source.key for source in SOURCES if source.grouping == grouping)


def measured_value(unit, source, numerator, denominator):
    """The value of a measurement, or None when there is nothing to measure.

    Percent and NPS are ratios in percent; hours and scores are means; counts
    (BACKLOG) are the numerator itself.
    """
    declared = BY_KEY.get(source)
    if (declared and declared.count) or unit == "count":
        return float(numerator or 0)
    if not denominator:
        return None
    if unit in ("percent", "nps"):
        return percent(numerator, denominator)
    return round(numerator / denominator, 2)


# GROUPING(team_id, project_id, partner_id, user_id) bit mask of each scope
# of the engine's grouping sets
GROUPINGS = {"company": 15, "team": 7, "project": 11, "customer": 13, ENGINEER: 14}
SCOPES_OF_GROUPINGS = {grouping: scope for scope, grouping in GROUPINGS.items()}


def scope_of(grouping):
    """Scope of a GROUPING(team_id, project_id, partner_id, user_id) bit mask."""
    return SCOPES_OF_GROUPINGS.get(grouping)


def personal_sources():
    """The keys of the sources measured per engineer, in their declared order."""
    return tuple(source.key for source in SOURCES if ENGINEER in source.dimensions)


def rolled_up(monthly_rows, source):
    """The grouped rows of a longer period from those of its months.

    ``monthly_rows`` is one list per month, in order, of ``(grouping, company,
    team, project, customer, engineer, numerator, denominator)``. Numerators and
    denominators add up scope by scope; a state at the period's end (the
    overdue backlog) is the one of the last month.
    """
    declared = BY_KEY.get(source)
    if declared and declared.at_end:
        return list(monthly_rows[-1]) if monthly_rows else []
    totals = {}
    for rows in monthly_rows:
        for *key, numerator, denominator in rows:
            key = tuple(key)
            num, den = totals.get(key, (0, 0))
            totals[key] = (num + (numerator or 0), den + (denominator or 0))
    return [(*key, num, den) for key, (num, den) in totals.items()]

"""The records that answer an audit checklist item: one table of evidence kinds.

A checklist item names the kinds of records that answer it (the skills
matrix, the training records, the backups of the key positions...); an audit
line made from the item shows, per kind, the records of the audited period
and scope, so that the auditor judges instead of searching.

Each kind says, once:

- ``model``: where the records are;
- ``period``: what places a record in the audited period:
  ``("date", field)`` a date (or date and time) inside the period,
  ``("overlap", start, end)`` a validity overlapping it (an empty start or
  end is open), ``("within", start, end)`` a period of its own inside the
  audited one, ``("year", field)`` a yearly record of one of its years, or
  ``None``: a standing record (a key position), read as it is;
- ``company_field`` and ``project_field``: what places it in the audited
  scope (the company; the project of a project audit, when the kind has one:
  otherwise the kind is company-wide);
- ``domain``: which records count at all;
- ``name_field``, ``detail_fields``, ``date_field``, ``state_field``: how a
  record is presented (its name, the fields that tell it apart, a date and
  its state);
- ``facts``: the freshness facts a checklist asks for (the last update of the
  skills matrix, certificates expired or expiring...).

Adding a kind is one entry here (its label translated in zh_CN); a kind
whose model is not installed is skipped. Plain Python: no odoo import.
"""

import datetime
from dataclasses import dataclass

from .choices import EXPIRY_REMINDER_DAYS

# a certificate or contract "expiring" within this many days of the audit:
# the horizon of its first reminder
EXPIRING_DAYS = max(EXPIRY_REMINDER_DAYS)


@dataclass(frozen=True)
class Fact:
    """A freshness fact over the records found.

    ``latest``: the latest value of ``field``; ``expired``: how many have
    ``field`` before the audit date; ``expiring``: how many reach ``field``
    within ``days`` of it; ``missing``: how many have no ``field``;
    ``total``: the sum of ``field``; ``matching``: how many have ``field``
    equal to ``value``."""

    key: str
    field: str
    days: int = EXPIRING_DAYS
    value: object = None


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: str
    model: str
    period: tuple | None = None
    company_field: str = "company_id"
    project_field: str | None = None
    domain: tuple = ()
    name_field: str = "display_name"
    detail_fields: tuple = ()
    date_field: str | None = None
    state_field: str | None = "state"
    facts: tuple = ()


KINDS = (
    EvidenceKind(
        "certificate",
        "Skills Matrix and Certificates",
        "quality_ops.certificate",
        period=("overlap", "issued_on", "expiry_date"),
        date_field="expiry_date",
        facts=(
            Fact("latest", "last_update"),
            Fact("expired", "expiry_date"),
            Fact("expiring", "expiry_date"),
        ),
    ),
    EvidenceKind(
        "training_plan",
        "Training Plans",
        "quality_ops.training.plan",
        period=("year", "year"),
        date_field="approved_on",
    ),
    EvidenceKind(
        "training_session",
        "Training Sessions",
        "quality_ops.training.session",
        period=("date", "date"),
        project_field="project_id",
        date_field="date",
        facts=(Fact("matching", "state", value="done"),),
    ),
    EvidenceKind(
        "training_record",
        "Individual Training Records",
        "quality_ops.training.attendance",
        period=("date", "session_date"),
        project_field="session_id.project_id",
        # present at a session held (hours of a planned one are not yet trained)
        domain=(("attended", "=", True), ("session_id.state", "=", "done")),
        date_field="session_date",
        state_field="result",
        facts=(Fact("total", "hours"),),
    ),
    EvidenceKind(
        "growth_goal",
        "Growth Goals",
        "quality_ops.growth.goal",
        period=("year", "year"),
        date_field="due_date",
    ),
    EvidenceKind(
        "key_position",
        "Key Positions and Backups",
        "quality_ops.key.position",
        period=None,
        project_field="project_id",
        detail_fields=("project_id", "user_id", "backup_id"),
        state_field=None,
        facts=(Fact("missing", "backup_id"),),
    ),
    EvidenceKind(
        "plan",
        "Quality Plans",
        "quality_ops.plan",
        period=("overlap", "date_from", "date_to"),
        project_field="project_id",
        date_field="date_from",
    ),
    EvidenceKind(
        "document",
        "Controlled Documents in Force",
        "quality_ops.document",
        period=None,
        domain=(("state", "=", "released"),),
        date_field="release_date",
    ),
    EvidenceKind(
        "measurement",
        "Indicator History",
        "quality_ops.measurement",
        # an engineer's own figures are his appraisal's, not the organisation's
        domain=(("scope", "!=", "engineer"),),
        period=("within", "date_from", "date_to"),
        project_field="project_id",
        date_field="date_to",
        state_field="status",
        facts=(Fact("matching", "status", value="missed"),),
    ),
    EvidenceKind(
        "review",
        "Management Reviews",
        "quality_ops.review",
        period=("date", "planned_date"),
        date_field="planned_date",
    ),
    EvidenceKind(
        "audit",
        "Internal Audits",
        "quality_ops.audit",
        period=("date", "planned_date"),
        domain=(("kind", "=", "internal"),),
        date_field="planned_date",
    ),
    EvidenceKind(
        "inspection",
        "Inspections",
        "quality_ops.inspection",
        period=("date", "due_date"),
        project_field="project_id",
        date_field="due_date",
        facts=(Fact("matching", "state", value="done"),),
    ),
    EvidenceKind(
        "complaint",
        "Complaints",
        "quality_ops.complaint",
        period=("date", "create_date"),
        project_field="project_id",
        state_field="stage_id",
        date_field="create_date",
    ),
    EvidenceKind(
        "action",
        "Corrective and Preventive Actions",
        "quality_ops.action",
        period=("date", "due_date"),
        project_field="project_id",
        date_field="due_date",
    ),
    EvidenceKind(
        "appraisal",
        "Engineer Appraisals",
        "quality_ops.appraisal",
        period=("within", "date_from", "date_to"),
        detail_fields=("user_id",),
        date_field="date_from",
        facts=(Fact("matching", "state", value="approved"),),
    ),
    EvidenceKind(
        "supplier_contract",
        "Supplier Contracts",
        "quality_ops.supplier.contract",
        period=("overlap", "date_start", "date_end"),
        detail_fields=("partner_id",),
        date_field="date_end",
        state_field=None,
        facts=(Fact("expired", "date_end"), Fact("expiring", "date_end")),
    ),
    EvidenceKind(
        "supplier_evaluation",
        "Supplier Evaluations",
        "quality_ops.supplier.evaluation",
        # a year's evaluation is made in the next: every evaluation kept is
        # evidence (its name carries its year)
        period=None,
        detail_fields=("partner_id",),
        date_field="approved_on",
        facts=(Fact("matching", "grade", value="c"),),
    ),
    EvidenceKind(
        "vendor_case",
        "Vendor Cases and RMAs",
        "quality_ops.vendor.case",
        period=("date", "opened_at"),
        project_field="ticket_id.project_id",
        detail_fields=("partner_id", "kind"),
        date_field="opened_at",
        facts=(Fact("matching", "state", value="closed"),),
    ),
)
BY_KEY = {kind.key: kind for kind in KINDS}
SELECTION = [(kind.key, kind.label) for kind in KINDS]


def period_domain(kind, date_from, date_to, utc_bounds=None, datetime_fields=()):
    """The domain placing a record of ``kind`` in the local days
    ``date_from`` to ``date_to``. A date-and-time field is compared with
    ``utc_bounds`` (``[start, end)`` in naive UTC of those local days)."""
    if not kind.period:
        return []
    mode, *names = kind.period

    def lower(name):
        if name in datetime_fields:
            return (name, ">=", utc_bounds[0])
        return (name, ">=", date_from)

    def upper(name):
        if name in datetime_fields:
            return (name, "<", utc_bounds[1])
        return (name, "<=", date_to)

    if mode == "date":
        return [lower(names[0]), upper(names[0])]
    if mode == "within":
        return [lower(names[0]), upper(names[1])]
    if mode == "overlap":
        start, end = names
        # begun by the period's end and not ended before its start
        starts = upper(start)
        ends = lower(end)
        return ["|", (start, "=", False), starts, "|", (end, "=", False), ends]
    if mode == "year":
        return [(names[0], ">=", date_from.year), (names[0], "<=", date_to.year)]
    raise ValueError(f"unknown period mode {mode!r} of evidence kind {kind.key!r}")


def scope_domain(kind, company_id, project_id=None):
    """The domain placing a record of ``kind`` in the audited scope."""
    domain = [(kind.company_field, "=", company_id)]
    if project_id and kind.project_field:
        domain.append((kind.project_field, "=", project_id))
    return domain


def search_domain(kind, company_id, project_id, date_from, date_to, **period):
    return [
        *kind.domain,
        *scope_domain(kind, company_id, project_id),
        *period_domain(kind, date_from, date_to, **period),
    ]


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def fact_values(kind, rows, as_of):
    """``{fact key: value}`` of the records found (``rows``: dicts of their
    fields' values, a many2one as an id or False), as of the audit date.
    Nothing found states no fact: "0 expired" or a total of 0 would read as a
    finding about records that are not there."""
    values = {}
    if not rows:
        return values
    for fact in kind.facts:
        column = [row.get(fact.field) for row in rows]
        if fact.key == "latest":
            present = [value for value in column if value]
            values[fact.key] = max(present) if present else None
        elif fact.key == "expired":
            values[fact.key] = sum(1 for v in column if v and _as_date(v) < as_of)
        elif fact.key == "expiring":
            horizon = as_of + datetime.timedelta(days=fact.days)
            values[fact.key] = sum(1 for v in column if v and as_of <= _as_date(v) <= horizon)
        elif fact.key == "missing":
            values[fact.key] = sum(1 for v in column if not v)
        elif fact.key == "total":
            values[fact.key] = round(sum(v or 0 for v in column), 2)
        elif fact.key == "matching":
            values[fact.key] = sum(1 for v in column if v == fact.value)
        else:
            raise ValueError(f"unknown fact {fact.key!r} of evidence kind {kind.key!r}")
    return values


def audited_period(year, half=None):
    """The local days an internal audit covers by default: its half of the
    year, or the whole year."""
    if half == "h1":
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if half == "h2":
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)

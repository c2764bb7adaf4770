"""Service credits of an SLA contract for one month (plain Python, no Odoo import).

A credit scheme (SLA 考核) charges each breach of a contract's clocks by
priority and kind (first response, resolution), in points or in money, caps
the month's total (e.g. 10 % of the monthly fee) and may grant a bonus when
the month's compliance reaches the target.  Exempted breaches (免责) are
counted but never charged.

The model gathers, in one grouped query over the stored clocks, the counts of
every ``(priority, kind)`` of every contract; :func:`statement` turns the
counts of one contract and its scheme into the figures of its statement.
"""

import dataclasses

from .ratios import percent

CAP_NONE = "none"
CAP_FEE_PERCENT = "fee_percent"
CAP_FIXED = "fixed"
CAP_TYPES = [
    (CAP_NONE, "No Cap"),
    (CAP_FEE_PERCENT, "Percentage of the Monthly Fee"),
    (CAP_FIXED, "Fixed Cap"),
]
UNITS = [("amount", "Amount"), ("points", "Points")]


def contract_key(project_id, partner_id):
    """The contract a scheme and its statements belong to: a project, or a
    customer for its tickets outside any project."""
    return f"project:{project_id}" if project_id else f"partner:{partner_id}"


def contract_key_sql(project_column, partner_column):
    """:func:`contract_key` in SQL, of a row's project and customer columns
    (column names from the code, never from a user)."""
    return (
        f"CASE WHEN {project_column} IS NOT NULL THEN 'project:' || {project_column} "
        f"ELSE 'partner:' || {partner_column} END"
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Counts:
    """Clocks of one ``(priority, kind)`` with a verdict in the month."""

    verdicts: int = 0  # met or breached, exempted ones included
    met: int = 0  # met, not exempted
    breached: int = 0  # breached, exempted ones included
    exempted: int = 0  # exempted (breached or not): counted neither way
    exempted_breached: int = 0  # breached and exempted: not charged

    def __add__(self, other):
        return Counts(
            self.verdicts + other.verdicts,
            self.met + other.met,
            self.breached + other.breached,
            self.exempted + other.exempted,
            self.exempted_breached + other.exempted_breached,
        )

    @property
    def charged(self):
        return self.breached - self.exempted_breached


@dataclasses.dataclass(frozen=True, slots=True)
class Scheme:
    """What a credit scheme says, as numbers."""

    credits: dict  # (priority, kind) -> credit per charged breach
    cap_type: str = CAP_NONE
    cap_value: float = 0.0  # percent of the fee, or the fixed cap
    monthly_fee: float = 0.0
    bonus_target: float = 0.0  # compliance (%) the month must reach, 0: no bonus
    bonus_value: float = 0.0

    @property
    def cap(self):
        """The month's cap, or None when uncapped."""
        if self.cap_type == CAP_FEE_PERCENT:
            return round(self.monthly_fee * self.cap_value / 100.0, 2)
        if self.cap_type == CAP_FIXED:
            return round(self.cap_value, 2)
        return None


@dataclasses.dataclass(frozen=True, slots=True)
class Line:
    priority: str
    kind: str
    counts: Counts
    unit_credit: float
    credit: float


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    lines: tuple
    verdicts: int
    met: int
    breached: int
    exempted: int
    charged: int
    compliance: float | None  # met / (verdicts - exempted), in %; None: no verdict
    gross: float  # credit before the cap
    cap: float | None
    capped: float  # credit after the cap
    cap_reached: bool
    bonus: float
    net: float  # capped - bonus: what the contract owes (negative: a reward)


def compliance(met, verdicts, exempted):
    """Met clocks over clocks with a verdict, exempted ones counted neither way."""
    return percent(met, verdicts - exempted)


def statement(counts, scheme):
    """The statement of one month: ``counts`` maps ``(priority, kind)`` to
    :class:`Counts`; every priority and kind of the scheme gets a line, and
    breaches of a priority the scheme does not charge get one at 0."""
    keys = sorted(set(counts) | set(scheme.credits))
    lines = []
    for key in keys:
        found = counts.get(key, Counts())
        unit = float(scheme.credits.get(key, 0.0))
        lines.append(Line(key[0], key[1], found, unit, round(found.charged * unit, 2)))
    total = sum((line.counts for line in lines), Counts())
    gross = round(sum(line.credit for line in lines), 2)
    cap = scheme.cap
    capped = gross if cap is None else min(gross, cap)
    rate = compliance(total.met, total.verdicts, total.exempted)
    bonus = 0.0
    if scheme.bonus_target > 0 and rate is not None and rate >= scheme.bonus_target:
        bonus = round(scheme.bonus_value, 2)
    return Statement(
        lines=tuple(lines),
        verdicts=total.verdicts,
        met=total.met,
        breached=total.breached,
        exempted=total.exempted,
        charged=total.charged,
        compliance=rate,
        gross=gross,
        cap=cap,
        capped=round(capped, 2),
        cap_reached=cap is not None and gross >= cap and gross > 0,
        bonus=bonus,
        net=round(capped - bonus, 2),
    )


def statement_reference(contract_key, month):
    """``SS/2026-03/P0012``: one statement per contract (P: a project, C: a
    customer) and month, so its reference says which."""
    kind, _sep, key = contract_key.partition(":")
    return f"SS/{month:%Y-%m}/{'P' if kind == 'project' else 'C'}{int(key):04d}"

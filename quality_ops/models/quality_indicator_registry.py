"""The registry of built-in indicator definitions: the SQL of each source.

What a source is (label, unit, direction, grouping, at-end or summed,
dimensions) is declared once in ``indicators.SOURCES``; its SQL is the method
``_source_<key>`` here. Each source is a list of *parts*; a part names the
model whose records it counts and gives, as SQL over that record (aliased
``r``): the dimensions (company, team, project, customer, and the engineer
for the sources measured per engineer: a ticket's assignee, the owner of an
inspection or an action), the numerator and
denominator of each record, and what places a record in a period (an instant
in ``[start, end)``, a local day in ``[date_from, date_to]``, or a state at
the period's end).
The measurement engine groups these rows by every scope at once; the
drill-down lists the records of the very same rows; the analyses and the
customer service report read the same parts; the thresholds come from the
plain-Python modules (``sla_clock`` for what a clock's state means,
``survey_scoring`` for CSAT and NPS).

Another module overrides a source by overriding ``_source_<name>``, or adds
one with that method and ``_source_names``, as Odoo's own SQL reports let
modules override their ``_select`` / ``_from`` / ``_where``.
"""

from dataclasses import dataclass, field

from odoo import api, models
from odoo.tools import SQL

from odoo.addons.rating.models.rating_data import RATING_LIMIT_SATISFIED

from ..indicators import MEASURED_SCOPE_FIELDS, SOURCES
from ..sla_clock import BREACHED, CANCELLED, MET, OUTCOME_STATES, RESOLUTION, RESPONSE
from ..survey_scoring import NPS_DETRACTOR_UP_TO, NPS_PROMOTER_FROM
from .quality_ticket_sla_store import verdict_people


@dataclass
class Period:
    """A period as the engine queries it: UTC instants and local days."""

    start: object  # naive UTC datetime, local midnight of the first day
    end: object  # naive UTC datetime, local midnight after the last day
    date_from: object
    date_to: object
    zone: str = "UTC"  # the time zone whose midnights start and end it


@dataclass
class Part:
    """Rows of one model counted by an indicator."""

    model: str
    from_clause: SQL  # FROM ... (the counted record is "r")
    company: SQL
    team: SQL
    project: SQL
    customer: SQL
    numerator: SQL
    denominator: SQL
    instant: SQL | None = None  # placed in the period by this datetime
    day: SQL | None = None  # or by this local date
    at_end: bool = False  # or: a state at the period's end (the backlog)
    where: SQL = field(default_factory=lambda: SQL("TRUE"))
    ticket: SQL | None = None  # the ticket of the row, for served figures
    # the engineer the row is his (res.users), for the sources measured per
    # engineer (``indicators.SOURCES``' dimensions)
    engineer: SQL = field(default_factory=lambda: SQL("NULL::int"))

    def period_condition(self, period):
        if self.at_end:
            return SQL("TRUE")  # the part's where reads %(end)s itself
        if self.instant is not None:
            return SQL(
                "(%s >= %s AND %s < %s)", self.instant, period.start, self.instant, period.end
            )
        return SQL("(%s >= %s AND %s <= %s)", self.day, period.date_from, self.day, period.date_to)

    def month(self, period):
        """The local month (its first day) a row falls in, in the period's time
        zone: what places it in the period, to the month (no month for a state
        at the period's end)."""
        if self.at_end:
            raise ValueError("a state at the period's end falls in no month")
        if self.instant is not None:
            return SQL(
                "date_trunc('month', (%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date",
                self.instant,
                period.zone,
            )
        return SQL("date_trunc('month', %s)::date", self.day)


def ticket_dimensions(alias):
    """The dimensions of the ticket read as ``alias``: its company, team,
    project and customer (the commercial partner), and the ticket itself."""
    return {
        "company": SQL.identifier(alias, "company_id"),
        "team": SQL.identifier(alias, "team_id"),
        "project": SQL.identifier(alias, "project_id"),
        "customer": SQL.identifier(alias, "commercial_partner_id"),
        "ticket": SQL.identifier(alias, "id"),
    }


def clock_part(
    kind, numerator, where, instant=None, at_end=None, denominator=None, every_cycle=False
):
    """A part counting the current SLA clocks of ``kind`` of tickets
    (``every_cycle``: the earlier resolution cycles of reopened tickets too)."""
    current = SQL("TRUE") if every_cycle else SQL("r.is_current")
    # a verdict counts under the engineer and team it fell under
    people = verdict_people("r", "t")
    return Part(
        model="quality_ops.ticket.sla",
        from_clause=SQL("quality_ops_ticket_sla r JOIN helpdesk_ticket t ON t.id = r.ticket_id"),
        **{**ticket_dimensions("t"), "team": people["team"]},
        numerator=numerator,
        denominator=denominator or SQL("1"),
        instant=instant,
        at_end=at_end is not None,
        where=SQL("r.kind = %s AND %s AND %s", kind, current, where if at_end is None else at_end),
        engineer=people["engineer"],
    )


def project_record_part(model, numerator, join="LEFT JOIN", team=None, **kwargs):
    """A part counting records of ``model`` (``r``) of a project (``pp``),
    one each: in the record's company and project, the project's customer,
    and the record's team (``team``; none when the model has none)."""
    return Part(
        model=model,
        from_clause=SQL(
            "%s r %s project_project pp ON pp.id = r.project_id",
            SQL.identifier(model.replace(".", "_")),
            SQL(join),
        ),
        company=SQL("r.company_id"),
        team=team or SQL("NULL::int"),
        project=SQL("r.project_id"),
        customer=SQL("pp.partner_id"),
        numerator=numerator,
        denominator=SQL("1"),
        **kwargs,
    )


# what a clock's state means to the indicators (sla_clock's definitions):
# a verdict is met or breached; cancelled clocks count neither way; a
# breached clock has its verdict from the breach on, reached or not, and
# stays in the month of its breach whatever happens to the ticket afterwards
# (resolved, reopened, cancelled); a ticket reopened after the month of its
# verdict starts a cycle of its own, counted in its month (``EVERY_CYCLE``);
# reopened within that month, its clock goes on in place (one verdict)
VERDICT = SQL("r.state IN %s", OUTCOME_STATES)
VERDICT_AT = SQL("COALESCE(r.breached_at, r.reached_at)")
EVERY_CYCLE = SQL("(r.is_current OR r.state IN %s)", OUTCOME_STATES)
MET_VERDICT = SQL("r.state = %s", MET)
BREACHED_VERDICT = SQL("r.state = %s", BREACHED)
IS_MET = SQL("(%s)::int", MET_VERDICT)
REACHED = SQL("r.reached_at IS NOT NULL AND r.state IN %s", OUTCOME_STATES)
# an approved exemption (免责) takes a clock out of the SLA compliance
# indicators, as a cancelled clock: neither met nor breached; the SLA
# statements count the same clocks (compliance: met / counted verdicts)
EXEMPTED = SQL("r.quality_exempted IS TRUE")
COUNTED_VERDICT = SQL("%s AND NOT (%s)", VERDICT, EXEMPTED)


class QualityIndicatorRegistry(models.AbstractModel):
    _name = "quality_ops.indicator.registry"
    _description = "Indicator Definitions"

    @api.model
    def _source_names(self):
        """The built-in sources, as ``indicators.SOURCES`` declares them."""
        return [source.key for source in SOURCES]

    @api.model
    def _parts(self, source, period):
        """The parts of a source for a period (some read the period's end)."""
        method = getattr(self, f"_source_{source}", None)
        return method(period) if method else []

    # ------------------------------------------------------------------
    # the definitions
    # ------------------------------------------------------------------
    def _source_resp_sla(self, period):
        return [clock_part(RESPONSE, IS_MET, COUNTED_VERDICT, instant=VERDICT_AT, every_cycle=True)]

    def _source_reso_sla(self, period):
        return [
            clock_part(RESOLUTION, IS_MET, COUNTED_VERDICT, instant=VERDICT_AT, every_cycle=True)
        ]

    def _source_resp_avg(self, period):
        return [clock_part(RESPONSE, SQL("r.consumed_hours"), REACHED, instant=SQL("r.reached_at"))]

    def _source_reso_avg(self, period):
        return [
            clock_part(RESOLUTION, SQL("r.consumed_hours"), REACHED, instant=SQL("r.reached_at"))
        ]

    def _source_backlog(self, period):
        # open at the period's end and past its deadline then: a state, counted
        at_end = SQL(
            "r.state <> %(cancelled)s AND r.start_at < %(end)s AND r.deadline < %(end)s"
            " AND (r.reached_at IS NULL OR r.reached_at >= %(end)s)",
            cancelled=CANCELLED,
            end=period.end,
        )
        return [clock_part(RESOLUTION, SQL("1"), None, at_end=at_end)]

    def _source_reopen(self, period):
        return [
            clock_part(RESOLUTION, SQL("(r.cycle > 1)::int"), REACHED, instant=SQL("r.reached_at"))
        ]

    def _source_fcr(self, period):
        first_contact = SQL("(r.cycle = 1 AND NOT COALESCE(t.quality_reassigned, FALSE))::int")
        return [clock_part(RESOLUTION, first_contact, REACHED, instant=SQL("r.reached_at"))]

    def _source_reassign(self, period):
        # tickets resolved in the period that were handed from one engineer or
        # team to another on the way (a first assignment is no reassignment)
        reassigned = SQL("COALESCE(t.quality_reassigned, FALSE)::int")
        return [clock_part(RESOLUTION, reassigned, REACHED, instant=SQL("r.reached_at"))]

    def _source_csat(self, period):
        # a rating counts in the month its ticket was closed (else rated)
        return [
            Part(
                model="rating.rating",
                from_clause=SQL(
                    "rating_rating r JOIN helpdesk_ticket t"
                    " ON r.res_model = 'helpdesk.ticket' AND t.id = r.res_id"
                ),
                **ticket_dimensions("t"),
                numerator=SQL("(r.rating >= %s)::int", RATING_LIMIT_SATISFIED),
                denominator=SQL("1"),
                instant=SQL("COALESCE(t.closed_date, r.write_date)"),
                where=SQL("r.consumed AND r.rating > 0"),
                engineer=SQL("t.user_id"),
            )
        ]

    def _survey_part(self, numerator, where):
        return Part(
            model="survey.user_input",
            from_clause=SQL(
                "survey_user_input r"
                " JOIN quality_ops_survey_campaign c ON c.id = r.quality_campaign_id"
                " LEFT JOIN res_partner p ON p.id = r.partner_id"
            ),
            company=SQL("c.company_id"),
            team=SQL("NULL::int"),
            project=SQL("NULL::int"),
            customer=SQL("p.commercial_partner_id"),
            numerator=numerator,
            denominator=SQL("1"),
            instant=SQL("r.end_datetime"),
            where=where,
        )

    def _source_survey(self, period):
        return [self._survey_part(SQL("r.quality_score"), SQL("r.state = 'done'"))]

    def _source_nps(self, period):
        weight = SQL(
            "(r.quality_nps_value >= %s)::int - (r.quality_nps_value <= %s)::int",
            NPS_PROMOTER_FROM,
            NPS_DETRACTOR_UP_TO,
        )
        return [self._survey_part(weight, SQL("r.state = 'done' AND r.quality_nps_answered"))]

    def _complaint_dimensions(self):
        return {
            "company": SQL("r.company_id"),
            "team": SQL("r.team_id"),
            "project": SQL("r.project_id"),
            "customer": SQL("p.commercial_partner_id"),
        }

    def _source_complaint(self, period):
        # complaints received / tickets received: two models, one rate
        complaints = Part(
            model="quality_ops.complaint",
            from_clause=SQL(
                "quality_ops_complaint r LEFT JOIN res_partner p ON p.id = r.partner_id"
            ),
            numerator=SQL("1"),
            denominator=SQL("0"),
            instant=SQL("r.create_date"),
            **self._complaint_dimensions(),
        )
        tickets = Part(
            model="helpdesk.ticket",
            from_clause=SQL("helpdesk_ticket r"),
            **ticket_dimensions("r"),
            numerator=SQL("0"),
            denominator=SQL("1"),
            instant=SQL("r.create_date"),
        )
        return [complaints, tickets]

    def _source_complaint_close(self, period):
        return [
            Part(
                model="quality_ops.complaint",
                from_clause=SQL(
                    "quality_ops_complaint r LEFT JOIN res_partner p ON p.id = r.partner_id"
                ),
                numerator=SQL("r.closed_on_time::int"),
                denominator=SQL("1"),
                instant=SQL("r.closed_at"),
                **self._complaint_dimensions(),
            )
        ]

    def _source_action_ontime(self, period):
        return [
            project_record_part(
                "quality_ops.action",
                SQL("r.closed_on_time::int"),
                day=SQL("r.due_date"),
                engineer=SQL("r.owner_id"),
            )
        ]

    def _source_audit_conf(self, period):
        return [
            project_record_part(
                "quality_ops.audit.line",
                SQL("r.is_conforming::int"),
                day=SQL("r.audit_date"),
                where=SQL("r.is_applicable"),
            )
        ]

    def _source_inspection(self, period):
        # planned inspections due in the period / those recorded by their due
        # date (inspections recorded by hand, not planned, are not counted;
        # cancelled ones neither way)
        return [
            project_record_part(
                "quality_ops.inspection",
                SQL("COALESCE(r.on_time, FALSE)::int"),
                team=SQL("r.team_id"),
                day=SQL("r.due_date"),
                engineer=SQL("r.user_id"),
                # counted once recorded or once its day is over (local time):
                # the month in progress is not judged on days still to come
                where=SQL(
                    "r.is_planned AND r.state <> 'cancelled'"
                    " AND (r.state = 'done' OR r.due_date < %s)",
                    self._local_today_sql(SQL("r.company_id")),
                ),
            )
        ]

    # ------------------------------------------------------------------
    # queries
    # ------------------------------------------------------------------
    @api.model
    def _local_month_sql(self, instant, company):
        """The local month (first day) of a UTC instant in its company's time zone."""
        return SQL(
            "date_trunc('month', (%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date",
            instant,
            self.env["res.company"]._quality_tz_sql(company),
        )

    @api.model
    def _local_today_sql(self, company):
        """Today in the company's time zone, as of the transaction's time."""
        return SQL(
            "(now() AT TIME ZONE %s)::date", self.env["res.company"]._quality_tz_sql(company)
        )

    @api.model
    def _part_sql(self, part, period, companies=None, restrict=None, extra=None, by_month=False):
        """``(id, company, team, project, customer, engineer, num, den)`` of
        one part (columns ``id, company_id, team_id, project_id, partner_id,
        user_id, num, den``, and ``month``, the local month of the row, with
        ``by_month``).

        ``companies`` restricts to those company ids; ``restrict`` maps models
        to Queries (``Model._search(domain)``, under a user's rules): a part
        counting such a model keeps those records, a part of tickets'
        records (clocks, ratings) keeps those of the restricted tickets, and
        a part with no restriction of its own is dropped; ``extra`` is a
        further condition on the row's columns."""
        conditions = [part.where, part.period_condition(period)]
        if companies is not None:
            conditions.append(SQL("%s = ANY(%s)", part.company, list(companies)))
        if restrict is not None:
            if part.model in restrict:
                conditions.append(SQL("r.id IN %s", restrict[part.model].subselect()))
            elif part.ticket is not None and "helpdesk.ticket" in restrict:
                conditions.append(
                    SQL("%s IN %s", part.ticket, restrict["helpdesk.ticket"].subselect())
                )
            else:
                conditions.append(SQL("FALSE"))
        query = SQL(
            "SELECT r.id AS id, %s AS company_id, %s AS team_id, %s AS project_id,"
            " %s AS partner_id, %s AS user_id, %s AS num, %s AS den%s FROM %s WHERE %s",
            part.company,
            part.team,
            part.project,
            part.customer,
            part.engineer,
            part.numerator,
            part.denominator,
            SQL(", %s AS month", part.month(period)) if by_month else SQL(),
            part.from_clause,
            SQL(" AND ").join(conditions),
        )
        if extra is not None:
            query = SQL("SELECT * FROM (%s) AS x WHERE %s", query, extra)
        return query

    @api.model
    def _rows_sql(self, source, period, companies=None, restrict=None, by_month=False):
        """Every counted row of a source in a period (all its parts)."""
        parts = self._parts(source, period)
        return SQL(" UNION ALL ").join(
            self._part_sql(part, period, companies=companies, restrict=restrict, by_month=by_month)
            for part in parts
        )

    @api.model
    def _totals(self, source, period, companies=None, restrict=None):
        """``(numerator, denominator)`` of a source over a period."""
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(SUM(x.num), 0), COALESCE(SUM(x.den), 0) FROM (%s) AS x",
                self._rows_sql(source, period, companies=companies, restrict=restrict),
            )
        )
        return self.env.cr.fetchone()

    @api.model
    def _record_ids(self, source, period, company, scope, key, which="denominator", restrict=None):
        """``[(model, ids)]`` of the records counted by one measurement: in its
        denominator (or, ``which="numerator"``, those adding to its numerator),
        from the very rows the engine summed; one entry per part that counts
        something (the first part's model, empty, when none does);
        ``restrict`` as for ``_part_sql``."""
        found = []
        for part in self._parts(source, period):
            conditions = [SQL("x.company_id = %s", company)]
            if scope in MEASURED_SCOPE_FIELDS:
                column = SQL.identifier("x", MEASURED_SCOPE_FIELDS[scope])
                conditions.append(SQL("%s = %s", column, key))
            conditions.append(SQL("x.den <> 0") if which == "denominator" else SQL("x.num <> 0"))
            query = self._part_sql(
                part, period, restrict=restrict, extra=SQL(" AND ").join(conditions)
            )
            self.env.cr.execute(SQL("SELECT DISTINCT x.id FROM (%s) AS x ORDER BY x.id", query))
            found.append((part.model, [row[0] for row in self.env.cr.fetchall()]))
        counting = [(model, ids) for model, ids in found if ids]
        return counting or found[:1]

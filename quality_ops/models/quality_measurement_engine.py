import contextlib
import datetime
import logging
from collections import namedtuple

from odoo import api, fields, models
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from ..indicators import BY_KEY, ENGINEER, TICKET_SCOPES, measured_value, rolled_up, scope_of
from ..periods import period_bounds, previous_period, utc_bounds
from ..periods import period_key as key_of_period
from ..pg_arrays import array_literal
from .quality_indicator_registry import Period

_logger = logging.getLogger(__name__)

# how the engine judges a cell: the targets in force (``_target_maps``) and the
# local day each company's service began (``_service_starts``)
Judging = namedtuple("Judging", "targets starts")

# the per-row columns of the engine's upsert, sent as one array each
UPSERT_COLUMNS = (
    "scope",
    "scope_key",
    "team_id",
    "project_id",
    "partner_id",
    "user_id",
    "company_id",
    "numerator",
    "denominator",
    "value",
    "has_value",
    "target_id",
    "target_value",
    "warning_value",
    "status",
)


class QualityMeasurementEngine(models.AbstractModel):
    """The measurement engine: every built-in indicator of some periods
    measured from the registry's definitions, months queried and quarters,
    halves and years rolled up from them, stored with one array-parameter
    upsert per source and judged against the plan's targets (the scheduled
    action, the full-year recomputation, a locked month's recomputation)."""

    _name = "quality_ops.measurement.engine"
    _description = "Indicator Measurement Engine"

    # ------------------------------------------------------------------
    # engine
    # ------------------------------------------------------------------
    @api.model
    def _compute_period(
        self, periodicity, date_from, date_to, indicators=None, forced=None, companies=None
    ):
        """Measure every built-in indicator of a period for every scope at once:
        one grouped query per source, one upsert per source. ``indicators``
        and ``companies`` (records) narrow it to a slice: a job measures one
        company × period × indicator this way.

        Locked measurements are left alone, except those of ``forced`` (a
        recompute made on purpose), and then only they are written.  An
        indicator whose computation fails is logged and skipped: the others
        are still measured; a conflict with a concurrent transaction
        (serialization failure, deadlock, lock) is raised, to be retried."""
        return self._compute_periods(
            [(periodicity, date_from, date_to)], indicators, forced=forced, companies=companies
        )

    @api.model
    def _compute_periods(
        self, periods, indicators=None, forced=None, companies=None, query_months=None
    ):
        """Measure several ``(periodicity, first day, last day)`` periods at
        once (the scheduled action's current and previous month, quarter,
        half and year of a year): the months spanned by the periods are
        queried once for a source that adds up (``_rolls_up``) and each
        period rolled up from them; a state at the period's end is queried
        once per last day; the others period by period. The figures of
        ``_compute_period`` for each period, from one scan of the months
        instead of one per period (a lone period is queried as it is).
        ``forced`` and ``companies`` as for ``_compute_period``; with
        ``query_months``, the other months are read from their stored
        measurements (``_roll_up_months``)."""
        indicators = indicators or self._builtin_indicators()
        first = min(date_from for _periodicity, date_from, _date_to in periods)
        last = max(date_to for _periodicity, _date_from, date_to in periods)
        judging = self._judging({date_from.year for _kind, date_from, _to in periods}, indicators)
        spans = {
            (df, dt): self._company_periods(df, dt, companies) for _periodicity, df, dt in periods
        }
        touched = []  # ids: a union per upsert would copy the growing set each time
        for indicator in indicators:
            mine = forced.filtered(lambda m, i=indicator: m.indicator_id == i) if forced else None
            if forced is not None and not mine:
                continue
            with self._measuring(indicator, first, last, strict=forced is not None):
                monthly = (
                    self._roll_up_months(indicator, first, last, companies, query_months)
                    if len(periods) > 1 and self._rolls_up(indicator)
                    else None
                )
                # a state at the period's end is the same for periods ending
                # on the same day (December, the fourth quarter, the year)
                declared = BY_KEY.get(indicator.source)
                at_end = {} if declared and declared.at_end else None
                for periodicity, date_from, date_to in periods:
                    span = spans[(date_from, date_to)]
                    if at_end is not None:
                        if date_to not in at_end:
                            at_end[date_to] = self._rows_at_end(
                                indicator, span, date_to, query_months
                            )
                        rows = at_end[date_to]
                    elif monthly is None:
                        rows = self._grouped_rows(indicator, span)
                    else:
                        rows = rolled_up(
                            [monthly[m] for m in sorted(monthly) if date_from <= m <= date_to],
                            indicator.source,
                        )
                    touched += self._upsert_rows(
                        indicator,
                        periodicity,
                        date_from,
                        date_to,
                        rows,
                        judging,
                        mine,
                        companies=[c for _period, ids in span for c in ids],
                    )
        return self._measured(touched)

    @contextlib.contextmanager
    def _measuring(self, indicator, date_from, date_to, strict=False):
        """One indicator's measurement, in a savepoint: a failure is logged and
        the other indicators go on, but a conflict with a concurrent
        transaction (serialization failure, deadlock, lock) is raised, to be
        retried whole (by the RPC layer, the cron or queue_job), as is any
        failure when ``strict`` (a recompute made on purpose)."""
        try:
            with self.env.cr.savepoint():
                yield
        except Exception as error:
            if strict or isinstance(error, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                raise
            _logger.exception(
                "Measuring %s for %s to %s failed; the other indicators go on",
                indicator.code,
                date_from,
                date_to,
            )

    def _measured(self, ids):
        """The measurements written (ids), with a finding opened for each
        missed target (when enabled)."""
        self.invalidate_model()
        touched = self.browse(ids)
        touched._open_findings_for_misses()
        return touched

    def _builtin_indicators(self):
        sources = self.env["quality_ops.indicator.registry"]._source_names()
        return self.env["quality_ops.indicator"].sudo().search([("source", "in", sources)])

    @api.model
    def _company_periods(self, date_from, date_to, companies=None):
        """``[(Period, company ids)]``: the local days ``date_from`` to
        ``date_to`` in UTC for each time zone the companies (every one by
        default) are in (one query per time zone, usually one)."""
        if companies is None:
            companies = self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        by_zone = {}
        for company in companies.sudo():
            by_zone.setdefault(company._quality_tz(), []).append(company.id)
        return [
            (Period(*utc_bounds(date_from, date_to, zone), date_from, date_to, zone), ids)
            for zone, ids in sorted(by_zone.items())
        ]

    def _monthly_rows(self, indicator, periods):
        """``{first day of a month: grouped rows}`` of the months of the
        periods (``_company_periods`` of whole months), from one grouped query
        per time zone: the rows of a longer period are rolled up from these
        (``_rolls_up``)."""
        months = {}
        for month, *row in self._grouped_rows(indicator, periods, by_month=True):
            months.setdefault(month, []).append(tuple(row))
        return months

    def _grouped_rows(self, indicator, periods, by_month=False):
        """``(grouping, company, team, project, customer, engineer, numerator,
        denominator)`` of every scope of the period, from one grouped query per
        time zone over the registry's definition of the indicator (a source
        not measured per engineer has no engineer: its one engineer group,
        NULL, is left out by ``_upsert_rows``); each row led by its local
        month with ``by_month``."""
        Registry = self.env["quality_ops.indicator.registry"]
        self.env.flush_all()
        month = SQL("b.month, ") if by_month else SQL()
        rows = []
        for period, company_ids in periods:
            base = Registry._rows_sql(
                indicator.source, period, companies=company_ids, by_month=by_month
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(month)s
                           GROUPING(b.team_id, b.project_id, b.partner_id, b.user_id) AS g,
                           b.company_id, b.team_id, b.project_id, b.partner_id, b.user_id,
                           SUM(b.num), SUM(b.den)
                      FROM (%(base)s) AS b
                     WHERE b.company_id IS NOT NULL
                     GROUP BY GROUPING SETS ((%(month)sb.company_id),
                                             (%(month)sb.company_id, b.team_id),
                                             (%(month)sb.company_id, b.project_id),
                                             (%(month)sb.company_id, b.partner_id),
                                             (%(month)sb.company_id, b.user_id))
                    """,
                    month=month,
                    base=base,
                )
            )
            rows += self.env.cr.fetchall()
        return rows

    def _rolls_up(self, indicator):
        """Whether a longer period's rows of the indicator add up its months'
        (a sum over the period, not a state at its end nor each person once)."""
        declared = BY_KEY.get(indicator.source)
        return bool(declared and declared.additive and not declared.at_end)

    def _judging(self, years, indicators):
        """The ``Judging`` of ``indicators``' cells in periods of ``years``."""
        return Judging(
            self._target_maps(years, set(indicators.ids)), self._service_starts(indicators)
        )

    def _service_starts(self, indicators):
        """``{company id: local day of its first ticket}`` when a count is
        among ``indicators`` (else None): a count of a period that ended
        before a company's helpdesk began has no data, it is not 0 (a
        year-on-year comparison with it would be a comparison with nothing)."""
        if not any(getattr(BY_KEY.get(i.source), "count", False) for i in indicators):
            return None
        self.env["helpdesk.ticket"].flush_model(["create_date", "company_id"])
        self.env.cr.execute(
            """SELECT company_id, min(create_date) FROM helpdesk_ticket
                WHERE company_id IS NOT NULL GROUP BY company_id"""
        )
        first = dict(self.env.cr.fetchall())
        return {
            company.id: company._quality_local_date(first[company.id])
            for company in self.env["res.company"].sudo().browse(first)
        }

    def _upsert_rows(
        self,
        indicator,
        periodicity,
        date_from,
        date_to,
        rows,
        judging,
        forced=None,
        companies=(),
    ):
        """Values, targets and statuses of the grouped rows, stored in one upsert
        that leaves locked and unchanged measurements alone; returns the
        ids of the measurements written. ``judging``: ``_judging``."""
        (own, company_wide), starts = judging
        # read once: the loop below runs once per cell (tens of thousands a year)
        indicator_id, unit, source, direction = (
            indicator.id,
            indicator.unit,
            indicator.source,
            indicator.direction,
        )
        now = fields.Datetime.now()
        # one array per column: a single parameter each, whatever the row count
        columns = {name: [] for name in UPSERT_COLUMNS}
        cells = {}
        declared = BY_KEY.get(indicator.source)
        dimensions = declared.dimensions if declared else TICKET_SCOPES
        for grouping, company, team, project, partner, user, num, den in rows:
            scope = scope_of(grouping)
            key = {
                "company": 0,
                "team": team,
                "project": project,
                "customer": partner,
                ENGINEER: user,
            }[scope]
            if scope != "company" and (not key or scope not in dimensions):
                continue  # no team / project / customer / engineer, or a scope the source lacks
            cells[(scope, key, company)] = (team, project, partner, user, num, den)
        # a scope measured before whose records are gone now has no data: it is
        # rewritten as such, not left with its old figures (of the companies
        # measured: a slice leaves the others alone)
        self.env.cr.execute(
            SQL(
                """SELECT scope, scope_key, company_id, numerator, denominator, value,
                          has_value, target_id, status
                     FROM quality_ops_measurement
                    WHERE indicator_id = %s AND periodicity = %s AND date_from = %s
                      AND company_id = ANY(%s)""",
                indicator.id,
                periodicity,
                date_from,
                list(companies),
            )
        )
        # what is stored, to send only the cells that change (the upsert's
        # guard below is what decides; this only spares it the others)
        stored = {(row[0], row[1], row[2]): row[3:] for row in self.env.cr.fetchall()}
        # every company has its company-wide row: a period without records
        # reads "no data", it does not vanish from the dashboards
        existing = list(stored)
        existing += [("company", 0, company) for company in companies]
        for scope, key, company in existing:
            if (scope, key, company) not in cells:
                cells[(scope, key, company)] = (
                    key if scope == "team" else None,
                    key if scope == "project" else None,
                    key if scope == "customer" else None,
                    key if scope == ENGINEER else None,
                    0,
                    0,
                )
        if forced is not None:
            wanted = {(m.scope, m.scope_key, m.company_id.id) for m in forced}
            cells = {cell: row for cell, row in cells.items() if cell in wanted}
        counted = starts is not None and bool(declared and declared.count)
        for (scope, key, company), (team, project, partner, user, num, den) in cells.items():
            value = measured_value(unit, source, num or 0, den or 0)
            if counted and (company not in starts or date_to < starts[company]):
                value = None  # before the company's first ticket
            target_id, target_value, warning_value, status = self._status(
                own,
                company_wide,
                (indicator_id, date_from.year, company),
                scope,
                key,
                direction,
                value,
            )
            if forced is None and stored.get((scope, key, company)) == (
                float(num or 0),
                float(den or 0),
                value,
                value is not None,
                target_id,
                status,
            ):
                continue  # unchanged: the upsert would leave it as it is
            for name, item in zip(
                UPSERT_COLUMNS,
                (
                    scope,
                    key,
                    team if scope == "team" else None,
                    project if scope == "project" else None,
                    partner if scope == "customer" else None,
                    user if scope == ENGINEER else None,
                    company,
                    float(num or 0),
                    float(den or 0),
                    value,  # NULL when nothing was measured: no average counts it as 0
                    value is not None,
                    target_id,
                    target_value,
                    warning_value,
                    status,
                ),
                strict=True,
            ):
                columns[name].append(item)
        if not columns["scope"]:
            return []
        # rows that did not change are not rewritten: a second run writes nothing
        changed = SQL(
            "(quality_ops_measurement.numerator, quality_ops_measurement.denominator,"
            " quality_ops_measurement.value, quality_ops_measurement.has_value,"
            " quality_ops_measurement.target_id, quality_ops_measurement.status)"
            " IS DISTINCT FROM (EXCLUDED.numerator, EXCLUDED.denominator, EXCLUDED.value,"
            " EXCLUDED.has_value, EXCLUDED.target_id, EXCLUDED.status)"
        )
        locked_guard = (
            SQL(
                "WHERE (quality_ops_measurement.state = 'open'"
                " OR quality_ops_measurement.id = ANY(%s)) AND %s",
                forced.ids,
                changed,
            )
            if forced
            else SQL("WHERE quality_ops_measurement.state = 'open' AND %s", changed)
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO quality_ops_measurement
                    (indicator_id, source, periodicity, period_key, date_from, date_to, scope,
                     scope_key, team_id, project_id, partner_id, user_id, company_id, numerator,
                     denominator, value, has_value, computed_at, target_id, target_value,
                     warning_value, status, state, create_uid, create_date, write_uid,
                     write_date)
                SELECT %(indicator)s, %(source)s, %(periodicity)s, %(key)s, %(date_from)s,
                       %(date_to)s, u.scope, u.scope_key, u.team_id, u.project_id,
                       u.partner_id, u.user_id, u.company_id, u.numerator, u.denominator, u.value,
                       u.has_value, %(now)s, u.target_id, u.target_value, u.warning_value,
                       u.status, 'open', %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(scope)s::varchar[], %(scope_key)s::int[],
                              %(team_id)s::int[], %(project_id)s::int[],
                              %(partner_id)s::int[], %(user_id)s::int[],
                              %(company_id)s::int[],
                              %(numerator)s::float8[], %(denominator)s::float8[],
                              %(value)s::float8[], %(has_value)s::bool[],
                              %(target_id)s::int[], %(target_value)s::float8[],
                              %(warning_value)s::float8[], %(status)s::varchar[])
                       AS u(scope, scope_key, team_id, project_id, partner_id, user_id, company_id,
                            numerator, denominator, value, has_value, target_id,
                            target_value, warning_value, status)
                ON CONFLICT (indicator_id, periodicity, date_from, scope, scope_key,
                             company_id)
                DO UPDATE SET numerator = EXCLUDED.numerator,
                              denominator = EXCLUDED.denominator,
                              value = EXCLUDED.value,
                              has_value = EXCLUDED.has_value,
                              computed_at = EXCLUDED.computed_at,
                              target_id = EXCLUDED.target_id,
                              target_value = EXCLUDED.target_value,
                              warning_value = EXCLUDED.warning_value,
                              status = EXCLUDED.status,
                              write_date = EXCLUDED.write_date
                %(guard)s
                RETURNING id
                """,
                indicator=indicator.id,
                source=indicator.source,
                periodicity=periodicity,
                key=key_of_period(periodicity, date_from),
                date_from=date_from,
                date_to=date_to,
                now=now,
                uid=self.env.uid,
                guard=locked_guard,
                # one text literal per column (see pg_arrays)
                **{name: array_literal(values) for name, values in columns.items()},
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _scheduled_periods(self, today=None):
        """``(periodicity, first day, last day)`` of the current and previous
        period of each periodicity, on ``today`` or else on each company's
        today (periods start at the company's midnight)."""
        days = [today] if today else self.env["res.company"]._quality_todays()
        periods = []
        for periodicity, _label in self._fields["periodicity"].selection:
            for day in days:
                for bounds in (period_bounds(periodicity, day), previous_period(periodicity, day)):
                    if (periodicity, *bounds) not in periods:
                        periods.append((periodicity, *bounds))
        return periods

    @api.model
    def _cron_compute(self, today=None):
        """Current and previous period of each periodicity; idempotent, safe twice
        at once (the upsert on the unique index never duplicates a row)."""
        for periodicity, date_from, date_to in self._scheduled_periods(today):
            self._compute_period(periodicity, date_from, date_to)
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _compute_year(self, year, indicators=None):
        """Every month, quarter and half of a year, and the year (open periods),
        of every built-in indicator or of ``indicators``.

        The months are queried; quarters, halves and the year are rolled up from
        them in memory (numerators and denominators add up; the backlog is the
        one of the period's last month, as it is a state at the period's end),
        so the data of the year is read once, not four times. A source that is
        not additive (each person counted once in the period) has its longer
        periods queried as they are."""
        indicators = indicators or self._builtin_indicators()
        judging = self._judging({year}, indicators)
        months = [period_bounds("month", datetime.date(year, month, 1)) for month in range(1, 13)]
        touched = []
        periods = [self._company_periods(date_from, date_to) for date_from, date_to in months]
        for indicator in indicators:
            # a source that adds up: its twelve months from one query
            queried = (
                self._monthly_rows(indicator, self._company_periods(months[0][0], months[-1][1]))
                if self._rolls_up(indicator)
                else None
            )
            monthly = []
            for (date_from, date_to), month_periods in zip(months, periods, strict=True):
                rows = (
                    self._grouped_rows(indicator, month_periods)
                    if queried is None
                    else queried.get(date_from, [])
                )
                monthly.append(rows)
                companies = [c for _period, ids in month_periods for c in ids]
                touched += self._upsert_rows(
                    indicator,
                    "month",
                    date_from,
                    date_to,
                    rows,
                    judging,
                    companies=companies,
                )
            declared = BY_KEY.get(indicator.source)
            for periodicity, size in (("quarter", 3), ("half_year", 6), ("year", 12)):
                for first in range(0, 12, size):
                    date_from, date_to = months[first][0], months[first + size - 1][1]
                    if declared and not declared.additive:
                        rows = self._grouped_rows(
                            indicator, self._company_periods(date_from, date_to)
                        )
                    else:
                        rows = rolled_up(monthly[first : first + size], indicator.source)
                    touched += self._upsert_rows(
                        indicator,
                        periodicity,
                        date_from,
                        date_to,
                        rows,
                        judging,
                        companies=companies,
                    )
        return self._measured(touched)

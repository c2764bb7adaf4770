from odoo import api, models
from odoo.tools import SQL

from ..indicators import GROUPINGS
from ..periods import months_of, period_bounds


class QualityMeasurementMonths(models.AbstractModel):
    """The months a longer period of the scheduled measurement adds up.

    The scheduled action measures the current and previous month, quarter,
    half and year every hour; read from the data, the year alone scanned
    twelve months each time. Its pieces query the months it measures (and any
    month not yet measured for every company) and take the other months'
    numerators and denominators from their stored measurements, so that a
    quarter, half or year is the sum of the months its reader sees beside it.
    The full-year recomputation still queries every month."""

    _inherit = "quality_ops.measurement.engine"

    @api.model
    def _roll_up_months(self, indicator, first, last, companies=None, query_months=None):
        """``{first day of a month: grouped rows}`` of the months ``first`` to
        ``last`` (as ``_monthly_rows``): all queried, or with ``query_months``
        only those and the months some company has no measurement of (one
        query over the span they cover), the others read from the stored
        monthly measurements."""
        spans = self._company_periods(first, last, companies)
        if query_months is None:
            return self._monthly_rows(indicator, spans)
        company_ids = {company for _period, ids in spans for company in ids}
        stored, measured = self._stored_month_rows(indicator, first, last, company_ids)
        query = [
            month
            for month in months_of(first, last)
            if month in query_months or not measured.get(month, set()) >= company_ids
        ]
        if not query:
            return stored
        date_from, date_to = query[0], period_bounds("month", query[-1])[1]
        months = {
            month: rows for month, rows in stored.items() if not date_from <= month <= date_to
        }
        if (date_from, date_to) != (first, last):
            spans = self._company_periods(date_from, date_to, companies)
        queried = self._monthly_rows(indicator, spans)
        for month, rows in queried.items():
            # stored figures are floats: a sum must not mix them with numerics
            months[month] = [(*row[:-2], float(row[-2] or 0), float(row[-1] or 0)) for row in rows]
        return months

    @api.model
    def _rows_at_end(self, indicator, span, date_to, query_months=None):
        """Grouped rows of a state at ``date_to``, the end of a period over
        ``span`` (``_company_periods``): with ``query_months``, the stored
        measurements of the month ending then when it is not one of them and
        every company has them (a quarter's backlog is its last month's)."""
        month = date_to.replace(day=1)
        if query_months is not None and month not in query_months:
            company_ids = {company for _period, ids in span for company in ids}
            stored, measured = self._stored_month_rows(indicator, month, month, company_ids)
            if measured.get(month, set()) >= company_ids:
                return stored.get(month, [])
        return self._grouped_rows(indicator, span)

    @api.model
    def _stored_month_rows(self, indicator, first, last, company_ids):
        """The stored monthly measurements of ``indicator`` from ``first`` to
        ``last`` as grouped rows, and ``{month: companies with their
        company-wide row}`` (a month measured for them)."""
        self.env["quality_ops.measurement"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT date_from, scope, company_id, team_id, project_id, partner_id,
                          user_id, numerator, denominator
                     FROM quality_ops_measurement
                    WHERE indicator_id = %s AND periodicity = 'month'
                      AND date_from BETWEEN %s AND %s AND company_id = ANY(%s)""",
                indicator.id,
                first,
                last,
                sorted(company_ids),
            )
        )
        months, measured = {}, {}
        for month, scope, company, *keys, num, den in self.env.cr.fetchall():
            if scope == "company":
                measured.setdefault(month, set()).add(company)
            months.setdefault(month, []).append(
                (GROUPINGS[scope], company, *keys, num or 0.0, den or 0.0)
            )
        return months, measured

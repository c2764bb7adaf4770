from odoo import api, models

from ..periods import period_bounds, previous_period
from .quality_indicator_registry import Period


class QualitySectionBuilder(models.AbstractModel):
    """The period figures the quality report and the management review share,
    read from the indicator registry and the measurement engine: the same
    definition as the scorecard's, so that a period reads the same number
    everywhere at the time the document is generated."""

    _name = "quality_ops.section.builder"
    _description = "Section Builder of Generated Quality Documents"

    # ------------------------------------------------------------------
    # measurements
    # ------------------------------------------------------------------
    @api.model
    def _refresh_measurements(self, company, periodicity, date_from, with_previous=True):
        """Measure the period starting on ``date_from`` (and the previous one)
        now, as the scheduled action would: the stored measurements the
        document reads are those the scorecard reads. Locked measurements
        stay as they are; a period not begun yet has nothing to measure."""
        today = company._quality_today()
        Engine = self.env["quality_ops.measurement"].sudo().with_company(company)
        periods = [date_from]
        if with_previous:
            periods.append(previous_period(periodicity, date_from)[0])
        for start in periods:
            if start > today:
                continue
            first, last = period_bounds(periodicity, start)
            Engine._compute_period(periodicity, first, last)

    # ------------------------------------------------------------------
    # figures of the registry, by record group
    # ------------------------------------------------------------------
    @api.model
    def _period(self, company, date_from, date_to):
        """The registry's period of local days ``date_from`` to ``date_to``."""
        return Period(*company._quality_utc_bounds(date_from, date_to), date_from, date_to)

    @api.model
    def _totals(self, source, company, date_from, date_to, model=None, domain=None):
        """``(numerator, denominator)`` of an indicator's source over the period
        for the company, restricted to the records of ``model`` in ``domain``
        when given (a part of the source counting other records then counts
        nothing)."""
        restrict = None
        if model:
            restrict = {model: self.env[model].sudo()._search(domain or [])}
        return self.env["quality_ops.indicator.registry"]._totals(
            source,
            self._period(company, date_from, date_to),
            companies=[company.id],
            restrict=restrict,
        )

    @api.model
    def _complaint_figures(self, company, date_from, date_to, levels):
        """``{level: (received, closed, closed on time)}`` of the period, by the
        definitions of the complaint rate (received) and of complaints closed
        on time (closed, on time), for each of ``levels``."""
        figures = {}
        for level in levels:
            domain = [("level_id", "=", level.id)]
            received, _tickets = self._totals(
                "complaint", company, date_from, date_to, "quality_ops.complaint", domain
            )
            on_time, closed = self._totals(
                "complaint_close", company, date_from, date_to, "quality_ops.complaint", domain
            )
            figures[level] = (int(received), int(closed), int(on_time))
        return figures

    @api.model
    def _complaint_levels(self, company, date_from, date_to):
        """The complaint levels of the company, and any other level a complaint
        of the period is filed under."""
        start, end = company._quality_utc_bounds(date_from, date_to)
        used = (
            self.env["quality_ops.complaint"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    "|",
                    "&",
                    ("create_date", ">=", start),
                    ("create_date", "<", end),
                    "&",
                    ("closed_at", ">=", start),
                    ("closed_at", "<", end),
                ],
                ["level_id"],
            )
        )
        Level = self.env["quality_ops.complaint.level"].sudo()
        return (
            Level.search([("company_id", "in", [company.id, False])])
            .union(*(level for (level,) in used))
            .filtered("id")
            .sorted(lambda level: (level.sequence, level.id))
        )

    @api.model
    def _actions_due(self, company, date_from, date_to, domain=None):
        """``(closed on time, due)``: the actions due in the period, by the
        definition of actions closed on time."""
        on_time, due = self._totals(
            "action_ontime", company, date_from, date_to, "quality_ops.action", domain
        )
        return int(on_time), int(due)

    # ------------------------------------------------------------------
    # quality assurance counts (documents, QA activities)
    # ------------------------------------------------------------------
    @api.model
    def _document_counts(self, company, date_from, date_to):
        """``(in force, due for periodic review, released in the period, in
        preparation)`` of the company's controlled documents (due on its today)."""
        today = company._quality_today()
        Document = self.env["quality_ops.document"].sudo()
        own = [("company_id", "=", company.id)]
        released = [*own, ("state", "=", "released")]
        return (
            Document.search_count(released),
            Document.search_count(
                [
                    *released,
                    ("next_review_date", "!=", False),
                    ("next_review_date", "<=", max(today, date_to)),
                ]
            ),
            Document.search_count(
                [*own, ("release_date", ">=", date_from), ("release_date", "<=", date_to)]
            ),
            Document.search_count([*own, ("state", "in", ("draft", "in_review", "approved"))]),
        )

    @api.model
    def _qa_activity_domain(self, company, date_from, date_to):
        return [
            ("company_id", "=", company.id),
            ("state", "!=", "cancelled"),
            ("planned_date", ">=", date_from),
            ("planned_date", "<=", date_to),
        ]

    @api.model
    def _qa_activities_overdue(self, company):
        today = company._quality_today()
        return (
            self.env["quality_ops.qa.activity"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "planned"),
                    ("planned_date", "<", today),
                ]
            )
        )

from odoo import api, fields, models

from ..periods import period_bounds, previous_period
from .quality_job_mixin import job_key


class QualityJobMeasurement(models.Model):
    """The measurement engine's work as jobs: one piece per indicator and
    period (the scheduled action) or per indicator and year (the full-year
    recomputation: its months queried, the rest rolled up from them). Each
    piece is a thin wrapper around the engine's own steps (companies' local
    bounds, grouped rows, upsert, findings), so a piece's figures are the
    engine's; unlike the engine's loop over indicators, a piece lets a failure
    through, so that queue_job retries it (serialization failure, lock)."""

    _name = "quality_ops.measurement"
    _inherit = ["quality_ops.measurement", "quality_ops.job.mixin"]

    # ------------------------------------------------------------------
    # the pieces (synchronous; a job calls them)
    # ------------------------------------------------------------------
    @api.model
    def _quality_measure_slice(self, periodicity, date_from, date_to, indicator_id):
        """One indicator, one period, every company and scope."""
        indicator = self.env["quality_ops.indicator"].sudo().browse(indicator_id).exists()
        if not indicator:
            return "indicator gone"
        periods = self._company_periods(date_from, date_to)
        targets = self._target_maps({date_from.year}, {indicator.id})
        rows = self._grouped_rows(indicator, periods)
        companies = [c for _period, ids in periods for c in ids]
        touched = self._upsert_rows(
            indicator, periodicity, date_from, date_to, rows, targets, companies=companies
        )
        self.invalidate_model()
        touched._open_findings_for_misses()
        return f"{len(touched)} measurements written"

    @api.model
    def _quality_measure_year(self, year, indicator_id):
        """One indicator, every month, quarter and half of a year and the year
        (open periods): the engine's ``_compute_year`` for that indicator."""
        indicator = self.env["quality_ops.indicator"].sudo().browse(indicator_id).exists()
        if not indicator:
            return "indicator gone"
        touched = self._compute_year(year, indicators=indicator)
        return f"{len(touched)} measurements written"

    # ------------------------------------------------------------------
    # queueing them
    # ------------------------------------------------------------------
    @api.model
    def _quality_enqueue_period(self, periodicity, date_from, date_to):
        """One job per indicator of the period; returns how many were asked
        for (a piece already waiting is not queued twice)."""
        indicators = self._builtin_indicators()
        for indicator in indicators:
            self._quality_delay(
                job_key("measure", periodicity, date_from, indicator.id),
                self.env._(
                    "Measure %(indicator)s, %(date_from)s to %(date_to)s",
                    indicator=indicator.code,
                    date_from=date_from,
                    date_to=date_to,
                ),
            )._quality_measure_slice(periodicity, date_from, date_to, indicator.id)
        return len(indicators)

    @api.model
    def _quality_enqueue_year(self, year):
        """Queue the full-year recomputation, one job per indicator; returns
        how many were asked for."""
        pieces = self._quality_year_pieces(year)
        for piece in pieces:
            # one by one: each piece is checked against its own identity key
            # (in a graph, queue_job skips only a graph whose every piece waits)
            piece.delay()
        return len(pieces)

    @api.model
    def _quality_year_pieces(self, year):
        """The full-year recomputation as one delayable per indicator (to be
        chained after other work, or queued as they are)."""
        return [
            self.delayable(
                identity_key=job_key("measure-year", year, indicator.id),
                description=self.env._(
                    "Measure %(indicator)s, every period of %(year)s",
                    indicator=indicator.code,
                    year=year,
                ),
            )._quality_measure_year(year, indicator.id)
            for indicator in self._builtin_indicators()
        ]

    @api.model
    def _cron_compute(self, today=None):
        """The scheduled action queues the current and previous period of each
        periodicity, one job per indicator; it computes nothing itself."""
        today = today or fields.Date.context_today(self)
        count = 0
        for periodicity, _label in self._fields["periodicity"].selection:
            for date_from, date_to in (
                period_bounds(periodicity, today),
                previous_period(periodicity, today),
            ):
                count += self._quality_enqueue_period(periodicity, date_from, date_to)
        return count

from odoo import api, models

from ..indicators import BY_KEY
from .quality_job_mixin import job_key

# indicators measured by one piece of the scheduled measurement. A piece per
# indicator and period made the hourly firing 160 jobs whose own bookkeeping (a
# request, two commits) cost more than a month's query of most indicators;
# a piece per batch and year (its periods rolled up from one scan of its
# months) keeps the firing to eight jobs, each within seconds at 400,000
# tickets (``bench indicators -- --pieces``)
PERIOD_BATCH = 5


def year_piece_priority(declared):
    """queue_job's priority (lower first) of a source's full-year piece: the
    longest first, so that the last pieces on a slot are short and the slots
    end together. A state at each month's end is queried month by month; a
    source of tickets (measured per team) reads the largest tables."""
    if declared is None:
        return 10
    if declared.at_end or not declared.additive:
        return 6
    return 8 if "team" in declared.dimensions else 12


def batches(ids, size=PERIOD_BATCH):
    """``ids`` in order, cut into lists of ``size``."""
    ids = sorted(ids)
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class QualityJobMeasurement(models.Model):
    """The measurement engine's work as jobs: one piece per batch of
    indicators and year of the periods (the scheduled action) or per indicator and year
    (the full-year recomputation: its months queried, the rest rolled up from
    them). Each piece calls the engine itself, so a piece's figures are the
    engine's; a conflict with a concurrent transaction (serialization
    failure, lock) fails the piece, so that queue_job retries it."""

    _name = "quality_ops.measurement"
    _inherit = ["quality_ops.measurement", "quality_ops.job.mixin"]

    # ------------------------------------------------------------------
    # the pieces (synchronous; a job calls them)
    # ------------------------------------------------------------------
    @api.model
    def _quality_measure_slice(self, periodicity, date_from, date_to, indicator_ids):
        """Some indicators (ids, or one id), one period, every company and
        scope: the engine's ``_compute_period`` for them (the scheduled
        action's pieces before they spanned a year's periods; a piece queued
        then still runs)."""
        if isinstance(indicator_ids, int):
            indicator_ids = [indicator_ids]
        indicators = self.env["quality_ops.indicator"].sudo().browse(indicator_ids).exists()
        if not indicators:
            return "indicators gone"
        touched = self._compute_period(periodicity, date_from, date_to, indicators=indicators)
        return f"{len(touched)} measurements written"

    @api.model
    def _quality_measure_periods(self, periods, indicator_ids):
        """Some indicators (ids), several periods ``(periodicity, first day,
        last day)``, every company and scope: the engine's
        ``_compute_periods`` for them (each source's months read once; of the
        months a longer period adds up, those measured here are queried, the
        others read from their stored measurements)."""
        indicators = self.env["quality_ops.indicator"].sudo().browse(indicator_ids).exists()
        if not indicators:
            return "indicators gone"
        periods = [tuple(period) for period in periods]
        months = {
            date_from for periodicity, date_from, _date_to in periods if periodicity == "month"
        }
        touched = self._compute_periods(periods, indicators, query_months=months)
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
                priority=year_piece_priority(BY_KEY.get(indicator.source)),
                description=self.env._(
                    "Measure %(indicator)s, every period of %(year)s",
                    indicator=indicator.code,
                    year=year,
                ),
            )._quality_measure_year(year, indicator.id)
            for indicator in self._builtin_indicators()
        ]

    @api.model
    def _quality_period_pieces(self, periods):
        """``[(periods of a year, indicator ids)]``: the pieces measuring
        ``periods``, one per year of the periods (a year's periods share one
        scan of its months) and batch of indicators."""
        by_year = {}
        for periodicity, date_from, date_to in periods:
            by_year.setdefault(date_from.year, []).append((periodicity, date_from, date_to))
        batched = batches(self._builtin_indicators().ids)
        return [(of_year, ids) for _year, of_year in sorted(by_year.items()) for ids in batched]

    @api.model
    def _quality_enqueue_periods(self, periods):
        """One job per piece of ``_quality_period_pieces``; returns how many
        were asked for (a piece already waiting is not queued twice)."""
        pieces = self._quality_period_pieces(periods)
        for of_year, ids in pieces:
            named = "+".join(f"{periodicity}@{date_from}" for periodicity, date_from, _ in of_year)
            self._quality_delay(
                job_key("measure", named, "+".join(map(str, ids))),
                self.env._(
                    "Measure %(count)s indicators, %(periods)s periods of %(year)s",
                    count=len(ids),
                    periods=len(of_year),
                    year=of_year[0][1].year,
                ),
            )._quality_measure_periods(of_year, ids)
        return len(pieces)

    @api.model
    def _cron_compute(self, today=None):
        """The scheduled action queues the current and previous period of each
        periodicity, one job per batch of indicators and year; it computes
        nothing itself."""
        return self._quality_enqueue_periods(self._scheduled_periods(today))

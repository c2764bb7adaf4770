from odoo import api, fields, models

from ..periods import period_bounds, previous_period
from .quality_job_mixin import job_key
from .quality_sla_statement_drafting import DRAFT_BATCH


class QualityJobStatement(models.Model):
    """Last month's statements drafted by jobs: one per company and batch of
    contracts still without their statement; the daily scheduled action only
    queues them."""

    _name = "quality_ops.sla.statement"
    _inherit = ["quality_ops.sla.statement", "quality_ops.job.mixin"]

    @api.model
    def _quality_draft_statements_piece(self, month, scheme_ids):
        """The job: the statements of ``month`` of these contracts (those
        drafted meanwhile are skipped by the drafting itself)."""
        schemes = self.env["quality_ops.sla.credit.scheme"].sudo().browse(scheme_ids).exists()
        return f"{len(self._draft_statements([month], schemes))} statements drafted"

    @api.model
    def _cron_draft(self, today=None):
        """From the first working day of the month on, queue the drafting of
        last month's missing statements; returns how many pieces were asked for.
        Months are the company's: today is each company's (``today``, when
        given, is every company's)."""
        now = fields.Datetime.now()
        Scheme = self.env["quality_ops.sla.credit.scheme"].sudo()
        drafted = {}  # {month: ids of the contracts with their statement}
        pieces = 0
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            day = today or company._quality_local_date(now)
            month, _last = previous_period("month", day)
            if day < self._first_working_day(company, month=period_bounds("month", day)[0]):
                continue
            if month not in drafted:
                drafted[month] = {
                    statement.scheme_id.id
                    for statement in self.sudo().search_fetch(
                        [("date_from", "=", month)], ["scheme_id"]
                    )
                }
            ids = [
                i
                for i in Scheme.search([("company_id", "=", company.id)]).ids
                if i not in drafted[month]
            ]
            for start in range(0, len(ids), DRAFT_BATCH):
                batch = ids[start : start + DRAFT_BATCH]
                self._quality_delay(
                    job_key("statements", month, company.id, batch[0]),
                    self.env._(
                        "Draft the SLA statements of %(month)s (%(company)s, %(count)s contracts)",
                        month=month.strftime("%Y-%m"),
                        company=company.name,
                        count=len(batch),
                    ),
                )._quality_draft_statements_piece(month, batch)
                pieces += 1
        return pieces

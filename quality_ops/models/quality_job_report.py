from odoo import api, models

from .quality_job_mixin import job_key


class QualityJobReport(models.Model):
    """The half-year and annual reports are drafted (and generated) by a job;
    the daily scheduled action only queues it. Generating one report by hand
    stays synchronous."""

    _name = "quality_ops.report"
    _inherit = ["quality_ops.report", "quality_ops.job.mixin"]

    @api.model
    def _quality_draft_reports_job(self, today, company_ids=None):
        """The job: the reports due on ``today`` drafted and generated, as the
        report's own drafting does it (each company's report on its own), in
        ``company_ids`` (every company without)."""
        Company = self.env["res.company"].sudo()
        # pylint: disable-next=no-search-all
        companies = Company.browse(company_ids).exists() if company_ids else Company.search([])
        drafted = self._draft_due_reports(today, companies)
        return f"{len(drafted)} reports drafted"

    @api.model
    def _cron_draft_reports(self, today=None):
        """Queue the drafting of the reports due today (which reports are due
        is the drafting's own rule: on the other days the job drafts nothing).
        Today is each company's: one job per day, for the companies on it
        (``today``, when given, is every company's)."""
        if today:
            self._queue_draft_reports(today)
            return 1
        by_day = self.env["res.company"]._quality_companies_by_today()
        for day, companies in by_day.items():
            self._queue_draft_reports(day, companies.ids if len(by_day) > 1 else None)
        return len(by_day)

    @api.model
    def _queue_draft_reports(self, today, company_ids=None):
        self._quality_delay(
            job_key("reports", today, *(company_ids or [])),
            self.env._("Draft the quality reports due on %(day)s", day=today),
        )._quality_draft_reports_job(today, *([company_ids] if company_ids else []))

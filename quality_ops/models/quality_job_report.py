from odoo import api, fields, models

from .quality_job_mixin import job_key


class QualityJobReport(models.Model):
    """The half-year and annual reports are drafted (and generated) by a job;
    the daily scheduled action only queues it. Generating one report by hand
    stays synchronous."""

    _name = "quality_ops.report"
    _inherit = ["quality_ops.report", "quality_ops.job.mixin"]

    @api.model
    def _quality_draft_reports_job(self, today):
        """The job: the reports due on ``today`` drafted and generated, as the
        report's own drafting does it (each company's report on its own)."""
        # the drafting is the report's own (what the scheduled action did before
        # it queued this job): its implementation, not the override below
        drafted = super()._cron_draft_reports(today=today)  # pylint: disable=super-method-mismatch
        return f"{len(drafted)} reports drafted"

    @api.model
    def _cron_draft_reports(self, today=None):
        """Queue the drafting of the reports due today (which reports are due
        is the drafting's own rule: on the other days the job drafts nothing)."""
        today = today or fields.Date.context_today(self)
        self._quality_delay(
            job_key("reports", today),
            self.env._("Draft the quality reports due on %(day)s", day=today),
        )._quality_draft_reports_job(today)
        return 1

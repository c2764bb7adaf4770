from odoo import models


class QualityXlsxMixin(models.AbstractModel):
    """A large export runs as a job (``quality_ops.job.export``); a small one
    is still written in the request, as before."""

    _inherit = "quality_ops.xlsx.mixin"

    def _quality_xlsx_report_action(self, data):
        action = super()._quality_xlsx_report_action(data)
        if data.get("ids") is not None:
            rows = len(data["ids"])
        else:
            rows = self.search_count(list(data.get("domain") or []))
        Export = self.env["quality_ops.job.export"]
        if rows <= Export._quality_job_rows():
            return action
        return Export._quality_enqueue_export(self._name, action["data"], rows)

import hashlib
import json

from markupsafe import Markup

from odoo import api, fields, models

from .quality_job_mixin import job_key

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# exports of more rows than this run as a job (about four seconds of writing);
# ``quality_ops.xlsx_job_rows`` in the system parameters changes it
XLSX_JOB_ROWS = 50000


class QualityJobExport(models.AbstractModel):
    """A large XLSX export as a job: the file is written by the job as the user
    who asked for it, kept as an attachment that only this user can read (no
    document: Odoo lets its creator read it, and nobody else but the
    administrator), and announced to the user by a notification in the web
    client and a message in their inbox with the download link."""

    _name = "quality_ops.job.export"
    _inherit = "quality_ops.job.mixin"
    _description = "Large XLSX Export"

    @api.model
    def _quality_job_rows(self):
        value = self.env["ir.config_parameter"].sudo().get_param("quality_ops.xlsx_job_rows")
        try:
            return int(value) if value else XLSX_JOB_ROWS
        except ValueError:
            return XLSX_JOB_ROWS

    @api.model
    def _quality_enqueue_export(self, model, data, rows):
        """Queue the export of ``data`` (the report's data: model, ids or
        domain) and say so to the user."""
        digest = hashlib.sha1(
            json.dumps(data, sort_keys=True, default=str).encode(), usedforsecurity=False
        ).hexdigest()[:16]
        what = self.env[model]._description
        self._quality_delay(
            job_key("xlsx", self.env.uid, model, digest),
            self.env._("XLSX export of %(what)s (%(rows)s rows)", what=what, rows=rows),
        )._quality_export_xlsx(model, data)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "sticky": False,
                "message": self.env._(
                    "%(rows)s rows to export: the file is written in the background. You "
                    "will be notified with its download link when it is ready.",
                    rows=rows,
                ),
            },
        }

    @api.model
    def _quality_export_xlsx(self, model, data):
        """The job: the workbook written under the user's access rights, kept
        as an attachment of theirs, announced with its download link; in the
        user's language, whoever queued it."""
        mine = self.with_context(lang=self.env.user.lang or self.env.lang)
        env = mine.env
        content, _kind = (
            env["report.quality_ops.xlsx_export"]
            .with_context(active_model=model)
            .create_xlsx_report([], dict(data, model=model))
        )
        today = fields.Date.context_today(mine)
        attachment = env["ir.attachment"].create(
            {
                "name": f"{env[model]._description} {today}.xlsx",
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
            }
        )
        mine._quality_notify_export(attachment)
        return f"attachment {attachment.id}"

    def _quality_notify_export(self, attachment):
        user = self.env.user
        url = f"/web/content/{attachment.id}?download=true"
        text = self.env._("Your XLSX export %(name)s is ready.", name=attachment.name)
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=text,
            body=Markup('<p>%s</p><p><a href="%s" download="">%s</a></p>')
            % (text, url, self.env._("Download")),
        )
        user._bus_send(
            "simple_notification",
            {
                "type": "success",
                "sticky": True,
                "title": self.env._("XLSX export"),
                "message": self.env._("%(text)s Its download link is in your inbox.", text=text),
            },
        )

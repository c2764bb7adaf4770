import hashlib
import json
import uuid

from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.queue_job.delay import group

from ..tools.smart_buttons import notification_action
from .quality_job_mixin import job_key

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# exports of more rows than this run as a job (about four seconds of writing);
# ``quality_ops.xlsx_job_rows`` in the system parameters changes it
XLSX_JOB_ROWS = 50000
# a larger export is cut into files of this many rows, one job each (seconds
# each), the rows chosen when it is asked for so that no row is in two files
XLSX_PART_ROWS = 100000


class QualityJobExport(models.AbstractModel):
    """A large XLSX export as jobs: the file (or, beyond 100,000 rows, each file
    of 100,000 rows) is written by a job as the user who asked for it, kept as
    an attachment that only this user can read (no document: Odoo lets its
    creator read it, and nobody else but the administrator), and announced to
    the user by a notification in the web client and a message in their inbox
    with the download links."""

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
        key = job_key("xlsx", self.env.uid, model, digest)
        if rows <= XLSX_PART_ROWS:
            self._quality_delay(
                key, self.env._("XLSX export of %(what)s (%(rows)s rows)", what=what, rows=rows)
            )._quality_export_xlsx(model, data)
        else:
            # the rows, under the user's rules and in the model's order, now
            Report = self.env["report.quality_ops.xlsx_export"]
            Model = self.env[model]
            domain = (
                data["domain"] if data.get("domain") is not None else [("id", "in", data["ids"])]
            )
            ids = Report._quality_search_ids(Model, domain)
            # the files of this request (the same search asked again is another one)
            token = f"{key}:{uuid.uuid4().hex[:12]}"
            parts = [
                ids[start : start + XLSX_PART_ROWS] for start in range(0, len(ids), XLSX_PART_ROWS)
            ]
            pieces = [
                self.delayable(
                    identity_key=f"{key}:{number}",
                    description=self.env._(
                        "XLSX export of %(what)s, file %(number)s of %(count)s",
                        what=what,
                        number=number,
                        count=len(parts),
                    ),
                )._quality_export_xlsx(
                    model,
                    {"model": model, "ids": part},
                    number=number,
                    count=len(parts),
                    token=token,
                )
                for number, part in enumerate(parts, start=1)
            ]
            done = self.delayable(
                identity_key=f"{key}:done",
                description=self.env._("XLSX export of %(what)s: the links", what=what),
            )._quality_export_done(token)
            group(*pieces).on_done(done).delay()
        return notification_action(
            self.env._(
                "%(rows)s rows to export: the file is written in the background. You "
                "will be notified with its download link when it is ready.",
                rows=rows,
            ),
            "info",
            sticky=False,
        )

    @api.model
    def _quality_export_xlsx(self, model, data, number=0, count=1, token=None):
        """The job: the workbook written under the user's access rights, kept
        as an attachment of theirs; announced with its download link (a file
        of several: by the last job, with all the links); in the user's
        language, whoever queued it."""
        mine = self.with_context(lang=self.env.user.lang or self.env.lang)
        env = mine.env
        content, _kind = (
            env["report.quality_ops.xlsx_export"]
            .with_context(active_model=model)
            .create_xlsx_report([], dict(data, model=model))
        )
        today = fields.Date.context_today(mine)
        name = f"{env[model]._description} {today}"
        if count > 1:
            name = env._(
                "%(name)s (file %(number)s of %(count)s)", name=name, number=number, count=count
            )
        attachment = env["ir.attachment"].create(
            {
                "name": f"{name}.xlsx",
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
                "description": token or False,
            }
        )
        if count == 1:
            mine._quality_notify_export(attachment)
        return f"attachment {attachment.id}"

    @api.model
    def _quality_export_done(self, token):
        """The last job of an export in several files: the links of them all."""
        mine = self.with_context(lang=self.env.user.lang or self.env.lang)
        attachments = mine.env["ir.attachment"].search(
            [
                ("description", "=", token),
                ("create_uid", "=", self.env.uid),
                ("res_id", "=", False),
            ],
            order="id",
        )
        mine._quality_notify_export(attachments)
        return f"{len(attachments)} files announced"

    def _quality_notify_export(self, attachments):
        user = self.env.user
        text = self.env._(
            "Your XLSX export %(name)s is ready.", name=", ".join(attachments.mapped("name"))
        )
        links = Markup("").join(
            Markup('<p><a href="/web/content/%s?download=true" download="">%s</a></p>')
            % (attachment.id, attachment.name if len(attachments) > 1 else self.env._("Download"))
            for attachment in attachments
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=text,
            body=Markup("<p>%s</p>%s") % (text, links),
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

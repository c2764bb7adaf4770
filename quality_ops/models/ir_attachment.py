from odoo import api, models
from odoo.exceptions import UserError

from .group_guard import uninstalling

# what makes a file the file it is
CONTENT_FIELDS = frozenset(
    {
        "datas",
        "raw",
        "db_datas",
        "store_fname",
        "checksum",
        "url",
        "type",
        "mimetype",
        "name",
        "res_model",
        "res_id",
        "res_field",
    }
)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _quality_frozen_evidence(self):
        """The evidence files among these of a reported or closed audit, of a
        locked measurement, of a recorded (or cancelled) QA activity or
        inspection, and the files of controlled documents out of draft: they
        are kept as they were."""
        if not self.ids:
            return self.browse()
        lines = (
            self.env["quality_ops.audit.line"]
            .sudo()
            .search(
                [
                    ("attachment_ids", "in", self.ids),
                    ("audit_id.state", "in", ("reported", "closed")),
                ]
            )
        )
        measurements = (
            self.env["quality_ops.measurement"]
            .sudo()
            .search([("attachment_ids", "in", self.ids), ("state", "=", "locked")])
        )
        frozen = lines.attachment_ids | measurements.attachment_ids
        for model in ("quality_ops.qa.activity", "quality_ops.inspection"):
            frozen |= (
                self.env[model]
                .sudo()
                .search(
                    [("attachment_ids", "in", self.ids), ("state", "in", ("done", "cancelled"))]
                )
                .attachment_ids
            )
        return (self & frozen) | self._quality_frozen_document_files()

    def _quality_frozen_document_files(self):
        """The files of controlled documents out of draft: in review, approved
        (sealed with their checksum), released or obsolete."""
        files = self.sudo().filtered(
            lambda att: att.res_model == "quality_ops.document" and att.res_field == "file"
        )
        if not files:
            return self.browse()
        documents = (
            self.env["quality_ops.document"]
            .sudo()
            .search([("id", "in", files.mapped("res_id")), ("state", "!=", "draft")])
        )
        return self.browse(files.filtered(lambda att: att.res_id in documents.ids).ids)

    def _quality_refuse_frozen_evidence(self):
        frozen = self._quality_frozen_evidence()
        if frozen:
            raise UserError(
                self.env._(
                    "%(file)s is evidence of a recorded quality activity, a reported audit "
                    "or a locked measurement, or the file of a controlled document under "
                    "review or released: it is kept as it was.",
                    file=frozen[0].name,
                )
            )

    def write(self, vals):
        if CONTENT_FIELDS & set(vals) and not self.env.su:
            self._quality_refuse_frozen_evidence()
        if {"res_model", "res_id", "res_field"} & set(vals) and not self.env.su:
            # a file is not moved out of (or into) a frozen document either
            self._quality_refuse_frozen_evidence()
            result = super().write(vals)
            self._quality_refuse_frozen_evidence()
            return result
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_evidence(self):
        if self.env.su or uninstalling(self.env):
            return
        self._quality_refuse_frozen_evidence()

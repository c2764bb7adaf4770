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
        """The evidence files among these of a reported or closed audit or of a
        locked measurement: they are kept as they were."""
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
        return self & (lines.attachment_ids | measurements.attachment_ids)

    def _quality_refuse_frozen_evidence(self):
        frozen = self._quality_frozen_evidence()
        if frozen:
            raise UserError(
                self.env._(
                    "%(file)s is evidence of a reported audit or a locked measurement: "
                    "it is kept as it was.",
                    file=frozen[0].name,
                )
            )

    def write(self, vals):
        if CONTENT_FIELDS & set(vals) and not self.env.su:
            self._quality_refuse_frozen_evidence()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_evidence(self):
        if self.env.su or uninstalling(self.env):
            return
        self._quality_refuse_frozen_evidence()

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.group_guard import uninstalling
from ..tools.workflow_pass import has_pass


class QualityDocumentAck(models.Model):
    """A reader's acknowledgement of one released version of a controlled
    document: who read which version, when. Made by the reader's *Acknowledge*
    only; never changed nor deleted."""

    _name = "quality_ops.document.ack"
    _description = "Document Reading Acknowledgement"
    _order = "acknowledged_at desc, id desc"
    _rec_name = "document_id"

    document_id = fields.Many2one(
        comodel_name="quality_ops.document",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    number = fields.Char(related="document_id.number", store=True)
    version = fields.Char(related="document_id.version", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Reader", required=True, readonly=True, index=True
    )
    acknowledged_at = fields.Datetime(required=True, readonly=True)
    company_id = fields.Many2one(related="document_id.company_id", store=True, index=True)

    _reader_unique = models.UniqueIndex(
        "(document_id, user_id)", "This reader acknowledged this version already."
    )

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        if not has_pass(self, creating=True):
            raise UserError(
                self.env._("A reader acknowledges a document with its Acknowledge button.")
            )
        return super().create(vals_list)

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if vals:
            raise UserError(self.env._("An acknowledgement is kept as it was made."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if uninstalling(self.env):
            return
        raise UserError(self.env._("An acknowledgement is kept as it was made."))

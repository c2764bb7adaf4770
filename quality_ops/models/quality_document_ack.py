from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools.argument_guard import check_vals_list
from ..tools.record_fields import company_of_field
from ..tools.workflow_pass import has_pass

_lt = LazyTranslate(__name__)


class QualityDocumentAck(models.Model):
    """A reader's acknowledgement of one released version of a controlled
    document: who read which version, when. Made by the reader's *Acknowledge*
    only; never changed nor deleted."""

    _name = "quality_ops.document.ack"
    _inherit = ["quality_ops.kept.mixin"]
    _quality_kept_changed = _lt("An acknowledgement is kept as it was made.")
    _quality_kept_deleted = _lt("An acknowledgement is kept as it was made.")
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
    company_id = company_of_field("document_id")

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

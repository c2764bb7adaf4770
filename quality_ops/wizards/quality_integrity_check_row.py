from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools.argument_guard import check_vals_list
from ..tools.record_fields import belongs_to_field
from ..tools.workflow_pass import has_pass

_lt = LazyTranslate(__name__)


class QualityIntegrityCheckRow(models.AbstractModel):
    """A row of a verification's result (a chain it saw, a problem it found):
    written by Verify only, through its result's pass (one no client can
    send), and kept."""

    _name = "quality_ops.integrity.check.row.mixin"
    _description = "Integrity Verification: Result Row"
    _inherit = ["quality_ops.kept.mixin"]
    _quality_kept_changed = _lt("A verification is made by Verify, not typed.")
    _quality_kept_deleted = _lt("A verification is kept: it is never deleted.")

    check_id = belongs_to_field("quality_ops.integrity.check")

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        checks = self.env["quality_ops.integrity.check"].browse(
            sorted({vals.get("check_id") for vals in vals_list} - {None, False})
        )
        if (
            len(checks) == 0
            or any(not vals.get("check_id") for vals in vals_list)
            or not (has_pass(checks))
        ):
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().create(vals_list)

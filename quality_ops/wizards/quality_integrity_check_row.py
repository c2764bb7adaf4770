from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals, check_vals_list
from ..tools.group_guard import uninstalling
from ..tools.workflow_pass import has_pass


class QualityIntegrityCheckRow(models.AbstractModel):
    """A row of a verification's result (a chain it saw, a problem it found):
    written by Verify only, through its result's pass (one no client can
    send), and kept."""

    _name = "quality_ops.integrity.check.row.mixin"
    _description = "Integrity Verification: Result Row"

    check_id = fields.Many2one(
        comodel_name="quality_ops.integrity.check",
        required=True,
        index=True,
        ondelete="cascade",
    )

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

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        if vals:
            raise UserError(self.env._("A verification is made by Verify, not typed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never(self):
        if uninstalling(self.env):
            return
        raise UserError(self.env._("A verification is kept: it is never deleted."))

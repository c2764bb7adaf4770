from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import check_ids, check_vals
from ..tools.group_guard import uninstalling


class QualityComplaintStage(models.Model):
    _name = "quality_ops.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    is_response = fields.Boolean(
        string="Counts as Response",
        help="Entering this stage is the response to the complaint (its first deadline).",
    )
    is_closing = fields.Boolean(
        string="Closing Stage",
        help="The complaint is closed: cause analysis and the customer's confirmation "
        "are required.",
    )
    is_return_visit = fields.Boolean(
        string="Customer Confirms",
        help="The return visit: in this stage the customer confirms the result on the "
        "portal (the confirmation closing requires) or says it is not resolved, which "
        "sends the complaint back to handling.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", index=True, help="Empty: shared by every company."
    )

    def _answers(self):
        """Whether entering this stage answers a complaint: the response
        stage, a stage after it (a complaint taken straight from acceptance
        to handling was answered; left unanswered, it would be escalated as
        such) or a closing one."""
        self.ensure_one()
        if self.is_response or self.is_closing:
            return True
        first = self.sudo().search(
            [("is_response", "=", True), ("company_id", "in", [False, *self.company_id.ids])],
            order="sequence, id",
            limit=1,
        )
        return bool(first) and self.sequence >= first.sequence

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        # a stage's flags say whether its complaints are answered or closed:
        # changing them would open or close those complaints outside their loop
        flags = {"is_response", "is_closing"} & set(vals)
        if flags and any(stage[name] != vals[name] for stage in self for name in flags):
            used = (
                self.env["quality_ops.complaint"]
                .sudo()
                .search_count([("stage_id", "in", self.ids)], limit=1)
            )
            if used:
                raise UserError(
                    self.env._(
                        "Complaints are in this stage: whether it answers or closes them "
                        "cannot change. Create another stage instead."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_unused(self):
        if uninstalling(self.env):
            return
        if (
            self.env["quality_ops.complaint"]
            .sudo()
            .search_count([("stage_id", "in", self.ids)], limit=1)
        ):
            raise UserError(self.env._("Complaints are in this stage: archive it instead."))

from odoo import fields, models
from odoo.exceptions import UserError

from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group
from ..tools.record_fields import belongs_to_field, company_of_field, internal_user_field
from ..tools.workflow_pass import with_pass


class QualityReviewDecision(models.Model):
    _name = "quality_ops.review.decision"
    _description = "Management Review Decision"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _order = "review_id, sequence, id"
    _quality_parent_field = "review_id"
    _quality_line_control_fields = frozenset({"action_id"})

    review_id = belongs_to_field("quality_ops.review")
    company_id = company_of_field("review_id")
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Decision", required=True)
    owner_id = internal_user_field()
    due_date = fields.Date()
    action_type = fields.Selection(
        [
            ("corrective", "Corrective Action"),
            ("preventive", "Preventive Action"),
            ("improvement", "Improvement"),
        ],
        default="improvement",
        required=True,
    )
    action_id = fields.Many2one(
        comodel_name="quality_ops.action", readonly=True, copy=False, ondelete="restrict"
    )

    @arguments()
    def action_create_action(self):
        """Each decision becomes an action (once)."""
        require_group(
            self.env, GROUP_OFFICER, self.env._("Only the quality department raises actions.")
        )
        frozen = self.review_id._quality_frozen()
        if frozen:
            raise UserError(frozen[0]._quality_frozen_message())
        return self._create_actions()

    def _create_actions(self):
        Action = self.env["quality_ops.action"]
        for decision in self.filtered(lambda d: not d.action_id):
            review = decision.review_id
            action = Action.create(
                {
                    "name": decision.name[:200],
                    "action_type": decision.action_type,
                    "review_id": review.id,
                    "company_id": review.company_id.id,
                    "owner_id": (
                        decision.owner_id or review.company_id.quality_manager_id or self.env.user
                    ).id,
                    "due_date": decision.due_date
                    or fields.Date.add(review.date_held or review.planned_date, months=3),
                }
            )
            with_pass(decision).write({"action_id": action.id})
        return True

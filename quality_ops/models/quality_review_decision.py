from odoo import fields, models


class QualityReviewDecision(models.Model):
    _name = "quality_ops.review.decision"
    _description = "Management Review Decision"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one(
        comodel_name="quality_ops.audit", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Decision", required=True)
    owner_id = fields.Many2one(comodel_name="res.users", domain="[('share', '=', False)]")
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
    action_id = fields.Many2one(comodel_name="quality_ops.action", readonly=True, copy=False)

    def action_create_action(self):
        """Each decision becomes an action (once)."""
        Action = self.env["quality_ops.action"]
        for decision in self.filtered(lambda d: not d.action_id):
            review = decision.review_id
            decision.action_id = Action.create(
                {
                    "name": decision.name[:200],
                    "action_type": decision.action_type,
                    "review_id": review.id,
                    "company_id": review.company_id.id,
                    "owner_id": (
                        decision.owner_id or review.company_id.quality_manager_id or self.env.user
                    ).id,
                    "due_date": decision.due_date or fields.Date.add(review.planned_date, months=3),
                }
            )
        return True

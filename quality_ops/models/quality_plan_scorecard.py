"""What a quality plan leads to: its scorecard, measurements, QA activities and targets."""

from odoo import api, models

from ..tools.argument_guard import arguments
from ..tools.smart_buttons import window_action


class QualityPlan(models.Model):
    _inherit = "quality_ops.plan"

    @api.readonly
    @arguments()
    def action_view_scorecard(self):
        """Targets of the plan against the year-to-date actuals (traffic lights)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Scorecard of %(plan)s", plan=self.display_name),
            "res_model": "quality_ops.target",
            "domain": [("plan_id", "=", self.id)],
            "views": [
                (self.env.ref("quality_ops.quality_target_view_scorecard").id, "list"),
                (self.env.ref("quality_ops.quality_target_view_scorecard_kanban").id, "kanban"),
            ],
            "view_mode": "list,kanban",
            "context": {"create": False, "edit": False, "delete": False},
        }

    @api.readonly
    @arguments()
    def action_view_measurements(self):
        """Every measurement of the plan's indicators over its year."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_measurement_action"
        )
        scope = [("company_id", "=", self.company_id.id)]
        if self.plan_type == "project":
            scope.append(("project_id", "=", self.project_id.id))
        action["domain"] = [
            *scope,
            ("indicator_id", "in", self.target_ids.indicator_id.ids),
            ("date_from", ">=", self.date_from),
            ("date_to", "<=", self.date_to),
        ]
        action["context"] = {"search_default_monthly": 1, "search_default_group_indicator": 1}
        return action

    @api.readonly
    @arguments()
    def action_view_qa_activities(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_qa_activity_action",
            [("plan_id", "=", self.id)],
            {"default_plan_id": self.id, "search_default_mine": 0},
        )

    @api.readonly
    @arguments()
    def action_view_targets(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_target_action",
            [("plan_id", "=", self.id)],
            {"default_plan_id": self.id},
        )

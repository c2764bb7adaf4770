from odoo import api, fields, models


class ProjectProject(models.Model):
    _inherit = "project.project"

    quality_lead_id = fields.Many2one(
        comodel_name="res.users",
        string="Project Quality Lead",
        domain="[('share', '=', False)]",
        help="Project-level quality owner; the project manager when empty.",
    )
    quality_plan_ids = fields.One2many(
        comodel_name="quality_ops.plan",
        inverse_name="project_id",
        string="Quality Plans",
    )
    quality_plan_count = fields.Integer(compute="_compute_quality_plan_count")

    @api.depends("quality_plan_ids")
    def _compute_quality_plan_count(self):
        counts = dict(
            self.env["quality_ops.plan"]._read_group(
                [("project_id", "in", self.ids)], ["project_id"], ["__count"]
            )
        )
        for project in self:
            project.quality_plan_count = counts.get(project, 0)

    def action_view_quality_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("quality_ops.quality_plan_action")
        action["domain"] = [("project_id", "=", self.id)]
        action["context"] = {
            "default_plan_type": "project",
            "default_project_id": self.id,
        }
        return action

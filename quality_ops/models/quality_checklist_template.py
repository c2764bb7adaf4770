from odoo import api, fields, models


class QualityChecklistTemplate(models.Model):
    _name = "quality_ops.checklist.template"
    _description = "Audit Checklist Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    level = fields.Selection(
        [("organisation", "Organisation"), ("project", "Project")],
        required=True,
        default="organisation",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", index=True, help="Empty: shared by every company."
    )
    description = fields.Text(translate=True)
    section_ids = fields.One2many(
        comodel_name="quality_ops.checklist.section",
        inverse_name="template_id",
        string="Sections",
        copy=True,
    )
    item_count = fields.Integer(compute="_compute_item_count")

    @api.depends("section_ids.item_ids")
    def _compute_item_count(self):
        for template in self:
            template.item_count = len(template.section_ids.item_ids)

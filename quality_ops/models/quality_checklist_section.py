from odoo import api, fields, models

from ..tools.record_fields import belongs_to_field, company_of_field


class QualityChecklistSection(models.Model):
    _name = "quality_ops.checklist.section"
    _description = "Audit Checklist Section"
    _order = "template_id, sequence, id"

    template_id = belongs_to_field("quality_ops.checklist.template")
    company_id = company_of_field("template_id")
    sequence = fields.Integer(default=10)
    code = fields.Char(help="Clause of the regulation, e.g. 8.4.3.")
    name = fields.Char(required=True, translate=True)
    item_ids = fields.One2many(
        comodel_name="quality_ops.checklist.item",
        inverse_name="section_id",
        string="Items",
        copy=True,
    )

    @api.depends_context("lang")  # a translated name is part of it
    def _compute_display_name(self):
        for section in self:
            section.display_name = (
                f"{section.code} {section.name}" if section.code else section.name
            )

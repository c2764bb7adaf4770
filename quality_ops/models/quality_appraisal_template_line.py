from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..appraisal_scoring import ATTAINMENT, RULES
from ..indicators import personal_sources
from ..tools.record_fields import belongs_to_field, company_of_field


class QualityAppraisalTemplateLine(models.Model):
    """One indicator of an appraisal template: its weight, its target for an
    engineer's month and how its value is scored."""

    _name = "quality_ops.appraisal.template.line"
    _description = "Appraisal Template Indicator"
    _order = "template_id, sequence, id"
    _check_company_auto = True

    template_id = belongs_to_field("quality_ops.appraisal.template")
    company_id = company_of_field("template_id")
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one(
        comodel_name="quality_ops.indicator",
        required=True,
        ondelete="restrict",
        domain=lambda self: [("source", "in", list(personal_sources()))],
        help="An indicator measured per engineer (his tickets, inspections and actions).",
    )
    direction = fields.Selection(related="indicator_id.direction")
    unit = fields.Selection(related="indicator_id.unit")
    weight = fields.Float(required=True, default=10, digits=(16, 2))
    target_value = fields.Float(string="Target", required=True, digits=(16, 2))
    rule = fields.Selection(RULES, string="Scoring Rule", required=True, default=ATTAINMENT)

    _indicator_unique = models.UniqueIndex(
        "(template_id, indicator_id)", "An indicator is listed once in a template."
    )

    @api.constrains("indicator_id", "weight")
    def _check_line(self):
        personal = personal_sources()
        for line in self:
            if line.indicator_id.source not in personal:
                raise ValidationError(
                    self.env._(
                        "%(indicator)s is not measured per engineer: choose an indicator of "
                        "tickets, inspections or actions.",
                        indicator=line.indicator_id.display_name,
                    )
                )
            if line.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "The weight of %(indicator)s is more than 0.",
                        indicator=line.indicator_id.display_name,
                    )
                )

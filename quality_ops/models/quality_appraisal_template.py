from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.record_fields import company_field


class QualityAppraisalTemplate(models.Model):
    """How the O&M manager appraises his engineers each month (考核模板): the
    indicators measured per engineer, each with its weight, target and
    scoring rule, and the split between the measured part and his own
    assessment (see ``appraisal_scoring``)."""

    _name = "quality_ops.appraisal.template"
    _description = "Appraisal Template"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = company_field()
    measured_share = fields.Integer(
        string="Measured Part (%)",
        required=True,
        default=70,
        tracking=True,
        help="Share of the total given by the measured indicators; the rest is the "
        "O&M manager's assessment.",
    )
    assessed_share = fields.Integer(
        string="Manager's Assessment (%)", compute="_compute_assessed_share"
    )
    line_ids = fields.One2many(
        comodel_name="quality_ops.appraisal.template.line",
        inverse_name="template_id",
        string="Indicators",
        copy=True,
    )
    total_weight = fields.Float(compute="_compute_total_weight", digits=(16, 2))
    note = fields.Text(string="How It Is Used")

    @api.depends("measured_share")
    def _compute_assessed_share(self):
        for template in self:
            template.assessed_share = 100 - (template.measured_share or 0)

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    @api.constrains("measured_share")
    def _check_measured_share(self):
        for template in self:
            if not 0 <= template.measured_share <= 100:
                raise ValidationError(
                    self.env._(
                        "The measured part of %(template)s is a percentage from 0 to 100.",
                        template=template.name,
                    )
                )

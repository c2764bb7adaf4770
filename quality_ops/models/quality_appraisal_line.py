from odoo import Command, api, fields, models

from ..appraisal_scoring import RULES, line_score
from ..indicators import measured_value
from ..tools.record_fields import belongs_to_field, company_of_field

# what a line records of its indicator, sealed with the approved appraisal
SEALED = (
    "indicator_id",
    "weight",
    "rule",
    "target_value",
    "numerator",
    "denominator",
    "value",
    "has_value",
    "score",
)


class QualityAppraisalLine(models.Model):
    """One measured indicator of an appraisal: the engineer's figure of the
    month as the engine measured it (a snapshot, with the measurement it was
    taken from), the template's weight, target and rule, and its score."""

    _name = "quality_ops.appraisal.line"
    _description = "Appraisal Indicator"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _order = "appraisal_id, sequence, id"

    _quality_parent_field = "appraisal_id"
    _quality_lines_by_hand = False
    _quality_line_control_fields = frozenset(
        {"appraisal_id", "sequence", "measurement_id", *SEALED}
    )

    appraisal_id = belongs_to_field("quality_ops.appraisal")
    company_id = company_of_field("appraisal_id")
    user_id = fields.Many2one(related="appraisal_id.user_id", string="Engineer", store=True)
    sequence = fields.Integer(default=10)
    indicator_id = fields.Many2one(
        comodel_name="quality_ops.indicator", required=True, ondelete="restrict"
    )
    unit = fields.Selection(related="indicator_id.unit")
    direction = fields.Selection(related="indicator_id.direction")
    measurement_id = fields.Many2one(
        comodel_name="quality_ops.measurement",
        ondelete="set null",
        help="The engineer's measurement of the month the figure was taken from.",
    )
    weight = fields.Float(digits=(16, 2))
    rule = fields.Selection(RULES, string="Scoring Rule")
    target_value = fields.Float(string="Target", digits=(16, 2))
    numerator = fields.Float(digits=(16, 2))
    denominator = fields.Float(digits=(16, 2))
    value = fields.Float(string="Measured Value", digits=(16, 2))
    has_value = fields.Boolean(string="Measured This Month")
    score = fields.Float(digits=(16, 2))

    @api.model
    def _quality_replace_lines(self, appraisals, found):
        """The lines of ``appraisals`` from their templates and the
        measurements ``found`` by ``(company, month, engineer, indicator)``."""
        for appraisal in appraisals:
            commands = [Command.delete(line.id) for line in appraisal.line_ids]
            for template_line in appraisal.template_id.sudo().line_ids:
                indicator = template_line.indicator_id
                measurement = found.get(
                    (
                        appraisal.company_id.id,
                        appraisal.date_from,
                        appraisal.user_id.id,
                        indicator.id,
                    )
                )
                num = measurement.numerator if measurement else 0.0
                den = measurement.denominator if measurement else 0.0
                value = (
                    (measurement.value if measurement.has_value else None)
                    if measurement
                    else measured_value(indicator.unit, indicator.source, 0, 0)
                )
                score = line_score(
                    template_line.rule, indicator.direction, value, template_line.target_value
                )
                commands.append(
                    Command.create(
                        {
                            "sequence": template_line.sequence,
                            "indicator_id": indicator.id,
                            "measurement_id": measurement.id if measurement else False,
                            "weight": template_line.weight,
                            "rule": template_line.rule,
                            "target_value": template_line.target_value,
                            "numerator": num,
                            "denominator": den,
                            "value": value or 0.0,
                            "has_value": value is not None,
                            "score": score or 0.0,
                        }
                    )
                )
            appraisal._quality_write(
                {"line_ids": commands, "measured_share": appraisal.template_id.measured_share}
            )

from odoo import fields, models


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    quality_value = fields.Float(
        string="Satisfaction Value",
        help="Position of the choice on its scale (e.g. 1 to 5 or 0 to 10).",
    )

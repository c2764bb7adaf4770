from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    quality_role = fields.Selection(
        [("dimension", "Weighted Dimension"), ("nps", "Likelihood to Recommend (NPS)")],
        string="Satisfaction Role",
        help="A weighted dimension counts in the 100-point satisfaction score; the NPS "
        "question is the 0-10 likelihood to recommend.",
    )
    quality_weight = fields.Float(string="Weight (points)", default=10.0)

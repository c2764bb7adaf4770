from odoo import fields, models


class QualityIndicatorPeople(models.Model):
    """The people sources of the indicator system (training, competence)."""

    _inherit = "quality_ops.indicator"

    source = fields.Selection(
        selection_add=[
            ("training_hours", "Training hours per person"),
            ("key_position_cover", "Certificate coverage of key positions"),
        ],
        ondelete={"training_hours": "set default", "key_position_cover": "set default"},
    )

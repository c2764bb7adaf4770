from odoo import api, fields, models
from odoo.exceptions import ValidationError


class QualityComplaintLevel(models.Model):
    _name = "quality_ops.complaint.level"
    _description = "Complaint Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    response_hours = fields.Float(
        string="Respond Within (working hours)", required=True, default=24.0
    )
    close_hours = fields.Float(string="Close Within (working hours)", required=True, default=24.0)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", index=True, help="Empty: shared by every company."
    )

    @api.constrains("response_hours", "close_hours")
    def _check_hours(self):
        for level in self:
            if level.response_hours <= 0 or level.close_hours <= 0:
                raise ValidationError(self.env._("Complaint deadlines must be positive."))
            if level.response_hours > level.close_hours:
                raise ValidationError(
                    self.env._("A complaint cannot be due for response after its closing.")
                )

import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

# (response, close) in working hours of the levels shipped, as first shipped
# (wrong: 一般 closed as fast as it was answered, 严重 later than 一般) and as
# the domain sets them: 紧急 2 h / one working day, 严重 12 h / 3 working
# days, 一般 24 h / 5 working days (8 working hours a day)
SHIPPED_DEADLINES = {
    "quality_ops.complaint_level_general": ((24.0, 24.0), (24.0, 40.0)),
    "quality_ops.complaint_level_major": ((12.0, 40.0), (12.0, 24.0)),
    "quality_ops.complaint_level_urgent": ((2.0, 24.0), (2.0, 8.0)),
}


class QualityComplaintLevel(models.Model):
    """A complaint level; the higher its sequence, the more severe it is,
    and the shorter (never longer) both its deadlines."""

    _name = "quality_ops.complaint.level"
    _description = "Complaint Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Severity: a level further down the list is more severe."
    )
    response_hours = fields.Float(
        string="Respond Within (working hours)", required=True, default=24.0
    )
    close_hours = fields.Float(string="Close Within (working hours)", required=True, default=40.0)
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
            if level.response_hours >= level.close_hours:
                raise ValidationError(
                    self.env._(
                        "%(level)s: a complaint is answered before it is closed, so its "
                        "response deadline (%(response)s h) must be shorter than its closing "
                        "deadline (%(close)s h).",
                        level=level.name,
                        response=level.response_hours,
                        close=level.close_hours,
                    )
                )

    @api.constrains("response_hours", "close_hours", "sequence", "active", "company_id")
    def _check_severity_order(self):
        """A more severe level (further down) never has a longer deadline
        than a less severe one of the levels the same company uses."""
        levels = self.sudo().search([("active", "=", True)])
        for level in self.filtered("active"):
            others = levels.filtered(
                lambda o, lv=level: (
                    o != lv
                    and o.sequence != lv.sequence
                    and (not lv.company_id or not o.company_id or o.company_id == lv.company_id)
                )
            )
            for other in others:
                severe, lenient = (
                    (level, other) if level.sequence > other.sequence else (other, level)
                )
                if (
                    severe.response_hours > lenient.response_hours
                    or severe.close_hours > lenient.close_hours
                ):
                    raise ValidationError(
                        self.env._(
                            "%(severe)s is more severe than %(lenient)s: its deadlines "
                            "(respond %(severe_response)s h, close %(severe_close)s h) cannot be "
                            "longer than those of %(lenient)s (respond %(lenient_response)s h, "
                            "close %(lenient_close)s h).",
                            severe=severe.name,
                            lenient=lenient.name,
                            severe_response=severe.response_hours,
                            severe_close=severe.close_hours,
                            lenient_response=lenient.response_hours,
                            lenient_close=lenient.close_hours,
                        )
                    )

    @api.model
    def _quality_correct_shipped_deadlines(self):
        """Set the shipped levels still at their first, wrong deadlines to the
        right ones (the levels are not updated with the module: a company may
        have changed them, and then they are left as they are)."""
        levels = {
            xmlid: self.env.ref(xmlid, raise_if_not_found=False) for xmlid in SHIPPED_DEADLINES
        }
        for xmlid, (old, new) in SHIPPED_DEADLINES.items():
            level = levels[xmlid]
            if not level or (level.response_hours, level.close_hours) != old:
                continue
            try:
                with self.env.cr.savepoint():
                    level.write({"response_hours": new[0], "close_hours": new[1]})
            except ValidationError as error:
                _logger.info("Complaint level %s kept as it is: %s", level.name, error)

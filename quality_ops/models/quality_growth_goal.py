from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.field_checks import recheck_rules
from ..tools.people import check_internal_users
from ..tools.record_fields import company_field, internal_user_field

STATES = [("open", "In Progress"), ("achieved", "Achieved"), ("missed", "Not Achieved")]


class QualityGrowthGoal(models.Model):
    """A growth goal of a person for a year (人员成长目标): what he is to
    reach (a certificate of the matrix, a skill), by when, and whether he
    did; set by his O&M manager or the quality department, read by him."""

    _name = "quality_ops.growth.goal"
    _description = "Growth Goal"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "year desc, user_id, id"
    _check_company_auto = True

    name = fields.Char(string="Goal", required=True, tracking=True)
    user_id = internal_user_field(
        string="Person",
        required=True,
        index=True,
        tracking=True,
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, index=True
    )
    type_id = fields.Many2one(
        comodel_name="quality_ops.certificate.type",
        string="Certificate / Skill to Reach",
        tracking=True,
    )
    due_date = fields.Date(string="Due By", tracking=True)
    state = fields.Selection(STATES, required=True, default="open", tracking=True)
    note = fields.Text()
    company_id = company_field()

    @api.constrains("user_id")
    def _check_internal_people(self):
        check_internal_users(self, "user_id")

    def write(self, vals):
        result = super().write(vals)
        # a record is not moved out of what its writer may write
        recheck_rules(self, vals)
        return result

    @api.constrains("year", "due_date")
    def _check_due_date(self):
        for goal in self:
            if goal.due_date and goal.due_date.year != goal.year:
                raise ValidationError(
                    self.env._("The goal %(goal)s is due within its year.", goal=goal.name)
                )

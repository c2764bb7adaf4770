from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.people import check_internal_users
from ..tools.record_fields import belongs_to_field, company_of_field, internal_user_field

# what an attendee never records of himself: his presence and assessment
ASSESSMENT_FIELDS = ("attended", "result", "score")

RESULTS = [("passed", "Passed"), ("failed", "Failed"), ("none", "Not Assessed")]


class QualityTrainingAttendance(models.Model):
    """A person invited to a training session: present or not, the hours
    counted and the assessment (result and score); frozen with the session
    once it is recorded as held."""

    _name = "quality_ops.training.attendance"
    _description = "Training Attendance"
    _inherit = ["quality_ops.workflow.child.mixin"]
    _order = "session_id, id"

    _quality_parent_field = "session_id"

    session_id = belongs_to_field("quality_ops.training.session")
    user_id = internal_user_field(
        string="Attendee",
        required=True,
        index=True,
    )
    attended = fields.Boolean(string="Present", default=True)
    result = fields.Selection(RESULTS, string="Assessment", default="none", required=True)
    score = fields.Float(help="Assessment score on a 100-point scale.")
    note = fields.Char()
    hours = fields.Float(compute="_compute_hours", store=True, string="Hours Counted")
    session_date = fields.Date(related="session_id.date", store=True, string="Date")
    kind = fields.Selection(related="session_id.kind", store=True)
    session_state = fields.Selection(related="session_id.state", store=True, string="Status")
    company_id = company_of_field("session_id")

    _attendee_unique = models.Constraint(
        "UNIQUE(session_id, user_id)", "A person is invited once to a session."
    )

    @api.depends("attended", "session_id.hours")
    def _compute_hours(self):
        for line in self:
            line.hours = line.session_id.hours if line.attended else 0.0

    @api.constrains("user_id")
    def _check_internal_attendee(self):
        check_internal_users(self, "user_id")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # after the access rules (theirs is the first refusal)
        for vals in vals_list:
            assessed = vals.get("score") or vals.get("result", "none") != "none"
            if vals.get("user_id") == self.env.user.id and assessed:
                self._quality_refuse_self_assessment()
        return lines

    def write(self, vals):
        result = super().write(vals)
        # after the argument and access checks (theirs is the first refusal)
        if any(name in vals for name in ASSESSMENT_FIELDS) and self.filtered(
            lambda line: line.user_id == self.env.user
        ):
            self._quality_refuse_self_assessment()
        return result

    def _quality_refuse_self_assessment(self):
        """Nobody records his own presence or assessment, not even the
        session's organiser."""
        if self.env.su:
            return
        raise UserError(
            self.env._(
                "Your own presence and assessment are recorded by the organiser or the "
                "quality department, not by you."
            )
        )

    @api.constrains("score")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= 100:
                raise ValidationError(self.env._("A score is between 0 and 100."))

    @api.depends("session_id", "user_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.session_id.name or ''} · {line.user_id.name or ''}"

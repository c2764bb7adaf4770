from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_ENGINEER, GROUP_MANAGER, GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.record_fields import company_of_field, current_user, internal_user_field
from ..tools.workflow_pass import Transition, transitions

_lt = LazyTranslate(__name__)

KINDS = [
    ("technical", "Technical Training"),
    ("quality", "Quality Management Training"),
    ("customer", "Customer Training"),
]
STATES = [("planned", "Planned"), ("done", "Carried Out"), ("cancelled", "Cancelled")]
STEPS = {
    "done": Transition("planned", "done", GROUP_ENGINEER, stamp=(None, "date_done")),
    "reopen": Transition(
        ("done", "cancelled"), "planned", GROUP_MANAGER, clear=("date_done",), reason=True
    ),
    "cancel": Transition("planned", "cancelled", GROUP_ENGINEER),
}
DENIED = {
    "done": _lt("Only the organiser or the quality department records a training session."),
    "reopen": _lt("Only the quality manager reopens a training session."),
    "cancel": _lt("Only the organiser or the quality department cancels a training session."),
}
VERBS = {
    "done": _lt("recorded as held (it must be planned)"),
    "reopen": _lt("reopened (it must be held or cancelled)"),
    "cancel": _lt("cancelled (it must be planned)"),
}


class QualityTrainingSession(models.Model):
    """A session of the training plan: its kind, topic, date, hours and
    trainer, and the attendance of each person invited with their
    assessment. Once recorded as held it is kept as evidence, its attendance
    with it."""

    _name = "quality_ops.training.session"
    _description = "Training Session"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    _quality_initial_state = "planned"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"state", "date_done"})
    _quality_immutable_fields = frozenset({"plan_id"})
    _quality_frozen_states = ("done", "cancelled")
    _quality_deletable_states = ("planned",)

    name = fields.Char(string="Topic", required=True, tracking=True)
    plan_id = fields.Many2one(
        comodel_name="quality_ops.training.plan",
        string="Training Plan",
        required=True,
        index=True,
        ondelete="restrict",
    )
    company_id = company_of_field("plan_id")
    kind = fields.Selection(KINDS, required=True, default="technical", tracking=True)
    date = fields.Date(required=True, index=True, tracking=True)
    hours = fields.Float(required=True, default=2.0, tracking=True)
    trainer = fields.Char(required=True, tracking=True, help="Internal or external trainer.")
    organiser_id = internal_user_field(
        required=True,
        index=True,
        default=current_user,
        tracking=True,
    )
    project_id = fields.Many2one(
        comodel_name="project.project",
        help="For a customer training: the project whose customer is trained.",
    )
    certificate_type_id = fields.Many2one(
        comodel_name="quality_ops.certificate.type",
        string="Skill Trained",
        help="The skill or certificate of the matrix the session builds.",
    )
    description = fields.Text(string="Content")
    attendance_ids = fields.One2many(
        comodel_name="quality_ops.training.attendance",
        inverse_name="session_id",
    )
    attendee_count = fields.Integer(compute="_compute_attendance", string="Invited")
    present_count = fields.Integer(compute="_compute_attendance", string="Present")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_training_session_attachment_rel",
        string="Evidence Files",
        help="Sign-in sheet, slides, test papers.",
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="planned",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    date_done = fields.Date(string="Recorded On", readonly=True, copy=False)

    @api.depends("attendance_ids.attended")
    def _compute_attendance(self):
        for session in self:
            session.attendee_count = len(session.attendance_ids)
            session.present_count = len(session.attendance_ids.filtered("attended"))

    @api.constrains("hours")
    def _check_hours(self):
        for session in self:
            if not 0 < session.hours <= 24:
                raise ValidationError(
                    self.env._("A training session lasts more than 0 and at most 24 hours.")
                )

    @api.constrains("date", "plan_id")
    def _check_date(self):
        for session in self:
            if session.date and session.date.year != session.plan_id.year:
                raise ValidationError(
                    self.env._(
                        "%(session)s is dated outside the year of its plan %(plan)s.",
                        session=session.name,
                        plan=session.plan_id.display_name,
                    )
                )

    def _quality_frozen_message(self):
        return self.env._(
            "Training session %(session)s is %(state)s: it is kept, with its attendance, "
            "as it was recorded. The quality manager may reopen it.",
            session=self.display_name,
            state=self._quality_state_label(),
        )

    def _check_organiser(self):
        if self.env.user.has_group(GROUP_OFFICER):
            return
        others = self.filtered(lambda s: s.organiser_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "Only the organiser of %(session)s or the quality department records it.",
                    session=others[0].display_name,
                )
            )

    @arguments()
    def action_done(self):
        self._quality_check_transition("done")
        self._check_organiser()
        for session in self:
            if session.plan_id.state != "approved":
                raise UserError(
                    self.env._(
                        "%(plan)s is not approved: a session is held under an approved plan.",
                        plan=session.plan_id.display_name,
                    )
                )
            if not session.attendance_ids:
                raise UserError(
                    self.env._("Record who attended %(session)s first.", session=session.name)
                )
            if session.date > fields.Date.context_today(self):
                raise UserError(
                    self.env._("%(session)s has not taken place yet.", session=session.name)
                )
        return self._quality_transition("done")

    @arguments()
    def action_cancel(self):
        self._quality_check_transition("cancel")
        self._check_organiser()
        return self._quality_transition("cancel")

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        return self._quality_transition("reopen", reason=reason)

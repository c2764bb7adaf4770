from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_OFFICER
from ..ratios import percent
from ..survey_scoring import nps
from ..tools.argument_guard import arguments
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field
from ..tools.workflow_pass import Transition, WorkflowPass, transitions

_lt = LazyTranslate(__name__)
# the invitations of a campaign create its responses: the campaign they belong
# to travels as a pass, which no client can send
INVITE_KEY = "quality_ops_campaign_invite"
STEPS = {
    "invite": Transition(("draft", "running"), "running", GROUP_OFFICER),
    "close": Transition("running", "closed", GROUP_OFFICER),
}
DENIED = {
    "invite": _lt("Only the quality department runs satisfaction surveys."),
    "close": _lt("Only the quality department runs satisfaction surveys."),
}
VERBS = {
    "invite": _lt("sent"),
    "close": _lt("closed"),
}


class QualitySurveyCampaign(models.Model):
    """A periodic satisfaction survey (满意度调查) sent to customers."""

    _name = "quality_ops.survey.campaign"
    _description = "Satisfaction Survey Campaign"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin", "quality_ops.workflow.mixin"]
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"state"})
    _quality_frozen_states = ("closed",)
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    survey_id = fields.Many2one(
        comodel_name="survey.survey",
        required=True,
        default=lambda self: self.env.ref(
            "quality_ops.survey_satisfaction", raise_if_not_found=False
        ),
    )
    half = fields.Selection([("h1", "First Half"), ("h2", "Second Half")])
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    company_id = company_field()
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        string="Customers",
        help="Contacts to ask; empty: the customers with tickets or projects in the period.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    user_input_ids = fields.One2many(
        comodel_name="survey.user_input", inverse_name="quality_campaign_id", string="Responses"
    )
    invited_count = fields.Integer(compute="_compute_results")
    answered_count = fields.Integer(compute="_compute_results")
    response_rate = fields.Float(string="Response Rate (%)", compute="_compute_results")
    score = fields.Float(string="Mean Score", compute="_compute_results", digits=(16, 1))
    nps = fields.Float(string="NPS", compute="_compute_results", digits=(16, 1))

    @api.depends("user_input_ids.state", "user_input_ids.quality_score")
    def _compute_results(self):
        for campaign in self:
            inputs = campaign.user_input_ids
            done = inputs.filtered(lambda i: i.state == "done")
            campaign.invited_count = len(inputs)
            campaign.answered_count = len(done)
            campaign.response_rate = percent(len(done), len(inputs)) or 0.0
            campaign.score = sum(done.mapped("quality_score")) / len(done) if done else 0.0
            campaign.nps = nps([i.quality_nps_value for i in done if i.quality_nps_answered]) or 0.0

    def _default_partners(self):
        """Customers with tickets or projects in the period (their contacts)."""
        self.ensure_one()
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.company_id.id),
                    ("create_date", ">=", self.date_from),
                    ("create_date", "<=", self.date_to),
                    ("partner_id", "!=", False),
                ],
                ["partner_id"],
            )
        )
        partners = self.env["res.partner"].union(*[row[0] for row in tickets])
        projects = (
            self.env["project.project"]
            .sudo()
            .search(
                [("company_id", "in", [self.company_id.id, False]), ("partner_id", "!=", False)]
            )
        )
        return (partners | projects.partner_id).filtered("email")

    def _invite_context(self):
        self.ensure_one()
        return {INVITE_KEY: WorkflowPass("survey.user_input", [self.id])}

    @arguments()
    def action_invite(self):
        """Invite through Odoo survey's own mechanism (mail queued per answer)."""
        self._quality_check_transition("invite")
        for campaign in self:
            partners = campaign.partner_ids or campaign._default_partners()
            if not partners:
                raise UserError(
                    self.env._(
                        "Campaign %(name)s has no customer with an email to ask.",
                        name=campaign.name,
                    )
                )
            if campaign.survey_id.access_mode != "token":
                campaign.survey_id.access_mode = "token"
            invite = (
                self.env["survey.invite"]
                .with_context(**campaign._invite_context())
                .create(
                    {
                        "survey_id": campaign.survey_id.id,
                        "partner_ids": [(6, 0, partners.ids)],
                        "existing_mode": "resend",
                        "deadline": fields.Datetime.to_datetime(campaign.date_to),
                    }
                )
            )
            invite.action_invite()
            campaign._quality_transition("invite")
        return True

    @arguments()
    def action_remind(self):
        """Send the invitation again to those who have not answered."""
        self._quality_check_transition("close")  # a running campaign, the department
        for campaign in self:
            pending = campaign.user_input_ids.filtered(lambda i: i.state != "done").partner_id
            if pending:
                self.env["survey.invite"].with_context(**campaign._invite_context()).create(
                    {
                        "survey_id": campaign.survey_id.id,
                        "partner_ids": [(6, 0, pending.ids)],
                        "existing_mode": "resend",
                    }
                ).action_invite()
        return True

    @arguments()
    def action_close(self):
        self._quality_transition("close")
        return True

    def _follow_up_low_scores(self, answers):
        threshold = float(
            self.env["ir.config_parameter"].sudo().get_param("quality_ops.survey_low_score", 80)
        )
        Followup = self.env["quality_ops.followup"].sudo()
        created = Followup
        for answer in answers.filtered(lambda a: a.state == "done" and a.quality_score < threshold):
            if Followup.search_count([("survey_input_id", "=", answer.id)]):
                continue
            campaign = answer.quality_campaign_id
            followup = Followup.create(
                {
                    "name": reader_env(self.env, campaign.company_id.quality_manager_id)._(
                        "Low survey score (%(score)s/100) from %(customer)s",
                        score=round(answer.quality_score, 1),
                        customer=answer.partner_id.display_name or "-",
                    ),
                    "reason": "low_survey",
                    "survey_input_id": answer.id,
                    "partner_id": answer.partner_id.id,
                    "company_id": campaign.company_id.id,
                    "owner_id": campaign.company_id.quality_manager_id.id,
                }
            )
            if followup.owner_id:
                followup.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=followup.owner_id.id,
                    summary=reader_env(self.env, followup.owner_id)._("Call back the customer"),
                )
            created |= followup
        if created:
            self.env["quality_ops.escalation.rule"].sudo()._escalate("low_survey", created)

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.reader_lang import reader_env
from ..tools.record_fields import company_field, internal_user_field
from ..tools.workflow_pass import Transition, transitions

_lt = LazyTranslate(__name__)
STEPS = {
    "done": Transition("todo", "done", GROUP_OFFICER, stamp=(None, "done_date")),
    "cancel": Transition("todo", "cancelled", GROUP_OFFICER),
}
DENIED = {
    "done": _lt("Only the quality department records follow-ups."),
    "cancel": _lt("Only the quality department records follow-ups."),
}
VERBS = {
    "done": _lt("done"),
    "cancel": _lt("cancelled"),
}


class QualityFollowup(models.Model):
    """Return visit (回访) to an unhappy customer, by the quality department."""

    _name = "quality_ops.followup"
    _description = "Customer Follow-up"
    _inherit = ["quality_ops.trail.mixin", "mail.activity.mixin", "quality_ops.workflow.mixin"]
    _quality_initial_state = "todo"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset({"state", "done_date"})
    _quality_immutable_fields = frozenset({"rating_id", "survey_input_id", "reason"})
    _quality_frozen_states = ("done", "cancelled")
    _quality_deletable_states = ()
    _order = "id desc"

    name = fields.Char(required=True)
    reason = fields.Selection(
        [("low_rating", "Low Rating"), ("low_survey", "Low Survey Score"), ("other", "Other")],
        required=True,
        default="low_rating",
    )
    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", index=True, ondelete="restrict")
    rating_id = fields.Many2one(comodel_name="rating.rating", index=True, ondelete="restrict")
    rating = fields.Float(related="rating_id.rating", string="Rating Value")
    survey_input_id = fields.Many2one(
        comodel_name="survey.user_input", string="Survey Response", index=True, ondelete="restrict"
    )
    survey_score = fields.Float(
        related="survey_input_id.quality_score", string="Survey Score (0-100)"
    )
    # what the customer gave, on its own scale: "2 / 5" for a ticket rating,
    # "37.5 / 100" for a survey; empty (not 0.00) when there is neither
    score_display = fields.Char(string="Score", compute="_compute_score_display")
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", index=True)
    company_id = company_field()
    owner_id = internal_user_field(
        default=lambda self: self.env.company.quality_manager_id,
        tracking=True,
    )
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        required=True,
        default="todo",
        tracking=True,
        index=True,
    )
    outcome = fields.Text(help="What the customer said and what was agreed.")
    done_date = fields.Date(readonly=True)

    _rating_unique = models.UniqueIndex(
        "(rating_id) WHERE rating_id IS NOT NULL", "A rating has one follow-up."
    )
    _survey_input_unique = models.UniqueIndex(
        "(survey_input_id) WHERE survey_input_id IS NOT NULL",
        "A survey response has one follow-up.",
    )

    @api.depends("rating_id.rating", "survey_input_id.quality_score")
    def _compute_score_display(self):
        for followup in self:
            rating, answer = followup.sudo().rating_id, followup.sudo().survey_input_id
            if rating:
                followup.score_display = f"{rating.rating:g} / 5"
            elif answer:
                # rounded as the follow-up's name says it
                followup.score_display = f"{round(answer.quality_score, 1):g} / 100"
            else:
                followup.score_display = False

    @arguments()
    def action_done(self):
        for followup in self:
            if not followup.outcome:
                raise UserError(
                    self.env._(
                        "Write the outcome of the follow-up %(name)s first.", name=followup.name
                    )
                )
        self._quality_check_transition("done")
        self._quality_transition("done")
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @arguments()
    def action_cancel(self):
        return self._quality_transition("cancel")

    @api.model
    def _from_low_ratings(self, ratings):
        """One follow-up per low ticket rating (never two), with an activity."""
        existing = set(self.sudo().search([("rating_id", "in", ratings.ids)]).rating_id.ids)
        tickets = self.env["helpdesk.ticket"].sudo().browse(ratings.mapped("res_id"))
        by_id = {ticket.id: ticket for ticket in tickets}
        vals_list = []
        for rating in ratings:
            ticket = by_id.get(rating.res_id)
            if rating.id in existing or not ticket:
                continue
            vals_list.append(
                {
                    "name": reader_env(self.env, ticket.company_id.quality_manager_id)._(
                        "Low rating (%(rating)s/5) on %(ticket)s",
                        rating=int(rating.rating),
                        ticket=ticket.display_name,
                    ),
                    "reason": "low_rating",
                    "ticket_id": ticket.id,
                    "rating_id": rating.id,
                    "partner_id": (rating.partner_id or ticket.partner_id).id,
                    "company_id": ticket.company_id.id,
                    "owner_id": ticket.company_id.quality_manager_id.id,
                }
            )
        followups = self.sudo().create(vals_list)
        self.env["quality_ops.escalation.rule"].sudo()._escalate("low_rating", followups)
        for followup in followups.filtered("owner_id"):
            followup.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=followup.owner_id.id,
                summary=reader_env(self.env, followup.owner_id)._("Call back the customer"),
            )
        complain = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("quality_ops.low_rating_complaint", "False")
        )
        if complain not in ("False", "0", ""):
            followups.ticket_id.filtered(
                lambda t: not t.quality_complaint_ids
            )._quality_create_complaints()
        return followups

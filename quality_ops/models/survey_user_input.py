from odoo import api, fields, models
from odoo.exceptions import UserError

from ..survey_scoring import weighted_score
from ..tools.group_guard import uninstalling
from ..tools.workflow_pass import WorkflowPass, effective_vals
from .quality_survey_campaign import INVITE_KEY

# what the server derives from a finished response
SCORE_FIELDS = frozenset({"quality_score", "quality_nps_value", "quality_nps_answered"})
# a satisfaction response is the customer's: its answers change through the
# survey itself (which answers as superuser), not through a client's write
ANSWER_FIELDS = frozenset(
    {"state", "user_input_line_ids", "end_datetime", "partner_id", "email", "survey_id"}
)


class SurveyUserInput(models.Model):
    _name = "survey.user_input"
    _inherit = ["survey.user_input", "quality_ops.xlsx.mixin"]
    _quality_xlsx_fields = [
        "survey_id",
        "quality_campaign_id",
        "partner_id",
        "email",
        "state",
        "end_datetime",
        "quality_score",
        "quality_nps_value",
    ]

    quality_campaign_id = fields.Many2one(
        comodel_name="quality_ops.survey.campaign",
        string="Satisfaction Campaign",
        index=True,
        ondelete="restrict",
    )
    quality_score = fields.Float(string="Satisfaction Score", readonly=True, aggregator="avg")
    quality_nps_value = fields.Integer(string="Likelihood to Recommend", readonly=True)
    quality_nps_answered = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        invite = self.env.context.get(INVITE_KEY)
        campaign = next(iter(invite.ids)) if isinstance(invite, WorkflowPass) else None
        for vals in vals_list:
            sent = effective_vals(self, vals)
            if not self.env.su and (
                SCORE_FIELDS & {name for name in sent if sent[name]}
                or sent.get("quality_campaign_id")
            ):
                raise UserError(
                    self.env._(
                        "Satisfaction responses come from their campaign's invitations "
                        "and are scored by the system."
                    )
                )
            if campaign:
                vals.setdefault("quality_campaign_id", campaign)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if (SCORE_FIELDS | {"quality_campaign_id"}) & set(vals):
                raise UserError(
                    self.env._("The campaign and the score of a response are the system's.")
                )
            if ANSWER_FIELDS & set(vals) and self.filtered("quality_campaign_id"):
                raise UserError(
                    self.env._("A satisfaction response is the customer's answer: it is kept.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_campaign(self):
        if not self.env.su and not uninstalling(self.env) and self.filtered("quality_campaign_id"):
            raise UserError(
                self.env._("A satisfaction response is the customer's answer: it is kept.")
            )

    def _mark_done(self):
        result = super()._mark_done()
        self._quality_compute_scores()
        return result

    def _quality_compute_scores(self):
        """100-point score and NPS answer of each finished response."""
        for answer in self:
            dimensions, nps_value = [], None
            lines_by_question = {}
            for line in answer.user_input_line_ids.filtered("suggested_answer_id"):
                lines_by_question.setdefault(line.question_id, line)
            for question in answer.survey_id.question_ids:
                line = lines_by_question.get(question)
                values = question.suggested_answer_ids.mapped("quality_value")
                if question.quality_role == "dimension" and values:
                    value = line.suggested_answer_id.quality_value if line else None
                    dimensions.append((question.quality_weight, value, min(values), max(values)))
                elif question.quality_role == "nps" and line:
                    nps_value = int(line.suggested_answer_id.quality_value)
            score = weighted_score(dimensions)
            answer.sudo().write(
                {
                    "quality_score": score or 0.0,
                    "quality_nps_value": nps_value or 0,
                    "quality_nps_answered": nps_value is not None,
                }
            )
        campaigns = self.quality_campaign_id
        if campaigns:
            campaigns._follow_up_low_scores(self)

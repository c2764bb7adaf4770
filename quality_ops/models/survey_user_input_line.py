import functools

from odoo import api, models
from odoo.exceptions import UserError

from ..tools.group_guard import uninstalling
from ..tools.workflow_pass import effective_vals


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    def _quality_refuse_campaign_answers(self, inputs):
        if not self.env.su and inputs.filtered("quality_campaign_id"):
            raise UserError(
                self.env._("A satisfaction response is the customer's answer: it is kept.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._quality_refuse_campaign_answers(
            self.env["survey.user_input"].browse(
                # the context's default answer counts as sent
                [
                    vals["user_input_id"]
                    for vals in map(functools.partial(effective_vals, self), vals_list)
                    if vals.get("user_input_id")
                ]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        self._quality_refuse_campaign_answers(self.user_input_id)
        if vals.get("user_input_id"):
            self._quality_refuse_campaign_answers(
                self.env["survey.user_input"].browse(vals["user_input_id"])
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_campaign(self):
        if not uninstalling(self.env):
            self._quality_refuse_campaign_answers(self.user_input_id)

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.rating.models.rating_data import RATING_LIMIT_OK

from .quality_workflow_mixin import effective_vals


class RatingRating(models.Model):
    _name = "rating.rating"
    _inherit = ["rating.rating", "quality_ops.xlsx.mixin"]
    _quality_xlsx_fields = [
        "res_name",
        "partner_id",
        "rated_partner_id",
        "rating",
        "rating_text",
        "feedback",
        "consumed",
        "write_date",
    ]

    @api.model
    def _quality_xlsx_readable(self):
        # ratings of the tickets the user may read, nothing else
        return [
            ("res_model", "=", "helpdesk.ticket"),
            ("res_id", "in", self.env["helpdesk.ticket"]._search([])),
        ]

    def _quality_refuse_forged(self):
        # a ticket's rating is the customer's: it feeds CSAT and follow-ups
        raise UserError(
            self.env._("A ticket's rating is given by the customer, not typed by a user.")
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
            if any(
                vals.get("res_model") == "helpdesk.ticket"
                or vals.get("res_model_id") == ticket_model
                for vals in (effective_vals(self, vals) for vals in vals_list)
            ):
                self._quality_refuse_forged()
        ratings = super().create(vals_list)
        ratings._quality_follow_up_low()
        return ratings

    def write(self, vals):
        rated = {"rating", "feedback", "consumed", "res_id", "res_model", "res_model_id"}
        if not self.env.su and rated & set(vals):
            ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
            if self.filtered(lambda r: r.res_model == "helpdesk.ticket") or (
                vals.get("res_model") == "helpdesk.ticket"
                or vals.get("res_model_id") == ticket_model
            ):
                self._quality_refuse_forged()
        result = super().write(vals)
        if "rating" in vals or "consumed" in vals:
            self._quality_follow_up_low()
        return result

    def _quality_follow_up_low(self):
        low = self.filtered(
            lambda r: (
                r.res_model == "helpdesk.ticket" and r.consumed and 0 < r.rating < RATING_LIMIT_OK
            )
        )
        if low:
            self.env["quality_ops.followup"]._from_low_ratings(low)

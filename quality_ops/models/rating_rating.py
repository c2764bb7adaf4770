from odoo import api, models

LOW_RATING = 2  # a 1-face rating (1) is low; Odoo's faces are 5 / 3 / 1


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

    @api.model_create_multi
    def create(self, vals_list):
        ratings = super().create(vals_list)
        ratings._quality_follow_up_low()
        return ratings

    def write(self, vals):
        result = super().write(vals)
        if "rating" in vals or "consumed" in vals:
            self._quality_follow_up_low()
        return result

    def _quality_follow_up_low(self):
        low = self.filtered(
            lambda r: r.res_model == "helpdesk.ticket" and r.consumed and 0 < r.rating <= LOW_RATING
        )
        if low:
            self.env["quality_ops.followup"]._from_low_ratings(low)

from odoo import api, fields, models

from ..tools.argument_guard import arguments
from ..tools.smart_buttons import window_action


class ResPartner(models.Model):
    _inherit = "res.partner"

    quality_complaint_count = fields.Integer(
        compute="_compute_quality_complaint_count", groups="quality_ops.group_quality_officer"
    )

    def _compute_quality_complaint_count(self):
        counts = dict(
            self.env["quality_ops.complaint"]._read_group(
                [("partner_id", "child_of", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.quality_complaint_count = sum(
                count
                for complainer, count in counts.items()
                if complainer.commercial_partner_id == partner.commercial_partner_id
            )

    @api.readonly
    @arguments()
    def action_view_quality_complaints(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_complaint_action",
            [("partner_id", "child_of", self.commercial_partner_id.id)],
        )

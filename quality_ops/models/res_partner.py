from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import arguments
from ..tools.group_guard import uninstalling
from ..tools.smart_buttons import window_action


class ResPartner(models.Model):
    _inherit = "res.partner"

    quality_complaint_count = fields.Integer(
        compute="_compute_quality_complaint_count", groups="quality_ops.group_quality_officer"
    )

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_judged(self):
        """A customer whose tickets have SLA verdicts is what they are counted
        and charged under: it is archived, not deleted."""
        if uninstalling(self.env):
            return
        ticket = self.env["helpdesk.ticket"]._quality_judged_ticket(
            ["|", ("partner_id", "in", self.ids), ("commercial_partner_id", "in", self.ids)]
        )
        if ticket:
            raise UserError(
                self.env._(
                    "%(partner)s is the customer of tickets with SLA verdicts (e.g. "
                    "%(ticket)s), counted and charged under it: archive the contact instead "
                    "of deleting it.",
                    partner=ticket.sudo().partner_id.display_name,
                    ticket=ticket.number,
                )
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

from odoo import api, fields, models

from ..tools.argument_guard import arguments
from ..tools.smart_buttons import count_by, window_action

# who reads the vendor cases of the tickets (their rules decide which)
CASE_READERS = "quality_ops.group_quality_engineer,helpdesk_mgmt.group_helpdesk_user_own"


class HelpdeskTicket(models.Model):
    """The vendor cases and RMAs opened for a ticket."""

    _inherit = "helpdesk.ticket"

    quality_vendor_case_ids = fields.One2many(
        comodel_name="quality_ops.vendor.case",
        inverse_name="ticket_id",
        string="Vendor Cases",
        readonly=True,
        groups=CASE_READERS,
    )
    quality_vendor_case_count = fields.Integer(
        compute="_compute_quality_vendor_case_count",
        string="Number of Vendor Cases",
        groups=CASE_READERS,
    )

    @api.depends("quality_vendor_case_ids")
    def _compute_quality_vendor_case_count(self):
        Case = self.env["quality_ops.vendor.case"]
        if not Case.has_access("read"):
            self.quality_vendor_case_count = 0
            return
        counts = count_by(Case, "ticket_id", self)
        for ticket in self:
            ticket.quality_vendor_case_count = counts.get(ticket, 0)

    @api.readonly
    @arguments()
    def action_view_quality_vendor_cases(self):
        self.ensure_one()
        return window_action(
            self.env,
            "quality_ops.quality_vendor_case_action",
            [("ticket_id", "=", self.id)],
            {"default_ticket_id": self.id, "search_default_open": 0},
        )

    @arguments()
    def action_quality_open_vendor_case(self):
        """A vendor case (or RMA) opened for this ticket."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality_ops.vendor.case",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_ticket_id": self.id},
        }

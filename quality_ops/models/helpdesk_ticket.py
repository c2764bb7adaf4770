"""A ticket's SLA: its clocks, started, moved and answered by its hooks.

Its other concerns are in their own files: complaints
(``helpdesk_ticket_complaint``), inspections (``helpdesk_ticket_inspection``),
the settlement lock (``helpdesk_ticket_settlement``), ratings
(``helpdesk_ticket_rating``).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..groups import GROUP_HELPDESK_STAFF

# ticket fields that select the SLA policy: changing one re-applies the policies
POLICY_FIELDS = {
    "team_id",
    "priority",
    "project_id",
    "partner_id",
    "category_id",
    "tag_ids",
    "company_id",
}


class HelpdeskTicket(models.Model):
    # the chatter of a ticket is evidence too: its posting methods are not
    # called remotely (quality_ops.trail.mixin)
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "quality_ops.trail.mixin"]

    quality_sla_ids = fields.One2many(
        comodel_name="quality_ops.ticket.sla",
        inverse_name="ticket_id",
        string="SLA Clocks",
        domain=[("is_current", "=", True)],
    )
    quality_sla_history_ids = fields.One2many(
        comodel_name="quality_ops.ticket.sla",
        inverse_name="ticket_id",
        string="Earlier SLA Cycles",
        domain=[("is_current", "=", False)],
    )

    # first-contact resolution: a ticket handed to another engineer or team was
    # not resolved by the first one who took it
    quality_reassigned = fields.Boolean(
        string="Reassigned",
        readonly=True,
        copy=False,
        help="Set when the ticket moved from one assigned engineer or team to another.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("default_quality_reassigned") or any(
            vals.get("quality_reassigned") for vals in vals_list
        ):
            raise UserError(
                self.env._("Whether a ticket was reassigned is recorded by the system.")
            )
        tickets = super().create(vals_list)
        self.env["quality_ops.ticket.sla"].sudo()._apply_policies(tickets.sudo(), new=True)
        return tickets

    def write(self, vals):
        if "quality_reassigned" in vals:
            # it feeds first-contact resolution: only the server sets it
            raise UserError(
                self.env._("Whether a ticket was reassigned is recorded by the system.")
            )
        if ({"user_id", "team_id"} | POLICY_FIELDS) & set(vals) and self.ids:
            # a deadline passed before this change is the breach of the
            # ticket as it stands, not re-planned or handed on with it
            self.env["quality_ops.ticket.sla"].sudo()._sweep_tickets(self)
        reassigned = self._quality_reassigned_by(vals)
        old_stages = None
        if "stage_id" in vals and self._quality_stage_move_matters(vals["stage_id"]):
            old_stages = {ticket.id: ticket.stage_id for ticket in self}
        result = super().write(vals)
        if reassigned:
            super(HelpdeskTicket, reassigned.sudo()).write({"quality_reassigned": True})
        clocks = self.env["quality_ops.ticket.sla"].sudo()
        if POLICY_FIELDS & set(vals):
            clocks._apply_policies(self.sudo())
        if old_stages is not None:
            changed = self.filtered(lambda t: t.stage_id != old_stages[t.id])
            if changed:
                clocks._on_stage_change(changed.sudo(), old_stages)
        return result

    def _quality_reassigned_by(self, vals):
        """Tickets that this write takes from one engineer or team to another
        (a first assignment is not a reassignment)."""
        moves = [(name, vals[name]) for name in ("user_id", "team_id") if name in vals]
        if not moves:
            return self.browse()
        return self.filtered(
            lambda t: (
                not t.quality_reassigned
                and any(t[name] and t[name].id != (new or False) for name, new in moves)
            )
        )

    def _quality_stage_move_matters(self, new_stage_id):
        """Only moves into or out of a closed, pause, excluded or response stage
        touch a clock; moves between working stages cost one query, not a loop."""
        stages = self.mapped("stage_id") | self.env["helpdesk.ticket.stage"].browse(new_stage_id)
        relevant = self.env["quality_ops.sla.policy"]._relevant_stages(self.company_id.ids)
        return any(stage.closed or stage.id in relevant for stage in stages)

    @api.model
    def _quality_readable_sql(self, column):
        """SQL condition: the ticket in ``column`` is one the current user may
        read (his record rules, his companies). What an SQL analysis serves,
        its reader may read; sudo (the engines) reads every ticket."""
        if self.env.su:
            return SQL("TRUE")
        tickets = self.with_context(active_test=False)
        if not tickets.has_access("read"):
            return SQL("FALSE")
        return SQL("%s IN %s", column, tickets._search([]).subselect())

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        # first response: a public comment (not an internal note) by the
        # helpdesk's staff
        if (
            message.message_type == "comment"
            and message.subtype_id.id
            == self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
            and self._quality_by_employee(message.author_id)
        ):
            self.env["quality_ops.ticket.sla"].sudo()._on_response(self.sudo())
        return result

    def _quality_by_employee(self, author):
        """Whether a message author answers for the helpdesk: an internal user
        of a helpdesk group (an agent, the poster usually). A quality officer
        or a manager reading the ticket without working in the helpdesk does
        not give the customer their first response."""
        # who answers for the helpdesk: a public reply by one of them is the
        # first response
        group = GROUP_HELPDESK_STAFF
        if author and author == self.env.user.partner_id:
            return not self.env.user.share and self.env.user.has_group(group)
        return bool(author.sudo().user_ids.filtered(lambda u: not u.share and u.has_group(group)))

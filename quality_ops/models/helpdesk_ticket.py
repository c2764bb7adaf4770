from odoo import api, fields, models

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
    _inherit = "helpdesk.ticket"

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

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        self.env["quality_ops.ticket.sla"].sudo()._apply_policies(tickets.sudo())
        return tickets

    def write(self, vals):
        old_stages = None
        if "stage_id" in vals and self._quality_stage_move_matters(vals["stage_id"]):
            old_stages = {ticket.id: ticket.stage_id for ticket in self}
        result = super().write(vals)
        clocks = self.env["quality_ops.ticket.sla"].sudo()
        if POLICY_FIELDS & set(vals):
            clocks._apply_policies(self.sudo())
        if old_stages is not None:
            changed = self.filtered(lambda t: t.stage_id != old_stages[t.id])
            if changed:
                clocks._on_stage_change(changed.sudo(), old_stages)
        return result

    def _quality_stage_move_matters(self, new_stage_id):
        """Only moves into or out of a closed, pause, excluded or response stage
        touch a clock; moves between working stages cost one query, not a loop."""
        stages = self.mapped("stage_id") | self.env["helpdesk.ticket.stage"].browse(new_stage_id)
        relevant = self.env["quality_ops.sla.policy"]._relevant_stages(self.company_id.ids)
        return any(stage.closed or stage.id in relevant for stage in stages)

    def _message_post_after_hook(self, message, msg_values):
        result = super()._message_post_after_hook(message, msg_values)
        # first response: a public comment (not an internal note) by an employee
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and message.author_id.user_ids.filtered(lambda u: not u.share)
        ):
            self.env["quality_ops.ticket.sla"].sudo()._on_response(self.sudo())
        return result

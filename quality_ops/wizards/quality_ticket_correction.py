from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..groups import GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.group_guard import require_group

# what the correction may change: the contract a ticket's SLA verdicts and
# service credits are counted under
CORRECTED_FIELDS = ("project_id", "partner_id", "priority")


class QualityTicketCorrection(models.TransientModel):
    """The quality department corrects the contract of a ticket filed under the
    wrong one (project, customer, priority), with a reason kept in the ticket's
    chatter. The people measured cannot move a breached or closed ticket's
    contract (the ticket's guards refuse it); the quality department, which
    reads tickets but does not work them, corrects it here, never inside a
    month a confirmed SLA statement settled."""

    _name = "quality_ops.ticket.correction"
    _description = "SLA Attribution Correction"

    ticket_id = fields.Many2one(comodel_name="helpdesk.ticket", required=True, readonly=True)
    company_id = fields.Many2one(related="ticket_id.company_id")
    current_project_id = fields.Many2one(related="ticket_id.project_id", string="Current Project")
    current_partner_id = fields.Many2one(related="ticket_id.partner_id", string="Current Customer")
    current_priority = fields.Selection(related="ticket_id.priority", string="Current Priority")
    project_id = fields.Many2one(
        comodel_name="project.project",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer")
    priority = fields.Selection(selection="_priority_selection")
    reason = fields.Text(required=True)

    @api.model
    def _priority_selection(self):
        return self.env["helpdesk.ticket"]._fields["priority"]._description_selection(self.env)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id") or [])
        if ticket.exists() and ticket.has_access("read"):
            for name, value in self._current(ticket).items():
                if name in fields_list:
                    values.setdefault(name, value)
        return values

    @api.model
    def _current(self, ticket):
        """The ticket's corrected fields as the dialog holds them (ids, a key)."""
        return {
            name: ticket[name] if name == "priority" else ticket[name].id
            for name in CORRECTED_FIELDS
        }

    @arguments()
    def action_confirm(self):
        self.ensure_one()
        # in the reader's language, also for a client that sends none: the
        # refusals, and the note that stays in the ticket's chatter
        return self.with_context(lang=self.env.lang or self.env.user.lang)._correct()

    def _correct(self):
        require_group(
            self.env,
            GROUP_OFFICER,
            self.env._("Only the quality department corrects a ticket's SLA attribution."),
        )
        ticket = self.ticket_id
        ticket.check_access("read")
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the ticket's contract is corrected."))
        changes = self._changes(ticket)
        if not changes:
            raise UserError(
                self.env._("The project, customer and priority given are the ticket's own.")
            )
        for name in ("project_id", "partner_id"):
            company = self[name].sudo().company_id
            if name in changes and company and company != ticket.company_id:
                raise UserError(
                    self.env._(
                        "%(record)s is of another company than ticket %(ticket)s.",
                        record=self[name].sudo().display_name,
                        ticket=ticket.number,
                    )
                )
        # neither out of nor into a month a confirmed SLA statement settled
        ticket._quality_check_not_settled()
        before = {name: self._shown(ticket, name) for name in changes}
        # the ticket's own guards keep the people measured from this write;
        # the quality department writes it here, with its reason
        ticket.sudo().write(changes)
        ticket._quality_check_not_settled()
        lines = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(field)s: %(before)s → %(after)s",
                field=self._fields[name].get_description(self.env)["string"],
                before=before[name],
                after=self._shown(ticket, name),
            )
            for name in changes
        )
        ticket.sudo().message_post(
            body=Markup("<p>%s</p><ul>%s</ul><p>%s</p>")
            % (
                self.env._("SLA attribution corrected by the quality department:"),
                lines,
                self.env._("Reason: %(reason)s", reason=reason),
            ),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _changes(self, ticket):
        """The corrected fields given whose value differs from the ticket's (one
        left empty is kept: a contract is corrected to another, not removed)."""
        wanted = {
            "project_id": self.project_id.id,
            "partner_id": self.partner_id.id,
            "priority": self.priority,
        }
        current = self._current(ticket)
        return {name: value for name, value in wanted.items() if value and value != current[name]}

    def _shown(self, ticket, name):
        """A field's value as the reader sees it (a name, a label), or a dash."""
        value = ticket[name]
        if name == "priority":
            return dict(self._priority_selection()).get(value) or "—"
        return value.sudo().display_name or "—"

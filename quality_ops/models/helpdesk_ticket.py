from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..groups import GROUP_HELPDESK_STAFF
from ..sla_clock import BREACHED, OUTCOME_STATES, sql_states
from ..sla_credits import contract_key_sql
from .argument_guard import arguments
from .group_guard import uninstalling
from .mail_thread import with_trail_pass

# who answers for the helpdesk: a public reply by one of them is the first
# response
HELPDESK_STAFF_GROUP = GROUP_HELPDESK_STAFF

# what a monthly SLA statement reads of a ticket: its contract and priority
SETTLED_FIELDS = {"project_id", "partner_id", "commercial_partner_id", "priority", "company_id"}

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

    quality_complaint_ids = fields.One2many(
        comodel_name="quality_ops.complaint",
        inverse_name="ticket_id",
        string="Complaints",
    )
    quality_complaint_count = fields.Integer(compute="_compute_quality_complaint_count")
    # first-contact resolution: a ticket handed to another engineer or team was
    # not resolved by the first one who took it
    quality_reassigned = fields.Boolean(
        string="Reassigned",
        readonly=True,
        copy=False,
        help="Set when the ticket moved from one assigned engineer or team to another.",
    )

    quality_inspection_count = fields.Integer(
        compute="_compute_quality_inspection_count", string="Inspections"
    )

    def _quality_inspections(self):
        """Inspections recorded from these tickets or whose abnormal items
        opened them."""
        Inspection = self.env["quality_ops.inspection"].sudo()
        lines = (
            self.env["quality_ops.inspection.line"].sudo().search([("ticket_id", "in", self.ids)])
        )
        return Inspection.search([("origin_ticket_id", "in", self.ids)]) | lines.inspection_id

    def _compute_quality_inspection_count(self):
        inspections = self._quality_inspections()
        for ticket in self:
            ticket.quality_inspection_count = len(
                inspections.filtered(
                    lambda i, t=ticket: i.origin_ticket_id == t or t in i.line_ids.ticket_id
                )
            )

    @api.readonly
    @arguments()
    def action_view_quality_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_inspection_action"
        )
        inspections = self._quality_inspections()
        # the user's rules still apply to what the list shows
        action["domain"] = [("id", "in", inspections.ids)]
        action["context"] = {"create": False, "search_default_mine": 0}
        if len(inspections) == 1:
            action.update(res_id=inspections.id, view_mode="form", views=[(False, "form")])
        return action

    @arguments()
    def action_quality_record_inspection(self):
        """An inspection recorded from this ticket (an inspection work order)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality_ops.inspection",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_origin_ticket_id": self.id,
                "default_project_id": self.project_id.id,
                "default_team_id": self.team_id.id,
                "default_company_id": self.company_id.id,
                "default_target": self.name,
            },
        }

    @api.depends("quality_complaint_ids")
    def _compute_quality_complaint_count(self):
        counts = dict(
            self.env["quality_ops.complaint"]
            .sudo()
            ._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"])
        )
        for ticket in self:
            ticket.quality_complaint_count = counts.get(ticket, 0)

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
        tickets._quality_complaints_by_rule()
        return tickets

    def _quality_complaints_by_rule(self):
        """Tickets of the complaint categories, tags or channels set in the
        settings become complaints (once)."""
        by_company = self.env["res.company"]._quality_complaint_rules()
        if not any(company in by_company for company in self.company_id.ids):
            return
        matching = self.filtered(
            lambda t: (
                t.company_id.id in by_company
                and not t.quality_complaint_ids
                and (
                    t.category_id.id in by_company[t.company_id.id][0]
                    or not by_company[t.company_id.id][1].isdisjoint(t.tag_ids.ids)
                    or t.channel_id.id in by_company[t.company_id.id][2]
                )
            )
        )
        if matching:
            matching.sudo()._quality_create_complaints()

    def _quality_create_complaints(self):
        return self.env["quality_ops.complaint"].create(
            [{"ticket_id": ticket.id, "description": ticket.description} for ticket in self]
        )

    @api.readonly
    @arguments()
    def action_view_quality_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "quality_ops.quality_complaint_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        if len(self.quality_complaint_ids) == 1:
            action.update(
                res_id=self.quality_complaint_ids.id, view_mode="form", views=[(False, "form")]
            )
        return action

    @arguments()
    def action_quality_flag_complaint(self):
        """Agents flag a ticket as a complaint: the quality department is told at once."""
        self.ensure_one()
        complaint = self.quality_complaint_ids[:1] or self.sudo()._quality_create_complaints()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "message": self.env._(
                    "Complaint %(complaint)s opened; the quality department is notified.",
                    complaint=complaint.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def write(self, vals):
        if "quality_reassigned" in vals:
            # it feeds first-contact resolution: only the server sets it
            raise UserError(
                self.env._("Whether a ticket was reassigned is recorded by the system.")
            )
        if not self.env.su and SETTLED_FIELDS & set(vals):
            # a settled month's statement counted these tickets' clocks as they are
            self._quality_check_not_settled()
        elif not self.env.su and self._quality_cancels(vals.get("stage_id")):
            # cancelling touches the current clocks only (earlier cycles are history)
            self._quality_check_not_settled(current_only=True, cancelling=True)
        reassigned = self._quality_reassigned_by(vals)
        old_stages = None
        if "stage_id" in vals and self._quality_stage_move_matters(vals["stage_id"]):
            old_stages = {ticket.id: ticket.stage_id for ticket in self}
        result = super().write(vals)
        if SETTLED_FIELDS & set(vals) and not self.env.su:
            self._quality_check_not_settled()  # nor moves into a settled month
        if reassigned:
            super(HelpdeskTicket, reassigned.sudo()).write({"quality_reassigned": True})
        clocks = self.env["quality_ops.ticket.sla"].sudo()
        if POLICY_FIELDS & set(vals):
            clocks._apply_policies(self.sudo())
        if {"category_id", "tag_ids", "channel_id"} & set(vals):
            self._quality_complaints_by_rule()
        if old_stages is not None:
            changed = self.filtered(lambda t: t.stage_id != old_stages[t.id])
            if changed:
                clocks._on_stage_change(changed.sudo(), old_stages)
        return result

    @api.ondelete(at_uninstall=True)
    def _quality_unlink_unless_reported(self):
        """A ticket counted in a service report sent to the customer is part of
        what was sent: it is closed or cancelled, not deleted."""
        if uninstalling(self.env):
            return
        sent = (
            self.env["quality_ops.service.report"]
            .sudo()
            .search([("ticket_ids", "in", self.ids), ("state", "=", "sent")], limit=1)
        )
        if sent:
            raise UserError(
                self.env._(
                    "These tickets were reported to the customer in %(report)s: cancel them "
                    "instead of deleting them.",
                    report=sent.display_name,
                )
            )
        # nor one a confirmed or approved SLA statement counted
        self._quality_check_not_settled()
        # a breach stays a breach: deleting the ticket would take it out of
        # the SLA figures and the service credits (an exemption is the way)
        breached = (
            self.env["quality_ops.ticket.sla"]
            .sudo()
            .search([("ticket_id", "in", self.ids), ("state", "=", BREACHED)], limit=1)
        )
        if breached:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has breached its SLA: the breach counts in the SLA "
                    "figures and the service credits, so the ticket is kept. Cancel it "
                    "instead; only an approved exemption takes a breach out.",
                    ticket=breached.ticket_id.number,
                )
            )

    def _quality_check_not_settled(self, current_only=False, cancelling=False):
        """A ticket whose judged clocks a confirmed or approved SLA statement
        counted keeps its contract and priority: the statement would no longer
        add up (one query for the tickets written; ``current_only``: only its
        current clocks, those a stage move changes)."""
        if not self.ids:
            return
        self.flush_recordset(["project_id", "commercial_partner_id", "company_id"])
        self.env["quality_ops.ticket.sla"].flush_model(["state", "reached_at", "breached_at"])
        self.env["quality_ops.sla.statement"].flush_model(
            ["state", "contract_key", "company_id", "date_from", "date_to"]
        )
        for company in self.company_id:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT t.number, s.id FROM helpdesk_ticket t
                      JOIN quality_ops_ticket_sla r
                        ON r.ticket_id = t.id AND r.state IN %(outcomes)s AND %(current)s
                      JOIN quality_ops_sla_statement s
                        ON s.company_id = t.company_id
                       AND s.state IN ('confirmed', 'approved')
                       AND s.contract_key = %(contract)s
                       AND (COALESCE(r.breached_at, r.reached_at) AT TIME ZONE 'UTC'
                            AT TIME ZONE %(tz)s)::date BETWEEN s.date_from AND s.date_to
                     WHERE t.id = ANY(%(ids)s) AND t.company_id = %(company)s
                     LIMIT 1
                    """,
                    outcomes=SQL(sql_states(OUTCOME_STATES)),
                    current=SQL("r.is_current") if current_only else SQL("TRUE"),
                    contract=SQL(contract_key_sql("t.project_id", "t.commercial_partner_id")),
                    tz=company.sudo()._quality_tz(),
                    ids=self.ids,
                    company=company.id,
                )
            )
            row = self.env.cr.fetchone()
            if row:
                statement = self.env["quality_ops.sla.statement"].sudo().browse(row[1])
                if cancelling:
                    raise UserError(
                        self.env._(
                            "Ticket %(ticket)s is counted in SLA statement %(statement)s "
                            "(%(state)s): it cannot be cancelled, or the statement would no "
                            "longer add up. An SLA exemption is the way to take a breach out.",
                            ticket=row[0],
                            statement=statement.display_name,
                            state=statement._quality_state_label(),
                        )
                    )
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is counted in SLA statement %(statement)s "
                        "(%(state)s): its project, customer and priority stay as they were, "
                        "or the statement would no longer add up.",
                        ticket=row[0],
                        statement=statement.display_name,
                        state=statement._quality_state_label(),
                    )
                )

    def _quality_cancels(self, stage_id):
        """Whether moving to ``stage_id`` cancels clocks (an excluded stage of a
        policy): read from the compiled policies, no query."""
        if not stage_id:
            return False
        book = self.env["quality_ops.sla.policy"]._quality_book()
        return any(stage_id in policy.excluded_stages for policy in book.policies)

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

    def rating_apply(self, rate, *args, **kwargs):
        # the customer's rating page applies his rating on the ticket in sudo;
        # a user calling this himself would rate in the customer's place
        Rating = self.env["rating.rating"]
        if not self.env.su and not Rating._quality_is_system():
            Rating._quality_refuse_forged()
        return super().rating_apply(rate, *args, **kwargs)

    def rating_send_request(self, template, lang=False, force_send=True):
        # the request's links carry the customer's token, his key to the rating
        # page: the mail keeps them, the copy left in the ticket's chatter not
        Message = self.env["mail.message"].sudo()
        last = Message.search([], order="id desc", limit=1).id
        result = super().rating_send_request(template, lang=lang, force_send=force_send)
        copies = Message.search(
            [("model", "=", self._name), ("res_id", "in", self.ids), ("id", ">", last)]
        ).filtered(lambda message: "/rate/" in (message.body or ""))
        if copies:
            # the request's own copy, rewritten as it is made: the trail's pass
            # for these tickets (one no client can send)
            with_trail_pass(copies, {(self._name, ticket_id) for ticket_id in self.ids}).write(
                {"body": Markup("<p>%s</p>") % self.env._("Rating request sent to the customer.")}
            )
        return result

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
        group = HELPDESK_STAFF_GROUP
        if author and author == self.env.user.partner_id:
            return not self.env.user.share and self.env.user.has_group(group)
        return bool(author.sudo().user_ids.filtered(lambda u: not u.share and u.has_group(group)))

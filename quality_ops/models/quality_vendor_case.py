import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_ENGINEER, GROUP_OFFICER
from ..integrity import SEAL, UNSEAL
from ..tools.argument_guard import arguments
from ..tools.group_guard import uninstalling
from ..tools.people import check_internal_users
from ..tools.record_fields import current_user, internal_user_field, vendor_field
from ..tools.workflow_pass import Transition, transitions
from ..vendors import deadline, elapsed_hours, on_time

_lt = LazyTranslate(__name__)

KINDS = [("case", "Vendor Case"), ("rma", "RMA")]
STATES = [
    ("open", "Awaiting Vendor"),
    ("responded", "Vendor Responded"),
    ("resolved", "Resolved by Vendor"),
    ("closed", "Closed"),
]
# the instants of a case, in the order they happen
INSTANTS = ("opened_at", "responded_at", "resolved_at")
STEPS = {
    "close": Transition("resolved", None, GROUP_ENGINEER, seal=SEAL),
    "reopen": Transition(
        "closed",
        None,
        GROUP_OFFICER,
        clear=("closed_at", "closed_by_id"),
        seal=UNSEAL,
        reason=True,
    ),
}
DENIED = {
    "close": _lt("Only the engineers and the quality department close a vendor case."),
    "reopen": _lt("Only the quality department reopens a closed vendor case."),
}
VERBS = {
    "close": _lt("closed (the vendor must have resolved it)"),
    "reopen": _lt("reopened (only a closed case is)"),
}


def _response_summary(env, case):
    return env._(
        "Vendor case %(case)s: %(vendor)s has not responded within the contract's %(hours)s h",
        case=case.name,
        vendor=case.partner_id.display_name,
        hours=f"{case.response_hours:g}",
    )


def _resolution_summary(env, case):
    return env._(
        "Vendor case %(case)s: %(vendor)s has not resolved it within the contract's %(hours)s h",
        case=case.name,
        vendor=case.partner_id.display_name,
        hours=f"{case.resolution_hours:g}",
    )


def _today(case):
    """The case's company's today: the day its reminder is due."""
    return (case.company_id or case.env.company)._quality_today()


class QualityVendorCase(models.Model):
    """A case opened with a vendor for a ticket (厂商 CASE), or a part
    returned to it (RMA): the vendor's case number, when it was opened, when
    the vendor responded and resolved it, the part shipped and received;
    followed by its owner until closed, measured against the vendor's
    support contract, and kept, sealed, once closed."""

    _name = "quality_ops.vendor.case"
    _description = "Vendor Case"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.reminder.mixin",
    ]
    _order = "opened_at desc, id desc"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_initial_state = "open"
    _quality_control_fields = frozenset(
        {"name", "closed_at", "closed_by_id", "response_reminded", "resolution_reminded"}
    )
    _quality_immutable_fields = frozenset({"ticket_id"})
    _quality_frozen_states = ("closed",)
    _quality_deletable_states = ("open",)
    _quality_seal_fields = (
        "name",
        "kind",
        "ticket_id",
        "partner_id",
        "contract_id",
        "vendor_reference",
        "owner_id",
        "opened_at",
        "responded_at",
        "resolved_at",
        "resolution",
        "part_number",
        "part_serial",
        "part_shipped_at",
        "part_received_at",
        "response_hours",
        "resolution_hours",
        "closed_at",
        "closed_by_id",
        "note",
        "attachment_ids",
    )

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/", index=True)
    kind = fields.Selection(KINDS, required=True, default="case", tracking=True)
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = vendor_field()
    contract_id = fields.Many2one(
        comodel_name="quality_ops.supplier.contract",
        string="Support Contract",
        index=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
        copy=False,  # a copy opens now: the contract in force now is found
        tracking=True,
        help="The vendor's contract in force when the case was opened (found by the "
        "system when left empty): its terms measure the vendor.",
    )
    response_hours = fields.Float(
        string="Response Within (h)",
        compute="_compute_terms",
        store=True,
        help="The contract's response terms when the case was opened (calendar hours).",
    )
    resolution_hours = fields.Float(
        string="Resolution Within (h)",
        compute="_compute_terms",
        store=True,
        help="The contract's resolution terms when the case was opened (calendar hours).",
    )
    vendor_reference = fields.Char(string="Vendor's Case Number", tracking=True)
    owner_id = internal_user_field(
        required=True,
        index=True,
        default=current_user,
        tracking=True,
        help="The engineer who follows the case with the vendor until it is closed.",
    )
    # a copy is a new case: it opens now, and the vendor has done nothing in
    # it yet (copied instants would be measured as the vendor's service)
    opened_at = fields.Datetime(
        required=True, default=fields.Datetime.now, copy=False, tracking=True
    )
    responded_at = fields.Datetime(string="Vendor Responded At", copy=False, tracking=True)
    resolved_at = fields.Datetime(copy=False, tracking=True)
    resolution = fields.Text(copy=False, help="What the vendor did or advised, and the result.")
    part_number = fields.Char(tracking=True)
    part_serial = fields.Char(string="Serial Number", tracking=True)
    part_shipped_at = fields.Datetime(
        copy=False, tracking=True, help="When the vendor shipped the spare part."
    )
    part_received_at = fields.Datetime(
        copy=False, tracking=True, help="When the spare part arrived."
    )
    note = fields.Text(string="Notes")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_vendor_case_attachment_rel",
        string="Files",
    )
    state = fields.Selection(
        STATES,
        compute="_compute_state",
        store=True,
        index=True,
        tracking=True,
        help="Follows the instants recorded: open until the vendor responds, then "
        "responded, resolved, and closed by its owner.",
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    response_reminded = fields.Boolean(readonly=True, copy=False)
    resolution_reminded = fields.Boolean(readonly=True, copy=False)
    response_due = fields.Datetime(compute="_compute_figures")
    resolution_due = fields.Datetime(compute="_compute_figures")
    response_elapsed = fields.Float(compute="_compute_figures", string="Response Time (h)")
    resolution_elapsed = fields.Float(compute="_compute_figures", string="Resolution Time (h)")
    response_verdict = fields.Selection(
        [("met", "On Time"), ("missed", "Late")],
        compute="_compute_figures",
        string="Response on Time",
    )
    resolution_verdict = fields.Selection(
        [("met", "On Time"), ("missed", "Late")],
        compute="_compute_figures",
        string="Resolution on Time",
    )

    @api.depends("contract_id")
    def _compute_terms(self):
        # the terms when the case was opened: a later change of the contract
        # does not move the cases already measured against it
        for case in self:
            case.response_hours = case.contract_id.response_hours
            case.resolution_hours = case.contract_id.resolution_hours

    @api.depends("responded_at", "resolved_at", "closed_at")
    def _compute_state(self):
        for case in self:
            if case.closed_at:
                case.state = "closed"
            elif case.resolved_at:
                case.state = "resolved"
            elif case.responded_at:
                case.state = "responded"
            else:
                case.state = "open"

    @api.depends("opened_at", "responded_at", "resolved_at", "response_hours", "resolution_hours")
    def _compute_figures(self):
        now = fields.Datetime.now()
        verdicts = {True: "met", False: "missed", None: False}
        for case in self:
            case.response_due = deadline(case.opened_at, case.response_hours)
            case.resolution_due = deadline(case.opened_at, case.resolution_hours)
            case.response_elapsed = elapsed_hours(case.opened_at, case.responded_at or None)
            case.resolution_elapsed = elapsed_hours(case.opened_at, case.resolved_at or None)
            case.response_verdict = verdicts[
                on_time(case.opened_at, case.responded_at or None, case.response_hours, now)
            ]
            case.resolution_verdict = verdicts[
                on_time(case.opened_at, case.resolved_at or None, case.resolution_hours, now)
            ]

    # ------------------------------------------------------------------
    # rules
    # ------------------------------------------------------------------
    @api.constrains(*INSTANTS, "part_shipped_at", "part_received_at")
    def _check_instants(self):
        # a few minutes of grace for the clock of the user's computer
        now = fields.Datetime.now() + datetime.timedelta(minutes=5)
        labels = self._fields
        for case in self:
            named = [
                (name, case[name])
                for name in (*INSTANTS, "part_shipped_at", "part_received_at")
                if case[name]
            ]
            for name, value in named:
                if value > now:
                    raise ValidationError(
                        self.env._(
                            "Vendor case %(case)s: %(field)s cannot be in the future.",
                            case=case.name,
                            field=labels[name]._description_string(self.env),
                        )
                    )
                if value < case.opened_at:
                    raise ValidationError(
                        self.env._(
                            "Vendor case %(case)s: %(field)s cannot be before the case was opened.",
                            case=case.name,
                            field=labels[name]._description_string(self.env),
                        )
                    )
            if case.resolved_at and not case.responded_at:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: record when the vendor first responded "
                        "before its resolution.",
                        case=case.name,
                    )
                )
            if case.resolved_at and case.resolved_at < case.responded_at:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: the vendor cannot resolve it before "
                        "responding to it.",
                        case=case.name,
                    )
                )
            if case.part_received_at and not case.part_shipped_at:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: record when the part was shipped before "
                        "it was received.",
                        case=case.name,
                    )
                )
            if case.part_received_at and case.part_received_at < case.part_shipped_at:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: the part cannot be received before it was shipped.",
                        case=case.name,
                    )
                )

    @api.constrains("partner_id", "contract_id", "opened_at")
    def _check_contract(self):
        for case in self:
            contract = case.contract_id
            if not contract:
                continue
            if contract.partner_id.commercial_partner_id != case.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: contract %(contract)s is not %(vendor)s's.",
                        case=case.name,
                        contract=contract.name,
                        vendor=case.partner_id.display_name,
                    )
                )
            opened = fields.Datetime.context_timestamp(case, case.opened_at).date()
            if not contract.date_start <= opened <= contract.date_end:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: contract %(contract)s was not in force when "
                        "the case was opened.",
                        case=case.name,
                        contract=contract.name,
                    )
                )

    @api.constrains("owner_id")
    def _check_internal_owner(self):
        check_internal_users(self, "owner_id")

    @api.constrains("partner_id")
    def _check_vendor_company(self):
        # the vendor figures and evaluations are per vendor company
        for case in self:
            if not case.partner_id.is_company:
                raise ValidationError(
                    self.env._(
                        "Vendor case %(case)s: %(partner)s is a contact, not a vendor company.",
                        case=case.name,
                        partner=case.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.onchange("partner_id", "opened_at")
    def _onchange_contract(self):
        if self.partner_id and (
            not self.contract_id or self.contract_id.partner_id != self.partner_id
        ):
            self.contract_id = self._quality_contract_for(
                self.partner_id, self.ticket_id.company_id or self.env.company, self.opened_at
            )

    @api.model
    def _quality_contract_for(self, partner, company, opened_at):
        Contract = self.env["quality_ops.supplier.contract"]
        day = fields.Datetime.context_timestamp(self, opened_at or fields.Datetime.now()).date()
        return Contract._quality_in_force(partner, company, day).get(
            partner.commercial_partner_id.id, Contract
        )

    @api.model_create_multi
    def create(self, vals_list):
        Case = self._quality_checked_for_create(vals_list)
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = Sequence.next_by_code("quality_ops.vendor.case") or "/"
        records = super(QualityVendorCase, Case).create(vals_list)
        if not self.env.su:
            # a case is opened on a ticket its author may read
            records.ticket_id.with_env(self.env).check_access("read")
        found = records.filtered(lambda c: not c.contract_id).grouped(
            lambda c: self._quality_contract_for(c.partner_id, c.company_id, c.opened_at)
        )
        for contract, cases in found.items():
            if contract:
                cases._quality_write({"contract_id": contract.id})
        return records.with_env(self.env)

    def write(self, vals):
        result = super().write(vals)
        if "contract_id" in vals and not vals["contract_id"]:
            # a case is measured against the contract in force when it was
            # opened: cleared, it is found again (no case escapes its terms)
            found = self.grouped(
                lambda c: self._quality_contract_for(c.partner_id, c.company_id, c.opened_at)
            )
            for contract, cases in found.items():
                if contract:
                    cases._quality_write({"contract_id": contract.id})
        return result

    @api.ondelete(at_uninstall=True)
    def _unlink_by_owner_only(self):
        # an open case already reported to the vendor is evidence of its
        # service: deleted by its owner (a mistake) or the quality department
        # (at_uninstall=False would let a client's ``_force_unlink`` skip it)
        if uninstalling(self.env):
            return
        if not self.env.su and not self.env.user.has_group(GROUP_OFFICER):
            others = self.filtered(lambda c: c.owner_id != self.env.user)
            if others:
                raise UserError(
                    self.env._(
                        "Vendor case %(case)s is %(owner)s's: only its owner or the quality "
                        "department deletes it.",
                        case=others[0].display_name,
                        owner=others[0].owner_id.display_name,
                    )
                )

    def _quality_frozen_message(self):
        return self.env._(
            "Vendor case %(case)s is closed: it is kept, sealed, as it was closed. "
            "The quality department may reopen it.",
            case=self.display_name,
        )

    @api.depends("name", "partner_id", "vendor_reference")
    def _compute_display_name(self):
        for case in self:
            parts = [case.name or "", case.partner_id.name or ""]
            if case.vendor_reference:
                parts.append(case.vendor_reference)
            case.display_name = " · ".join(part for part in parts if part)

    # ------------------------------------------------------------------
    # steps
    # ------------------------------------------------------------------
    @arguments()
    def action_close(self):
        """Closed by its owner (or another engineer who may write it) once the
        vendor resolved it, with the resolution written, and for an RMA the
        part received; then kept as it was, sealed."""
        self._quality_check_transition("close")
        for case in self:
            if not (case.resolution or "").strip():
                raise UserError(
                    self.env._(
                        "Vendor case %(case)s: write the resolution before closing it.",
                        case=case.display_name,
                    )
                )
            if case.kind == "rma" and not case.part_received_at:
                raise UserError(
                    self.env._(
                        "RMA %(case)s: record when the spare part was received before closing it.",
                        case=case.display_name,
                    )
                )
        self.check_access("write")
        return self._quality_transition(
            "close", {"closed_at": fields.Datetime.now(), "closed_by_id": self.env.user.id}
        )

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        """Back to the vendor (the fix did not hold): the seal is released,
        with the reason, kept in the chatter with who did it."""
        return self._quality_transition("reopen", reason=reason)

    # ------------------------------------------------------------------
    # reminders
    # ------------------------------------------------------------------
    @api.model
    def _cron_breach_reminders(self):
        """Remind the owner of each case the vendor has not responded to, or
        not resolved, within its contract's terms: once per case and breach.
        One query per breach chooses the cases (and locks them, so that two
        runs at once remind each case once)."""
        done = 0
        for done_field, hours_field, flag, summary in (
            ("responded_at", "response_hours", "response_reminded", _response_summary),
            ("resolved_at", "resolution_hours", "resolution_reminded", _resolution_summary),
        ):
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM quality_ops_vendor_case"
                    " WHERE state <> 'closed' AND %(done)s IS NULL AND %(hours)s > 0"
                    " AND NOT COALESCE(%(flag)s, FALSE)"
                    " AND opened_at + %(hours)s * INTERVAL '1 hour'"
                    " < (now() AT TIME ZONE 'UTC')"
                    " ORDER BY id FOR UPDATE SKIP LOCKED",
                    done=SQL.identifier(done_field),
                    hours=SQL.identifier(hours_field),
                    flag=SQL.identifier(flag),
                )
            )
            due = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
            if due:
                due._quality_remind(lambda c: c.owner_id, summary, _today, {flag: True})
                done += len(due)
        return done

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..arguments import shows_something
from ..groups import GROUP_ENGINEER, GROUP_MANAGER, GROUP_OFFICER
from ..periods import PERIODICITIES, period_bounds
from ..sla_clock import BREACHED, OUTCOME_STATES, RESPONSE, WARNING
from ..tools.argument_guard import arguments, check_vals_list
from ..tools.group_guard import require_group
from ..tools.reader_lang import reader_env
from ..tools.workflow_fields import given_reference, reference_field, state_field
from ..tools.workflow_pass import Transition, transitions, with_pass

_lt = LazyTranslate(__name__)

REASONS = [
    ("customer", "Customer Cause"),
    ("third_party", "Third Party"),
    ("force_majeure", "Force Majeure"),
    ("maintenance", "Agreed Maintenance Window"),
    ("other", "Other"),
]
STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
    ("revoked", "Revoked"),
]
# clocks an exemption may be requested for: breached, or at risk of it
REQUESTABLE = (BREACHED, WARNING)
DECIDED = _lt("Only the QA/QC officers and the quality manager decide exemption requests.")
STEPS = {
    "approve": Transition("requested", "approved", GROUP_OFFICER, stamp=("decided_by_id", None)),
    "reject": Transition("requested", "rejected", GROUP_OFFICER, stamp=("decided_by_id", None)),
    "revoke": Transition("approved", "revoked", GROUP_MANAGER),
    "withdraw": Transition("requested", "withdrawn", GROUP_ENGINEER),
}
DENIED = {
    "approve": DECIDED,
    "reject": DECIDED,
    "revoke": _lt("Only the quality manager revokes an approved exemption."),
    "withdraw": _lt("Only the requester withdraws an exemption request."),
}
VERBS = {
    "approve": _lt("approved"),
    "reject": _lt("rejected"),
    "revoke": _lt("revoked"),
    "withdraw": _lt("withdrawn"),
}


class QualitySlaExemption(models.Model):
    """A request to exempt (免责) one SLA clock: a breach the customer, a third
    party, force majeure or an agreed maintenance window caused.

    Approved, it takes the clock out of the SLA compliance indicators of its
    month and out of the service credits, in one decision: the clock's
    ``quality_exempted`` flag, which both read."""

    _name = "quality_ops.sla.exemption"
    _description = "SLA Exemption Request"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
    ]
    _quality_initial_state = "requested"
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {"reference", "state", "requested_by_id", "requested_at", "decided_by_id", "decided_at"}
    )
    _quality_immutable_fields = frozenset({"clock_id"})
    _quality_field_groups = {
        "decision_comment": GROUP_OFFICER,
        "recompute_reason": GROUP_MANAGER,
        "revoke_reason": GROUP_MANAGER,
    }
    _quality_frozen_states = ("approved", "rejected", "withdrawn", "revoked")
    # typed on an approved request before *Revoke*, which requires it
    _quality_free_fields = frozenset({"color", "revoke_reason"})
    _quality_deletable_states = ()
    _quality_xlsx_fields = [
        "reference",
        ("ticket_id", "number"),
        "kind",
        "priority",
        "project_id",
        "partner_id",
        "team_id",
        "reason",
        "description",
        "state",
        "requested_by_id",
        "requested_at",
        "decided_by_id",
        "decided_at",
        "decision_comment",
        "company_id",
    ]
    _order = "id desc"
    _rec_names_search = ["reference"]

    reference = reference_field()
    clock_id = fields.Many2one(
        comodel_name="quality_ops.ticket.sla",
        string="SLA Clock",
        required=True,
        index=True,
        ondelete="restrict",
    )
    ticket_id = fields.Many2one(related="clock_id.ticket_id", store=True, index=True)
    kind = fields.Selection(related="clock_id.kind", store=True)
    clock_state = fields.Selection(related="clock_id.state", string="Clock State")
    breached_at = fields.Datetime(related="clock_id.breached_at")
    priority = fields.Selection(related="clock_id.ticket_id.priority", store=True)
    project_id = fields.Many2one(related="clock_id.ticket_id.project_id", store=True, index=True)
    partner_id = fields.Many2one(
        related="clock_id.ticket_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    team_id = fields.Many2one(related="clock_id.ticket_id.team_id", store=True, index=True)
    company_id = fields.Many2one(
        related="clock_id.ticket_id.company_id", store=True, index=True, string="Company"
    )
    reason = fields.Selection(
        REASONS, string="Reason Category", required=True, default="customer", tracking=True
    )
    description = fields.Text(string="Evidence", required=True, tracking=True)
    attachment_ids = fields.Many2many(comodel_name="ir.attachment", string="Evidence Files")
    state = state_field(STATES, default="requested", group_expand=None)
    requested_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False, index=True
    )
    requested_at = fields.Datetime(string="Requested On", readonly=True, copy=False)
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    decided_at = fields.Datetime(string="Decided On", readonly=True, copy=False)
    decision_comment = fields.Text(tracking=True)
    recompute_reason = fields.Text(
        string="Reason for Recomputing a Locked Period",
        help="Required when the clock's month is locked: the approval recomputes the "
        "locked SLA measurements of that month, with this reason in their history.",
    )

    revoke_reason = fields.Text(
        string="Reason for Revoking",
        help="Required to revoke an approved exemption: the clock counts again in its "
        "month's SLA indicators and statements, and a locked month is recomputed with "
        "this reason.",
    )

    # one open (or granted) request per clock
    _one_open_per_clock = models.UniqueIndex(
        "(clock_id) WHERE state IN ('requested', 'approved')",
        "A clock has one open or approved exemption request at a time.",
    )

    @api.depends("reference", "ticket_id")
    def _compute_display_name(self):
        for exemption in self:
            number = exemption.sudo().ticket_id.number or ""
            reference = given_reference(exemption)
            exemption.display_name = " ".join(p for p in (reference, number) if p) or "/"

    # ------------------------------------------------------------------
    # creation: a request on a breached clock (or one at risk)
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        require_group(
            self.env,
            GROUP_ENGINEER,
            self.env._(
                "Only engineers, project leads and the quality department request exemptions."
            ),
        )
        Clock = self.env["quality_ops.ticket.sla"]
        for vals in vals_list:
            clock_id = vals.get("clock_id") or self.env.context.get("default_clock_id")
            clock = Clock.browse(clock_id).exists()
            if not clock:
                raise UserError(self.env._("Choose the SLA clock the exemption is for."))
            # only a clock the requester may see, of their tickets or projects
            clock.check_access("read")
            if not self._may_request_for(clock):
                raise AccessError(
                    self.env._(
                        "You may request an exemption only for the clocks of your tickets "
                        "or of your projects."
                    )
                )
            if clock.sudo().state not in REQUESTABLE:
                raise UserError(
                    self.env._(
                        "Clock %(clock)s is %(state)s: an exemption is requested for a "
                        "breached clock or one at risk.",
                        clock=clock.display_name,
                        state=dict(clock._fields["state"]._description_selection(self.env))[
                            clock.sudo().state
                        ],
                    )
                )
            if self.sudo().search_count(
                [("clock_id", "=", clock.id), ("state", "in", ("requested", "approved"))], limit=1
            ):
                raise UserError(
                    self.env._(
                        "Clock %(clock)s already has an open or approved exemption request.",
                        clock=clock.display_name,
                    )
                )
        Exemption = self._quality_checked_for_create(vals_list)
        now = fields.Datetime.now()
        for vals in vals_list:
            vals["requested_by_id"] = self.env.user.id
            vals["requested_at"] = now
        self._quality_set_references(vals_list, "quality_ops.sla.exemption")
        records = super(QualitySlaExemption, Exemption).create(vals_list).with_env(self.env)
        records._notify_approver()
        return records

    @api.model
    def _may_request_for(self, clock):
        """Engineers on their tickets' clocks, project managers and quality
        leads on their projects' clocks, the O&M manager and the quality
        department on any clock they can read."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group(GROUP_OFFICER)
            or user.has_group("helpdesk_mgmt.group_helpdesk_manager")
        ):
            return True
        ticket = clock.sudo().ticket_id
        project = ticket.project_id
        return ticket.user_id == user or (
            bool(project) and user in (project.user_id | project.quality_lead_id)
        )

    def _check_not_own_request(self):
        """Who asks does not decide: one person cannot take a breach out of
        the indicators and the credits alone."""
        for exemption in self:
            if not self.env.su and exemption.requested_by_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You requested exemption %(name)s: another QA/QC officer or the "
                        "quality manager decides it.",
                        name=exemption.display_name,
                    )
                )

    def _notify_approver(self):
        """A to-do for the quality manager of the company: decide the request."""
        for exemption in self.sudo():
            approver = exemption.company_id.quality_manager_id
            if approver:
                exemption.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=approver.id,
                    summary=reader_env(self.env, approver)._("Decide the exemption request"),
                )

    def _close_activities(self):
        self.sudo().activity_ids.action_feedback(feedback=self.env._("Exemption request decided."))

    def _quality_frozen_message(self):
        return self.env._(
            "Exemption request %(name)s is %(state)s: it is kept as decided.",
            name=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # the decision
    # ------------------------------------------------------------------
    @arguments(comment="text", reason="text")
    def action_approve(self, comment=None, reason=None):
        """Approve: the clock leaves the SLA indicators of its month and the
        service credits; the measurements of that month are recomputed (a
        locked month only with a reason, by the quality manager)."""
        self._quality_check_transition("approve")
        self._check_not_own_request()
        for exemption in self:
            reason_ = (reason or exemption.recompute_reason or "").strip()
            exemption._check_statements_open()
            exemption._check_locked(reason_)
            comment_ = comment if comment is not None else exemption.decision_comment
            exemption._quality_transition(
                "approve",
                {"decided_at": fields.Datetime.now(), "decision_comment": comment_ or False},
            )
            with_pass(exemption.clock_id.sudo()).write({"quality_exempted": True})
            exemption._close_activities()
            exemption._recompute_period(reason_)
        return True

    @arguments(comment="text")
    def action_reject(self, comment=None):
        """Reject, with a comment: nothing else changes."""
        self._quality_check_transition("reject")
        self._check_not_own_request()
        for exemption in self:
            comment_ = (comment if comment is not None else exemption.decision_comment) or ""
            if not shows_something(comment_):
                raise UserError(
                    self.env._(
                        "Say why exemption request %(name)s is rejected.",
                        name=exemption.display_name,
                    )
                )
            exemption._quality_transition(
                "reject", {"decided_at": fields.Datetime.now(), "decision_comment": comment_}
            )
            exemption._close_activities()
        return True

    @arguments(reason="text")
    def action_revoke(self, reason=None):
        """Revoke an approval (the quality manager, with a reason): the clock
        counts again, its month is recomputed as at the approval."""
        self._quality_check_transition("revoke")
        for exemption in self:
            reason_ = (reason or exemption.revoke_reason or "").strip()
            if not shows_something(reason_):
                raise UserError(
                    self.env._(
                        "Say why the exemption %(name)s is revoked.", name=exemption.display_name
                    )
                )
            exemption._check_statements_open()
            exemption._check_locked(reason_)
            exemption._quality_transition("revoke", {"revoke_reason": reason_})
            with_pass(exemption.clock_id.sudo()).write({"quality_exempted": False})
            exemption.message_post(body=self.env._("Exemption revoked: %(reason)s", reason=reason_))
            exemption._recompute_period(reason_)
        return True

    @arguments()
    def action_withdraw(self):
        self._quality_check_transition("withdraw")
        for exemption in self:
            if exemption.requested_by_id != self.env.user and not self.env.user.has_group(
                GROUP_OFFICER
            ):
                raise UserError(self.env._("Only the requester withdraws an exemption request."))
        self._quality_transition("withdraw")
        self._close_activities()
        return True

    # ------------------------------------------------------------------
    # the period the decision changes
    # ------------------------------------------------------------------
    def _verdict_month(self):
        """First day of the local month the clock's verdict falls in (the month
        its SLA indicator counts it in), or None: no verdict yet."""
        self.ensure_one()
        clock = self.clock_id.sudo()
        instant = clock.breached_at or clock.reached_at  # as VERDICT_AT
        if clock.state not in OUTCOME_STATES or not instant:
            return None
        company = self.company_id or clock.company_id
        return company._quality_local_date(instant).replace(day=1)

    def _indicator(self):
        xmlid = (
            "quality_ops.indicator_resp_sla"
            if self.clock_id.sudo().kind == RESPONSE
            else "quality_ops.indicator_reso_sla"
        )
        return self.env.ref(xmlid).sudo()

    def _period_measurements(self, month):
        """The measurements of the clock's indicator in every period holding
        ``month`` (month, quarter, half-year, year), in its company."""
        periods = [(p, *period_bounds(p, month)) for p in PERIODICITIES]
        Measurement = self.env["quality_ops.measurement"].sudo()
        found = Measurement.browse()
        for periodicity, date_from, _date_to in periods:
            found |= Measurement.search(
                [
                    ("indicator_id", "=", self._indicator().id),
                    ("periodicity", "=", periodicity),
                    ("date_from", "=", date_from),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        return periods, found

    def _check_locked(self, reason):
        month = self._verdict_month()
        if month is None:
            return
        _periods, found = self._period_measurements(month)
        locked = found.filtered(lambda m: m.state == "locked")
        if not locked:
            return
        require_group(
            self.env,
            GROUP_MANAGER,
            self.env._(
                "The SLA measurements of %(month)s are locked: only the quality manager "
                "approves this exemption, recomputing the locked period with a reason.",
                month=month.strftime("%Y-%m"),
            ),
        )
        if not shows_something(reason):
            raise UserError(
                self.env._(
                    "The SLA measurements of %(month)s are locked: give the reason for "
                    "recomputing them to approve exemption request %(name)s.",
                    month=month.strftime("%Y-%m"),
                    name=self.display_name,
                )
            )

    def _check_statements_open(self):
        month = self._verdict_month()
        if month is None:
            return
        settled = (
            self.env["quality_ops.sla.statement"]
            .sudo()
            ._covering(self.clock_id.sudo().ticket_id, month)
            .filtered(lambda s: s.state != "draft")
        )
        if settled:
            raise UserError(
                self.env._(
                    "Statement %(statement)s of %(month)s is %(state)s: the exemption would "
                    "change it. A confirmed statement goes back to draft first; an approved "
                    "one is final.",
                    statement=settled[0].display_name,
                    month=month.strftime("%Y-%m"),
                    state=settled[0]._quality_state_label(),
                )
            )

    def _recompute_period(self, reason):
        """Measure the clock's indicator again in every period holding its month:
        open measurements by the engine, locked ones on purpose with the reason;
        draft statements of the month are refreshed."""
        month = self._verdict_month()
        if month is None:
            return
        periods, found = self._period_measurements(month)
        Measurement = self.env["quality_ops.measurement"].sudo()
        for periodicity, date_from, date_to in periods:
            Measurement._compute_period(
                periodicity, date_from, date_to, indicators=self._indicator()
            )
        locked = found.filtered(lambda m: m.state == "locked")
        if locked:
            locked.with_env(self.env).action_recompute_locked(reason)
        drafts = (
            self.env["quality_ops.sla.statement"]
            .sudo()
            ._covering(self.clock_id.sudo().ticket_id, month)
            .filtered(lambda s: s.state == "draft")
        )
        drafts._refresh_figures()

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..groups import GROUP_LEAD, GROUP_MANAGER
from ..integrity import SEAL
from ..periods import period_bounds
from ..sla_credits import UNITS, Counts, contract_key, statement
from ..tools.argument_guard import arguments, check_vals_list
from ..tools.record_fields import company_of_field
from ..tools.workflow_fields import given_reference, reference_field
from ..tools.workflow_pass import Transition, effective_vals, has_pass, transitions
from .quality_indicator_registry import (
    BREACHED_VERDICT,
    COUNTED_VERDICT,
    EXEMPTED,
    MET_VERDICT,
    VERDICT,
    VERDICT_AT,
)
from .quality_sla_statement_line import LINE_FIGURES

_logger = logging.getLogger(__name__)
_lt = LazyTranslate(__name__)

FIGURES = (
    "unit",
    "currency_id",
    "monthly_fee",
    "verdict_count",
    "met_count",
    "breach_count",
    "exempted_count",
    "charged_count",
    "compliance",
    "gross_credit",
    "cap_amount",
    "capped_credit",
    "cap_reached",
    "bonus",
    "net_credit",
    "computed_at",
)
STEPS = {
    "refresh": Transition("draft", None, GROUP_LEAD),
    "confirm": Transition(
        "draft", "confirmed", GROUP_LEAD, stamp=("confirmed_by_id", "confirmed_date")
    ),
    "reset": Transition(
        "confirmed", "draft", GROUP_LEAD, clear=("confirmed_by_id", "confirmed_date"), reason=True
    ),
    "approve": Transition(
        "confirmed", "approved", GROUP_MANAGER, stamp=("approved_by_id", "approved_date"), seal=SEAL
    ),
}
DENIED = {
    "refresh": _lt("Only project managers and the quality department prepare SLA statements."),
    "confirm": _lt("Only the project manager and the quality department confirm SLA statements."),
    "reset": _lt("Only the project manager and the quality department reset SLA statements."),
    "approve": _lt("Only the quality manager approves SLA statements."),
}
VERBS = {
    "refresh": _lt("recomputed (only a draft is)"),
    "confirm": _lt("confirmed"),
    "reset": _lt("reset to draft"),
    "approve": _lt("approved"),
}


class QualitySlaStatement(models.Model):
    """Monthly SLA statement (SLA 考核结算单) of one contract: the breaches of
    its clocks in the month, those exempted, those charged, and the credit
    before and after the cap, computed from the stored clocks in one grouped
    query.  Confirmed by the project manager, approved (frozen and sealed) by
    the quality manager."""

    _name = "quality_ops.sla.statement"
    _description = "SLA Statement"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.xlsx.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.month.mixin",
        "quality_ops.sla.statement.drafting",
    ]
    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {
            "reference",
            "state",
            "confirmed_by_id",
            "confirmed_date",
            "approved_by_id",
            "approved_date",
            *FIGURES,
        }
    )
    _quality_immutable_fields = frozenset({"scheme_id", "date_from"})
    _quality_frozen_states = ("confirmed", "approved")
    _quality_seal_fields = (
        "reference",
        "scheme_id",
        "date_from",
        "company_id",
        *FIGURES[:-1],
        "approved_by_id",
        "approved_date",
    )
    _quality_seal_lines = {"line_ids": LINE_FIGURES}
    _quality_xlsx_fields = [
        "reference",
        "date_from",
        "project_id",
        "partner_id",
        "unit",
        "verdict_count",
        "breach_count",
        "exempted_count",
        "charged_count",
        "compliance",
        "gross_credit",
        "cap_amount",
        "capped_credit",
        "bonus",
        "net_credit",
        "state",
        "company_id",
    ]
    _quality_xlsx_children = ("line_ids",)
    _order = "date_from desc, partner_id, id desc"
    _rec_names_search = ["reference"]
    _check_company_auto = True

    reference = reference_field()
    scheme_id = fields.Many2one(
        comodel_name="quality_ops.sla.credit.scheme",
        string="Credit Scheme",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    contract_key = fields.Char(related="scheme_id.contract_key", store=True, index=True)
    project_id = fields.Many2one(related="scheme_id.project_id", store=True, index=True)
    partner_id = fields.Many2one(related="scheme_id.partner_id", store=True, index=True)
    company_id = company_of_field("scheme_id")
    date_from = fields.Date(string="Month", required=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("approved", "Approved")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    unit = fields.Selection(UNITS, readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    monthly_fee = fields.Monetary(readonly=True)
    # the credits' currency when they are amounts (points have none)
    credit_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_credit_currency_id"
    )
    verdict_count = fields.Integer(string="Clocks Judged", readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    breach_count = fields.Integer(string="Breaches", readonly=True)
    exempted_count = fields.Integer(string="Exempted", readonly=True)
    charged_count = fields.Integer(string="Charged", readonly=True)
    compliance = fields.Float(string="Compliance (%)", digits=(16, 2), readonly=True)
    gross_credit = fields.Float(string="Credit before Cap", digits=(16, 2), readonly=True)
    cap_amount = fields.Float(string="Monthly Cap", digits=(16, 2), readonly=True)
    capped_credit = fields.Float(string="Credit after Cap", digits=(16, 2), readonly=True)
    cap_reached = fields.Boolean(readonly=True)
    bonus = fields.Float(digits=(16, 2), readonly=True)
    net_credit = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Credit after the cap, less the bonus: what the month costs the provider.",
    )
    computed_at = fields.Datetime(readonly=True, copy=False)

    @api.depends("unit", "currency_id")
    def _compute_credit_currency_id(self):
        for record in self:
            record.credit_currency_id = record.currency_id if record.unit == "amount" else False

    line_ids = fields.One2many(
        comodel_name="quality_ops.sla.statement.line",
        inverse_name="statement_id",
        string="Lines",
        readonly=True,
    )
    note = fields.Text()
    confirmed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    confirmed_date = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    approved_date = fields.Date(readonly=True, copy=False)

    # one statement per contract and month, whoever drafts it, however often
    _contract_month_unique = models.UniqueIndex(
        "(contract_key, date_from)", "A contract has one SLA statement per month."
    )

    @api.depends("reference", "partner_id", "project_id", "date_from")
    @api.depends_context("lang")  # a translated name is part of it
    def _compute_display_name(self):
        for statement_ in self:
            contract = statement_.sudo().project_id or statement_.sudo().partner_id
            month = statement_.date_from.strftime("%Y-%m") if statement_.date_from else ""
            reference = given_reference(statement_)
            statement_.display_name = " ".join(
                p for p in (reference, contract.display_name or "", month) if p
            )

    def _quality_frozen_message(self):
        return self.env._(
            "SLA statement %(name)s is %(state)s: it is kept as it was.",
            name=self.display_name,
            state=self._quality_state_label(),
        )

    # ------------------------------------------------------------------
    # creation
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        schemes = self.env["quality_ops.sla.credit.scheme"]
        # a draft run has checked its pairs already
        for sent in [] if has_pass(self, creating=True) else vals_list:
            vals = effective_vals(self, sent)  # the context's defaults count as sent
            scheme = schemes.browse(vals.get("scheme_id")).exists()
            month = fields.Date.to_date(vals.get("date_from"))
            if not scheme or not month:
                raise UserError(self.env._("A statement needs its credit scheme and month."))
            # nothing said of a scheme the user may not read
            scheme.check_access("read")
            if month.day != 1:
                raise UserError(self.env._("A statement covers a month: start it on the 1st."))
            self._check_month_over(scheme, month)
            if not scheme.sudo()._valid_in(month):
                raise UserError(
                    self.env._(
                        "Credit scheme %(scheme)s is not valid for the whole of %(month)s.",
                        scheme=scheme.display_name,
                        month=month.strftime("%Y-%m"),
                    )
                )
        Statement = self._quality_checked_for_create(vals_list)
        self._quality_set_references(vals_list, "quality_ops.sla.statement")
        lines = [vals.pop("line_ids", None) for vals in vals_list]
        if any(lines):
            raise UserError(self.env._("The lines of a statement are computed, not typed."))
        records = super(QualitySlaStatement, Statement).create(vals_list)
        # what a person creates gets its figures at once; a draft run brings them
        records.filtered(lambda s: not s.computed_at)._refresh_figures()
        return records.with_env(self.env)

    @api.model
    def _month_over(self, scheme, month, now=None):
        """Whether ``month`` has ended in the local time of the scheme's company."""
        _start, end = scheme.sudo().company_id._quality_utc_bounds(
            month, period_bounds("month", month)[1]
        )
        return end <= (now or fields.Datetime.now())

    @api.model
    def _check_month_over(self, scheme, month):
        if not self._month_over(scheme, month):
            raise UserError(
                self.env._(
                    "%(month)s has not ended: its statement is drawn up once the month is "
                    "over, when every breach of it is known.",
                    month=month.strftime("%Y-%m"),
                )
            )

    # ------------------------------------------------------------------
    # figures: one grouped query over the stored clocks
    # ------------------------------------------------------------------
    @api.model
    def _gather(self, pairs):
        """``{(scheme id, month): {(priority, kind): Counts}}`` for the pairs
        ``(scheme, month)``: one grouped query over the stored clocks of every
        contract and month at once.

        A clock counts in the local month of its verdict (the SLA indicators'
        definition: met or breached, from the breach on); a project's scheme
        covers the project's tickets, a customer's scheme the customer's
        tickets outside any project."""
        if not pairs:
            return {}
        rows = []
        for scheme, month in pairs:
            start, end = scheme.company_id._quality_utc_bounds(
                month, period_bounds("month", month)[1]
            )
            rows.append(
                SQL("(%s, %s::date, %s::timestamp, %s::timestamp)", scheme.id, month, start, end)
            )
        self.env["quality_ops.ticket.sla"].flush_model()
        self.env["helpdesk.ticket"].flush_model(
            ["project_id", "commercial_partner_id", "priority", "company_id"]
        )
        self.env["quality_ops.sla.credit.scheme"].flush_model()
        self.env.cr.execute(self._gather_sql(SQL(", ").join(rows)))
        found = {}
        for scheme_id, month, priority, kind, *counts in self.env.cr.fetchall():
            found.setdefault((scheme_id, month), {})[(priority, kind)] = Counts(*map(int, counts))
        return found

    @api.model
    def _gather_sql(self, pairs_values):
        # the clocks and verdicts of RESP_SLA / RESO_SLA (the registry's)
        return SQL(
            """
            WITH p (scheme_id, month, start_at, end_at) AS (VALUES %(pairs)s),
            s AS (
                SELECT s.id, s.company_id, s.project_id, s.partner_id
                  FROM quality_ops_sla_credit_scheme s
                 WHERE s.id IN (SELECT scheme_id FROM p)
            ),
            t AS (
                SELECT s.id AS scheme_id, t.id, t.priority
                  FROM s JOIN helpdesk_ticket t
                    ON t.company_id = s.company_id AND t.project_id = s.project_id
                UNION ALL
                SELECT s.id AS scheme_id, t.id, t.priority
                  FROM s JOIN helpdesk_ticket t
                    ON t.company_id = s.company_id AND s.project_id IS NULL
                   AND t.project_id IS NULL AND t.commercial_partner_id = s.partner_id
            )
            SELECT p.scheme_id, p.month, COALESCE(t.priority, '1'), r.kind,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE %(met)s AND %(counted)s),
                   COUNT(*) FILTER (WHERE %(breached)s),
                   COUNT(*) FILTER (WHERE %(exempted)s),
                   COUNT(*) FILTER (WHERE %(breached)s AND %(exempted)s)
              FROM t JOIN quality_ops_ticket_sla r ON r.ticket_id = t.id
              JOIN p ON p.scheme_id = t.scheme_id
               AND %(instant)s >= p.start_at AND %(instant)s < p.end_at
             WHERE %(verdict)s
             GROUP BY 1, 2, 3, 4
            """,
            pairs=pairs_values,
            met=MET_VERDICT,
            breached=BREACHED_VERDICT,
            counted=COUNTED_VERDICT,
            exempted=EXEMPTED,
            verdict=VERDICT,
            instant=VERDICT_AT,
        )

    @api.model
    def _figures(self, scheme, counts, plain=None):
        """The values of a statement (with its lines) from its counts;
        ``plain``: the scheme's ``(sla_credits.Scheme, unit, currency, fee)``
        when already read."""
        plain = plain or self._plain_scheme(scheme)
        result = statement(counts, plain[0])
        return {
            "unit": plain[1],
            "currency_id": plain[2],
            "monthly_fee": plain[3],
            "verdict_count": result.verdicts,
            "met_count": result.met,
            "breach_count": result.breached,
            "exempted_count": sum(line.counts.exempted_breached for line in result.lines),
            "charged_count": result.charged,
            "compliance": result.compliance or 0.0,
            "gross_credit": result.gross,
            "cap_amount": result.cap or 0.0,
            "capped_credit": result.capped,
            "cap_reached": result.cap_reached,
            "bonus": result.bonus,
            "net_credit": result.net,
            "computed_at": fields.Datetime.now(),
            "line_ids": [
                (
                    0,
                    0,
                    {
                        "priority": line.priority,
                        "kind": line.kind,
                        "verdict_count": line.counts.verdicts,
                        "met_count": line.counts.met,
                        "breach_count": line.counts.breached,
                        "exempted_count": line.counts.exempted_breached,
                        "charged_count": line.counts.charged,
                        "unit_credit": line.unit_credit,
                        "credit": line.credit,
                    },
                )
                for line in result.lines
            ],
        }

    @api.model
    def _plain_scheme(self, scheme):
        return (scheme._as_scheme(), scheme.unit, scheme.currency_id.id, scheme.monthly_fee)

    def _refresh_figures(self):
        """Recompute the figures of draft statements (server side)."""
        drafts = self.filtered(lambda s: s.state == "draft")
        if not drafts:
            return
        sudo = drafts.sudo()
        found = self._gather([(s.scheme_id, s.date_from) for s in sudo])
        for statement_ in sudo:
            vals = self._figures(
                statement_.scheme_id, found.get((statement_.scheme_id.id, statement_.date_from), {})
            )
            vals["line_ids"] = [(5, 0, 0), *vals["line_ids"]]
            statement_._quality_write(vals)

    @arguments()
    def action_refresh(self):
        self._quality_check_transition("refresh")
        self._refresh_figures()
        return True

    @api.model
    def _covering(self, ticket, month):
        """The statements of ``month`` whose contract covers ``ticket``."""
        contract = contract_key(ticket.project_id.id, ticket.commercial_partner_id.id)
        return self.search([("contract_key", "=", contract), ("date_from", "=", month)])

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    @arguments()
    def action_confirm(self):
        self._quality_check_transition("confirm")
        for statement_ in self:
            self._check_month_over(statement_.scheme_id, statement_.date_from)
        self._refresh_figures()
        self._quality_transition("confirm")
        return True

    @arguments(reason="text")
    def action_reset(self, reason=None):
        return self._quality_transition("reset", reason=reason)

    @arguments()
    def action_approve(self):
        return self._quality_transition("approve")

import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..periods import period_bounds
from ..sla_credits import (
    CAP_FEE_PERCENT,
    CAP_FIXED,
    CAP_NONE,
    CAP_TYPES,
    UNITS,
    Scheme,
    contract_key,
)
from ..tools.argument_guard import check_ids, check_vals
from ..tools.group_guard import check_target_company
from ..tools.record_fields import company_field, customer_field


class QualitySlaCreditScheme(models.Model):
    """Service credits of an SLA contract (SLA 考核): what each breach costs by
    priority and kind, the monthly cap and bonus, for a validity of whole months.

    A contract is a project; a customer without a project has its own scheme,
    which covers that customer's tickets outside any project."""

    _name = "quality_ops.sla.credit.scheme"
    _description = "SLA Service Credit Scheme"
    _inherit = ["quality_ops.trail.mixin"]
    _order = "partner_id, project_id, date_start desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = company_field()
    project_id = fields.Many2one(
        comodel_name="project.project",
        string="Contract (Project)",
        index=True,
        check_company=True,
        # a contract with statements is not deleted from under them
        ondelete="restrict",
        tracking=True,
    )
    partner_id = customer_field(ondelete="restrict")
    contract_key = fields.Char(compute="_compute_contract_key", store=True, index=True)
    date_start = fields.Date(
        string="Valid From", required=True, tracking=True, help="First day of a month."
    )
    date_end = fields.Date(
        string="Valid To", tracking=True, help="Last day of a month; empty: open-ended."
    )
    unit = fields.Selection(UNITS, required=True, default="amount", tracking=True)
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda s: s.env.company.currency_id,
    )
    monthly_fee = fields.Monetary(tracking=True)
    cap_type = fields.Selection(
        CAP_TYPES, string="Monthly Cap", required=True, default=CAP_FEE_PERCENT, tracking=True
    )
    cap_value = fields.Float(
        string="Cap",
        digits=(16, 2),
        default=10.0,
        tracking=True,
        help="Percentage of the monthly fee, or the fixed cap in the scheme's unit.",
    )
    bonus_target = fields.Float(
        string="Bonus Compliance (%)",
        digits=(16, 2),
        help="A month whose SLA compliance reaches this percentage earns the bonus; "
        "zero: no bonus.",
    )
    bonus_value = fields.Float(string="Bonus", digits=(16, 2))
    line_ids = fields.One2many(
        comodel_name="quality_ops.sla.credit.scheme.line",
        inverse_name="scheme_id",
        string="Credits per Breach",
        copy=True,
    )
    statement_ids = fields.One2many(
        comodel_name="quality_ops.sla.statement", inverse_name="scheme_id", string="Statements"
    )

    # what may still change once a statement of the scheme is confirmed or
    # approved: its name, its followers and messages, and a later end
    SETTLED_FREE_FIELDS = frozenset({"name", "date_end"})

    def _check_settled(self, vals=None):
        """A scheme whose statements are confirmed or approved keeps what they
        were computed from: contract, company, validity, unit, fee, cap, bonus
        and credits per breach (a statement shows its scheme's contract).
        ``vals``: the values written, None for a deletion."""
        if vals is None:
            locked = {"unlink"}
        else:
            locked = {
                name
                for name in vals
                if name not in self.SETTLED_FREE_FIELDS
                and not name.startswith(("message_", "activity_"))
            }
            if not locked and "date_end" not in vals:
                return
        settled_to = (
            self.env["quality_ops.sla.statement"]
            .sudo()
            ._read_group(
                [("scheme_id", "in", self.ids), ("state", "in", ("confirmed", "approved"))],
                ["scheme_id"],
                ["date_to:max"],
            )
        )
        end = None if locked else fields.Date.to_date(vals["date_end"])
        for scheme, last in settled_to:
            # an end moved later than the last settled month (or removed) is free
            if locked or (end and end < last):
                raise UserError(
                    self.env._(
                        "Credit scheme %(scheme)s has confirmed or approved statements: what "
                        "they were computed from cannot change (end it and start a new scheme).",
                        scheme=scheme.display_name,
                    )
                )

    def _quality_trail_frozen(self):
        """Settled schemes: those with confirmed or approved statements."""
        settled = (
            self.env["quality_ops.sla.statement"]
            .sudo()
            ._read_group(
                [("scheme_id", "in", self.ids), ("state", "in", ("confirmed", "approved"))],
                ["scheme_id"],
            )
        )
        return self.browse([scheme.id for (scheme,) in settled])

    def write(self, vals):
        check_ids(self)
        check_vals(self, vals)
        self._check_settled(vals)
        check_target_company(self.env, vals)
        return super().write(vals)

    def unlink(self):
        check_ids(self)
        self._check_settled()
        return super().unlink()

    @api.depends("project_id", "partner_id")
    def _compute_contract_key(self):
        for scheme in self:
            scheme.contract_key = contract_key(scheme.project_id.id, scheme.partner_id.id)

    @api.onchange("project_id")
    def _onchange_project_id(self):
        if self.project_id.partner_id:
            self.partner_id = self.project_id.partner_id.commercial_partner_id

    @api.constrains("date_start", "date_end")
    def _check_months(self):
        for scheme in self:
            if scheme.date_start.day != 1:
                raise ValidationError(
                    self.env._("A credit scheme is valid from the first day of a month.")
                )
            if scheme.date_end:
                if scheme.date_end < scheme.date_start:
                    raise ValidationError(
                        self.env._("A credit scheme cannot end before it starts.")
                    )
                if (scheme.date_end + datetime.timedelta(days=1)).day != 1:
                    raise ValidationError(
                        self.env._("A credit scheme is valid to the last day of a month.")
                    )

    @api.constrains("cap_type", "cap_value", "monthly_fee", "bonus_target", "bonus_value")
    def _check_figures(self):
        for scheme in self:
            if min(scheme.cap_value, scheme.monthly_fee, scheme.bonus_value) < 0:
                raise ValidationError(
                    self.env._("Fees, caps and bonuses of a credit scheme cannot be negative.")
                )
            if scheme.cap_type == CAP_FEE_PERCENT and not scheme.monthly_fee:
                raise ValidationError(
                    self.env._("A cap in percent of the monthly fee needs the monthly fee.")
                )
            if not 0 <= scheme.bonus_target <= 100:
                raise ValidationError(
                    self.env._("The bonus compliance is a percentage between 0 and 100.")
                )

    @api.constrains("contract_key", "company_id", "date_start", "date_end", "active")
    def _check_no_overlap(self):
        for scheme in self.filtered("active"):
            domain = [
                ("id", "!=", scheme.id),
                ("company_id", "=", scheme.company_id.id),
                ("contract_key", "=", scheme.contract_key),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", scheme.date_start),
            ]
            if scheme.date_end:
                domain.append(("date_start", "<=", scheme.date_end))
            if self.sudo().search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(contract)s already has a credit scheme valid in these months: "
                        "one scheme per contract and month.",
                        contract=scheme.project_id.display_name or scheme.partner_id.display_name,
                    )
                )

    def _valid_in(self, month):
        """Whether the scheme applies to the whole month starting on ``month``."""
        self.ensure_one()
        _first, last = period_bounds("month", month)
        return self.date_start <= month and (not self.date_end or self.date_end >= last)

    def _as_scheme(self):
        """The plain-Python scheme (``sla_credits.Scheme``)."""
        self.ensure_one()
        return Scheme(
            credits={(line.priority, line.kind): line.credit for line in self.line_ids},
            cap_type=self.cap_type or CAP_NONE,
            cap_value=self.cap_value if self.cap_type in (CAP_FEE_PERCENT, CAP_FIXED) else 0.0,
            monthly_fee=self.monthly_fee,
            bonus_target=self.bonus_target,
            bonus_value=self.bonus_value,
        )

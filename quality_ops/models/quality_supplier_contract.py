import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..choices import EXPIRY_REMINDER_DAYS
from ..tools.field_checks import recheck_rules
from ..tools.people import check_internal_users
from ..tools.record_fields import company_field, current_user, internal_user_field, vendor_field
from ..tools.workflow_pass import has_pass, with_pass

# days before the end of a contract at which its responsible is reminded
# (once per contract and threshold)


def _summary(env, contract):
    return env._(
        "Support contract %(contract)s of %(vendor)s expires on %(date)s",
        contract=contract.name,
        vendor=contract.partner_id.display_name,
        date=format_date(env, contract.date_end),
    )


def _deadline(contract):
    return contract.date_end


class QualitySupplierContract(models.Model):
    """A vendor's support contract (厂商服务合同): its number, its term, and the
    hours in which the vendor answers and resolves a case opened with it,
    which the vendor figures measure; reminded before it expires."""

    _name = "quality_ops.supplier.contract"
    _description = "Supplier Support Contract"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.expiry.reminder.mixin",
    ]
    _order = "partner_id, date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Contract Number", required=True, tracking=True)
    partner_id = vendor_field()
    company_id = company_field()
    user_id = internal_user_field(
        string="Responsible",
        default=current_user,
        tracking=True,
        help="Who renews the contract: reminded before it expires.",
    )
    date_start = fields.Date(string="Start Date", required=True, tracking=True)
    date_end = fields.Date(string="Expiry Date", required=True, index=True, tracking=True)
    service_level = fields.Char(
        help="The service the vendor owes, as the contract words it (e.g. 7x24, 4 h on site)."
    )
    response_hours = fields.Float(
        string="Response Within (h)",
        tracking=True,
        help="Calendar hours (nights and holidays count) from the opening of a case to "
        "the vendor's first response. 0: not measured.",
    )
    resolution_hours = fields.Float(
        string="Resolution Within (h)",
        tracking=True,
        help="Calendar hours from the opening of a case to its resolution by the vendor. "
        "0: not measured.",
    )
    note = fields.Text(string="Notes")
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_supplier_contract_attachment_rel",
        string="Contract Copy",
    )
    active = fields.Boolean(default=True)
    in_force = fields.Boolean(compute="_compute_in_force")
    expiring = fields.Boolean(
        string="Expiring Soon",
        compute="_compute_in_force",
        help="In force and expiring within the first reminder's days.",
    )
    case_ids = fields.One2many(
        comodel_name="quality_ops.vendor.case", inverse_name="contract_id", string="Cases"
    )

    _number_unique = models.Constraint(
        "UNIQUE(company_id, partner_id, name)", "This vendor already has a contract of this number."
    )

    @api.depends("partner_id", "name")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = f"{contract.partner_id.name or ''} · {contract.name or ''}"

    @api.depends("date_start", "date_end")
    def _compute_in_force(self):
        today = fields.Date.context_today(self)
        soon = today + datetime.timedelta(days=max(EXPIRY_REMINDER_DAYS))
        for contract in self:
            contract.in_force = bool(
                contract.date_start
                and contract.date_end
                and contract.date_start <= today <= contract.date_end
            )
            contract.expiring = contract.in_force and contract.date_end <= soon

    @api.constrains("date_start", "date_end", "response_hours", "resolution_hours")
    def _check_terms(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Support contract %(contract)s expires before it starts.",
                        contract=contract.name,
                    )
                )
            if contract.response_hours < 0 or contract.resolution_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The hours of support contract %(contract)s cannot be negative.",
                        contract=contract.name,
                    )
                )
            if (
                contract.response_hours
                and contract.resolution_hours
                and contract.resolution_hours < contract.response_hours
            ):
                raise ValidationError(
                    self.env._(
                        "Support contract %(contract)s: the vendor resolves a case after "
                        "responding to it; the resolution hours cannot be fewer than the "
                        "response hours.",
                        contract=contract.name,
                    )
                )

    @api.constrains("user_id")
    def _check_internal_responsible(self):
        check_internal_users(self, "user_id")

    @api.model_create_multi
    def create(self, vals_list):
        if not has_pass(self, creating=True) and any(
            isinstance(vals, dict) and vals.get("reminded_days") for vals in vals_list
        ):
            raise UserError(self.env._("The expiry reminders are recorded by the system."))
        return super().create(vals_list)

    def write(self, vals):
        if "reminded_days" in vals and not has_pass(self):
            raise UserError(self.env._("The expiry reminders are recorded by the system."))
        result = super().write(vals)
        recheck_rules(self, vals)
        if "date_end" in vals and not has_pass(self):
            # a renewed contract is reminded again before its new end
            with_pass(self).write({"reminded_days": 0})
        return result

    # ------------------------------------------------------------------
    @api.model
    def _quality_in_force(self, partners, company, day):
        """``{commercial partner id: contract}`` in force on ``day`` for
        ``company`` (the latest to end when several are)."""
        contracts = self.search(
            [
                ("partner_id", "in", partners.commercial_partner_id.ids),
                ("company_id", "=", company.id),
                ("date_start", "<=", day),
                ("date_end", ">=", day),
            ],
            order="date_end desc, id desc",
        )
        result = {}
        for contract in contracts:
            result.setdefault(contract.partner_id.id, contract)
        return result

    @api.model
    def _cron_expiry_reminders(self, today=None):
        """Remind the responsible before a contract expires, once per contract
        and threshold (the nearest one reached); the rows are locked as they
        are chosen, so that two runs at once remind each contract once. Today
        is each company's (``today``, when given, is every company's)."""
        done = 0
        for days, due in self._quality_expiring(
            "date_end", SQL("active"), EXPIRY_REMINDER_DAYS, today
        ):
            due._quality_remind(lambda c: c.user_id, _summary, _deadline, {"reminded_days": days})
            done += len(due)
        return done

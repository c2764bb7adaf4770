from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date
from odoo.tools.translate import LazyTranslate

from ..choices import EXPIRY_REMINDER_DAYS
from ..groups import GROUP_ENGINEER, GROUP_MANAGER, GROUP_OFFICER
from ..tools.argument_guard import arguments
from ..tools.field_checks import is_mail_field
from ..tools.people import check_internal_users
from ..tools.record_fields import company_field, current_user, internal_user_field
from ..tools.workflow_pass import Transition, transitions, with_pass

_lt = LazyTranslate(__name__)

STATES = [("draft", "To Verify"), ("verified", "Verified")]
LEVELS = [("1", "Aware"), ("2", "Practitioner"), ("3", "Proficient"), ("4", "Expert")]
# days before expiry at which the holder and the O&M manager are reminded
# (once per certificate and threshold)
# what a reminder writes: not a change of the certificate
NOT_CONTENT = frozenset({"reminded_days", "last_update"})
STEPS = {
    "verify": Transition(
        "draft", "verified", GROUP_ENGINEER, stamp=("verified_by_id", "verified_on")
    ),
    "reopen": Transition(
        "verified", "draft", GROUP_MANAGER, clear=("verified_by_id", "verified_on"), reason=True
    ),
}
DENIED = {
    "verify": _lt("Only the quality department or the O&M manager verifies a certificate."),
    "reopen": _lt("Only the quality manager reopens a verified certificate."),
}
VERBS = {
    "verify": _lt("verified (it must be waiting for verification)"),
    "reopen": _lt("reopened (only a verified certificate is)"),
}


def _summary(env, cert):
    return env._(
        "Certificate %(cert)s expires on %(date)s",
        cert=cert.display_name,
        date=format_date(env, cert.expiry_date),
    )


def _deadline(cert):
    return cert.expiry_date


class QualityCertificate(models.Model):
    """A certificate or skill of a person (人员能力): what, its number, when
    issued and until when, the scanned copy; verified by the quality
    department or the holder's O&M manager against the original, and then
    kept as it was verified (the copy with it)."""

    _name = "quality_ops.certificate"
    _description = "Certificate or Skill"
    _inherit = [
        "quality_ops.trail.mixin",
        "mail.activity.mixin",
        "quality_ops.workflow.mixin",
        "quality_ops.expiry.reminder.mixin",
    ]
    _order = "user_id, type_id, id"
    _check_company_auto = True

    _quality_transitions = transitions(STEPS, DENIED, VERBS)
    _quality_control_fields = frozenset(
        {"state", "verified_by_id", "verified_on", "reminded_days", "last_update"}
    )
    _quality_frozen_states = ("verified",)

    user_id = internal_user_field(
        string="Holder",
        required=True,
        index=True,
        default=current_user,
        tracking=True,
    )
    type_id = fields.Many2one(
        comodel_name="quality_ops.certificate.type",
        string="Certificate / Skill",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    category = fields.Selection(related="type_id.category", store=True)
    issuer = fields.Char(related="type_id.issuer")
    level = fields.Selection(
        LEVELS, string="Skill Level", help="For a skill: the level assessed.", tracking=True
    )
    number = fields.Char(string="Certificate Number", tracking=True)
    issued_on = fields.Date(tracking=True)
    expiry_date = fields.Date(string="Valid Until", index=True, tracking=True)
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="quality_ops_certificate_attachment_rel",
        string="Scanned Copy",
    )
    note = fields.Text()
    company_id = company_field()
    state = fields.Selection(
        STATES, required=True, default="draft", readonly=True, copy=False, tracking=True, index=True
    )
    verified_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    verified_on = fields.Date(readonly=True, copy=False)
    is_valid = fields.Boolean(
        string="Valid", compute="_compute_is_valid", search="_search_is_valid"
    )
    last_update = fields.Datetime(
        string="Last Updated",
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
        help="When the certificate or skill itself last changed (not its reminders).",
    )

    _number_unique = models.Constraint(
        "UNIQUE(type_id, number)", "This certificate number is already recorded for this type."
    )

    @api.depends("user_id", "type_id")
    @api.depends_context("lang")  # the type's name is translated
    def _compute_display_name(self):
        for cert in self:
            cert.display_name = f"{cert.user_id.name or ''} · {cert.type_id.display_name or ''}"

    @api.depends("state", "expiry_date")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for cert in self:
            cert.is_valid = cert.state == "verified" and (
                not cert.expiry_date or cert.expiry_date >= today
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search valid certificates with yes or no."))
        today = fields.Date.context_today(self)
        valid = [
            ("state", "=", "verified"),
            "|",
            ("expiry_date", "=", False),
            ("expiry_date", ">=", today),
        ]
        if (operator == "=") == value:
            return valid
        return ["|", ("state", "!=", "verified"), ("expiry_date", "<", today)]

    @api.constrains("issued_on", "expiry_date")
    def _check_dates(self):
        for cert in self:
            if cert.issued_on and cert.expiry_date and cert.expiry_date < cert.issued_on:
                raise ValidationError(
                    self.env._("%(cert)s expires before it was issued.", cert=cert.display_name)
                )

    @api.constrains("user_id")
    def _check_internal_holder(self):
        check_internal_users(self, "user_id")

    def write(self, vals):
        if (
            "user_id" in vals
            and not self.env.su
            and self.filtered(lambda cert: cert.user_id.id != vals["user_id"])
        ):
            raise UserError(
                self.env._(
                    "A certificate stays with its holder: record a new one for another person."
                )
            )
        result = super().write(vals)
        if set(vals) - NOT_CONTENT and not all(is_mail_field(name) for name in vals):
            with_pass(self).write({"last_update": fields.Datetime.now()})
        return result

    def _quality_frozen_message(self):
        return self.env._(
            "Certificate %(cert)s is verified: it is kept, with its copy, as it was "
            "verified. The quality manager may reopen it.",
            cert=self.display_name,
        )

    # ------------------------------------------------------------------
    def _quality_om_managers(self):
        """``{certificate: O&M manager}``: the leader of a helpdesk team of the
        holder (not the holder himself)."""
        result = {}
        for cert in self:
            leaders = cert.user_id.sudo().helpdesk_team_ids.user_id - cert.user_id
            result[cert] = leaders[:1]
        return result

    @arguments()
    def action_verify(self):
        """Checked against the original by the quality department or the
        holder's O&M manager (never by the holder)."""
        self._quality_check_transition("verify")
        officer = self.env.user.has_group(GROUP_OFFICER)
        managers = self._quality_om_managers()
        for cert in self:
            if cert.user_id == self.env.user or not (officer or managers[cert] == self.env.user):
                raise UserError(
                    self.env._(
                        "%(cert)s is verified by the quality department or the holder's "
                        "O&M manager, not by the holder.",
                        cert=cert.display_name,
                    )
                )
            if cert.category != "skill" and not (cert.number and cert.attachment_ids):
                raise UserError(
                    self.env._(
                        "Record the number and attach the scanned copy of %(cert)s first.",
                        cert=cert.display_name,
                    )
                )
        return self._quality_transition("verify")

    @arguments(reason="text")
    def action_reopen(self, reason=None):
        return self._quality_transition("reopen", {"reminded_days": 0}, reason=reason)

    # ------------------------------------------------------------------
    @api.model
    def _cron_expiry_reminders(self, today=None):
        """Remind the holder and his O&M manager before a verified certificate
        expires, once per certificate and threshold (the nearest one reached).
        The rows are locked as they are chosen, so that two runs at once
        remind each certificate once. Today is each company's (``today``,
        when given, is every company's)."""
        done = 0
        for days, due in self._quality_expiring(
            "expiry_date", SQL("state = 'verified'"), EXPIRY_REMINDER_DAYS, today
        ):
            managers = due._quality_om_managers()
            due._quality_remind(lambda cert: cert.user_id, _summary, _deadline, {})
            due._quality_remind(managers.get, _summary, _deadline, {})
            due._quality_write({"reminded_days": days})
            done += len(due)
        return done

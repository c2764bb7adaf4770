"""Field declarations many records repeat: the company a record belongs to
(its own, or that of the record it belongs to), the record a line belongs to,
the vendor a supplier record or the customer a service record is about, the
internal users of a record, the records a wizard is opened on."""

from odoo import fields


def _current_company(record):
    return record.env.company


def company_field(**kwargs):
    """The company a record belongs to: required, the user's current company
    by default."""
    options = {
        "comodel_name": "res.company",
        "required": True,
        "index": True,
        "default": _current_company,
    }
    return fields.Many2one(**{**options, **kwargs})


def _company_partner_field(string, kwargs):
    options = {
        "comodel_name": "res.partner",
        "string": string,
        "required": True,
        "index": True,
        "domain": "[('is_company', '=', True)]",
        "tracking": True,
    }
    return fields.Many2one(**{**options, **kwargs})


def vendor_field(**kwargs):
    """The vendor a supplier record is about: a company partner, tracked."""
    return _company_partner_field("Vendor", kwargs)


def customer_field(**kwargs):
    """The customer a record made for him is about (his service report, his
    credit scheme): a company partner, tracked."""
    return _company_partner_field("Customer", kwargs)


# internal users only: portal customers are never responsible for anything
INTERNAL_USERS = "[('share', '=', False)]"


def current_user(record):
    """The default of a user field: the user who creates the record."""
    return record.env.user


def internal_user_field(**kwargs):
    """An internal user of a record (its responsible, owner, organiser...):
    no portal user may be chosen."""
    return fields.Many2one(**{"comodel_name": "res.users", "domain": INTERNAL_USERS, **kwargs})


def internal_users_field(**kwargs):
    """The internal users of a record (its auditors, participants, readers...):
    no portal user may be chosen."""
    return fields.Many2many(**{"comodel_name": "res.users", "domain": INTERNAL_USERS, **kwargs})


def active_records_field(comodel_name, **kwargs):
    """The records a wizard is opened on (the context's ``active_ids``)."""

    def active_records(wizard):
        return wizard.env[comodel_name].browse(wizard.env.context.get("active_ids", []))

    return fields.Many2many(comodel_name=comodel_name, default=active_records, **kwargs)


def belongs_to_field(comodel_name, **kwargs):
    """The record a line belongs to (an audit's checklist line, a policy's
    target per priority): required, indexed, deleted with it."""
    options = {"comodel_name": comodel_name, "required": True, "index": True}
    return fields.Many2one(**{**options, "ondelete": "cascade", **kwargs})


def company_of_field(link):
    """The company of the record ``link`` points to (a line's, its
    document's), stored so that the company rules and reports read it."""
    return fields.Many2one(related=f"{link}.company_id", store=True, index=True)

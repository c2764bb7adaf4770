"""What a customer reaches on the portal: the records of their company.

The portal methods run with sudo for the portal user; these say, once, which
records are theirs: those whose ``partner_id`` is the user's company (their
commercial partner), one of its contacts or one of its subsidiaries.
"""

from odoo.exceptions import AccessError


def customer_domain(env, *domain):
    """``domain`` narrowed to the records of the current user's company;
    nothing for the public user or a user without a partner."""
    partner = env.user.commercial_partner_id
    if env.user._is_public() or not partner:
        return [("id", "=", 0)]
    return [*domain, ("partner_id", "child_of", partner.id)]


def check_customer(records, message):
    """``records`` if every one of them is in their model's ``_portal_domain``
    (the current user's), else an ``AccessError`` saying ``message``."""
    mine = records.sudo().filtered_domain(records._portal_domain())
    if len(mine) != len(records):
        raise AccessError(message)
    return records

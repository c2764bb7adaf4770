from odoo.exceptions import AccessError


def require_group(env, group, message):
    """Refuse a step to a user outside ``group`` (superuser code passes)."""
    if not env.su and not env.user.has_group(group):
        raise AccessError(message)


def uninstalling(env):
    """Whether quality_ops is really being uninstalled.

    Odoo skips ``@api.ondelete(at_uninstall=False)`` guards when the context
    holds ``_force_unlink``, a key any client can send; our guards run at
    uninstall too and step aside only when the module is being removed.
    """
    from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

    if not env.context.get(MODULE_UNINSTALL_FLAG):
        return False
    return bool(
        env["ir.module.module"]
        .sudo()
        .search_count([("name", "=", "quality_ops"), ("state", "=", "to remove")], limit=1)
    )


def check_target_company(env, vals):
    """Record rules are checked before a write: a record is not moved into a
    company its user does not work for (it would leave their sight, and act
    there)."""
    company_id = vals.get("company_id")
    if company_id and not env.su and company_id not in env.user.company_ids.ids:
        raise AccessError(env._("You cannot move a record into a company you do not belong to."))

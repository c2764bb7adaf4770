from odoo.exceptions import AccessError


def require_group(env, group, message):
    """Refuse a step to a user outside ``group`` (superuser code passes)."""
    if not env.su and not env.user.has_group(group):
        raise AccessError(message)

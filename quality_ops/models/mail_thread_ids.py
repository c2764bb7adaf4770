from odoo import models

from ..tools.argument_guard import check_ids, is_quality_model


class MailThread(models.AbstractModel):
    """The ids a client sends to a quality record with a chatter, checked
    before the chatter's own ``write`` / ``unlink`` look up its messages and
    followers with them (``quality_base`` comes after the chatter in the
    method resolution order)."""

    _inherit = "mail.thread"

    def write(self, vals):
        if is_quality_model(self):
            check_ids(self)
        return super().write(vals)

    def unlink(self):
        if is_quality_model(self):
            check_ids(self)
        return super().unlink()

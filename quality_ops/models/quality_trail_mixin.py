from odoo import api, models


class QualityTrailMixin(models.AbstractModel):
    """The chatter of a quality record: mail.thread, whose posting methods are
    not called remotely. The web client posts through the chatter's routes,
    which choose the message's type, subtype, author and date themselves; a
    client calling ``message_post``, ``message_notify`` or the ``*_with_source``
    methods over RPC could
    choose them (a message "of the system", in someone else's name, dated
    last month) and write it into the record's evidence."""

    _name = "quality_ops.trail.mixin"
    _inherit = ["mail.thread"]
    _description = "Quality Record Chatter"

    @api.private
    def message_post(self, **kwargs):
        return super().message_post(**kwargs)

    @api.private
    def message_notify(self, **kwargs):
        return super().message_notify(**kwargs)

    @api.private
    def message_post_with_source(self, *args, **kwargs):
        return super().message_post_with_source(*args, **kwargs)

    @api.private
    def message_mail_with_source(self, *args, **kwargs):
        return super().message_mail_with_source(*args, **kwargs)

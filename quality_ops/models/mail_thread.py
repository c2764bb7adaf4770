from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """ "%s created" in one language: without a language in the context
        (data loading, some scheduled actions) Odoo translates the words in
        the user's language but reads the model's name in English ("Quality
        Plan 创建"); both are read in the user's language."""
        return super(MailThread, self._fallback_lang())._creation_message()

from odoo import fields, models

from ..tools.argument_guard import arguments

STEPS = [
    ("new_version", "New Version"),
    ("send_back", "Send Back to the Author"),
    ("reset", "Reset to Draft"),
    ("obsolete", "Withdraw"),
]


class QualityDocumentWizard(models.TransientModel):
    """The steps of a controlled document that need words: the change of a
    new version, or the reason to send it back, reset or withdraw it."""

    _name = "quality_ops.document.wizard"
    _description = "Controlled Document Step"

    document_id = fields.Many2one(comodel_name="quality_ops.document", required=True)
    step = fields.Selection(STEPS, required=True, default="new_version")
    major = fields.Boolean(
        string="Major Change", help="A major change goes to the next whole version (2.0)."
    )
    change_location = fields.Char(string="Where Changed")
    change_description = fields.Text(string="What Changed")
    reason = fields.Text()

    @arguments()
    def action_confirm(self):
        self.ensure_one()
        document = self.document_id
        if self.step == "new_version":
            return document.action_new_version(
                self.change_location, self.change_description, major=self.major
            )
        method = {
            "send_back": document.action_send_back,
            "reset": document.action_reset,
            "obsolete": document.action_make_obsolete,
        }[self.step]
        method(self.reason)
        return {"type": "ir.actions.act_window_close"}

"""Distribution of a controlled document: who must read it, and their
acknowledgement of each released version."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.argument_guard import arguments
from ..tools.reader_lang import reader_env
from ..tools.record_fields import internal_users_field
from ..tools.workflow_pass import with_pass


class QualityDocument(models.Model):
    _inherit = "quality_ops.document"

    ack_required = fields.Boolean(
        string="Reading Acknowledged",
        help="Its readers confirm they have read each released version.",
    )
    reader_ids = internal_users_field(
        relation="quality_ops_document_reader_rel",
        string="Readers",
        help="Who must read the document (and acknowledge it when asked); they "
        "also read it when it is confidential or secret.",
    )
    ack_ids = fields.One2many(
        comodel_name="quality_ops.document.ack",
        inverse_name="document_id",
        string="Acknowledgements",
    )
    ack_count = fields.Integer(compute="_compute_ack", string="Acknowledged")
    ack_pending_count = fields.Integer(compute="_compute_ack", string="Not Yet Acknowledged")
    acknowledged_by_me = fields.Boolean(compute="_compute_ack")

    @api.depends("ack_ids", "reader_ids")
    def _compute_ack(self):
        acks = self.env["quality_ops.document.ack"].sudo().search([("document_id", "in", self.ids)])
        readers_done = {}
        for ack in acks:
            readers_done.setdefault(ack.document_id.id, set()).add(ack.user_id.id)
        for document in self:
            done = readers_done.get(document.id, set())
            document.ack_count = len(done)
            document.ack_pending_count = len(set(document.reader_ids.ids) - done)
            document.acknowledged_by_me = self.env.uid in done

    def _ask_readers(self):
        """Readers of a document asking for acknowledgement get an activity."""
        for document in self.filtered("ack_required"):
            for reader in document.reader_ids.filtered(lambda u: u.active and not u.share):
                document.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=reader.id,
                    summary=reader_env(self.env, reader)._(
                        "Read and acknowledge %(document)s", document=document.display_name
                    ),
                )

    @arguments()
    def action_acknowledge(self):
        """The reader confirms having read this version (once)."""
        Ack = self.env["quality_ops.document.ack"].sudo()
        for document in self:
            # the reader must be able to read it: the rules decide, not this method
            document.check_access("read")
            if document.state != "released":
                raise UserError(
                    self.env._(
                        "Only the released version of %(number)s is acknowledged.",
                        number=document.number,
                    )
                )
            if not document.ack_required:
                raise UserError(
                    self.env._(
                        "%(document)s does not ask its readers to acknowledge it.",
                        document=document.display_name,
                    )
                )
            if self.env.user.share:
                raise UserError(self.env._("Only employees acknowledge controlled documents."))
            if Ack.search_count(
                [("document_id", "=", document.id), ("user_id", "=", self.env.uid)], limit=1
            ):
                continue
            with_pass(Ack, creating=True).create(
                {
                    "document_id": document.id,
                    "user_id": self.env.uid,
                    "acknowledged_at": fields.Datetime.now(),
                }
            )
            document.sudo().activity_ids.filtered(
                lambda a: a.user_id == self.env.user
            ).action_feedback(feedback=self.env._("Read and acknowledged."))
        return True

    @api.readonly
    @arguments()
    def action_view_acks(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "quality_ops.document.ack",
            "view_mode": "list",
            "domain": [("document_id", "=", self.id)],
            "context": {"create": False},
            "name": self.env._("Acknowledgements"),
        }

"""The chatter's post route: on a quality record or a ticket, a client posts a
note or a message, never one that claims to come from the system."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException

from .common import JsonRpcCalls, chatter_post
from .integrity_common import IntegrityFixture


@tagged("post_install", "-at_install")
class TestChatterRoute(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        cls.setup_assurance()
        cls.setup_credits()
        cls.ticket = cls.clock_free.sudo().ticket_id
        cls.ticket.user_id = cls.users["agent"]

    def messages(self, record):
        return (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
        )

    def test_no_system_message_through_the_route(self):
        cases = ((self.ticket, "agent"), (self.doc_released, "officer"))
        forged = (
            {"message_type": "notification"},
            {"message_type": "auto_comment"},
            {"message_type": "user_notification"},
            {"message_type": "comment", "subtype_xmlid": "mail.mt_activities"},
            {"message_type": "comment", "subtype_xmlid": "helpdesk_mgmt.hlp_tck_created"},
        )
        for record, role in cases:
            login = self.users[role].login
            before = self.messages(record)
            for extra in forged:
                with self.subTest(model=record._name, **extra):
                    with self.assertRaises(JsonRpcException) as caught:
                        chatter_post(self, login, record, body="系统已确认", **extra)
                    self.assertIn("UserError", str(caught.exception))
            self.assertEqual(self.messages(record), before, record._name)

    def test_notes_and_messages_still_posted(self):
        login = self.users["agent"].login
        before = self.messages(self.ticket)
        note_id = chatter_post(
            self, login, self.ticket, body="Checked the cable", subtype_xmlid="mail.mt_note"
        )
        message_id = chatter_post(
            self,
            login,
            self.ticket,
            body="We are on our way",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        posted = self.messages(self.ticket) - before
        self.assertEqual(set(posted.ids), {note_id, message_id})
        note = posted.browse(note_id)
        self.assertEqual(
            (note.message_type, note.subtype_id, note.author_id),
            ("comment", self.env.ref("mail.mt_note"), self.users["agent"].partner_id),
        )

    def test_the_chatter_knows_which_records_are_frozen(self):
        """The chatter is told (``quality_frozen``) not to offer to edit or
        delete the notes and files the server refuses to change."""
        from odoo.addons.mail.tools.discuss import Store

        def frozen_flag(record):
            store = Store()
            record.with_user(self.users["officer"])._thread_to_store(
                store, [], request_list=["attachments"]
            )
            (data,) = [
                row
                for row in store.get_result()["mail.thread"]
                if row["id"] == record.id and row["model"] == record._name
            ]
            return data.get("quality_frozen")

        self.assertIs(frozen_flag(self.doc_released), True)
        self.assertIs(frozen_flag(self.doc_draft), False)

"""The doors to the trail besides the chatter's route: Odoo's mail composer
(sent now or scheduled) and a scheduled message created directly, driven
over JSON-RPC as a plain client. On a quality record a person posts a note
or a message in their own name; the *Taken Back* note, which keeps a record
from deletion, is written by its step only."""

from odoo.tests import HttpCase, tagged

from .common import JsonRpcCalls
from .integrity_common import IntegrityFixture


@tagged("post_install", "-at_install")
class TestTrailDoors(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        ref = cls.env.ref
        cls.step_back = ref("quality_ops.mt_step_back")
        cls.note = ref("mail.mt_note")
        cls.manager_partner = cls.users["manager"].partner_id

    def messages(self, record):
        return (
            self.env["mail.message"]
            .sudo()
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
        )

    def compose(self, role, record, **values):
        return self.call(
            role,
            "mail.compose.message",
            "create",
            [
                {
                    "composition_mode": "comment",
                    "model": record._name,
                    "res_ids": str(record.ids),
                    "body": "<p>Now in progress. Reason: wrong scope</p>",
                    **values,
                }
            ],
        )[0]

    def assert_composer_refused(self, role, record, method, **values):
        composer = self.compose(role, record, **values)
        refused = self.assert_refused(role, "mail.compose.message", method, [composer])
        # our rule's UserError, before any access check of Odoo's
        self.assertIn("UserError", refused)

    def test_the_composer_forges_no_taken_back_note_nor_author(self):
        plan, officer = self.plan_draft, "officer"
        before = self.messages(plan)
        forged = (
            {"subtype_id": self.step_back.id, "message_type": "notification"},
            {"subtype_id": self.step_back.id},
            {"author_id": self.manager_partner.id, "subtype_id": self.note.id},
            {"message_type": "notification", "subtype_id": self.note.id},
        )
        for method in ("action_send_mail", "action_schedule_message"):
            for values in forged:
                with self.subTest(method=method, values=values):
                    extra = (
                        {"scheduled_date": "2099-01-01 08:00:00"} if "schedule" in method else {}
                    )
                    self.assert_composer_refused(officer, plan, method, **values, **extra)
        self.assertEqual(self.messages(plan), before)
        self.assertFalse(
            self.env["mail.scheduled.message"].sudo().search([("res_id", "=", plan.id)])
        )
        # nothing marked the draft as taken back: its author deletes it
        self.call("manager", "quality_ops.plan", "unlink", plan.ids)
        self.assertFalse(plan.exists())

    def test_the_composer_posts_a_persons_note_in_their_name(self):
        plan = self.plan_draft
        composer = self.compose("manager", plan, subtype_id=self.note.id)
        self.call("manager", "mail.compose.message", "action_send_mail", [composer])
        posted = self.messages(plan).filtered(lambda m: "wrong scope" in str(m.body))
        self.assertEqual(len(posted), 1)
        self.assertEqual(
            (posted.author_id, posted.subtype_id, posted.message_type),
            (self.manager_partner, self.note, "comment"),
        )
        # a note scheduled through the composer is its author's too
        composer = self.compose(
            "manager", plan, subtype_id=self.note.id, scheduled_date="2099-01-01 08:00:00"
        )
        self.call("manager", "mail.compose.message", "action_schedule_message", [composer])
        scheduled = self.env["mail.scheduled.message"].sudo().search([("res_id", "=", plan.id)])
        self.assertEqual(scheduled.author_id, self.manager_partner)

    def test_with_a_template_the_author_is_still_who_sends(self):
        """Odoo makes a template's sender (here the company) the author; on
        evidence the author is the person who sends, whatever the client sent."""
        self.company.partner_id.email = "quality@harbour-ops.example.com"
        self.company.email = "quality@harbour-ops.example.com"
        audit = self.audit_planned
        template = self.env.ref("quality_ops.mail_template_audit_reminder")
        for author in (None, self.manager_partner.id):
            values = {"template_id": template.id}
            if author:
                values["author_id"] = author
            composer = self.compose("officer", audit, **values)
            self.call("officer", "mail.compose.message", "action_send_mail", [composer])
        sent = self.messages(audit).filtered(lambda m: "wrong scope" in str(m.body))
        self.assertEqual(len(sent), 2)
        self.assertEqual(sent.author_id, self.users["officer"].partner_id)
        # nor from another sender than the template's
        self.assert_composer_refused(
            "officer",
            audit,
            "action_send_mail",
            template_id=template.id,
            email_from='"Quality Manager" <qo_i_manager@example.com>',
        )
        # without a template: neither another author, nor none with a sender typed in
        self.assert_composer_refused(
            "officer", audit, "action_send_mail", author_id=self.company.partner_id.id
        )
        self.assert_composer_refused(
            "officer", audit, "action_send_mail", author_id=False, email_from="ceo@example.com"
        )
        # nor as a mass mailing in another's name
        self.assert_composer_refused(
            "officer",
            audit,
            "action_send_mail",
            composition_mode="mass_mail",
            author_id=self.manager_partner.id,
        )
        # nor by the template methods, which are not called remotely
        refused = self.assert_refused(
            "officer",
            "quality_ops.audit",
            "message_mail_with_source",
            audit.ids,
            "quality_ops.mail_template_audit_reminder",
            author_id=self.manager_partner.id,
        )
        self.assertIn("AccessError", refused)

    def test_a_direct_message_has_its_posters_name(self):
        plan = self.plan_draft
        base = {"model": plan._name, "res_id": plan.id, "body": "Approved by the CEO"}
        for values in (
            {"author_id": False, "email_from": "ceo@example.com"},
            {"email_from": "x@y"},
        ):
            with self.subTest(values=values):
                refused = self.assert_refused(
                    "manager", "mail.message", "create", [{**base, **values}]
                )
                self.assertIn("UserError", refused)

    def test_the_files_of_a_note_are_its_authors(self):
        audit = self.audit_planned
        composer = self.compose("officer", audit, subtype_id=self.note.id)
        attachment_id = self.call(
            "officer",
            "ir.attachment",
            "create",
            [
                {
                    "name": "minutes.txt",
                    "datas": "bWludXRlcw==",  # "minutes"
                    "res_model": "mail.compose.message",
                    "res_id": composer,
                }
            ],
        )[0]
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.call(
            "officer",
            "mail.compose.message",
            "write",
            [composer],
            {"attachment_ids": [(6, 0, attachment.ids)]},
        )
        self.call("officer", "mail.compose.message", "action_send_mail", [composer])
        note = self.messages(audit).filtered(lambda m: "wrong scope" in str(m.body))
        self.assertEqual(note.attachment_ids, attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), (audit._name, audit.id))
        # the manager may write the audit, not the officer's note's file
        for method, args in (
            ("write", [attachment.ids, {"raw": "changed"}]),
            ("write", [attachment.ids, {"res_id": self.audit_running.id}]),
            ("write", [attachment.ids, {"access_token": "shared"}]),
            ("write", [attachment.ids, {"description": "Forged"}]),
            ("unlink", [attachment.ids]),
        ):
            with self.subTest(method=method, args=args):
                refused = self.assert_refused("manager", "ir.attachment", method, *args)
                self.assertIn("UserError", refused)
        self.assertEqual((attachment.raw, attachment.res_id), (b"minutes", audit.id))
        self.assertFalse(attachment.access_token or attachment.description)
        # nor takes it into a message of his own (whose edit would delete it)
        own = self.compose(
            "manager", audit, subtype_id=self.note.id, attachment_ids=[(4, attachment.id)]
        )
        refused = self.assert_refused("manager", "mail.compose.message", "action_send_mail", [own])
        self.assertIn("UserError", refused)
        mine = self.call(
            "manager",
            "mail.message",
            "create",
            [{"model": audit._name, "res_id": audit.id, "body": "Mine", "message_type": "comment"}],
        )[0]
        refused = self.assert_refused(
            "manager", "mail.message", "write", [mine], {"attachment_ids": [(4, attachment.id)]}
        )
        self.assertIn("UserError", refused)
        self.assertEqual(
            self.env["mail.message"].search([("attachment_ids", "in", attachment.ids)]), note
        )
        # its author does, as the chatter's edit does
        self.call("officer", "ir.attachment", "unlink", attachment.ids)
        self.assertFalse(attachment.exists())

    def test_a_scheduled_message_is_its_authors_note(self):
        plan = self.plan_draft
        base = {
            "model": plan._name,
            "res_id": plan.id,
            "body": "<p>Now in progress. Reason: wrong scope</p>",
            "scheduled_date": "2099-01-01 08:00:00",
        }
        own = self.users["manager"].partner_id.id
        comment = '"message_type": "comment"'
        for values in (
            {
                "author_id": own,
                "notification_parameters": '{%s, "subtype_id": %d}' % (comment, self.step_back.id),
            },
            {"author_id": own, "notification_parameters": '{"message_type": "notification"}'},
            # without a type, Odoo would post it as a notification of the system
            {"author_id": own},
            {"author_id": own, "notification_parameters": '{"subtype_id": [1]}'},
            {"author_id": own, "notification_parameters": '{%s, "email_from": "ceo@x"}' % comment},
            {"author_id": self.users["rep"].partner_id.id},
            {"author_id": own, "notification_parameters": "[1, 2]"},
        ):
            with self.subTest(values=values):
                refused = self.assert_refused(
                    "manager", "mail.scheduled.message", "create", [{**base, **values}]
                )
                self.assertIn("UserError", refused)
        scheduled_id = self.call(
            "manager",
            "mail.scheduled.message",
            "create",
            [{**base, "author_id": own, "notification_parameters": "{%s}" % comment}],
        )[0]
        # and stays so: neither its author nor its parameters are rewritten
        for values in (
            {"author_id": self.users["rep"].partner_id.id},
            {"notification_parameters": '{"subtype_id": %d}' % self.step_back.id},
        ):
            with self.subTest(write=values):
                self.assert_refused(
                    "manager", "mail.scheduled.message", "write", [scheduled_id], values
                )
        scheduled = self.env["mail.scheduled.message"].sudo().browse(scheduled_id)
        self.assertEqual(
            (scheduled.author_id.id, scheduled.notification_parameters), (own, "{%s}" % comment)
        )
        # posted now, it is the manager's comment
        self.call("manager", "mail.scheduled.message", "post_message", [scheduled_id])
        posted = self.messages(plan).filtered(lambda m: "wrong scope" in str(m.body))
        self.assertEqual((posted.author_id.id, posted.message_type), (own, "comment"))

    def test_a_message_is_not_moved_onto_a_record_by_its_res_id(self):
        plan = self.plan_approved
        message = self.env["mail.message"].create(
            {
                "model": plan._name,
                "res_id": False,
                "subtype_id": self.step_back.id,
                "message_type": "notification",
                "body": "Backdated",
                "date": "2025-01-02 09:00:00",
            }
        )
        refused = self.assert_refused(
            "admin", "mail.message", "write", message.ids, {"res_id": plan.id}
        )
        self.assertIn("UserError", refused)
        self.assertFalse(message.res_id)
        self.assertNotIn(message, self.messages(plan))

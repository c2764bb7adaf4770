"""After an independent attack over JSON-RPC: the ways around the trail, the
ratings and the argument checks it found, each tried again as the role that
found it, refused, and nothing changed."""

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import JsonRpcCalls, chatter_post
from .integrity_common import IntegrityFixture

REFUSED = ("UserError", "AccessError", "ValidationError")


@tagged("post_install", "-at_install")
class TestForgeryOverRpc(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_all()
        cls.ticket = cls.clock_free.sudo().ticket_id
        cls.ticket.user_id = cls.users["agent"]
        cls.bot = cls.env.ref("base.partner_root")

    def messages(self, record):
        return (
            self.env["mail.message"]
            .sudo()
            .search_count([("model", "=", record._name), ("res_id", "=", record.id)])
        )

    def test_no_message_in_the_systems_or_someone_elses_name(self):
        cases = (
            (self.ticket, "agent"),
            (self.doc_released, "officer"),
            (self.exemption_approved, "lead"),
        )
        forged = (
            {"author_id": self.bot.id},
            {"author_id": self.users["manager"].partner_id.id},
            {"message_type": "notification"},
            {"subtype_xmlid": "mail.mt_activities"},
        )
        for record, role in cases:
            before = self.messages(record)
            for extra in forged:
                with self.subTest(model=record._name, **{k: str(v) for k, v in extra.items()}):
                    self.assert_refused(
                        role, record._name, "message_post", record.ids, body="系统已确认", **extra
                    )
            self.assert_refused(
                role,
                record._name,
                "message_notify",
                record.ids,
                author_id=self.bot.id,
                partner_ids=self.users["manager"].partner_id.ids,
                body="免责已批准",
            )
            self.assertEqual(self.messages(record), before, record._name)

    def test_a_note_keeps_its_type_author_and_date(self):
        login = self.users["agent"].login
        note_id = chatter_post(
            self,
            login,
            self.ticket,
            body="Checked the cable",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        note = self.env["mail.message"].sudo().browse(note_id)
        kept = (note.message_type, note.date, note.author_id)
        for vals in (
            {"message_type": "notification"},
            {"date": "2026-11-01 00:00:00"},
            {"author_id": self.users["manager"].partner_id.id},
        ):
            with self.subTest(vals=str(vals)):
                self.assert_refused("agent", "mail.message", "write", [note_id], vals)
        self.assertEqual((note.message_type, note.date, note.author_id), kept)
        # his text he may still correct, while the ticket is open
        self.call("agent", "mail.message", "write", [note_id], {"body": "Checked both cables"})
        self.env.invalidate_all()
        self.assertIn("both cables", note.body)
        # and a message is not created directly with a date of the past
        before = self.messages(self.ticket)
        self.assert_refused(
            "agent",
            "mail.message",
            "create",
            [
                {
                    "model": "helpdesk.ticket",
                    "res_id": self.ticket.id,
                    "message_type": "comment",
                    "body": "Answered last month",
                    "date": "2026-11-01 00:00:00",
                }
            ],
        )
        self.assertEqual(self.messages(self.ticket), before)

    def test_an_agent_made_customer_does_not_rate(self):
        """The agent makes himself the ticket's customer and rates it in the
        chatter: no rating."""
        engineer = self.users["agent"]
        customer = {"partner_id": engineer.partner_id.id}
        # the ticket has breached (the fixture): it stays on its customer for
        # him, so he is its customer from the start
        self.assertEqual(self.clock_free.state, "breached")
        self.assert_refused("agent", "helpdesk.ticket", "write", self.ticket.ids, customer)
        self.ticket.write(customer)
        self.authenticate(engineer.login, engineer.login)
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.ticket.id,
                    "post_data": {"body": "Perfect", "message_type": "comment", "rating_value": 5},
                },
            )
        self.env.invalidate_all()
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "=", self.ticket.id),
                    ("consumed", "=", True),
                ]
            )
        )
        self.assertFalse(ratings)

    def test_filters_and_texts_that_are_not_what_they_claim(self):
        Statement = "quality_ops.sla.statement"
        for value in ("2026-13-01", 20261101, "last month", True):
            with self.subTest(value=str(value)):
                self.assert_refused(
                    "lead", Statement, "search_read", [("date_from", "=", value)], ["name"]
                )
        before = self.env["quality_ops.document"].sudo().search_count([])
        self.assert_refused(
            "officer",
            "quality_ops.document",
            "create",
            [{"number": "T-NUM", "name": 12345, "kind": "procedure"}],
        )
        self.assertEqual(self.env["quality_ops.document"].sudo().search_count([]), before)

    def test_a_project_lead_reads_the_sla_analysis_of_his_projects(self):
        """Found on the screens: the project lead's SLA analysis was empty
        (the analyses count only the tickets their reader may read)."""
        lead = self.users["lead"]
        mine = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [("project_id", "=", self.project.id), ("company_id", "in", lead.company_ids.ids)]
            )
        )
        self.assertTrue(mine)
        rows = self.call("lead", "quality_ops.sla.report", "search_read", [], ["ticket_id"])
        seen = {row["ticket_id"][0] for row in rows if row["ticket_id"]}
        # every row of his project's tickets that the quality manager sees
        expected = {
            row["ticket_id"][0]
            for row in self.call(
                "manager",
                "quality_ops.sla.report",
                "search_read",
                [("ticket_id", "in", mine.ids)],
                ["ticket_id"],
            )
        }
        self.assertTrue(expected)
        self.assertEqual(seen & set(mine.ids), expected)
        # read, not written
        self.assert_refused(
            "lead", "helpdesk.ticket", "write", mine[:1].ids, {"name": "Renamed by the lead"}
        )

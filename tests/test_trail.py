"""The trail is evidence: the chatter of a quality record, driven over
JSON-RPC as the people who tried to rewrite it."""

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import JsonRpcCalls, chatter_post
from .integrity_common import IntegrityFixture

MAIL_LOGGERS = ("odoo.http", "odoo.addons.mail.controllers.thread")


@tagged("post_install", "-at_install")
class TestTrailOverRpc(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        cls.setup_credits()
        users = cls.users
        # the fixture's records are made without tracking: these ones with it
        env = cls.tracked_env = cls.env(
            context={k: v for k, v in cls.env.context.items() if k != "tracking_disable"}
        )
        target = {"indicator_id": cls.ind_resp.id, "target_value": 95, "warning_value": 90}
        Plan = env["quality_ops.plan"]
        cls.trail_plan = Plan.create(
            {"name": "Plan with a history", "year": 2034, "target_ids": [(0, 0, target)]}
        )
        cls._log_tracking()
        # a note of the representative, before the plan was submitted
        cls.rep_note = (
            cls.trail_plan.with_user(users["rep"])
            .message_post(
                body="Targets checked against last year.",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            .with_env(env)
        )
        cls.trail_plan.with_user(users["manager"]).action_submit()
        cls.trail_plan.with_user(users["rep"]).action_approve()
        cls._log_tracking()
        cls.plan_tracking = cls._tracking_messages(cls.trail_plan)
        assert cls.trail_plan.state == "approved" and cls.plan_tracking

        cls.open_plan = Plan.create(
            {"name": "Plan still drafted", "year": 2035, "target_ids": [(0, 0, target)]}
        )

        # an exemption of the engineer, approved by the officer, with its trace
        clock = cls.clock_free.sudo()
        clock.ticket_id.with_env(env).write({"user_id": users["engineer"].id})
        cls.trail_exemption = (
            env["quality_ops.sla.exemption"]
            .with_user(users["engineer"])
            .create(
                {
                    "clock_id": clock.id,
                    "reason": "customer",
                    "description": "The customer kept the room closed.",
                }
            )
            .with_env(env)
        )
        # Odoo tracks no change of a record in the transaction that created it
        cls._log_tracking()
        cls.trail_exemption.with_user(users["officer"]).action_approve("Room closed")
        cls._log_tracking()
        cls.exemption_trace = cls._tracking_messages(cls.trail_exemption)
        assert cls.trail_exemption.state == "approved" and cls.exemption_trace

    @classmethod
    def _log_tracking(cls):
        """Odoo logs the tracked changes just before the commit."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    @classmethod
    def _tracking_messages(cls, record):
        return (
            cls.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("tracking_value_ids", "!=", False),
                ]
            )
        )

    # ------------------------------------------------------------------
    def login(self, role):
        return "admin" if role == "admin" else self.users[role].login

    def assert_refused(self, role, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as caught, mute_logger(*MAIL_LOGGERS):
            self.call(self.login(role), model, method, *args, **kwargs)
        name = str(caught.exception)
        self.assertTrue(
            any(kind in name for kind in ("UserError", "AccessError", "ValidationError")),
            name,
        )
        self.env.invalidate_all()

    def update_content(self, role, message, body):
        """The chatter's edit (and, with an empty body, its delete)."""
        login = self.login(role)
        self.authenticate(login, login)
        with mute_logger("odoo.http"):  # refusals a test provokes
            return self.make_jsonrpc_request(
                "/mail/message/update_content",
                {
                    "message_id": message.id,
                    "update_data": {"body": body, "attachment_ids": []},
                    "thread_model": message.model,
                    "thread_id": message.res_id,
                },
            )

    def assert_update_refused(self, role, message, body, by_odoo=False):
        """Refused by our rule (a UserError), or ``by_odoo`` (Odoo lets only
        the author and the administrator reach the message: NotFound)."""
        with self.assertRaises(JsonRpcException) as caught, mute_logger(*MAIL_LOGGERS):
            self.update_content(role, message, body)
        expected = "werkzeug.exceptions.NotFound" if by_odoo else "UserError"
        self.assertIn(expected, str(caught.exception))
        self.env.invalidate_all()

    def snapshot(self, messages):
        messages = messages.sudo()
        return sorted(
            (
                message.id,
                str(message.body),
                message.author_id.id,
                # the values themselves: their order in the cache follows
                # their creation, read back it follows the model's _order
                tuple(
                    sorted(
                        (t.field_id.name, t.old_value_char, t.new_value_char, t.old_value_integer)
                        for t in message.tracking_value_ids
                    )
                ),
            )
            for message in messages.exists()
        )

    # ------------------------------------------------------------------
    def test_manager_cannot_rewrite_an_approved_plan_history(self):
        plan, tracking, note = self.trail_plan, self.plan_tracking, self.rep_note
        before = self.snapshot(tracking | note)
        all_before = self.snapshot(plan.message_ids)
        Message = "mail.message"
        # delete the tracking of the approval, rewrite the representative's note
        self.assert_refused("manager", Message, "unlink", tracking.ids)
        self.assert_refused("manager", Message, "write", note.ids, {"body": "<p>Forged</p>"})
        self.assert_refused("manager", Message, "unlink", note.ids)
        self.assert_update_refused("manager", note, "Forged", by_odoo=True)
        own_tracking = tracking.sudo().filtered(
            lambda m: m.author_id == self.users["manager"].partner_id
        )
        self.assertTrue(own_tracking)  # the manager submitted the plan
        self.assert_update_refused("manager", own_tracking[:1], "Forged")
        self.assert_refused("manager", Message, "unlink", own_tracking.ids)
        # the administrator is refused the same, tracking values included
        values = tracking.sudo().tracking_value_ids
        self.assert_refused("admin", Message, "unlink", tracking.ids)
        self.assert_refused("admin", Message, "write", tracking.ids, {"body": "<p>x</p>"})
        self.assert_update_refused("admin", note, "Forged")
        self.assert_refused(
            "admin", "mail.tracking.value", "write", values.ids, {"new_value_char": "Draft"}
        )
        self.assert_refused("admin", "mail.tracking.value", "unlink", values.ids)
        self.assert_refused(
            "admin",
            "mail.tracking.value",
            "create",
            [
                {
                    "mail_message_id": note.id,
                    "field_id": values[:1].field_id.id,
                    "old_value_char": "Approved",
                    "new_value_char": "Draft",
                }
            ],
        )
        # nor moved to another record
        self.assert_refused("admin", Message, "write", tracking.ids, {"res_id": self.open_plan.id})
        self.assertEqual(self.snapshot(tracking | note), before)
        self.assertEqual(self.snapshot(plan.message_ids), all_before)

    def test_exemption_requester_cannot_delete_the_approval(self):
        trace = self.exemption_trace
        before = self.snapshot(trace)
        self.assert_refused("engineer", "mail.message", "unlink", trace.ids)
        self.assert_refused(
            "engineer", "mail.message", "write", trace.ids, {"body": "<p>Withdrawn</p>"}
        )
        self.assert_update_refused("engineer", trace[:1], "", by_odoo=True)
        # nor the trace of his own request, though he is its author
        created = self.env["mail.message"].search(
            [
                ("model", "=", self.trail_exemption._name),
                ("res_id", "=", self.trail_exemption.id),
                ("author_id", "=", self.users["engineer"].partner_id.id),
            ]
        )
        self.assertTrue(created)
        before += self.snapshot(created)
        self.assert_update_refused("engineer", created[:1], "")
        self.assert_refused("engineer", "mail.message", "unlink", created.ids)
        self.assertEqual(sorted(self.snapshot(trace) + self.snapshot(created)), sorted(before))
        self.assertEqual(self.trail_exemption.state, "approved")

    def test_no_forged_trace(self):
        """Nobody puts a tracked change or a system message on a record by hand."""
        plan = self.trail_plan
        count = len(plan.message_ids)
        field = self.env["ir.model.fields"]._get("quality_ops.plan", "state")
        tracking = [(0, 0, {"field_id": field.id, "old_value_char": "A", "new_value_char": "B"})]
        self.assert_refused(
            "manager",
            "mail.message",
            "create",
            [
                {
                    "model": plan._name,
                    "res_id": plan.id,
                    "message_type": "notification",
                    "body": "Approved by the representative",
                }
            ],
        )
        odoobot = self.env.ref("base.partner_root")
        self.assert_refused(
            "admin",
            "mail.message",
            "create",
            [
                {
                    "model": plan._name,
                    "res_id": plan.id,
                    "author_id": odoobot.id,
                    "body": "Approved",
                    "tracking_value_ids": tracking,
                }
            ],
        )
        self.assert_refused(
            "admin",
            "quality_ops.plan",
            "message_post",
            plan.ids,
            body="Approved",
            tracking_value_ids=tracking,
        )
        self.env.invalidate_all()
        self.assertEqual(len(plan.message_ids), count)

    def test_notes_stay_free_on_an_open_record(self):
        plan = self.open_plan
        # anyone who may read it adds notes, on a frozen record too
        for record in (plan, self.trail_plan):
            posted = chatter_post(
                self,
                self.users["manager"].login,
                record,
                body="Reviewed with the project leads.",
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.assertTrue(posted)
        own = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("model", "=", plan._name), ("res_id", "=", plan.id)],
                order="id desc",
                limit=1,
            )
        )
        self.assertEqual(own.author_id, self.users["manager"].partner_id)
        # its author edits it, in the chatter and by write
        self.update_content("manager", own, "Reviewed with the leads and the customer.")
        self.env.invalidate_all()
        self.assertIn("the customer", str(own.body))
        self.call(
            self.users["manager"].login,
            "mail.message",
            "write",
            own.ids,
            {"body": "<p>Reviewed twice.</p>"},
        )
        self.env.invalidate_all()
        self.assertIn("twice", str(own.body))
        # nobody else does
        self.assert_update_refused("rep", own, "Not reviewed", by_odoo=True)
        self.assert_update_refused("admin", own, "Not reviewed")
        self.assertIn("twice", str(own.body))
        # the note of a frozen record stays as it was, even for its author
        frozen_note = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("model", "=", plan._name), ("res_id", "=", self.trail_plan.id)],
                order="id desc",
                limit=1,
            )
        )
        self.assertEqual(frozen_note.author_id, self.users["manager"].partner_id)
        self.assert_update_refused("manager", frozen_note, "Changed")
        self.assert_refused("manager", "mail.message", "unlink", frozen_note.ids)
        self.assertTrue(frozen_note.exists())
        # the author deletes his note of the open record
        self.call(self.users["manager"].login, "mail.message", "unlink", own.ids)
        self.assertFalse(own.exists())

    def test_a_draft_is_deleted_with_its_history(self):
        plan = self.open_plan
        messages = plan.message_ids
        self.assertTrue(messages)
        self.call(self.users["manager"].login, "quality_ops.plan", "unlink", plan.ids)
        self.assertFalse(plan.exists())
        self.assertFalse(messages.exists())
        # an approved one is not, and keeps its history
        self.assert_refused("manager", "quality_ops.plan", "unlink", self.trail_plan.ids)
        self.assertTrue(self.trail_plan.exists() and self.plan_tracking.exists())

    def test_ticket_tracking_is_kept(self):
        """The stage history of a ticket is what its SLA figures are rebuilt from."""
        ticket = self.credit_ticket.with_env(self.tracked_env)
        stage = self.env["helpdesk.ticket.stage"].search(
            [("id", "!=", ticket.stage_id.id), ("closed", "=", False)], limit=1
        )
        ticket.write({"stage_id": stage.id})
        self._log_tracking()
        tracking = self._tracking_messages(ticket)
        self.assertTrue(tracking)
        before = self.snapshot(tracking)
        self.assert_refused("engineer", "mail.message", "unlink", tracking.ids)
        self.assert_refused("admin", "mail.message", "unlink", tracking.ids)
        self.assert_update_refused("admin", tracking[:1], "")
        self.assertEqual(self.snapshot(tracking), before)

    def test_outgoing_mail_keeps_its_own_path(self):
        """Odoo's outgoing mail records and cleans up its own mails, nothing more."""
        plan = self.trail_plan
        Mail = self.env["mail.mail"].sudo()
        mail = Mail.create(
            {
                "model": plan._name,
                "res_id": plan.id,
                "subject": "Plan approved",
                "body_html": "<p>Approved.</p>",
                "email_to": "customer@example.com",
            }
        )
        message = mail.mail_message_id
        self.assertEqual((message.model, message.res_id), (plan._name, plan.id))
        mail.unlink()  # sent and auto-deleted: its message goes with it
        self.assertFalse(message.exists())
        # a mail does not carry a forged message, nor rewrite one
        tracking = self.plan_tracking[:1]
        before = self.snapshot(tracking)
        for vals in (
            {"model": plan._name, "res_id": plan.id, "message_type": "notification"},
            {"mail_message_id": tracking.id, "body": "<p>Forged</p>"},
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                Mail.create(dict(vals, body_html="<p>x</p>", email_to="a@example.com"))
        notification = Mail.create(
            {"mail_message_id": tracking.id, "body_html": "<p>x</p>", "is_notification": False}
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            notification.unlink()  # would delete the tracking with it
        self.assertEqual(self.snapshot(tracking), before)

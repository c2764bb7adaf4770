"""The quality department corrects the contract of a ticket filed under the
wrong one (Correct SLA Attribution): the people measured cannot, neither
through the dialog nor around it; the correction keeps its reason in the
ticket's chatter and never moves a ticket out of or into a settled month."""

from freezegun import freeze_time
from markupsafe import escape

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from . import sla_credits_common as fixture
from .common import load_chinese, role_user
from .sla_credits_common import D

WIZARD = "quality_ops.ticket.correction"


@tagged("post_install", "-at_install")
@freeze_time("2031-04-10 04:00:00")  # March 2031 is over: its statements can be drawn up
class TestTicketCorrection(fixture.SlaCreditsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.om_manager = role_user(cls.env, "qo_t_om", "helpdesk_manager", company=cls.company)
        cls.ticket = cls.clocks["C", "resolution"].ticket_id  # P2, breached in March
        load_chinese(cls.env)
        cls.zh_officer = role_user(
            cls.env, "qo_t_zh_officer", "officer", company=cls.company, lang="zh_CN"
        )

    def correct(self, user, **vals):
        wizard = (
            self.env[WIZARD]
            .with_user(user)
            .with_context(default_ticket_id=self.ticket.id)
            .create({"reason": "Filed under the hospital by the dispatcher", **vals})
        )
        return wizard.action_confirm()

    def test_the_officer_corrects_a_breached_ticket(self):
        clock = self.clocks["C", "resolution"]
        deadline, breached_at = clock.deadline, clock.breached_at
        # he reads the ticket but does not work it: no write of his own
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.ticket.with_user(self.officer).write({"priority": "1"})
        defaults = (
            self.env[WIZARD]
            .with_user(self.officer)
            .with_context(default_ticket_id=self.ticket.id)
            .default_get(["ticket_id", "project_id", "partner_id", "priority"])
        )
        self.assertEqual(defaults["project_id"], self.project.id)
        self.assertEqual(defaults["priority"], "2")
        self.correct(self.officer, project_id=self.other_project.id, priority="1")
        self.assertEqual(self.ticket.project_id, self.other_project)
        self.assertEqual(self.ticket.priority, "1")
        # the breach keeps its instant and the deadline it was judged against
        self.assertEqual(
            (clock.state, clock.deadline, clock.breached_at), ("breached", deadline, breached_at)
        )
        note = self.ticket.message_ids.filtered(
            lambda m: "Filed under the hospital by the dispatcher" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.officer.partner_id)
        self.assertTrue(note.subtype_id == self.env.ref("mail.mt_note"))
        self.assertIn(escape(self.project.display_name), note.body)
        self.assertIn(escape(self.other_project.display_name), note.body)

    def test_the_people_measured_do_not_correct(self):
        for user in (self.engineer, self.lead, self.om_manager, self.portal):
            with self.subTest(user=user.login), mute_logger("odoo.models", "odoo.addons.base"):
                with self.assertRaises(AccessError):
                    self.correct(user, priority="1")
        # nor through a dialog another made for them
        wizard = (
            self.env[WIZARD]
            .sudo()
            .create({"ticket_id": self.ticket.id, "priority": "1", "reason": "Mine"})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.engineer).action_confirm()
        self.assertEqual(self.ticket.priority, "2")

    def test_a_reason_and_a_change_are_needed(self):
        with self.assertRaisesRegex(UserError, "Say why"):
            self.correct(self.officer, priority="1", reason="   ")
        with self.assertRaisesRegex(UserError, "the ticket's own"):
            self.correct(self.officer, project_id=self.project.id)
        elsewhere = self.env["project.project"].create(
            {"name": "Elsewhere O&M", "company_id": self.env.ref("base.main_company").id}
        )
        with self.assertRaisesRegex(UserError, "another company"):
            self.correct(self.officer, project_id=elsewhere.id)
        self.assertEqual(self.ticket.priority, "2")
        self.assertEqual(self.ticket.project_id, self.project)

    def test_no_correction_out_of_or_into_a_settled_month(self):
        statement = self.env["quality_ops.sla.statement"]._draft_statements(
            [D(2031, 3, 1)], self.scheme
        )
        statement.with_user(self.lead).action_confirm()
        with self.assertRaisesRegex(UserError, "is counted in SLA statement"):
            self.correct(self.officer, priority="1")
        self.assertEqual(self.ticket.priority, "2")
        # a ticket of another contract does not move into the settled month
        self.ticket = self.clocks["H", "resolution"].ticket_id
        # (refused after the write: the savepoint of assertRaises rolls it back,
        # as a request's transaction would be)
        with self.assertRaises(UserError) as refused:
            self.correct(self.officer, project_id=self.project.id)
        self.assertIn("is counted in SLA statement", str(refused.exception))
        self.assertEqual(self.ticket.project_id, self.other_project)

    def test_a_closed_ticket_is_corrected_by_the_quality_department_only(self):
        self.ticket = self.clocks["F", "resolution"].ticket_id  # P1, met
        closed = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.ticket.stage_id = closed
        with self.assertRaisesRegex(UserError, "is closed"):
            self.ticket.with_user(self.om_manager).write({"priority": "2"})
        self.correct(self.officer, priority="2")
        self.assertEqual((self.ticket.priority, self.ticket.stage_id), ("2", closed))

    def test_what_is_not_given_is_kept_and_the_note_is_in_the_reader_s_language(self):
        # a client that names the ticket in the values (no dialog defaults) and
        # sends no language: the project and customer stay, the note reads in
        # the officer's language
        wizard = (
            self.env[WIZARD]
            .with_user(self.zh_officer)
            .with_context(lang=None)
            .create({"ticket_id": self.ticket.id, "priority": "1", "reason": "电话确认"})
        )
        wizard.action_confirm()
        self.assertEqual(
            (self.ticket.project_id, self.ticket.partner_id, self.ticket.priority),
            (self.project, self.customer, "1"),
        )
        note = self.ticket.message_ids.filtered(lambda m: "电话确认" in (m.body or ""))
        self.assertIn("质量部更正了 SLA 归属", note.body)
        self.assertIn("优先级：", note.body)
        self.assertNotIn("Priority", note.body)

import datetime as dt

import polib
from freezegun import freeze_time

from odoo import SUPERUSER_ID
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged, users
from odoo.tools import file_path

from .common import (
    CurrentUser,
    foreign_representative,
    helpdesk_team,
    load_chinese,
    local,
    office_calendar,
    role_user,
    role_users,
    utc_str,
)

# the quality department of these tests
QUALITY_DEPARTMENT = ("qo_c_officer", "qo_c_manager", "qo_c_rep")


@tagged("post_install", "-at_install")
class TestComplaint(CurrentUser, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.calendar = office_calendar(cls.env, "Complaint desk")
        users = role_users(cls.env, "qo_c", ("manager", "officer", "portal"))
        cls.manager, cls.officer, cls.portal = users["manager"], users["officer"], users["portal"]
        cls.rep = role_user(cls.env, "qo_c_rep", "representative")
        cls.leader = role_user(cls.env, "qo_c_leader", "helpdesk_manager")
        cls.agent = role_user(cls.env, "qo_c_agent", groups="helpdesk_mgmt.group_helpdesk_user_own")
        cls.env.company.write(
            {"quality_manager_id": cls.manager.id, "quality_representative_id": cls.rep.id}
        )
        # who must not read the complaints
        role_user(cls.env, "qo_c_agent2", groups="helpdesk_mgmt.group_helpdesk_user_own")
        role_user(cls.env, "qo_c_engineer", "engineer")
        foreign_representative(cls.env, "qo_c_foreign", "Elsewhere Ltd")
        cls.team = helpdesk_team(
            cls.env, "Complaint team", cls.leader, cls.agent, calendar=cls.calendar
        )
        cls.customer = cls.env["res.partner"].create({"name": "Angry Bank", "is_company": True})
        cls.Rule = cls.env["quality_ops.escalation.rule"]
        # the tests play autumn 2026: the shipped ladder has been in force since January
        # (a rule escalates only what happened after it became active)
        cls.Rule.search([]).active_since = "2026-01-01 00:00:00"
        cls.general = cls.env.ref("quality_ops.complaint_level_general")

    def new_ticket(self, env=None, **vals):
        values = {
            "name": "Slow service",
            "description": "<p>too slow</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "user_id": self.agent.id,
        }
        values.update(vals)
        return (env or self.env)["helpdesk.ticket"].create(values)

    def activities(self, complaint, user):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality_ops.complaint"),
                ("res_id", "=", complaint.id),
                ("user_id", "=", user.id),
            ]
        )

    def test_flagged_complaint_reaches_the_quality_manager_at_once(self):
        with freeze_time(utc_str(2026, 9, 28, 10)):
            ticket = self.new_ticket()
            ticket.with_user(self.agent).action_quality_flag_complaint()
        complaint = ticket.quality_complaint_ids
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.level_id, self.general)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(len(self.activities(complaint, self.manager)), 1)
        self.assertEqual(
            complaint.escalation_ids.rule_id, self.env.ref("quality_ops.escalation_rule_created")
        )
        # 24 working hours from Monday 10:00: Thursday 10:00
        self.assertEqual(complaint.response_deadline, local(2026, 10, 1, 10))
        # flagging again does not open a second complaint
        ticket.with_user(self.agent).action_quality_flag_complaint()
        self.assertEqual(len(ticket.quality_complaint_ids), 1)

    def test_overdue_flags_are_the_ladder_s_deadlines(self):
        # the list's red deadlines and its filters: from the deadline on, as
        # the escalation ladder counts it
        with freeze_time(utc_str(2026, 9, 28, 10)):
            complaint = self.env["quality_ops.complaint"].create(
                {"ticket_id": self.new_ticket().id}
            )
        Complaint = self.env["quality_ops.complaint"]

        def flags(at):
            with freeze_time(at):
                complaint.invalidate_recordset(["response_overdue", "close_overdue"])
                mine = [("id", "=", complaint.id)]
                return (
                    complaint.response_overdue,
                    complaint.close_overdue,
                    bool(Complaint.search([*mine, ("response_overdue", "=", True)])),
                    bool(Complaint.search([*mine, ("close_overdue", "=", True)])),
                    bool(Complaint.search([*mine, ("close_overdue", "!=", True)])),
                )

        before = complaint.response_deadline - dt.timedelta(minutes=1)
        self.assertEqual(flags(before), (False, False, False, False, True))
        self.assertEqual(flags(complaint.response_deadline), (True, False, True, False, True))
        self.assertEqual(flags(complaint.close_deadline), (True, True, True, True, False))
        complaint._quality_write({"responded_at": complaint.close_deadline})
        self.assertEqual(flags(complaint.close_deadline), (False, True, False, True, False))

    def test_response_overdue_climbs_the_ladder_once(self):
        with freeze_time(utc_str(2026, 9, 28, 10)):
            complaint = self.env["quality_ops.complaint"].create(
                {"ticket_id": self.new_ticket().id}
            )
        with freeze_time(utc_str(2026, 10, 1, 9, 59)):
            self.Rule._cron_escalate()
        self.assertFalse(self.activities(complaint, self.leader))
        with freeze_time(utc_str(2026, 10, 1, 10, 30)):
            self.Rule._cron_escalate()
            self.Rule._cron_escalate()
        self.assertEqual(len(self.activities(complaint, self.leader)), 1)
        # the next rung waits 4 working hours after the deadline: Thursday 15:00
        with freeze_time(utc_str(2026, 10, 1, 14, 59)):
            self.Rule._cron_escalate()
        self.assertEqual(len(self.activities(complaint, self.manager)), 1)  # creation only
        with freeze_time(utc_str(2026, 10, 1, 15, 1)):
            self.Rule._cron_escalate()
            self.Rule._cron_escalate()
        self.assertEqual(len(self.activities(complaint, self.manager)), 2)
        domain = [
            ("model", "=", "quality_ops.complaint"),
            ("res_id", "=", complaint.id),
            ("subject", "like", "Escalation"),
        ]
        # one mail to the quality manager (level 3); the closing deadline (5
        # working days for a general complaint) is not passed yet
        self.assertEqual(len(self.env["mail.mail"].search(domain)), 1)
        self.assertGreater(complaint.close_deadline, dt.datetime(2026, 10, 1, 7, 1))
        with freeze_time(complaint.close_deadline + dt.timedelta(minutes=1)):
            self.Rule._cron_escalate()
            self.Rule._cron_escalate()
        # then one to the representative
        mails = self.env["mail.mail"].search(domain)
        self.assertEqual(len(mails), 2)
        self.assertEqual(
            sorted(mails.mapped("recipient_ids").ids),
            sorted((self.manager | self.rep).partner_id.ids),
        )
        levels = sorted(complaint.escalation_ids.mapped("level"))
        self.assertEqual(levels, [1, 2, 3, 4])

    def test_answered_complaint_does_not_escalate(self):
        with freeze_time(utc_str(2026, 9, 28, 10)):
            complaint = self.env["quality_ops.complaint"].create(
                {"ticket_id": self.new_ticket().id}
            )
        with freeze_time(utc_str(2026, 9, 29, 10)):
            complaint.with_user(self.officer).stage_id = self.env.ref(
                "quality_ops.complaint_stage_investigate"
            )
        self.assertTrue(complaint.responded_on_time)
        with freeze_time(utc_str(2026, 10, 2, 10)):
            self.Rule._cron_escalate()
        self.assertFalse(self.activities(complaint, self.leader))

    def test_taken_past_investigation_it_is_answered(self):
        """Moved from acceptance straight to handling, the complaint was
        answered then: it is not escalated as unanswered; a move back to
        acceptance does not answer one."""
        with freeze_time(utc_str(2026, 9, 28, 10)):
            complaint, waiting = self.env["quality_ops.complaint"].create(
                [{"ticket_id": self.new_ticket().id}, {"ticket_id": self.new_ticket().id}]
            )
        with freeze_time(utc_str(2026, 9, 29, 10)):
            complaint.with_user(self.officer).stage_id = self.env.ref(
                "quality_ops.complaint_stage_handle"
            )
            waiting.with_user(self.officer).stage_id = self.env.ref(
                "quality_ops.complaint_stage_accept"
            )
        self.assertEqual(str(complaint.responded_at), utc_str(2026, 9, 29, 10))
        self.assertFalse(waiting.responded_at)
        with freeze_time(utc_str(2026, 10, 2, 10)):
            self.Rule._cron_escalate()
        self.assertFalse(self.activities(complaint, self.leader))
        self.assertTrue(self.activities(waiting, self.leader), "the other one is escalated")

    def test_closing_needs_cause_analysis_and_return_visit(self):
        complaint = self.env["quality_ops.complaint"].create({"ticket_id": self.new_ticket().id})
        closed = self.env.ref("quality_ops.complaint_stage_closed")
        with self.assertRaisesRegex(UserError, "without a cause analysis"):
            complaint.with_user(self.officer).stage_id = closed
        complaint.cause_analysis = "<p>Engineer on leave, no backup</p>"
        with self.assertRaisesRegex(UserError, "return visit"):
            complaint.with_user(self.officer).stage_id = closed
        complaint.customer_confirmed = True
        with self.assertRaises(AccessError):
            complaint.with_user(self.agent).write({"stage_id": closed.id})
        complaint.with_user(self.officer).stage_id = closed
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.closed_at)
        self.assertTrue(complaint.responded_at)

    def test_tickets_of_a_complaint_category_become_complaints(self):
        category = self.env["helpdesk.ticket.category"].create({"name": "Complaint"})
        self.env.company.quality_complaint_category_ids = category
        plain = self.new_ticket()
        flagged = self.new_ticket(category_id=category.id)
        self.assertFalse(plain.quality_complaint_ids)
        self.assertEqual(len(flagged.quality_complaint_ids), 1)
        plain.category_id = category
        self.assertEqual(len(plain.quality_complaint_ids), 1)

    def test_complaint_settings_apply_to_the_next_ticket(self):
        """The rules are cached: changing a setting takes effect at once."""
        tag = self.env["helpdesk.ticket.tag"].create({"name": "Angry"})
        before = self.new_ticket(tag_ids=[(6, 0, tag.ids)])
        self.assertFalse(before.quality_complaint_ids)
        self.env.company.quality_complaint_tag_ids = tag
        after = self.new_ticket(tag_ids=[(6, 0, tag.ids)])
        self.assertEqual(len(after.quality_complaint_ids), 1)
        self.env.company.quality_complaint_tag_ids = False
        self.assertFalse(self.new_ticket(tag_ids=[(6, 0, tag.ids)]).quality_complaint_ids)

    def test_complaint_raises_a_finding(self):
        complaint = self.env["quality_ops.complaint"].create({"ticket_id": self.new_ticket().id})
        complaint.with_user(self.officer).action_create_finding()
        self.assertEqual(complaint.finding_id.origin, "complaint")
        self.assertEqual(complaint.finding_id.source_ref, complaint)

    def a_complaint(self):
        """A complaint on a new ticket of the agent's, as the system opens it."""
        root = self.env(user=SUPERUSER_ID)
        ticket = self.new_ticket(env=root)
        return root["quality_ops.complaint"].create({"ticket_id": ticket.id})

    @users("qo_c_portal")
    def test_customers_read_no_complaint_nor_what_measures_them(self):
        for model in (
            "quality_ops.complaint",
            "quality_ops.escalation",
            "quality_ops.followup",
            "quality_ops.survey.campaign",
            "quality_ops.escalation.rule",
            "quality_ops.satisfaction.report",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])

    @users("qo_c_agent")
    def test_the_agent_of_the_ticket_reads_and_answers_it(self):
        complaint = self.mine(self.a_complaint())
        self.assertEqual(
            self.env["quality_ops.complaint"].search([("id", "=", complaint.id)]), complaint
        )
        complaint.handling = "<p>Called the customer</p>"
        self.assertEqual(complaint.sudo().handling, "<p>Called the customer</p>")
        with self.assertRaises(AccessError):
            self.env["quality_ops.escalation"].search([])

    @users(*QUALITY_DEPARTMENT, "qo_c_agent2", "qo_c_foreign")
    def test_who_reads_a_complaint(self):
        complaint = self.a_complaint()
        found = self.env["quality_ops.complaint"].search([("id", "=", complaint.id)])
        # the quality department; not another agent, not another company
        if self.env.user.login in QUALITY_DEPARTMENT:
            self.assertEqual(found, complaint)
        else:
            self.assertFalse(found)
        if self.env.user.login == "qo_c_foreign":
            escalations = self.env["quality_ops.escalation"].search(
                [("complaint_id", "=", complaint.id)]
            )
            self.assertFalse(escalations)

    @users("qo_c_engineer")
    def test_a_quality_engineer_reads_no_complaint(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.complaint"].search([])

    # ------------------------------------------------------------------
    # levels: the more severe, the shorter both deadlines
    # ------------------------------------------------------------------
    def shipped_levels(self):
        ref = self.env.ref
        return [
            ref(f"quality_ops.complaint_level_{name}") for name in ("general", "major", "urgent")
        ]

    def test_shipped_levels_grow_with_leniency(self):
        general, major, urgent = self.shipped_levels()
        self.assertLess(general.sequence, major.sequence)
        self.assertLess(major.sequence, urgent.sequence)
        # 一般 24 h / 5 working days, 严重 12 h / 3 days, 紧急 2 h / one working day
        self.assertEqual((general.response_hours, general.close_hours), (24.0, 40.0))
        self.assertEqual((major.response_hours, major.close_hours), (12.0, 24.0))
        self.assertEqual((urgent.response_hours, urgent.close_hours), (2.0, 8.0))
        for level in (general, major, urgent):
            self.assertLess(level.response_hours, level.close_hours, level.name)

    def test_response_deadline_shorter_than_closing(self):
        general = self.shipped_levels()[0]
        for response, close in ((40.0, 40.0), (48.0, 40.0)):
            with self.subTest(response=response, close=close), self.assertRaises(ValidationError):
                general.write({"response_hours": response, "close_hours": close})
        with self.assertRaises(ValidationError):
            self.env["quality_ops.complaint.level"].create(
                {"name": "Same", "sequence": 5, "response_hours": 48, "close_hours": 48}
            )

    def test_more_severe_level_never_waits_longer(self):
        general, major, urgent = self.shipped_levels()
        # 严重 closing later than 一般 (as first shipped)
        with self.assertRaises(ValidationError):
            major.close_hours = 48
        # 紧急 answered later than 严重
        with self.assertRaises(ValidationError):
            urgent.response_hours = 16
        # a new, more severe level longer than 紧急
        Level = self.env["quality_ops.complaint.level"]
        with self.assertRaises(ValidationError):
            Level.create(
                {"name": "Critical", "sequence": 40, "response_hours": 4, "close_hours": 6}
            )
        # reordering counts: 一般 put after 紧急 would be "more severe" yet slower
        with self.assertRaises(ValidationError):
            general.sequence = 50
        # equal deadlines and shorter ones are fine
        critical = Level.create(
            {"name": "Critical", "sequence": 40, "response_hours": 1, "close_hours": 8}
        )
        self.assertEqual(critical.close_hours, urgent.close_hours)
        # a company's own levels are compared with the shared ones, not with
        # another company's
        first, second = self.env["res.company"].create([{"name": "Cmp A"}, {"name": "Cmp B"}])
        Level.create(
            {
                "name": "A top",
                "sequence": 60,
                "response_hours": 1,
                "close_hours": 8,
                "company_id": first.id,
            }
        )
        Level.create(
            {
                "name": "B top",
                "sequence": 50,
                "response_hours": 0.5,
                "close_hours": 4,
                "company_id": second.id,
            }
        )
        with self.assertRaises(ValidationError):
            Level.create(
                {
                    "name": "B slow",
                    "sequence": 70,
                    "response_hours": 1,
                    "close_hours": 6,
                    "company_id": second.id,
                }
            )

    def test_severity_error_in_the_users_language(self):
        # Odoo reads a .po through the module's .pot: a string not in the .pot
        # yet is not translated (the .pot is regenerated once per release)
        pot = polib.pofile(file_path("quality_ops/i18n/quality_ops.pot"))
        if not any(entry.msgid.endswith("close %(lenient_close)s h).") for entry in pot):
            self.fail("i18n/quality_ops.pot lacks the message: regenerate it")
        load_chinese(self.env)
        major = self.shipped_levels()[1]
        with self.assertRaises(ValidationError) as caught:
            major.with_context(lang="zh_CN").close_hours = 48
        self.assertIn("更严重", str(caught.exception))

    def test_shipped_deadlines_corrected_only_where_untouched(self):
        general, major, urgent = self.shipped_levels()
        Level = self.env["quality_ops.complaint.level"]
        # the first, wrong defaults (written around the constraints, as they were)
        self.env.cr.execute(
            "UPDATE quality_ops_complaint_level SET response_hours = %s, close_hours = %s"
            " WHERE id = %s",
            (24, 24, general.id),
        )
        self.env.cr.execute(
            "UPDATE quality_ops_complaint_level SET response_hours = %s, close_hours = %s"
            " WHERE id = %s",
            (12, 40, major.id),
        )
        # a company changed its urgent level: kept
        self.env.cr.execute(
            "UPDATE quality_ops_complaint_level SET response_hours = %s, close_hours = %s"
            " WHERE id = %s",
            (1, 6, urgent.id),
        )
        Level.invalidate_model()
        Level._quality_correct_shipped_deadlines()
        self.assertEqual((general.response_hours, general.close_hours), (24.0, 40.0))
        self.assertEqual((major.response_hours, major.close_hours), (12.0, 24.0))
        self.assertEqual((urgent.response_hours, urgent.close_hours), (1.0, 6.0))

    def test_the_register_lists_the_newest_received_first(self):
        """A complaint entered late (a letter logged after a newer call) takes
        its place by when it was received, not by when it was typed in."""
        Complaint = self.env["quality_ops.complaint"]
        older, newer = Complaint.create(
            [{"ticket_id": self.new_ticket().id}, {"ticket_id": self.new_ticket().id}]
        )
        self.env.flush_all()
        # received: ``older`` on 2 November, ``newer`` on 1 November
        for complaint, day in ((older, "2026-11-02 02:00:00"), (newer, "2026-11-01 02:00:00")):
            self.env.cr.execute(
                "UPDATE quality_ops_complaint SET create_date = %s WHERE id = %s",
                [day, complaint.id],
            )
        Complaint.invalidate_model(["create_date"])
        listed = Complaint.search([("id", "in", (older | newer).ids)])
        self.assertEqual(listed.ids, [older.id, newer.id])

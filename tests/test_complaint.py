import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


def local(*args):
    return dt.datetime(*args) - dt.timedelta(hours=8)


def utc_str(*args):
    return local(*args).strftime("%Y-%m-%d %H:%M:%S")


@tagged("post_install", "-at_install")
class TestComplaint(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        attendances = []
        for day in range(5):
            attendances += [
                (0, 0, {"name": "AM", "dayofweek": str(day), "hour_from": 9, "hour_to": 12}),
                (0, 0, {"name": "PM", "dayofweek": str(day), "hour_from": 13, "hour_to": 18}),
            ]
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Complaint desk", "tz": "Asia/Shanghai", "attendance_ids": attendances}
        )
        cls.manager = new_test_user(
            cls.env, "qo_c_manager", groups="quality_ops.group_quality_manager"
        )
        cls.officer = new_test_user(
            cls.env, "qo_c_officer", groups="quality_ops.group_quality_officer"
        )
        cls.rep = new_test_user(
            cls.env, "qo_c_rep", groups="quality_ops.group_quality_representative"
        )
        cls.leader = new_test_user(
            cls.env, "qo_c_leader", groups="helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.agent = new_test_user(
            cls.env, "qo_c_agent", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.portal = new_test_user(cls.env, "qo_c_portal", groups="base.group_portal")
        cls.env.company.write(
            {"quality_manager_id": cls.manager.id, "quality_representative_id": cls.rep.id}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaint team",
                "user_id": cls.leader.id,
                "user_ids": [(6, 0, (cls.leader | cls.agent).ids)],
                "quality_calendar_id": cls.calendar.id,
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Angry Bank", "is_company": True})
        cls.Rule = cls.env["quality_ops.escalation.rule"]
        # the tests play autumn 2026: the shipped ladder has been in force since January
        # (a rule escalates only what happened after it became active)
        cls.Rule.search([]).active_since = "2026-01-01 00:00:00"
        cls.general = cls.env.ref("quality_ops.complaint_level_general")

    def new_ticket(self, **vals):
        values = {
            "name": "Slow service",
            "description": "<p>too slow</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "user_id": self.agent.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

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
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", "quality_ops.complaint"),
                ("res_id", "=", complaint.id),
                ("subject", "like", "Escalation"),
            ]
        )
        # one mail to the quality manager (level 3), one to the representative: the
        # closing deadline (24 working hours for a general complaint) passed too
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

    def test_access(self):
        ticket = self.new_ticket()
        complaint = self.env["quality_ops.complaint"].create({"ticket_id": ticket.id})
        with self.assertRaises(AccessError):
            self.env["quality_ops.complaint"].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env["quality_ops.escalation"].with_user(self.portal).search([])
        # the agent of the ticket reads and answers it, another agent's complaints are hidden
        mine = (
            self.env["quality_ops.complaint"]
            .with_user(self.agent)
            .search([("id", "=", complaint.id)])
        )
        self.assertEqual(mine, complaint)
        complaint.with_user(self.agent).handling = "<p>Called the customer</p>"
        with self.assertRaises(AccessError):
            self.env["quality_ops.escalation"].with_user(self.agent).search([])
        other = new_test_user(
            self.env, "qo_c_agent2", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        self.assertFalse(
            self.env["quality_ops.complaint"].with_user(other).search([("id", "=", complaint.id)])
        )

    def test_roles_and_companies(self):
        complaint = self.env["quality_ops.complaint"].create({"ticket_id": self.new_ticket().id})
        for model in (
            "quality_ops.followup",
            "quality_ops.survey.campaign",
            "quality_ops.escalation.rule",
            "quality_ops.satisfaction.report",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal).search([])
        for user in (self.officer, self.manager, self.rep):
            self.assertEqual(
                self.env["quality_ops.complaint"]
                .with_user(user)
                .search([("id", "=", complaint.id)]),
                complaint,
            )
        engineer = new_test_user(
            self.env, "qo_c_engineer", groups="quality_ops.group_quality_engineer"
        )
        with self.assertRaises(AccessError):
            self.env["quality_ops.complaint"].with_user(engineer).search([])
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        foreign = new_test_user(
            self.env,
            "qo_c_foreign",
            groups="quality_ops.group_quality_representative",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertFalse(
            self.env["quality_ops.complaint"].with_user(foreign).search([("id", "=", complaint.id)])
        )
        self.assertFalse(
            self.env["quality_ops.escalation"]
            .with_user(foreign)
            .search([("complaint_id", "=", complaint.id)])
        )

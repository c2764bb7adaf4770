import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .common import ENGINEER, FOREIGN, LEAD, PORTAL, QualityCommon


@tagged("post_install", "-at_install")
class TestImprovement(QualityCommon):
    def new_finding(self, **vals):
        values = {
            "name": "Backups not tested",
            "description": "No restore test in 2031",
            "severity": "major",
            "project_id": self.project.id,
        }
        values.update(vals)
        return self.env["quality_ops.finding"].with_user(self.officer).create(values)

    def new_action(self, finding, **vals):
        values = {
            "name": "Run a restore test",
            "finding_id": finding.id,
            "owner_id": self.engineer.id,
            "due_date": "2031-03-31",
        }
        values.update(vals)
        return self.env["quality_ops.action"].with_user(self.officer).create(values)

    def test_finding_workflow_cannot_skip_or_close_with_open_actions(self):
        finding = self.new_finding()
        self.assertTrue(finding.reference.startswith("FD/"))
        finding.action_next()  # analysis
        with self.assertRaisesRegex(UserError, "cause analysis"):
            finding.action_next()
        finding.cause_analysis = "<p>No restore procedure</p>"
        finding.action_next()  # action plan
        with self.assertRaisesRegex(UserError, "at least one action"):
            finding.action_next()
        action = self.new_action(finding)
        finding.action_next()  # in progress
        with self.assertRaisesRegex(UserError, "still open"):
            finding.action_next()
        action.with_user(self.engineer).write({"result": "<p>Restored in 2 h</p>"})
        action.with_user(self.engineer).action_done()
        finding.with_user(self.officer).action_next()  # verification
        # done but not verified: not closable, and only by the manager
        with self.assertRaises(AccessError):
            finding.with_user(self.officer).action_next()
        with self.assertRaisesRegex(UserError, "not verified effective"):
            finding.with_user(self.manager).action_next()
        action.with_user(self.officer).action_verify_effective("restore test passed")
        finding.with_user(self.manager).action_next()
        self.assertEqual(finding.state, "closed")
        self.assertTrue(finding.closed_date)
        with self.assertRaisesRegex(UserError, "no next step"):
            finding.with_user(self.manager).action_next()

    @users(ENGINEER)
    def test_engineer_sees_and_updates_only_own_actions(self):
        finding = self.new_finding()
        mine = self.mine(self.new_action(finding))
        other = self.mine(self.new_action(finding, owner_id=self.lead.id))
        Action = self.env["quality_ops.action"]
        self.assertEqual(Action.search([("finding_id", "=", finding.id)]), mine)
        mine.write({"plan": "<p>Book a test window</p>"})
        with self.assertRaises(AccessError):
            mine.write({"due_date": "2031-12-31"})
        with self.assertRaises(AccessError):
            other.write({"plan": "<p>x</p>"})
        with self.assertRaisesRegex(UserError, "Describe the result"):
            mine.action_done()
        mine.write({"result": "<p>done</p>"})
        mine.action_done()
        with self.assertRaises(AccessError):
            mine.action_verify_effective()
        # the engineer reads the finding behind the action, not others
        self.assertEqual(self.env["quality_ops.finding"].search([]), finding)

    def test_not_effective_reopens_or_follows_up(self):
        finding = self.new_finding()
        action = self.new_action(finding)
        action.with_user(self.engineer).write({"result": "<p>done</p>"})
        action.with_user(self.engineer).action_done()
        action.with_user(self.officer).action_verify_not_effective(
            "still failing", new_due_date=dt.date(2031, 5, 1)
        )
        self.assertEqual(action.state, "open")
        self.assertEqual(action.due_date, dt.date(2031, 5, 1))
        self.assertFalse(action.date_done)
        action.with_user(self.engineer).action_done()
        action.with_user(self.officer).action_verify_not_effective("again", follow_up=True)
        self.assertEqual(action.state, "verified")
        self.assertEqual(action.effectiveness, "not_effective")
        follow = self.env["quality_ops.action"].search([("followup_of_id", "=", action.id)])
        self.assertEqual(len(follow), 1)
        self.assertEqual(follow.state, "open")
        self.assertEqual(follow.owner_id, self.engineer)

    @users(ENGINEER)
    def test_day_counts_and_on_time_flag(self):
        finding = self.new_finding()
        action = self.mine(self.new_action(finding, due_date="2031-03-31"))
        action.write({"result": "<p>ok</p>"})
        with self.env.cr.savepoint(), freeze_time("2031-04-05"):
            action.invalidate_recordset(["days_overdue", "days_left"])
            self.assertEqual(action.days_overdue, 5)
            self.assertEqual(action.days_left, 0)
            action.action_done()
        self.assertFalse(action.closed_on_time)
        self.assertEqual(action.date_done, dt.date(2031, 4, 5))
        early = self.mine(self.new_action(finding, due_date="2031-03-31"))
        with freeze_time("2031-03-01"):
            early.invalidate_recordset(["days_overdue", "days_left"])
            self.assertEqual(early.days_overdue, 0)
            self.assertEqual(early.days_left, 30)
            early.write({"result": "<p>ok</p>"})
            early.action_done()
        self.assertTrue(early.closed_on_time)

    def test_reminder_and_escalation_once(self):
        finding = self.new_finding()
        soon = self.new_action(finding, due_date="2031-03-31")
        late = self.new_action(finding, due_date="2031-03-20")
        Action = self.env["quality_ops.action"]
        Activity = self.env["mail.activity"]
        mine = [("res_model", "=", "quality_ops.action"), ("res_id", "in", (soon | late).ids)]
        before = Activity.search_count(mine)
        Action._cron_action_reminders(today=dt.date(2031, 3, 29))
        self.assertEqual(Activity.search_count(mine), before + 2)
        self.assertTrue(soon.reminder_sent)
        self.assertFalse(soon.escalated)
        self.assertTrue(late.escalated)
        Action._cron_action_reminders(today=dt.date(2031, 3, 29))
        self.assertEqual(Activity.search_count(mine), before + 2, "each once")
        escalation = self.env["mail.activity"].search(
            [
                ("res_model", "=", "quality_ops.action"),
                ("res_id", "=", late.id),
                ("user_id", "=", self.manager.id),
            ]
        )
        self.assertEqual(len(escalation), 1)
        self.assertIn("9 days", escalation.summary)
        self.assertTrue(soon.reminder_sent)

    def test_reminders_take_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: an action due on 30 June
        # is overdue there, whatever the time zone of the user running the cron
        self.company.partner_id.tz = "Asia/Shanghai"
        action = self.new_action(self.new_finding(), due_date="2026-06-30")
        Action = self.env["quality_ops.action"].with_context(tz="America/New_York")
        with freeze_time("2026-06-30 17:00:00"):
            Action._cron_action_reminders()
        self.assertTrue(action.escalated)
        self.assertFalse(action.reminder_sent)

    def test_references_take_the_year_of_the_company_s_day(self):
        # 17:00 UTC on 31 December is already 1 January in Shanghai: the
        # register of the new year numbers what is raised then
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2030-12-31 17:00:00"):
            finding = self.new_finding()
            action = self.new_action(finding)
        self.assertTrue(finding.reference.startswith("FD/2031/"), finding.reference)
        self.assertTrue(action.reference.startswith("CA/2031/"), action.reference)

    @users(LEAD, FOREIGN)
    def test_project_lead_sees_own_projects_findings(self):
        mine = self.new_finding()
        other = self.new_finding(project_id=self.other_project.id)
        # the lead, his project's; another company's representative, none
        expected = {LEAD: mine, FOREIGN: self.env["quality_ops.finding"]}
        seen = self.env["quality_ops.finding"].search([("id", "in", (mine | other).ids)])
        self.assertEqual(seen, expected[self.env.user.login])

    @users(PORTAL)
    def test_portal_reads_no_finding(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.finding"].search([])

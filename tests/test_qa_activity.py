"""QA activity plans (seed §6.2, §6.3): planned per project quality plan and
for the company, recorded with their result and evidence, a nonconformity
opening a finding in one click, reminded before they are due."""

import base64
import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users

from .common import ENGINEER, FOREIGN, LEAD, OFFICER, PORTAL, QualityCommon, company_today

D = dt.date


@tagged("post_install", "-at_install")
class TestQaActivity(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project_plan = cls.make_plan(plan_type="project", project=cls.project)
        cls.company_plan = cls.make_plan()
        cls.Activity = cls.env["quality_ops.qa.activity"]

    def plan_activity(self, plan=None, **extra):
        return self.Activity.with_user(self.officer).create(
            {
                "name": "March tickets against the incident procedure",
                "plan_id": (plan or self.project_plan).id,
                "kind": "ticket_check",
                "planned_date": D(2031, 3, 31),
                **extra,
            }
        )

    def test_nonconformity_opens_a_finding_in_one_click(self):
        activity = self.plan_activity()
        self.assertEqual(
            (activity.level, activity.project_id, activity.company_id),
            ("project", self.project, self.company),
        )
        self.assertTrue(activity.reference.startswith("QA/2031/"))
        with self.assertRaises(UserError):
            activity.with_user(self.officer).action_done()  # no result yet
        activity.with_user(self.officer).write({"result": "nonconformity"})
        with self.assertRaises(UserError):
            activity.with_user(self.officer).action_done()  # no evidence yet
        # not before it is recorded
        with self.assertRaises(UserError):
            activity.with_user(self.officer).action_create_finding()
        activity.with_user(self.officer).write(
            {"evidence": "3 of 10 tickets closed without the customer's confirmation."}
        )
        activity.with_user(self.officer).action_done()
        self.assertEqual(
            (activity.state, activity.date_done), ("done", company_today(activity.company_id))
        )
        # recorded means kept as recorded
        with self.assertRaises(UserError):
            activity.with_user(self.manager).write({"result": "conform"})
        action = activity.with_user(self.officer).action_create_finding()
        finding = self.env["quality_ops.finding"].browse(action["res_id"])
        self.assertEqual(
            (finding.origin, finding.project_id, finding.source_ref, finding.state),
            ("qa", self.project, activity, "draft"),
        )
        self.assertIn("without the customer's confirmation", finding.description)
        self.assertEqual(activity.finding_id, finding)
        # one click, one finding
        again = activity.with_user(self.officer).action_create_finding()
        self.assertEqual(again["res_id"], finding.id)
        self.assertEqual(
            self.env["quality_ops.finding"].search(
                [("source_ref", "=", f"quality_ops.qa.activity,{activity.id}")]
            ),
            finding,
        )
        # the finding goes through the finding / action loop
        finding.with_user(self.officer).write({"cause_analysis": "<p>No closing checklist</p>"})
        finding.with_user(self.officer).action_next()
        finding.with_user(self.officer).action_next()
        self.env["quality_ops.action"].create(
            {
                "name": "Closing checklist",
                "finding_id": finding.id,
                "owner_id": self.engineer.id,
                "due_date": D(2031, 4, 30),
            }
        )
        finding.with_user(self.officer).action_next()
        self.assertEqual(finding.state, "in_progress")
        # its source is kept: it is not reopened any more
        with self.assertRaises(UserError):
            activity.with_user(self.manager).action_reopen("Wrong sample")
        # a conform activity opens nothing
        conform = self.plan_activity(result="conform", evidence="10 of 10 confirmed")
        conform.with_user(self.officer).action_done()
        with self.assertRaises(UserError):
            conform.with_user(self.officer).action_create_finding()

    def test_evidence_files_are_kept_once_recorded(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.officer)
            .create({"name": "sample.txt", "datas": base64.b64encode(b"tickets")})
        )
        activity = self.plan_activity(
            result="conform", attachment_ids=[(6, 0, attachment.ids)], evidence=""
        )
        attachment.with_user(self.officer).write({"name": "renamed.txt"})  # not content
        activity.with_user(self.officer).action_done()  # files are evidence enough
        with self.assertRaises(UserError):
            attachment.with_user(self.officer).write({"datas": base64.b64encode(b"other")})
        with self.assertRaises(UserError):
            attachment.with_user(self.manager).unlink()
        # reopened with a reason, it is changed again
        with self.assertRaises(UserError):
            activity.with_user(self.manager).action_reopen(" ")
        activity.with_user(self.manager).action_reopen("Wrong sample")
        self.assertEqual((activity.state, activity.date_done), ("planned", False))
        activity.with_user(self.officer).write({"scope": "10 other tickets"})

    def test_reminders_take_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: an activity of 4 July is
        # 3 days away there, 4 for the cron user in New York
        self.company.partner_id.tz = "Asia/Shanghai"
        activity = self.plan_activity(planned_date=D(2026, 7, 4), responsible_id=self.officer.id)
        with freeze_time("2026-06-30 17:00:00"):
            self.Activity.with_context(tz="America/New_York")._cron_reminders()
        self.assertTrue(activity.reminder_sent)

    def test_reports_count_overdue_on_the_company_s_today(self):
        # at 17:00 UTC on 30 June (1 July in Shanghai) an activity of 30 June
        # still planned is overdue in the company's reports and reviews
        self.company.partner_id.tz = "Asia/Shanghai"
        self.plan_activity(planned_date=D(2026, 6, 30))
        Builder = self.env["quality_ops.section.builder"].with_context(tz="America/New_York")
        with freeze_time("2026-06-30 17:00:00"):
            overdue = Builder._qa_activities_overdue(self.company)
        late = [("company_id", "=", self.company.id), ("state", "=", "planned")]
        self.assertEqual(
            overdue, self.Activity.search_count([*late, ("planned_date", "<", D(2026, 7, 1))])
        )

    @users(OFFICER)
    def test_reminders_and_overdue(self):
        soon = self.plan_activity(planned_date=D(2026, 3, 10), responsible_id=self.officer.id)
        later = self.plan_activity(planned_date=D(2026, 3, 30))
        company = self.plan_activity(plan=self.company_plan, planned_date=D(2026, 3, 9))
        future = self.plan_activity(plan=self.company_plan, planned_date=D(2099, 1, 4))
        self.assertEqual(self.Activity._cron_reminders(today=D(2026, 3, 8)), 2)
        self.assertEqual(self.Activity._cron_reminders(today=D(2026, 3, 8)), 0, "once")
        reminder = soon.activity_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(reminder.date_deadline, D(2026, 3, 10))
        self.assertFalse(later.activity_ids)
        # overdue: still planned after its date
        mine = (soon | later | company | future).ids
        overdue = self.Activity.search([("is_overdue", "=", True), ("id", "in", mine)])
        self.assertEqual(overdue, soon | later | company)
        self.mine(soon).write({"result": "conform", "evidence": "ok"})
        self.mine(soon).action_done()
        overdue = self.Activity.search([("is_overdue", "=", True), ("id", "in", mine)])
        self.assertEqual(overdue, later | company)
        self.assertEqual(
            self.Activity.search([("is_overdue", "=", False), ("id", "in", mine)]), soon | future
        )
        # the project's and the plan's smart buttons count them
        self.assertEqual(self.project_plan.qa_activity_count, 2)
        action = self.project_plan.action_view_qa_activities()
        self.assertEqual(self.Activity.search(action["domain"]), soon | later)

    def plan_both(self):
        """An activity of the project's plan and one of the company's."""
        return self.plan_activity(), self.plan_activity(plan=self.company_plan)

    @users(LEAD)
    def test_the_project_lead_reads_his_projects_activities_and_does_not_record_them(self):
        project, __ = self.plan_both()
        self.assertEqual(self.env["quality_ops.qa.activity"].search([]), project)
        with self.assertRaises(AccessError):
            self.mine(project).write({"scope": "x"})
        # the project's smart button counts them
        self.assertEqual(self.mine(self.project).quality_qa_activity_count, 1)

    @users(ENGINEER, PORTAL)
    def test_engineers_and_customers_read_no_activity(self):
        self.assertFalse(self.env["quality_ops.qa.activity"].has_access("read"))

    @users(FOREIGN)
    def test_another_company_reads_none_of_them(self):
        self.plan_both()
        self.assertFalse(self.env["quality_ops.qa.activity"].search([]))

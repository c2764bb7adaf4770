from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import (
    ENGINEER,
    FOREIGN,
    LEAD,
    MANAGER,
    OFFICER,
    OTHER_LEAD,
    PORTAL,
    QUALITY_DEPARTMENT,
    REPRESENTATIVE,
    QualityCommon,
)


@tagged("post_install", "-at_install")
class TestAccess(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.org_plan = cls.make_plan(year=2031)
        cls.published_plan = cls.make_plan(
            year=2032,
            targets=[
                {
                    "indicator_id": cls.ind_resp.id,
                    "target_value": 95,
                    "warning_value": 90,
                    "scope": "team",
                    "team_id": cls.team.id,
                }
            ],
        )
        cls.published_plan.action_submit()
        cls.published_plan.action_approve()
        cls.published_plan.action_publish()
        cls.project_plan = cls.make_plan(plan_type="project", project=cls.project)
        cls.other_project_plan = cls.make_plan(plan_type="project", project=cls.other_project)
        cls.foreign_plan = cls.make_plan(year=2031, company=cls.other_company)
        cls.all_plans = (
            cls.org_plan
            | cls.published_plan
            | cls.project_plan
            | cls.other_project_plan
            | cls.foreign_plan
        )

    def visible_plans(self):
        """The plans of the fixture the current user finds."""
        return self.env["quality_ops.plan"].search([("id", "in", self.all_plans.ids)])

    @users(*QUALITY_DEPARTMENT)
    def test_quality_department_sees_company_plans_only(self):
        self.assertEqual(self.visible_plans(), self.all_plans - self.foreign_plan)

    @users(OFFICER)
    def test_officer_reads_but_does_not_edit_organisation_plans(self):
        plan = self.mine(self.org_plan)
        self.assertEqual(plan.name, "Quality plan 2031")
        with self.assertRaises(AccessError):
            plan.write({"name": "Officer edit"})
        with self.assertRaises(AccessError):
            self.env["quality_ops.plan"].create({"name": "Officer plan", "year": 2040})

    @users(MANAGER, REPRESENTATIVE)
    def test_manager_and_representative_edit_organisation_plans(self):
        plan = self.mine(self.org_plan)
        plan.write({"name": "Edited"})
        self.assertEqual(plan.name, "Edited")

    @users(LEAD, OTHER_LEAD)
    def test_project_lead_sees_own_projects_and_published_plans(self):
        own, other = self.project_plan, self.other_project_plan
        if self.env.user == self.other_lead:
            own, other = other, own
        self.assertEqual(self.visible_plans(), own | self.published_plan)
        with self.assertRaises(AccessError):
            self.mine(other).read(["name"])
        with self.assertRaises(AccessError):
            self.mine(self.org_plan).read(["name"])
        # and edits their own project plan, not the published company plan
        self.mine(own).write({"name": "Lead edit"})
        self.mine(own.target_ids).write({"target_value": 96})
        with self.assertRaises(AccessError):
            self.mine(self.published_plan).write({"recipient_user_ids": [(5,)]})
        lead_targets = self.env["quality_ops.target"].search(
            [("plan_id", "in", self.all_plans.ids)]
        )
        self.assertEqual(lead_targets.plan_id, own | self.published_plan)

    @users(LEAD)
    def test_project_lead_creates_plan_for_own_project_only(self):
        Plan = self.env["quality_ops.plan"]
        plan = Plan.create(
            {
                "name": "Lead plan",
                "year": 2035,
                "plan_type": "project",
                "project_id": self.project.id,
            }
        )
        self.assertEqual(plan.prepared_by_id, self.lead)
        with self.assertRaises(AccessError):
            Plan.create(
                {
                    "name": "Not mine",
                    "year": 2035,
                    "plan_type": "project",
                    "project_id": self.other_project.id,
                }
            )
        with self.assertRaises(AccessError):
            Plan.create({"name": "Company plan", "year": 2035})
        with self.assertRaises(AccessError):
            plan.action_submit()

    @users(ENGINEER)
    def test_engineer_sees_only_plans_published_to_them(self):
        # the engineer leads the team targeted by the published plan
        self.assertEqual(self.visible_plans(), self.published_plan)
        self.assertIn(self.engineer, self.published_plan.sudo().activity_ids.user_id)
        with self.assertRaises(AccessError):
            self.mine(self.published_plan).write({"color": 3})
        with self.assertRaises(AccessError):
            self.env["quality_ops.indicator"].create({"code": "X", "name": "X"})
        self.assertTrue(self.env["quality_ops.indicator"].search([]))

    @users(PORTAL)
    def test_portal_sees_no_quality_data(self):
        for model in ("quality_ops.plan", "quality_ops.target", "quality_ops.indicator"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])

    @users(FOREIGN)
    def test_other_company_sees_nothing_of_ours(self):
        self.assertEqual(self.visible_plans(), self.foreign_plan)
        with self.assertRaises(AccessError):
            self.mine(self.org_plan).read(["name"])
        targets = self.env["quality_ops.target"].search([("plan_id", "in", self.all_plans.ids)])
        self.assertEqual(targets.plan_id, self.foreign_plan)
        # shared catalogue indicators are visible to every company
        self.assertIn(self.ind_resp, self.env["quality_ops.indicator"].search([]))

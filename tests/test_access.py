from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import QualityCommon


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

    def visible_plans(self, user):
        Plan = self.env["quality_ops.plan"].with_user(user)
        return Plan.search([("id", "in", self.all_plans.ids)])

    def test_quality_department_sees_company_plans_only(self):
        company_plans = self.all_plans - self.foreign_plan
        for user in (self.officer, self.manager, self.representative):
            self.assertEqual(self.visible_plans(user), company_plans, user.name)

    def test_officer_reads_but_does_not_edit_organisation_plans(self):
        with self.assertRaises(AccessError):
            self.org_plan.with_user(self.officer).write({"name": "Officer edit"})
        with self.assertRaises(AccessError):
            self.env["quality_ops.plan"].with_user(self.officer).create(
                {"name": "Officer plan", "year": 2040}
            )
        self.org_plan.with_user(self.manager).write({"name": "Manager edit"})

    def test_project_lead_sees_own_projects_and_published_plans(self):
        self.assertEqual(self.visible_plans(self.lead), self.project_plan | self.published_plan)
        self.assertEqual(
            self.visible_plans(self.other_lead), self.other_project_plan | self.published_plan
        )
        with self.assertRaises(AccessError):
            self.other_project_plan.with_user(self.lead).read(["name"])
        with self.assertRaises(AccessError):
            self.org_plan.with_user(self.lead).read(["name"])
        # and edits their own project plan, not the published company plan
        self.project_plan.with_user(self.lead).write({"name": "Lead edit"})
        self.project_plan.target_ids.with_user(self.lead).write({"target_value": 96})
        with self.assertRaises(AccessError):
            self.published_plan.with_user(self.lead).write({"recipient_user_ids": [(5,)]})
        lead_targets = (
            self.env["quality_ops.target"]
            .with_user(self.lead)
            .search([("plan_id", "in", self.all_plans.ids)])
        )
        self.assertEqual(lead_targets.plan_id, self.project_plan | self.published_plan)

    def test_project_lead_creates_plan_for_own_project_only(self):
        Plan = self.env["quality_ops.plan"].with_user(self.lead)
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

    def test_engineer_sees_only_plans_published_to_them(self):
        # the engineer leads the team targeted by the published plan
        self.assertEqual(self.visible_plans(self.engineer), self.published_plan)
        self.assertIn(self.engineer, self.published_plan.activity_ids.user_id)
        with self.assertRaises(AccessError):
            self.published_plan.with_user(self.engineer).write({"color": 3})
        with self.assertRaises(AccessError):
            self.env["quality_ops.indicator"].with_user(self.engineer).create(
                {"code": "X", "name": "X"}
            )
        self.assertTrue(self.env["quality_ops.indicator"].with_user(self.engineer).search([]))

    def test_portal_sees_no_quality_data(self):
        for model in ("quality_ops.plan", "quality_ops.target", "quality_ops.indicator"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.portal).search([])

    def test_other_company_sees_nothing_of_ours(self):
        self.assertEqual(self.visible_plans(self.foreign_manager), self.foreign_plan)
        with self.assertRaises(AccessError):
            self.org_plan.with_user(self.foreign_manager).read(["name"])
        targets = (
            self.env["quality_ops.target"]
            .with_user(self.foreign_manager)
            .search([("plan_id", "in", self.all_plans.ids)])
        )
        self.assertEqual(targets.plan_id, self.foreign_plan)
        # shared catalogue indicators are visible to every company
        self.assertIn(
            self.ind_resp,
            self.env["quality_ops.indicator"].with_user(self.foreign_manager).search([]),
        )

from odoo.tests import HttpCase, tagged

from .common import load_chinese


@tagged("post_install", "-at_install")
class TestPlanTour(HttpCase):
    def test_create_submit_approve_plan_in_browser(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("quality_ops.group_quality_representative"))
        self.start_tour(
            "/odoo/action-quality_ops.quality_plan_action",
            "quality_ops_plan_tour",
            login="admin",
        )
        plan = self.env["quality_ops.plan"].search([("name", "=", "Tour Quality Plan 2034")])
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.year, 2034)
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, admin)
        self.assertEqual(plan.target_ids.indicator_id.code, "CSAT")
        self.assertEqual(plan.target_ids.target_value, 92)
        self.assertEqual(plan.target_ids.warning_value, 88)


@tagged("post_install", "-at_install")
class TestLandingTours(HttpCase):
    """Each demo role logs in (zh_CN) and starts at its work; the quality
    department opens every figure of the dashboard with records behind it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)

    def user(self, xmlid):
        user = self.env.ref(f"quality_ops.{xmlid}")
        self.assertEqual(user.lang, "zh_CN")
        return user

    def landing(self, xmlid, tour):
        user = self.user(xmlid)
        self.assertEqual(user.action_id.id, self.env.ref("quality_ops.quality_landing_action").id)
        # the home page runs the home action; the app's menu runs the same
        self.start_tour("/odoo", tour, login=user.login, timeout=120)

    def test_engineer_starts_at_my_work(self):
        self.landing("user_engineer", "quality_ops_landing_engineer_tour")

    def test_project_lead_starts_at_my_projects(self):
        self.landing("user_project_lead", "quality_ops_landing_project_lead_tour")

    def test_om_manager_starts_at_the_tickets_at_risk(self):
        self.landing("user_om_manager", "quality_ops_landing_om_tour")

    def test_officer_starts_at_my_work_and_opens_every_figure(self):
        self.landing("user_qa_officer", "quality_ops_landing_officer_tour")
        self.start_tour(
            "/odoo/quality-dashboard",
            "quality_ops_dashboard_drilldown_tour",
            login="qo_qa",
            timeout=900,
        )

    def test_representative_starts_at_approvals_and_opens_every_figure(self):
        self.landing("user_representative", "quality_ops_landing_representative_tour")
        self.start_tour(
            "/odoo/quality-dashboard",
            "quality_ops_dashboard_drilldown_tour",
            login="qo_representative",
            timeout=900,
        )

    def test_manager_starts_at_the_dashboard_and_opens_every_figure(self):
        self.landing("user_quality_manager", "quality_ops_landing_manager_tour")
        self.start_tour(
            "/odoo/quality-dashboard",
            "quality_ops_dashboard_drilldown_tour",
            login="qo_manager",
            timeout=900,
        )

    def test_customer_starts_at_the_portal(self):
        customer = self.user("user_customer_portal")
        self.start_tour("/my", "quality_ops_landing_customer_tour", login=customer.login)

from odoo.tests import HttpCase, tagged


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

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users
from odoo.tools import mute_logger

from .common import MANAGER, REPRESENTATIVE, QualityCommon, reason_wizard


@tagged("post_install", "-at_install")
class TestPlanWorkflow(QualityCommon):
    def test_reference_follows_plan_year(self):
        plan = self.make_plan(year=2031)
        self.assertTrue(plan.reference.startswith("QP/2031/"), plan.reference)
        self.assertEqual(str(plan.date_from), "2031-01-01")
        self.assertEqual(str(plan.date_to), "2031-12-31")

    def test_full_cycle_per_role(self):
        plan = self.make_plan(user=self.manager)
        self.assertEqual(plan.prepared_by_id, self.manager)
        # the officer may neither submit nor approve
        with self.assertRaises(AccessError):
            plan.with_user(self.officer).action_submit()
        plan.with_user(self.manager).action_submit()
        self.assertEqual(plan.state, "submitted")
        self.assertEqual(plan.reviewed_by_id, self.manager)
        # the representative got an activity to approve
        self.assertIn(self.representative, plan.activity_ids.user_id)
        with self.assertRaises(AccessError):
            plan.with_user(self.officer).action_approve()
        with self.assertRaises(AccessError):
            plan.with_user(self.manager).action_approve()
        plan.with_user(self.representative).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.representative)
        self.assertTrue(plan.approved_date)
        plan.with_user(self.manager).action_publish()
        self.assertEqual(plan.state, "published")
        plan.with_user(self.manager).action_close()
        self.assertEqual(plan.state, "closed")

    @users(REPRESENTATIVE)
    def test_wrong_transitions_raise_clear_errors(self):
        # the representative may do every step: only the state refuses
        plan = self.mine(self.make_plan())
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            plan.action_approve()
        with self.assertRaisesRegex(UserError, "cannot be published"):
            plan.action_publish()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            plan.action_close()
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be submitted"):
            plan.action_submit()

    @users(MANAGER)
    def test_submit_needs_targets(self):
        plan = self.mine(self.make_plan(targets=[]))
        with self.assertRaisesRegex(UserError, "no target"):
            plan.action_submit()
        self.assertEqual(plan.state, "draft")

    @users(MANAGER)
    def test_submitted_plan_is_frozen(self):
        plan = self.mine(self.make_plan())
        plan.action_submit()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            plan.write({"name": "Changed"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            plan.target_ids.write({"target_value": 50})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self.env["quality_ops.target"].create(
                {
                    "plan_id": plan.id,
                    "indicator_id": self.ind_csat.id,
                    "target_value": 90,
                }
            )
        with self.assertRaisesRegex(UserError, "only a draft that was never approved"):
            plan.unlink()
        self.assertEqual(plan.name, "Quality plan 2031")

    def test_reset_to_draft_needs_reason_and_bumps_version(self):
        plan = self.make_plan()
        plan.with_user(self.manager).action_submit()
        plan.with_user(self.representative).action_approve()
        with self.assertRaisesRegex(UserError, "reason"):
            plan.with_user(self.manager).action_reset_to_draft("  ")
        self.assertEqual(plan.state, "approved")
        with self.assertRaises(AccessError):
            plan.with_user(self.officer).action_reset_to_draft("because")
        wizard = reason_wizard(
            self.manager, plan, "action_reset_to_draft", "Customer contract changed the SLA"
        )
        wizard.action_confirm()
        self.assertEqual(plan.state, "draft")
        self.assertEqual(plan.version, 2)
        self.assertFalse(plan.approved_by_id)
        self.assertIn("Customer contract changed the SLA", plan.message_ids[0].body)
        # draft again: editable
        plan.with_user(self.manager).write({"name": "Quality plan 2031 v2"})

    @users(MANAGER)
    def test_draft_cannot_be_reset(self):
        plan = self.mine(self.make_plan())
        with self.assertRaisesRegex(UserError, "cannot be reset to draft"):
            plan.action_reset_to_draft("no reason needed")

    def test_publish_schedules_activities_for_departments(self):
        plan = self.make_plan(
            targets=[
                {
                    "indicator_id": self.ind_resp.id,
                    "target_value": 95,
                    "warning_value": 90,
                    "scope": "team",
                    "team_id": self.team.id,
                }
            ]
        )
        plan.with_user(self.manager).action_submit()
        plan.with_user(self.representative).action_approve()
        plan.with_user(self.manager).action_publish()
        self.assertIn(self.engineer, plan.activity_ids.user_id, "team leader must be notified")
        self.assertIn(self.engineer.partner_id, plan.message_follower_ids.partner_id)

    def test_project_plan_notifies_project_manager(self):
        plan = self.make_plan(
            plan_type="project",
            project=self.project,
            targets=[
                {
                    "indicator_id": self.ind_resp.id,
                    "target_value": 95,
                    "warning_value": 90,
                    "scope": "project",
                    "project_id": self.project.id,
                }
            ],
        )
        plan.action_submit()
        plan.action_approve()
        plan.action_publish()
        self.assertIn(self.lead, plan.activity_ids.user_id)

    def test_copy_to_next_year(self):
        plan = self.make_plan(
            year=2031,
            targets=[
                {"indicator_id": self.ind_resp.id, "target_value": 95, "warning_value": 90},
                {
                    "indicator_id": self.ind_csat.id,
                    "target_value": 90,
                    "warning_value": 85,
                    "weight": 2,
                },
            ],
        )
        plan.with_user(self.manager).action_submit()
        plan.with_user(self.representative).action_approve()
        action = plan.with_user(self.manager).action_copy_to_next_year()
        new_plan = self.env["quality_ops.plan"].browse(action["res_id"])
        self.assertEqual(new_plan.year, 2032)
        self.assertEqual(new_plan.state, "draft")
        self.assertEqual(new_plan.version, 1)
        self.assertEqual(new_plan.name, "Quality plan 2032")
        self.assertEqual(new_plan.previous_plan_id, plan)
        self.assertTrue(new_plan.reference.startswith("QP/2032/"))
        self.assertEqual(
            sorted(
                new_plan.target_ids.mapped(
                    lambda t: (t.indicator_id.code, t.target_value, t.warning_value, t.weight)
                )
            ),
            [("CSAT", 90, 85, 2), ("RESP_SLA", 95, 90, 1)],
        )
        self.assertFalse(new_plan.approved_by_id)
        with self.assertRaisesRegex(UserError, "already exists"):
            plan.with_user(self.manager).action_copy_to_next_year()

    @mute_logger("odoo.sql_db")  # the unique index refuses, on purpose
    def test_one_organisation_plan_per_year(self):
        self.make_plan(year=2031)
        with self.assertRaisesRegex(ValidationError, "already an organisation quality plan"):
            self.make_plan(year=2031)
        # another company may have its own
        self.make_plan(year=2031, company=self.other_company)

    @mute_logger("odoo.sql_db")  # the unique index refuses, on purpose
    def test_project_plan_needs_project(self):
        with self.assertRaisesRegex(ValidationError, "needs a project"):
            self.make_plan(plan_type="project")
        self.make_plan(plan_type="project", project=self.project)
        with self.assertRaisesRegex(ValidationError, "already a quality plan for"):
            self.make_plan(plan_type="project", project=self.project)

    def test_year_is_validated(self):
        with self.assertRaisesRegex(ValidationError, "not a valid year"):
            self.make_plan(year=20310)

    @users(MANAGER)
    def test_form_creates_plan_with_targets(self):
        with Form(self.env["quality_ops.plan"]) as form:
            form.name = "Form plan"
            form.year = 2033
            with form.target_ids.new() as line:
                line.indicator_id = self.ind_csat
            # the indicator's default target is proposed, warning follows it
            with form.target_ids.edit(0) as line:
                self.assertEqual(line.target_value, self.ind_csat.default_target)
                self.assertEqual(line.warning_value, self.ind_csat.default_target)
        plan = form.record
        self.assertEqual(plan.target_ids.indicator_id, self.ind_csat)
        self.assertEqual(plan.target_count, 1)

import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .people_common import PeopleCommon

DAY = datetime.date(2024, 3, 12)


@tagged("post_install", "-at_install")
class TestTrainingWorkflow(PeopleCommon):
    @users("qo_t_engineer", "qo_t_officer", "qo_t_om")
    def test_nobody_but_the_quality_manager_approves_the_plan(self):
        plan = self.make_training_plan(approve=False)
        plan.write({"skill_gaps": "HCIE expired"})
        with self.assertRaises(AccessError):
            self.mine(plan).action_approve()
        self.assertEqual(plan.state, "draft")

    def test_plan_approved_by_the_quality_manager_then_frozen(self):
        plan = self.make_training_plan(approve=False)
        plan.with_user(self.officer).write({"skill_gaps": "HCIE expired"})
        plan.with_user(self.manager).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.manager)
        with self.assertRaises(UserError):
            plan.with_user(self.manager).write({"skill_gaps": "changed"})
        with self.assertRaises(UserError):
            plan.with_user(self.manager).write({"state": "draft"})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            # one plan per company and year
            self.env["quality_ops.training.plan"].create({"name": "Again", "year": 2024})

    def test_session_recorded_then_frozen_with_its_attendance(self):
        plan = self.make_training_plan()
        session = self.make_session(plan, DAY, 4, [(self.engineer, True), (self.member, False)])
        line = session.attendance_ids.filtered(lambda a: a.user_id == self.engineer)
        self.assertEqual(line.hours, 4)
        self.assertEqual(session.attendance_ids.filtered(lambda a: not a.attended).hours, 0)
        line.write({"result": "passed", "score": 88})
        session.with_user(self.officer).action_done()
        self.assertEqual(session.state, "done")
        self.assertTrue(session.date_done)
        with self.assertRaises(UserError):
            line.write({"score": 100})
        with self.assertRaises(UserError):
            session.write({"hours": 8})
        with self.assertRaises(UserError):
            self.env["quality_ops.training.attendance"].create(
                {"session_id": session.id, "user_id": self.outsider.id}
            )
        with self.assertRaises(UserError):
            line.unlink()
        self.assertEqual(line.score, 88)
        session.with_user(self.manager).action_reopen("A score was mistyped")
        line.write({"score": 90})
        self.assertEqual(line.score, 90)

    def test_session_is_recorded_when_it_can_be(self):
        draft = self.make_training_plan(year=2023, approve=False)
        session = self.make_session(draft, datetime.date(2023, 5, 1), 2, [(self.engineer, True)])
        with self.assertRaises(UserError):
            session.with_user(self.officer).action_done()  # plan not approved
        plan = self.make_training_plan()
        empty = self.make_session(plan, DAY, 2, [])
        with self.assertRaises(UserError):
            empty.with_user(self.officer).action_done()  # nobody attended
        later = self.make_training_plan(year=2099)
        ahead = self.make_session(later, datetime.date(2099, 6, 1), 2, [(self.engineer, True)])
        with self.assertRaises(UserError):
            ahead.with_user(self.officer).action_done()  # not held yet
        with self.assertRaises(ValidationError):
            self.make_session(plan, datetime.date(2025, 1, 5), 2, [])  # outside its year
        with self.assertRaises(ValidationError):
            self.make_session(plan, DAY, 0, [])

    @users("qo_t_om")
    def test_om_manager_records_his_own_sessions_only(self):
        plan = self.make_training_plan()
        own = self.make_session(plan, DAY, 3, [(self.member, True)], organiser=self.om)
        other = self.make_session(plan, DAY, 3, [(self.member, True)], organiser=self.officer)
        self.mine(own.attendance_ids).write({"result": "passed", "score": 75})
        self.mine(own).action_done()
        self.assertEqual(own.state, "done")
        with self.assertRaises(UserError):
            self.mine(other).action_done()
        with self.assertRaises(AccessError):
            self.mine(other.attendance_ids).write({"score": 10})
        self.assertEqual(other.state, "planned")

    @users("qo_t_engineer", "qo_t_member")
    def test_engineer_reads_only_his_attendance_and_changes_none(self):
        plan = self.make_training_plan()
        session = self.make_session(plan, DAY, 3, [(self.engineer, True), (self.member, True)])
        mine = self.env["quality_ops.training.attendance"].search([("session_id", "=", session.id)])
        self.assertEqual(mine.user_id, self.env.user)
        self.assertEqual(self.env["quality_ops.training.session"].browse(session.id).hours, 3)
        with self.assertRaises(AccessError):
            mine.write({"score": 100, "result": "passed"})
        with self.assertRaises(AccessError):
            self.env["quality_ops.training.attendance"].create(
                {"session_id": session.id, "user_id": self.outsider.id}
            )
        with self.assertRaises(UserError):
            self.env["quality_ops.training.session"].browse(session.id).action_done()
        draft = self.make_training_plan(year=2022, approve=False)
        self.assertFalse(
            self.env["quality_ops.training.plan"].search([("id", "=", draft.id)]),
            "a draft plan is the quality department's",
        )

    @users("qo_t_om")
    def test_om_manager_reads_his_teams_attendance(self):
        plan = self.make_training_plan()
        session = self.make_session(
            plan, DAY, 3, [(self.member, True), (self.outsider, True), (self.engineer, True)]
        )
        seen = self.env["quality_ops.training.attendance"].search([("session_id", "=", session.id)])
        self.assertEqual(seen.user_id, self.member | self.engineer)

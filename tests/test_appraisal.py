"""Engineer-scope measurements counted by hand, their privacy, and the
monthly appraisal's workflow (运维人员绩效考核)."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .appraisal_common import (
    ENG_A,
    ENG_B,
    MONTH,
    OFFICER,
    OM,
    OTHER_OM,
    OUTSIDER,
    AppraisalCommon,
)

# AccessError and ValidationError are UserErrors: any refusal with a message
REFUSED = UserError


@tagged("post_install", "-at_install")
class TestEngineerFigures(AppraisalCommon):
    def test_hand_counted_per_assignee(self):
        a, b = self.eng_a, self.eng_b
        resp_a = self.figure(self.resp, a)
        self.assertEqual((resp_a.numerator, resp_a.denominator, resp_a.value), (1, 2, 50))
        reso_a = self.figure(self.reso, a)
        self.assertEqual((reso_a.numerator, reso_a.denominator), (2, 2))
        # (1 + 6) working hours over his two tickets; B's 11 hours are his own
        self.assertEqual(self.figure(self.reso_avg, a).value, 3.5)
        self.assertEqual(self.figure(self.reso_avg, b).value, 11)
        csat_a = self.figure(self.csat, a)
        self.assertEqual((csat_a.numerator, csat_a.denominator), (1, 2))
        self.assertEqual(self.figure(self.csat, b).value, 100)
        resp_b = self.figure(self.resp, b)
        self.assertEqual((resp_b.numerator, resp_b.denominator), (0, 1))
        self.assertEqual(self.figure(self.fcr, a).value, 100)
        # the company counts every ticket, the nobody's one included
        company = self.Measurement.search(
            [
                ("indicator_id", "=", self.resp.id),
                ("company_id", "=", self.company.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", MONTH),
                ("scope", "=", "company"),
            ]
        )
        self.assertEqual((company.numerator, company.denominator), (3, 5))
        # a survey is the customer's, never an engineer's
        self.assertFalse(
            self.Measurement.search_count([("scope", "=", "engineer"), ("source", "=", "survey")])
        )
        self.assertEqual(resp_a.scope_key, a.id)
        self.assertIn(a.name, resp_a.display_name)

    def test_second_run_writes_nothing(self):
        again = self.Measurement._compute_period(
            "month", MONTH, MONTH.replace(day=31), companies=self.company
        )
        self.assertFalse(again.filtered(lambda m: m.scope == "engineer"))

    def _visible_engineers(self):
        return set(
            self.env["quality_ops.measurement"]
            .search([("scope", "=", "engineer"), ("company_id", "=", self.company.id)])
            .user_id.mapped("login")
        )

    @users(ENG_A)
    def test_engineer_reads_only_his_own(self):
        self.assertEqual(self._visible_engineers(), {ENG_A})
        with self.assertRaises(AccessError):
            self.figure(self.resp, self.eng_b).with_env(self.env).read(["value"])
        # his own read through the records: still only his
        self.assertTrue(self.figure(self.resp, self.eng_a, self.env))
        self.assertFalse(self.figure(self.resp, self.eng_b, self.env))

    @users(OM)
    def test_om_manager_reads_his_teams_people(self):
        self.assertEqual(self._visible_engineers(), {ENG_A, ENG_B})

    @users(OTHER_OM)
    def test_other_om_manager_reads_his_own_team(self):
        self.assertEqual(self._visible_engineers(), {OUTSIDER})

    @users(OFFICER)
    def test_quality_department_reads_all(self):
        self.assertEqual(self._visible_engineers(), {ENG_A, ENG_B, OUTSIDER})


@tagged("post_install", "-at_install")
class TestAppraisal(AppraisalCommon):
    def test_figures_and_scores(self):
        appraisal = self.appraise(self.eng_a)
        self.assertEqual(appraisal.date_from, MONTH, "any day of the month: the month")
        resp, csat, inspection = appraisal.line_ids.sorted("id")
        self.assertEqual((resp.value, resp.score), (50, 55.56))
        self.assertEqual(resp.measurement_id, self.figure(self.resp, self.eng_a))
        self.assertEqual((csat.value, csat.score), (50, 50))
        self.assertFalse(inspection.has_value, "nothing due: left out")
        self.assertEqual(appraisal.measured_score, 52.78)
        appraisal.with_user(self.om).manager_score = 80
        # 52.78 x 60 % + 80 x 40 %
        self.assertEqual(appraisal.total_score, 63.67)

    def approve(self, appraisal, engineer):
        appraisal.with_user(self.om).action_submit()
        appraisal.with_user(engineer).write({"engineer_comment": "Agreed."})
        appraisal.with_user(engineer).action_confirm()
        appraisal.with_user(self.om).action_approve()

    def test_rank_among_the_approved_the_reader_may_read(self):
        mine, theirs = self.appraise(self.eng_a), self.appraise(self.eng_b)
        (mine | theirs).with_user(self.om).write({"manager_score": 80})
        # B: response 0 %, ratings 100 %: 50 x 60 % + 80 x 40 % = 62 < A's 63.67
        self.assertEqual(theirs.total_score, 62)
        as_om = (mine | theirs).with_user(self.om)
        # scores still open to change rank nobody
        self.assertEqual(as_om.mapped("rank"), [0, 0])
        self.approve(theirs, self.eng_b)
        as_om.invalidate_recordset(["rank"])
        self.assertEqual(as_om.mapped("rank"), [0, 1], "A's higher draft does not count")
        self.approve(mine, self.eng_a)
        as_om.invalidate_recordset(["rank"])
        self.assertEqual(as_om.mapped("rank"), [1, 2])
        # an engineer ranks among what he reads: his own
        self.assertEqual(theirs.with_user(self.eng_b).rank, 1)

    def test_workflow_to_frozen_and_sealed(self):
        appraisal = self.appraise(self.eng_a)
        as_om = appraisal.with_user(self.om)
        as_eng = appraisal.with_user(self.eng_a)
        as_om.write({"manager_score": 90, "manager_comment": "Good month."})
        with mute_logger("odoo.models"), self.assertRaises(REFUSED):
            as_eng.write({"engineer_comment": "Not yet with me"})
        with self.assertRaises(REFUSED):
            as_eng.action_submit()
        as_om.action_submit()
        self.assertEqual(appraisal.state, "submitted")
        # the manager neither confirms for the engineer nor writes his words
        with self.assertRaises(REFUSED):
            as_om.action_confirm()
        with self.assertRaises(REFUSED):
            as_om.write({"engineer_comment": "He agrees"})
        with self.assertRaises(REFUSED):
            as_om.write({"manager_score": 99})
        as_eng.write({"engineer_comment": "Agreed, the second ticket waited on a spare part."})
        as_eng.action_confirm()
        self.assertEqual(appraisal.state, "confirmed")
        with self.assertRaises(REFUSED):
            as_eng.write({"engineer_comment": "changed my mind"})
        with self.assertRaises(REFUSED):
            as_eng.action_approve()
        as_om.action_approve()
        self.assertEqual(appraisal.state, "approved")
        self.assertEqual(appraisal.approved_by_id, self.om)
        self.assertTrue(appraisal._quality_is_sealed())
        for user, vals in (
            (self.om, {"manager_comment": "rewritten"}),
            (self.eng_a, {"engineer_comment": "rewritten"}),
        ):
            with self.assertRaises(REFUSED):
                appraisal.with_user(user).write(vals)
        with self.assertRaises(REFUSED):
            as_om.action_reset("A score is wrong")
        with self.assertRaises(REFUSED):
            appraisal.line_ids[:1].with_user(self.om).write({"score": 100})
        with self.assertRaises(REFUSED):
            as_om.unlink()
        with self.assertRaises(REFUSED):
            self.env["ir.attachment"].with_user(self.om).create(
                {
                    "name": "late.txt",
                    "raw": b"x",
                    "res_model": appraisal._name,
                    "res_id": appraisal.id,
                }
            )
        # 52.78 x 60 % + 90 x 40 %
        self.assertEqual(appraisal.total_score, 67.67)

    def test_engineer_never_changes_scores(self):
        appraisal = self.appraise(self.eng_a)
        as_eng = appraisal.with_user(self.eng_a)
        for vals in ({"manager_score": 100}, {"manager_comment": "great"}):
            with self.assertRaises(REFUSED):
                as_eng.write(vals)
        with self.assertRaises(REFUSED):
            as_eng.action_refresh()
        with self.assertRaises(REFUSED):
            appraisal.line_ids[:1].with_user(self.eng_a).write({"score": 100})
        appraisal.with_user(self.om).action_submit()
        for vals in ({"manager_score": 100}, {"total_score": 100}, {"state": "approved"}):
            with self.assertRaises(REFUSED):
                as_eng.write(vals)
        self.assertEqual(appraisal.state, "submitted")
        self.assertEqual(appraisal.manager_score, 0)

    def test_nobody_appraises_himself_or_others_people(self):
        with self.assertRaises(REFUSED):
            self.appraise(self.om)
        for month in ("9999-12-01", "1900-01-01"):
            with self.assertRaises(ValidationError):
                self.env["quality_ops.appraisal"].with_user(self.om).create(
                    {"user_id": self.eng_a.id, "date_from": month, "template_id": self.template.id}
                )
        with self.assertRaises(AccessError):
            self.appraise(self.outsider)
        with self.assertRaises(REFUSED):
            self.appraise(self.eng_b, user=self.eng_a)

    @users(OM)
    def test_taking_over_a_team_opens_no_past_appraisal(self):
        """The team leader is a field an O&M manager may write: making himself
        leader of another manager's team lets him draw up its people's next
        appraisals, never read or change those the other manager drew up."""
        theirs = self.appraise(self.outsider, user=self.other_om)
        self.mine(self.other_team).write({"user_id": self.om.id})
        self.assertFalse(self.env["quality_ops.appraisal"].search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            self.mine(theirs).read(["manager_score"])
        with self.assertRaises(AccessError):
            self.mine(theirs).write({"manager_score": 0})
        with self.assertRaises(AccessError):
            self.mine(theirs).action_submit()
        self.assertEqual(theirs.state, "draft")

    def test_a_copy_is_refused_for_the_month_not_for_its_figures(self):
        # what the workflow set (who drew it up, the measured share) is not
        # copied: the copy is refused because the engineer has his month's
        appraisal = self.appraise(self.eng_a)
        with mute_logger("odoo.sql_db"), self.assertRaisesRegex(ValidationError, "this month"):
            appraisal.with_user(self.om).copy()
        self.assertEqual(appraisal.copy_data()[0].keys() & {"manager_id", "measured_share"}, set())

    def test_another_template_takes_its_own_lines_and_share(self):
        appraisal = self.appraise(self.eng_a)
        other = self.template.copy({"name": "Other template", "measured_share": 40})
        other.line_ids[1:].unlink()
        appraisal.write({"template_id": other.id})
        self.assertEqual(appraisal.line_ids.indicator_id, other.line_ids.indicator_id)
        self.assertEqual(appraisal.measured_share, other.measured_share)

    @users(OM)
    def test_generate_for_a_team(self):
        wizard = self.env["quality_ops.appraisal.generate.wizard"].create(
            {
                "team_id": self.team.id,
                "date_from": "2025-03-20",
                "template_id": self.template.id,
            }
        )
        wizard.action_generate()
        # every appraisal of the month, whoever may read it
        made = (
            self.env["quality_ops.appraisal"]
            .sudo()
            .search([("company_id", "=", self.company.id), ("date_from", "=", MONTH)])
        )
        self.assertEqual(made.user_id, self.eng_a | self.eng_b, "his engineers, not himself")
        self.assertEqual(set(made.mapped("state")), {"draft"})
        self.assertTrue(all(len(a.line_ids) == 3 for a in made))
        with self.assertRaises(UserError):
            wizard.action_generate()

    def _visible_appraisals(self):
        return set(
            self.env["quality_ops.appraisal"]
            .search([("company_id", "=", self.company.id)])
            .user_id.mapped("login")
        )

    def _appraise_all(self):
        self.appraise(self.eng_a)
        self.appraise(self.eng_b)
        self.appraise(self.outsider, user=self.other_om)

    @users(ENG_A)
    def test_engineer_reads_his_appraisal_only(self):
        self._appraise_all()
        self.assertEqual(self._visible_appraisals(), {ENG_A})

    @users(OM)
    def test_om_reads_his_teams_appraisals(self):
        self._appraise_all()
        self.assertEqual(self._visible_appraisals(), {ENG_A, ENG_B})

    @users(OFFICER)
    def test_quality_department_reads_every_appraisal(self):
        self._appraise_all()
        self.assertEqual(self._visible_appraisals(), {ENG_A, ENG_B, OUTSIDER})
        with self.assertRaises(AccessError):
            self.env["quality_ops.appraisal"].search([], limit=1).write({"manager_score": 1})

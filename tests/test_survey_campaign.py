from odoo.tests import TransactionCase, new_test_user, tagged

from .common import answer_survey, company_quality_manager


@tagged("post_install", "-at_install")
class TestSurveyCampaign(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = company_quality_manager(cls.env, "qo_sv_manager")
        cls.survey = cls.env.ref("quality_ops.survey_satisfaction")
        cls.dimensions = cls.survey.question_ids.filtered(lambda q: q.quality_role == "dimension")
        cls.nps_question = cls.survey.question_ids.filtered(lambda q: q.quality_role == "nps")
        cls.partners = cls.env["res.partner"].create(
            [{"name": f"Surveyed {i}", "email": f"s{i}@example.com"} for i in range(10)]
        )
        cls.campaign = (
            cls.env["quality_ops.survey.campaign"]
            .with_user(cls.manager)
            .create(
                {
                    "name": "2026 H2 survey",
                    "half": "h2",
                    "date_from": "2026-07-01",
                    "date_to": "2026-12-31",
                    "partner_ids": [(6, 0, cls.partners.ids)],
                }
            )
        )

    def answer(self, user_input, dimension_value, nps_value):
        answer_survey(user_input, dimension_value, nps_value)
        user_input.sudo()._mark_done()

    def test_template_weights_sum_to_100(self):
        self.assertEqual(sum(self.dimensions.mapped("quality_weight")), 100)
        self.assertEqual(len(self.nps_question.suggested_answer_ids), 11)

    def test_invite_score_nps_and_follow_ups(self):
        self.campaign.with_user(self.manager).action_invite()
        inputs = self.campaign.user_input_ids
        self.assertEqual(len(inputs), 10)
        self.assertEqual(self.campaign.state, "running")
        # Odoo survey's own invitation: one queued mail per customer
        invitations = self.env["mail.mail"].search([("recipient_ids", "in", self.partners.ids)])
        self.assertEqual(invitations.recipient_ids, self.partners)
        # 5 promoters, 3 passives, 2 detractors; all best, all worst and mixed scores
        nps_answers = [10, 9, 9, 10, 9, 8, 7, 8, 6, 0]
        dimension_answers = [5, 5, 5, 5, 5, 4, 4, 4, 1, 1]
        for user_input, dim, nps_value in zip(inputs, dimension_answers, nps_answers, strict=True):
            self.answer(user_input, dim, nps_value)
        scores = sorted(inputs.mapped("quality_score"))
        self.assertEqual(scores[0], 0)
        self.assertEqual(scores[-1], 100)
        self.assertIn(75, scores)
        self.assertEqual(self.campaign.nps, 30)
        self.assertEqual(self.campaign.response_rate, 100)
        self.assertAlmostEqual(self.campaign.score, (5 * 100 + 3 * 75) / 10)
        # below 80 points: the three 4s (75) and the two 1s (0) are called back, once
        followups = self.env["quality_ops.followup"].search([("survey_input_id", "in", inputs.ids)])
        self.assertEqual(len(followups), 5)
        inputs._quality_compute_scores()
        self.assertEqual(
            self.env["quality_ops.followup"].search_count([("survey_input_id", "in", inputs.ids)]),
            5,
        )

    def test_unanswered_dimension_is_reweighted(self):
        self.campaign.action_invite()
        user_input = self.campaign.user_input_ids[0]
        question = self.dimensions[0]
        choice = question.suggested_answer_ids.filtered(lambda a: a.quality_value == 5)
        self.env["survey.user_input.line"].sudo().create(
            {
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
                "user_input_id": user_input.id,
            }
        )
        user_input.sudo()._mark_done()
        self.assertEqual(user_input.quality_score, 100)
        self.assertFalse(user_input.quality_nps_answered)

    def test_low_survey_score_climbs_the_ladder_once(self):
        director = new_test_user(self.env, "qo_sv_director", groups="base.group_user")
        self.env["quality_ops.escalation.rule"].create(
            {
                "name": "Unhappy surveyed customer",
                "trigger": "low_survey",
                "recipient": "users",
                "user_ids": [(6, 0, director.ids)],
            }
        )
        self.campaign.action_invite()
        answer = self.campaign.user_input_ids[0]
        self.answer(answer, 1, 0)
        followup = self.env["quality_ops.followup"].search([("survey_input_id", "=", answer.id)])
        self.env["quality_ops.escalation.rule"]._cron_escalate()
        log = self.env["quality_ops.escalation"].search(
            [("res_model", "=", "quality_ops.followup"), ("res_id", "=", followup.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_ids, director)

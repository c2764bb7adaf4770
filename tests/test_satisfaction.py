from odoo.tests import TransactionCase, new_test_user, tagged

from .common import company_quality_manager


@tagged("post_install", "-at_install")
class TestSatisfaction(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = company_quality_manager(cls.env, "qo_s_manager")
        cls.teams = cls.env["helpdesk.ticket.team"].create(
            [{"name": "Sat desk A"}, {"name": "Sat desk B"}]
        )
        cls.customer = cls.env["res.partner"].create({"name": "Rated Co", "is_company": True})

    def rate(self, ticket, value):
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": ticket.id,
                "partner_id": self.customer.id,
            }
        )
        rating.write({"rating": value, "consumed": True})
        return rating

    def ticket(self, team):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Rated",
                "description": "<p>x</p>",
                "team_id": team.id,
                "partner_id": self.customer.id,
            }
        )

    def test_one_face_rating_opens_one_followup(self):
        ticket = self.ticket(self.teams[0])
        rating = self.rate(ticket, 1)
        followups = self.env["quality_ops.followup"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(len(followups), 1)
        self.assertEqual(followups.rating_id, rating)
        self.assertEqual(followups.owner_id, self.manager)
        self.assertIn(self.manager, followups.activity_ids.user_id)
        rating.write({"rating": 1, "feedback": "still angry"})
        self.assertEqual(
            self.env["quality_ops.followup"].search_count([("ticket_id", "=", ticket.id)]), 1
        )
        self.assertFalse(ticket.quality_complaint_ids)
        self.rate(self.ticket(self.teams[0]), 5)
        self.assertEqual(
            self.env["quality_ops.followup"].search_count([("rating_id.rating", ">", 2)]), 0
        )

    def test_low_rating_can_open_a_complaint(self):
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.low_rating_complaint", "1")
        ticket = self.ticket(self.teams[1])
        self.rate(ticket, 1)
        self.assertEqual(len(ticket.quality_complaint_ids), 1)

    def test_csat_per_team_matches_a_hand_count(self):
        values = {self.teams[0]: [5, 5, 3, 1], self.teams[1]: [5, 3, 3]}
        for team, ratings in values.items():
            for value in ratings:
                self.rate(self.ticket(team), value)
        rows = dict(
            self.env["quality_ops.satisfaction.report"]._read_group(
                [("team_id", "in", self.teams.ids)], ["team_id"], ["csat:avg"]
            )
        )
        for team, ratings in values.items():
            hand = 100.0 * sum(1 for v in ratings if v >= 4) / len(ratings)
            self.assertAlmostEqual(rows[team], hand, places=2)

    def test_low_rating_escalation_rule_fires_once(self):
        watcher = new_test_user(self.env, "qo_s_watcher", groups="base.group_user")
        self.env["quality_ops.escalation.rule"].create(
            {
                "name": "Unhappy customer to the director",
                "trigger": "low_rating",
                "recipient": "users",
                "user_ids": [(6, 0, watcher.ids)],
                "level": 2,
            }
        )
        ticket = self.ticket(self.teams[0])
        self.rate(ticket, 1)
        followup = self.env["quality_ops.followup"].search([("ticket_id", "=", ticket.id)])
        self.env["quality_ops.escalation.rule"]._cron_escalate()
        log = self.env["quality_ops.escalation"].search(
            [("res_model", "=", "quality_ops.followup"), ("res_id", "=", followup.id)]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_ids, watcher)
        self.assertIn(watcher, followup.activity_ids.user_id)

    def test_partner_and_project_count_complaints(self):
        project = self.env["project.project"].create(
            {"name": "Counted", "partner_id": self.customer.id}
        )
        ticket = self.ticket(self.teams[0])
        ticket.project_id = project
        ticket.action_quality_flag_complaint()
        self.assertEqual(project.quality_complaint_count, 1)
        self.assertEqual(self.customer.quality_complaint_count, 1)

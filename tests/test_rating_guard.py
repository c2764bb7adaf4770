"""A ticket's rating is the customer's: given only through his rating page
(the token), the portal or his mail, never typed by a user through
``message_post(rating_value=...)``, ``rating.rating`` or ``rating_apply``;
read only with its ticket; and the SQL analyses count only the tickets their
reader may read. Driven over JSON-RPC, as a plain client would send it."""

import datetime
import re

from odoo.tests import HttpCase, new_test_user, tagged, users
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common import JsonRpcCalls

TICKET = "helpdesk.ticket"
ANALYSES = (
    "quality_ops.satisfaction.report",
    "quality_ops.sla.report",
    "quality_ops.sla.credit.report",
    "quality_ops.sla.exemption.report",
)


@tagged("post_install", "-at_install")
class TestRatingGuard(JsonRpcCalls, MockEmail, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.other_company = env["res.company"].create({"name": "Other O&M Co."})
        helpdesk = "helpdesk_mgmt.group_helpdesk_user_own"
        lead_groups = "quality_ops.group_quality_project_lead,project.group_project_user"
        cls.users = {
            "engineer": new_test_user(
                env, "qo_r_engineer", groups=f"quality_ops.group_quality_engineer,{helpdesk}"
            ),
            # a helpdesk agent with no quality role at all
            "agent": new_test_user(env, "qo_r_agent", groups=helpdesk),
            "officer": new_test_user(
                env, "qo_r_officer", groups="quality_ops.group_quality_officer"
            ),
            "manager": new_test_user(
                env, "qo_r_manager", groups="quality_ops.group_quality_manager"
            ),
            "lead": new_test_user(env, "qo_r_lead", groups=lead_groups),
        }
        env.company.quality_manager_id = cls.users["manager"]
        cls.customer = env["res.partner"].create({"name": "Harbour Bank", "is_company": True})
        cls.portal = new_test_user(env, "qo_r_portal", groups="base.group_portal")
        cls.portal.partner_id.parent_id = cls.customer
        cls.project = env["project.project"].create(
            {"name": "Bank O&M", "partner_id": cls.customer.id, "user_id": cls.users["lead"].id}
        )
        cls.ticket_model = env["ir.model"]._get_id(TICKET)

        def ticket(name, user, **vals):
            return env[TICKET].create(
                dict(
                    {
                        "name": name,
                        "description": name,
                        "user_id": user.id,
                        "partner_id": cls.portal.partner_id.id,
                        "project_id": cls.project.id,
                    },
                    **vals,
                )
            )

        cls.mine = ticket("Engineer's own", cls.users["engineer"])
        cls.agents = ticket("Agent's own", cls.users["agent"])
        # the lead's tickets: one he follows (reads), one he does not
        cls.followed = ticket("Followed", cls.users["lead"])
        cls.hidden = ticket("Hidden", cls.users["lead"])
        lead_partner = cls.users["lead"].partner_id
        cls.followed.message_subscribe(partner_ids=lead_partner.ids)
        cls.hidden.message_unsubscribe(partner_ids=lead_partner.ids)
        other_team = env["helpdesk.ticket.team"].create(
            {"name": "Other desk", "company_id": cls.other_company.id}
        )
        cls.foreign = env[TICKET].create(
            {
                "name": "Elsewhere",
                "description": "x",
                "team_id": other_team.id,
                "company_id": cls.other_company.id,
            }
        )
        Rating = env["rating.rating"]

        def rate(ticket_, value, feedback):
            return Rating.create(
                {
                    "res_model_id": cls.ticket_model,
                    "res_id": ticket_.id,
                    "partner_id": cls.portal.partner_id.id,
                    "rating": value,
                    "feedback": feedback,
                    "consumed": True,
                }
            )

        cls.rating_followed = rate(cls.followed, 5, "fine")
        cls.rating_hidden = rate(cls.hidden, 4, "words of a hidden ticket")
        cls.rating_foreign = rate(cls.foreign, 3, "words of company B")
        # the rating request of the engineer's ticket: an empty rating and its token
        cls.token = cls.mine._rating_get_access_token()
        cls.request = Rating.search([("access_token", "=", cls.token)])

        # SLA clocks, a credit scheme and exemption requests on the lead's tickets
        when = datetime.datetime(2031, 6, 10, 3)
        Clock = env["quality_ops.ticket.sla"].sudo()
        Clock.search([("ticket_id", "in", (cls.followed | cls.hidden).ids)]).unlink()
        clocks = Clock.create(
            [
                {
                    "ticket_id": t.id,
                    "company_id": t.company_id.id,
                    "kind": "resolution",
                    "target_hours": 4,
                    "start_at": when - datetime.timedelta(days=1),
                    "breached_at": when - datetime.timedelta(hours=2),
                    "reached_at": when,
                    "state": "breached",
                }
                for t in (cls.followed, cls.hidden)
            ]
        )
        env["quality_ops.sla.credit.scheme"].create(
            {
                "name": "Bank SLA",
                "project_id": cls.project.id,
                "partner_id": cls.customer.id,
                "date_start": "2026-01-01",
                "cap_type": "none",
                "line_ids": [
                    (0, 0, {"priority": cls.followed.priority, "kind": "resolution", "credit": 100})
                ],
            }
        )
        Exemption = env["quality_ops.sla.exemption"].with_user(cls.users["officer"])
        for clock in clocks:
            Exemption.create(
                {"clock_id": clock.id, "reason": "customer", "description": "Room closed."}
            )

    # -- JSON-RPC -------------------------------------------------------------

    def assert_forged(self, role, model, method, *args, **kwargs):
        """Refused by the ratings' guard itself, not by an access right."""
        name = self.assert_refused(role, model, method, *args, **kwargs)
        self.assertEqual(name, "odoo.exceptions.UserError", f"{role} {model}.{method}")

    def submit_feedback(self, page, token, rate, feedback):
        """Send the rating page's form (``page``, opened on ``token``'s link)."""
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        answer = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": rate, "feedback": feedback, "csrf_token": csrf},
        )
        self.assertEqual(answer.status_code, 200)

    def given_ratings(self, tickets):
        return self.env["rating.rating"].search(
            [("res_model", "=", TICKET), ("res_id", "in", tickets.ids), ("consumed", "=", True)]
        )

    def csat_rows(self, tickets):
        return self.env["quality_ops.satisfaction.report"].search(
            [("ticket_id", "in", tickets.ids)]
        )

    # -- giving a rating ----------------------------------------------------------

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule", "odoo.models")
    def test_users_cannot_rate_in_the_customers_place(self):
        tickets = self.mine | self.agents
        messages = self.env["mail.message"].search_count([("model", "=", TICKET)])
        # the engineer gives his own ticket five stars, the agent one star
        for role, ticket, value in (
            ("engineer", self.mine, 5),
            ("agent", self.agents, 1),
            ("admin", self.mine, 5),
        ):
            # message_post is not called remotely on tickets (any role)
            self.assert_refused(
                role, TICKET, "message_post", ticket.ids, body="Great service", rating_value=value
            )
            self.assert_forged(
                role,
                "rating.rating",
                "create",
                [
                    {
                        "res_model_id": self.ticket_model,
                        "res_id": ticket.id,
                        "partner_id": self.portal.partner_id.id,
                        "rating": value,
                        "consumed": True,
                    }
                ],
            )
            self.assert_forged(role, TICKET, "rating_apply", ticket.ids, value, token=self.token)
        # nor through the request waiting for the customer
        for values in (
            {"rating": 5, "consumed": True},
            {"partner_id": self.users["engineer"].partner_id.id},
            {"rated_partner_id": self.users["agent"].partner_id.id},
            {"is_internal": True},
            {"res_id": self.agents.id},
        ):
            self.assert_forged("engineer", "rating.rating", "write", self.request.ids, values)
        self.assert_forged("engineer", "rating.rating", "reset", self.request.ids)
        # nor through the ticket's ratings
        for command in (
            (0, 0, {"res_model_id": self.ticket_model, "rating": 5, "consumed": True}),
            (1, self.request.id, {"rating": 5, "consumed": True}),
            (2, self.request.id),
        ):
            self.assert_refused(
                "engineer", TICKET, "write", self.mine.ids, {"rating_ids": [command]}
            )
        # nor a rating without a model, nor a last score typed on the ticket
        ratings = self.env["rating.rating"].search_count([])
        for vals in (
            {"rating_ids": [(0, 0, {"rating": 5, "consumed": True})]},
            {"rating_last_value": 5},
        ):
            self.assert_forged("engineer", TICKET, "write", self.mine.ids, vals)
        new_ticket = {"name": "Mine", "description": "x", "user_id": self.users["engineer"].id}
        self.assert_forged("engineer", TICKET, "create", [dict(new_ticket, rating_last_value=5)])
        self.assert_forged(
            "engineer", TICKET, "create", [new_ticket], context={"default_rating_last_value": 5}
        )
        self.assertEqual(self.env["rating.rating"].search_count([]), ratings)
        self.assertEqual(self.mine.rating_last_value, 0)
        self.assert_refused("engineer", "rating.rating", "unlink", self.request.ids)
        self.assert_forged("admin", "rating.rating", "unlink", self.rating_followed.ids)
        # nothing given, nothing counted, nothing followed up, nothing posted
        self.assertFalse(self.given_ratings(tickets))
        self.assertEqual(
            (self.request.rating, self.request.consumed, self.request.partner_id),
            (0, False, self.portal.partner_id),
        )
        self.assertFalse(self.request.is_internal)
        self.assertFalse(self.csat_rows(tickets))
        self.assertFalse(
            self.env["quality_ops.followup"].search([("ticket_id", "in", tickets.ids)])
        )
        self.assertEqual(self.env["mail.message"].search_count([("model", "=", TICKET)]), messages)
        self.assertTrue(self.rating_followed.exists())

    @users("qo_r_engineer", "qo_r_agent", "qo_r_officer", "qo_r_lead")
    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.models")
    def test_ratings_of_unreadable_tickets_are_not_rewritten(self):
        rating = self.rating_hidden
        fields = ("partner_id", "rated_partner_id", "is_internal", "feedback", "rating")
        before = rating.read(fields)
        login = self.env.user.login
        for values in (
            {"partner_id": self.env.user.partner_id.id},
            {"rated_partner_id": self.env.user.partner_id.id},
            {"is_internal": True},
            {"feedback": "rewritten"},
        ):
            self.assert_refused(login, "rating.rating", "write", rating.ids, values)
        self.assertEqual(rating.read(fields), before)
        self.assertEqual(rating.feedback, "words of a hidden ticket")

    def test_the_customer_rates_through_his_token(self):
        # the customer opens the link of the rating mail, not logged in
        page = self.url_open(f"/rate/{self.token}/1")
        self.submit_feedback(page, self.token, 1, "Too slow")
        self.env.invalidate_all()
        self.assertEqual((self.request.rating, self.request.consumed), (1, True))
        self.assertEqual(self.request.feedback, "Too slow")
        # counted, and the low rating is followed up
        self.assertEqual(self.csat_rows(self.mine).rating, 1)
        followup = self.env["quality_ops.followup"].search([("ticket_id", "=", self.mine.id)])
        self.assertEqual(followup.rating_id, self.request)

    @mute_logger("odoo.http")
    def test_the_token_in_an_employees_browser_is_still_the_customers(self):
        self.authenticate("qo_r_engineer", "qo_r_engineer")
        # Odoo's page already turns him away; its form's address does not
        page = self.url_open(f"/rate/{self.token}/5")
        self.assertNotIn("submit_feedback", page.text)
        web = self.url_open("/odoo")
        csrf = re.search(r"""csrf_token["']?\s*[:=]\s*["']([^"']+)""", web.text).group(1)
        answer = self.url_open(
            f"/rate/{self.token}/submit_feedback",
            data={"rate": 5, "feedback": "Perfect", "csrf_token": csrf},
        )
        self.assertNotEqual(answer.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual((self.request.rating, self.request.consumed), (0, False))
        self.assertFalse(self.csat_rows(self.mine))

    def test_an_employee_rates_the_ticket_he_raised(self):
        # an internal ticket: the customer is an employee, logged in
        staff = new_test_user(self.env, "qo_r_staff", groups="base.group_user")
        ticket = self.env[TICKET].create(
            {
                "name": "My laptop",
                "description": "x",
                "user_id": self.users["engineer"].id,
                "partner_id": staff.partner_id.id,
            }
        )
        token = ticket._rating_get_access_token()
        self.authenticate("qo_r_staff", "qo_r_staff")
        page = self.url_open(f"/rate/{token}/5")
        self.submit_feedback(page, token, 5, "Fixed fast")
        self.env.invalidate_all()
        rating = self.given_ratings(ticket)
        self.assertEqual((rating.rating, rating.partner_id), (5, staff.partner_id))

    def test_closing_a_ticket_still_mails_the_rating_request(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        done.rating_mail_template_id = self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template"
        )
        ticket = self.env[TICKET].create(
            {
                "name": "To close",
                "description": "x",
                "user_id": self.users["agent"].id,
                "partner_id": self.portal.partner_id.id,
            }
        )
        with self.mock_mail_gateway():
            ticket.with_user(self.users["agent"]).write({"stage_id": done.id})
        # the empty rating waiting for the customer: nothing given yet
        waiting = self.env["rating.rating"].search(
            [("res_model", "=", TICKET), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(waiting), 1)
        self.assertEqual(
            (waiting.partner_id, waiting.rating, waiting.consumed),
            (self.portal.partner_id, 0, False),
        )
        self.assertFalse(self.csat_rows(ticket))
        # the customer's mail holds his links; the ticket's chatter does not
        mailed = [mail for mail in self._mails if waiting.access_token in (mail["body"] or "")]
        self.assertEqual(len(mailed), 1)
        # and it went out: the sending machinery stamps the mail and its message
        failed = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", TICKET), ("res_id", "=", ticket.id), ("state", "=", "exception")]
            )
        )
        self.assertFalse(failed, failed.mapped("failure_reason"))
        self.assertIn(self.portal.partner_id.email, str(mailed[0]["email_to"]))
        self.assertFalse(
            self.env["mail.message"].search(
                [
                    ("model", "=", TICKET),
                    ("res_id", "=", ticket.id),
                    ("body", "ilike", waiting.access_token),
                ]
            )
        )
        notes = self.call(
            "agent",
            "mail.message",
            "search_read",
            [("model", "=", TICKET), ("res_id", "=", ticket.id)],
            ["body"],
        )
        self.assertTrue(any("Rating request sent" in note["body"] for note in notes))
        self.assertFalse(any("/rate/" in note["body"] for note in notes))

    # -- reading ------------------------------------------------------------------

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_ratings_are_read_with_their_ticket(self):
        everyone = self.rating_followed | self.rating_hidden | self.rating_foreign | self.request
        expected = {
            # the helpdesk: the ratings of their own tickets
            "engineer": self.request,
            "agent": self.env["rating.rating"],
            # the quality department: the tickets of its company, not company B's
            "officer": self.rating_followed | self.rating_hidden | self.request,
            "manager": self.rating_followed | self.rating_hidden | self.request,
            # a project lead reads no ticket rating (no helpdesk, no quality department)
            "lead": self.env["rating.rating"],
        }
        for role, readable in expected.items():
            found = self.call(
                role,
                "rating.rating",
                "search_read",
                [("id", "in", everyone.ids)],
                ["feedback", "partner_id", "rated_partner_id", "is_internal"],
            )
            self.assertEqual({row["id"] for row in found}, set(readable.ids), role)
            for rating in everyone - readable:
                self.assert_refused(role, "rating.rating", "read", rating.ids, ["feedback"])
            # what the web client's grouped views call
            groups = self.call(
                role,
                "rating.rating",
                "formatted_read_group",
                [("id", "in", everyone.ids)],
                [],
                ["rating:avg", "__count"],
            )
            self.assertEqual(groups[0]["__count"], len(readable), role)
        # the token is the customer's key: no user reads it
        self.assert_refused("engineer", "rating.rating", "read", self.request.ids, ["access_token"])
        self.assert_refused("officer", "rating.rating", "read", self.request.ids, ["access_token"])
        self.assert_refused(
            "officer", "rating.rating", "search", [("access_token", "=", self.token)]
        )

    @mute_logger("odoo.http")
    def test_analyses_count_only_the_tickets_their_reader_reads(self):
        def tickets(model, rows):
            records = self.env[model].browse(rows)
            if model == "quality_ops.sla.exemption.report":
                return records.exemption_id.ticket_id
            return records.ticket_id

        domain = [("project_id", "=", self.project.id)]
        for model in ANALYSES:
            every_row = self.env[model].search(domain)
            self.assertEqual(tickets(model, every_row.ids), self.followed | self.hidden, model)
            # the lead reads the tickets of the project he leads (a rule of their
            # own): their rows are his; he does not follow the second one
            rows = self.call("lead", model, "search_read", domain, ["id"])
            self.assertEqual(
                tickets(model, [r["id"] for r in rows]), self.followed | self.hidden, model
            )
            self.assertEqual(self.call("lead", model, "search_count", domain), 2, model)
        rows = self.call(
            "lead", "quality_ops.satisfaction.report", "search_read", domain, ["rating"]
        )
        self.assertEqual(sorted(r["rating"] for r in rows), [4, 5])
        # once he no longer leads it, he reads the row of the ticket he follows only
        self.project.user_id = self.users["manager"]
        self.env.flush_all()
        rows = self.call("lead", "quality_ops.satisfaction.report", "search_read", [], ["rating"])
        self.assertNotIn(4, [r["rating"] for r in rows])

    def post(self, login, ticket, rating_value):
        self.authenticate(login, login)
        with mute_logger("odoo.http"):  # refusals a test provokes
            return self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": TICKET,
                    "thread_id": ticket.id,
                    "post_data": {
                        "body": "Rated in the chatter",
                        "message_type": "comment",
                        "rating_value": rating_value,
                    },
                },
            )

    @mute_logger("odoo.http")
    def test_the_customer_rates_in_the_portal_chatter_employees_do_not(self):
        # the chatter's own route posts in sudo: still not the engineer's rating
        with self.assertRaises(JsonRpcException) as caught:
            self.post("qo_r_engineer", self.mine, 5)
        self.assertEqual(str(caught.exception), "odoo.exceptions.UserError")
        self.env.invalidate_all()
        self.assertFalse(self.given_ratings(self.mine))
        # the customer, logged in to the portal, rates his ticket
        self.post("qo_r_portal", self.mine, 2)
        self.env.invalidate_all()
        rating = self.given_ratings(self.mine)
        self.assertEqual((rating.rating, rating.partner_id), (2, self.portal.partner_id))
        self.assertEqual(self.csat_rows(self.mine).rating, 2)
        self.assertEqual(
            self.env["quality_ops.followup"].search([("ticket_id", "=", self.mine.id)]).rating_id,
            rating,
        )

"""The customer's side (portal): two customers, each raising complaints on
their tickets, following them and answering the return visit, downloading
the service reports sent to them, and seeing nothing internal nor anything
of the other customer, through the model methods and the pages alike."""

import io
import json

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, TransactionCase, tagged, users
from odoo.tools import mute_logger

from .common import CurrentUser, company_quality_manager, role_user
from .pdf_common import PdfTextMixin

# internal content of the complaints: never on a customer's page
INTERNAL = (
    "CAUSE-ANALYSIS-SECRET",
    "HANDLING-NOTE-SECRET",
    "RETURN-VISIT-NOTE-SECRET",
    "INTERNAL-CHATTER-SECRET",
    "New complaint to the quality manager",  # the escalation rung that was logged
)


class PortalFixture(CurrentUser):
    """Two customer companies with a portal contact each, their tickets,
    complaints in several stages and service reports sent or not."""

    @classmethod
    def setup_portal(cls):
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = company_quality_manager(env, "qo_p_manager")
        cls.officer = role_user(env, "qo_p_officer", "officer")
        cls.Rule = env["quality_ops.escalation.rule"]
        cls.Rule.search([]).active_since = "2000-01-01 00:00:00"
        cls.team = env["helpdesk.ticket.team"].create({"name": "Portal desk"})
        cls.stage = {
            name: env.ref(f"quality_ops.complaint_stage_{name}")
            for name in ("accept", "handle", "feedback", "return_visit", "closed")
        }
        cls.customer = {}
        cls.portal = {}
        cls.ticket = {}
        for key, name in (("a", "Alpha Bank"), ("b", "Beta Hospital")):
            company = env["res.partner"].create({"name": name, "is_company": True})
            user = role_user(env, f"qo_p_portal_{key}", "portal", name=f"{name} contact")
            user.partner_id.parent_id = company
            cls.customer[key] = company
            cls.portal[key] = user
            for number in (1, 2, 3):
                cls.ticket[f"{key}{number}"] = env["helpdesk.ticket"].create(
                    {
                        "name": f"{name} ticket {number}",
                        "description": f"<p>{name} ticket {number}</p>",
                        "partner_id": company.id,
                        "team_id": cls.team.id,
                    }
                )
        Complaint = env["quality_ops.complaint"]
        cls.complaint = {}
        for key in ("a", "b"):
            # raised by the staff, still open, with everything internal filled in
            accepted = Complaint.create(
                {
                    "ticket_id": cls.ticket[f"{key}1"].id,
                    "name": f"Open complaint of {key.upper()}",
                    "cause_analysis": "<p>CAUSE-ANALYSIS-SECRET</p>",
                    "handling": "<p>HANDLING-NOTE-SECRET</p>",
                    "return_visit_note": "RETURN-VISIT-NOTE-SECRET",
                    "feedback_to_customer": f"<p>Feedback for {key.upper()}</p>",
                }
            )
            accepted.message_post(body="INTERNAL-CHATTER-SECRET", subtype_xmlid="mail.mt_note")
            # handled, waiting for the customer's answer at the return visit
            visit = Complaint.create(
                {
                    "ticket_id": cls.ticket[f"{key}2"].id,
                    "name": f"Return visit of {key.upper()}",
                    "cause_analysis": "<p>CAUSE-ANALYSIS-SECRET</p>",
                    "feedback_to_customer": f"<p>We fixed it for {key.upper()}</p>",
                }
            )
            visit.write({"stage_id": cls.stage["return_visit"].id})
            cls.complaint[f"{key}_open"] = accepted
            cls.complaint[f"{key}_visit"] = visit
        Report = env["quality_ops.service.report"]
        cls.report = {}
        for key in ("a", "b"):
            sent = Report.create({"partner_id": cls.customer[key].id, "date_from": "2026-03-01"})
            sent.action_mark_sent()
            cls.report[f"{key}_sent"] = sent
            cls.report[f"{key}_draft"] = Report.create(
                {"partner_id": cls.customer[key].id, "date_from": "2026-04-01"}
            )

    def as_portal(self, key, model):
        """The model with sudo for customer ``key``'s portal user, as the
        controllers call it."""
        return self.env[model].with_user(self.portal[key]).sudo()


@tagged("post_install", "-at_install")
class TestPortalMethods(PortalFixture, PdfTextMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_portal()

    @users("qo_p_portal_a", "qo_p_portal_b")
    def test_portal_users_have_no_access_right_on_quality_records(self):
        for model in ("quality_ops.complaint", "quality_ops.service.report"):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].search([])
        with self.assertRaises(AccessError):
            self.env["quality_ops.complaint"].create({"ticket_id": self.ticket["a3"].id})

    @users("qo_p_portal_a", "qo_p_portal_b")
    def test_each_customer_sees_only_their_company_s_records(self):
        key = self.env.user.login[-1]
        other = {"a": "b", "b": "a"}[key]
        # the models with sudo for the customer, as the controllers call them
        Complaint = self.env["quality_ops.complaint"].sudo()
        self.assertEqual(
            Complaint.search(Complaint._portal_domain()),
            self.complaint[f"{key}_open"] | self.complaint[f"{key}_visit"],
        )
        Report = self.env["quality_ops.service.report"].sudo()
        # sent ones only
        self.assertEqual(Report.search(Report._portal_domain()), self.report[f"{key}_sent"])
        with self.assertRaises(AccessError):
            self.complaint[f"{other}_visit"].with_env(Complaint.env)._portal_check_owner()
        for name in (f"{other}_sent", f"{key}_draft"):
            with self.assertRaises(AccessError, msg=name):
                self.report[name].with_env(Report.env)._portal_document("pdf")

    def test_raising_a_complaint_enters_the_ladder_at_once(self):
        Complaint = self.as_portal("a", "quality_ops.complaint")
        complaint = Complaint._portal_raise_complaint(
            self.ticket["a3"], "delay", "  Nobody called back for two days.  "
        )
        self.assertEqual(complaint.ticket_id, self.ticket["a3"])
        self.assertEqual(complaint.partner_id, self.customer["a"])
        self.assertEqual(complaint.stage_id, self.stage["accept"])
        self.assertEqual(complaint.reason, "delay")
        self.assertTrue(complaint.portal_raised)
        self.assertEqual(complaint.customer_text, "Nobody called back for two days.")
        self.assertIn("Nobody called back", complaint.description)
        self.assertEqual(complaint.create_uid, self.portal["a"])
        self.assertTrue(complaint.reference.startswith("CP/"))
        self.assertTrue(complaint.response_deadline and complaint.close_deadline)
        # the quality manager is told at once, as for any complaint
        self.assertEqual(
            complaint.escalation_ids.rule_id, self.env.ref("quality_ops.escalation_rule_created")
        )
        activities = self.env["mail.activity"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        self.assertIn(self.manager, activities.user_id)
        # the customer does not follow the internal thread of the complaint
        self.assertNotIn(self.portal["a"].partner_id, complaint.message_partner_ids)
        # one open complaint per ticket
        with self.assertRaisesRegex(UserError, "being handled"):
            Complaint._portal_raise_complaint(self.ticket["a3"], "other", "Again")

    def test_raising_checks_what_the_client_sends(self):
        Complaint = self.as_portal("a", "quality_ops.complaint")
        before = self.env["quality_ops.complaint"].search_count([])
        with self.assertRaises(AccessError):
            Complaint._portal_raise_complaint(self.ticket["b3"], "delay", "Not my ticket")
        with self.assertRaises(AccessError):
            Complaint._portal_raise_complaint(self.env["helpdesk.ticket"], "delay", "No ticket")
        with self.assertRaisesRegex(UserError, "reason"):
            Complaint._portal_raise_complaint(self.ticket["a3"], "bogus", "Text")
        with self.assertRaisesRegex(UserError, "went wrong"):
            Complaint._portal_raise_complaint(self.ticket["a3"], "delay", "   ")
        with self.assertRaisesRegex(UserError, "characters"):
            Complaint._portal_raise_complaint(self.ticket["a3"], "delay", "x" * 5001)
        # the open complaint of ticket a1 is being handled
        with self.assertRaisesRegex(UserError, "being handled"):
            Complaint._portal_raise_complaint(self.ticket["a1"], "delay", "Text")
        self.assertEqual(self.env["quality_ops.complaint"].search_count([]), before)

    @users("qo_p_officer")
    def test_the_customer_s_words_are_theirs(self):
        complaint = self.mine(self.complaint["a_visit"])
        for vals in (
            {"customer_text": "Forged"},
            {"portal_raised": True},
            {"customer_answer": "resolved"},
            {"customer_answer_comment": "Forged"},
        ):
            with self.assertRaises(UserError, msg=vals):
                complaint.write(vals)
        with self.assertRaises(UserError):
            self.env["quality_ops.complaint"].create(
                {"ticket_id": self.ticket["a3"].id, "customer_answer": "resolved"}
            )

    def test_resolved_at_the_return_visit_is_what_closing_requires(self):
        complaint = self.complaint["a_visit"]
        with self.assertRaisesRegex(UserError, "return visit"):
            complaint.with_user(self.officer).stage_id = self.stage["closed"]
        self.assertTrue(complaint.awaits_customer)
        mine = complaint.with_env(self.as_portal("a", complaint._name).env)
        mine._portal_confirm(True, "Works now.")
        self.assertTrue(complaint.customer_confirmed)
        self.assertEqual(complaint.customer_answer, "resolved")
        self.assertEqual(complaint.customer_answer_comment, "Works now.")
        self.assertTrue(complaint.customer_answer_date)
        self.assertFalse(complaint.awaits_customer)
        # the quality department is asked to close it, and closes it
        activity = self.env["mail.activity"].search(
            [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        self.assertIn("close", " ".join(activity.mapped("summary")))
        with self.assertRaisesRegex(UserError, "not waiting"):
            mine._portal_confirm(True, "Twice")
        complaint.with_user(self.officer).stage_id = self.stage["closed"]
        self.assertTrue(complaint.is_closed)

    def test_not_resolved_goes_back_to_handling(self):
        complaint = self.complaint["b_visit"]
        mine = complaint.with_env(self.as_portal("b", complaint._name).env)
        with self.assertRaisesRegex(UserError, "still not resolved"):
            mine._portal_confirm(False, "  ")
        self.assertEqual(complaint.stage_id, self.stage["return_visit"])
        mine._portal_confirm(False, "The printer fails again every morning.")
        self.assertEqual(complaint.stage_id, self.stage["handle"])
        self.assertEqual(complaint.customer_answer, "not_resolved")
        self.assertFalse(complaint.customer_confirmed)
        self.assertFalse(complaint.awaits_customer)
        logged = complaint.message_ids.filtered(lambda m: "every morning" in (m.body or ""))
        self.assertEqual(len(logged), 1)
        self.assertTrue(logged.subtype_id.internal)
        self.assertEqual(logged.author_id, self.portal["b"].partner_id)
        # not at the return visit any more: nothing to answer
        with self.assertRaisesRegex(UserError, "not waiting"):
            mine._portal_confirm(True, "")
        # back at the return visit, the customer answers again
        complaint.with_user(self.officer).stage_id = self.stage["return_visit"]
        mine._portal_confirm(True, "")
        self.assertTrue(complaint.customer_confirmed)

    def test_answers_only_at_the_return_visit_and_only_their_own(self):
        other = self.complaint["b_visit"].with_env(self.as_portal("a", "quality_ops.complaint").env)
        with self.assertRaises(AccessError):
            other._portal_confirm(True, "")
        self.assertFalse(self.complaint["b_visit"].customer_confirmed)
        opened = self.complaint["a_open"].with_env(other.env)
        with self.assertRaisesRegex(UserError, "not waiting"):
            opened._portal_confirm(True, "")
        self.assertFalse(self.complaint["a_open"].customer_answer)

    def test_service_report_documents_for_the_customer(self):
        report = self.report["a_sent"].with_env(
            self.as_portal("a", "quality_ops.service.report").env
        )
        self.assertTrue(report.sent_date)
        content, mimetype, filename = report._portal_document("xlsx")
        self.assertTrue(mimetype.endswith("spreadsheetml.sheet"))
        self.assertTrue(filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertIn("Alpha Bank", str(book.worksheets[0].cell(row=1, column=4).value))
        with self.assertRaises(UserError):
            report._portal_document("docx")
        with self.pdf_rendering():
            content, mimetype, filename = report.with_context(
                force_report_rendering=True
            )._portal_document("pdf")
        self.assertEqual((mimetype, filename[-4:]), ("application/pdf", ".pdf"))
        text = self.pdf_text(content)
        self.assertInPdf(self.report["a_sent"].reference, text)
        self.assertInPdf("Alpha Bank", text)
        self.assertNotIn("Beta Hospital", text)


@tagged("post_install", "-at_install")
class TestPortalPages(PortalFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_portal()

    def login(self, key):
        login = self.portal[key].login
        self.authenticate(login, login)

    def page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def assert_nothing_internal(self, html, other):
        for marker in INTERNAL:
            self.assertNotIn(marker, html)
        for name in ("open", "visit"):
            self.assertNotIn(self.complaint[f"{other}_{name}"].reference, html)
            self.assertNotIn(self.complaint[f"{other}_{name}"].name, html)

    def test_my_complaints_lists_theirs_only(self):
        for key, other in (("a", "b"), ("b", "a")):
            self.login(key)
            html = self.page("/my/complaints")
            for name in ("open", "visit"):
                self.assertIn(self.complaint[f"{key}_{name}"].reference, html)
            self.assertIn(self.stage["return_visit"].name, html)
            self.assert_nothing_internal(html, other)

    def test_complaint_pages_lead_to_the_previous_and_next_of_the_list(self):
        self.login("a")
        self.page("/my/complaints")  # the list remembers its complaints, newest first
        first, second = self.complaint["a_visit"], self.complaint["a_open"]
        if first.create_date < second.create_date or (
            first.create_date == second.create_date and first.id < second.id
        ):
            first, second = second, first
        html = self.page(f"/my/complaints/{first.id}")
        self.assertIn(f'href="/my/complaints/{second.id}"', html)
        html = self.page(f"/my/complaints/{second.id}")
        self.assertIn(f'href="/my/complaints/{first.id}"', html)
        # never towards another customer's
        self.assertNotIn(f"/my/complaints/{self.complaint['b_open'].id}", html)

    def test_complaint_page_shows_what_is_the_customer_s(self):
        self.login("a")
        complaint = self.complaint["a_open"]
        html = self.page(f"/my/complaints/{complaint.id}")
        self.assertIn(complaint.reference, html)
        self.assertIn("Feedback for A", html)
        self.assertIn(self.ticket["a1"].number, html)
        self.assertNotIn("o_quality_answer_form", html)  # not at the return visit yet
        self.assert_nothing_internal(html, "b")
        visit = self.page(f"/my/complaints/{self.complaint['a_visit'].id}")
        self.assertIn("o_quality_answer_form", visit)
        self.assertIn('name="csrf_token"', visit)
        self.assert_nothing_internal(visit, "b")
        # the other customer's complaint does not open
        response = self.url_open(
            f"/my/complaints/{self.complaint['b_open'].id}", allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        html = self.page(f"/my/complaints/{self.complaint['b_open'].id}")
        self.assert_nothing_internal(html, "b")
        self.assertNotIn("Feedback for B", html)

    def test_ticket_page_offers_the_complaint_form(self):
        self.login("a")
        html = self.page(f"/my/ticket/{self.ticket['a3'].id}")
        self.assertIn(f'action="/my/ticket/{self.ticket["a3"].id}/complaint"', html)
        self.assertIn('name="reason"', html)
        # the ticket with an open complaint lists it instead of a second form
        html = self.page(f"/my/ticket/{self.ticket['a1'].id}")
        self.assertIn(self.complaint["a_open"].reference, html)
        self.assertNotIn(f'action="/my/ticket/{self.ticket["a1"].id}/complaint"', html)
        self.assert_nothing_internal(html, "b")

    def test_raise_a_complaint_by_post(self):
        self.login("a")
        Complaint = self.env["quality_ops.complaint"]
        url = f"/my/ticket/{self.ticket['a3'].id}/complaint"
        form = {"reason": "attitude", "text": "Rude on the phone."}
        # CSRF-protected (the server logs the refusal: expected)
        with mute_logger("odoo.http"):
            response = self.url_open(url, data=form, allow_redirects=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Complaint.search([("ticket_id", "=", self.ticket["a3"].id)]))
        # the other customer's ticket: nothing is created
        response = self.url_open(
            f"/my/ticket/{self.ticket['b3'].id}/complaint",
            data={**form, "csrf_token": Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(Complaint.search([("ticket_id", "=", self.ticket["b3"].id)]))
        # a missing text: the form again, with what is wrong
        response = self.url_open(
            url, data={"reason": "attitude", "text": " ", "csrf_token": Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Tell us what went wrong", response.text)
        response = self.url_open(
            url, data={**form, "csrf_token": Request.csrf_token(self)}, allow_redirects=False
        )
        self.assertEqual(response.status_code, 303)
        complaint = Complaint.search([("ticket_id", "=", self.ticket["a3"].id)])
        self.assertEqual(len(complaint), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/complaints/{complaint.id}"))
        self.assertEqual((complaint.reason, complaint.customer_text), ("attitude", form["text"]))
        self.assertTrue(complaint.escalation_ids)
        html = self.page(f"/my/complaints/{complaint.id}")
        self.assertIn("Rude on the phone.", html)

    def test_answer_the_return_visit_by_post(self):
        self.login("a")
        mine, theirs = self.complaint["a_visit"], self.complaint["b_visit"]
        response = self.url_open(
            f"/my/complaints/{theirs.id}/answer",
            data={"answer": "resolved", "csrf_token": Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(theirs.customer_confirmed)
        response = self.url_open(
            f"/my/complaints/{mine.id}/answer",
            data={"answer": "maybe", "csrf_token": Request.csrf_token(self)},
        )
        self.assertIn("Say whether", response.text)
        self.assertFalse(mine.customer_answer)
        response = self.url_open(
            f"/my/complaints/{mine.id}/answer",
            data={
                "answer": "resolved",
                "comment": "Thanks",
                "csrf_token": Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.env.invalidate_all()
        self.assertTrue(mine.customer_confirmed)
        self.assertEqual(mine.customer_answer_comment, "Thanks")
        html = self.page(f"/my/complaints/{mine.id}")
        self.assertIn("o_quality_answer", html)
        self.assertNotIn("o_quality_answer_form", html)

    def test_my_service_reports_and_their_downloads(self):
        for key, other in (("a", "b"), ("b", "a")):
            self.login(key)
            html = self.page("/my/service_reports")
            mine = self.report[f"{key}_sent"]
            self.assertIn(mine.reference, html)
            self.assertIn("2026-03", html)
            for name in (f"{key}_draft", f"{other}_sent", f"{other}_draft"):
                self.assertNotIn(self.report[name].reference, html, name)
            # in test mode the PDF engine is off: the report's page is served
            response = self.url_open(f"/my/service_reports/{mine.id}/pdf")
            self.assertEqual(response.status_code, 200)
            self.assertIn(mine.reference, response.text)
            response = self.url_open(f"/my/service_reports/{mine.id}/xlsx")
            self.assertEqual(response.status_code, 200)
            self.assertIn("attachment", response.headers["Content-Disposition"])
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            self.assertIn(
                self.customer[key].name, str(book.worksheets[0].cell(row=1, column=4).value)
            )
            for name in (f"{key}_draft", f"{other}_sent"):
                for kind in ("pdf", "xlsx"):
                    response = self.url_open(f"/my/service_reports/{self.report[name].id}/{kind}")
                    self.assertEqual(response.status_code, 404, (name, kind))

    def test_home_counters(self):
        self.login("b")
        response = self.url_open(
            "/my/counters",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "params": {
                        "counters": ["quality_complaint_count", "quality_service_report_count"]
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        result = response.json()["result"]
        self.assertEqual(result["quality_complaint_count"], 2)
        self.assertEqual(result["quality_service_report_count"], 1)
        # counted, the two cards show on the home page
        html = self.page("/my")
        for url in ("/my/complaints", "/my/service_reports"):
            self.assertRegex(
                html, rf'<div class="o_portal_index_card col-md-6 order-2">\s*<a href="{url}"'
            )


@tagged("post_install", "-at_install")
class TestPortalTour(PortalFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_portal()

    def test_customer_raises_a_complaint_and_confirms_a_return_visit(self):
        ticket = self.ticket["a3"]
        visit = self.complaint["a_visit"]
        self.start_tour(f"/my/ticket/{ticket.id}", "quality_ops_portal_tour", login="qo_p_portal_a")
        raised = self.env["quality_ops.complaint"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(len(raised), 1)
        self.assertEqual(raised.reason, "delay")
        self.assertEqual(raised.customer_text, "The engineer never called back.")
        self.assertTrue(raised.portal_raised)
        self.assertTrue(raised.escalation_ids)
        self.assertTrue(visit.customer_confirmed)
        self.assertEqual(visit.customer_answer, "resolved")
        self.assertEqual(visit.customer_answer_comment, "Works again, thank you.")

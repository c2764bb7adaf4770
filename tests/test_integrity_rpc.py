"""The integrity cases driven end to end over JSON-RPC, as a plain client
would send them: nothing of the web client's buttons or readonly attributes
stands in the way, only the server."""

import datetime

from odoo.tests import HttpCase, tagged, users

from .common import JsonRpcCalls
from .integrity_common import IntegrityFixture


@tagged("post_install", "-at_install")
class TestIntegrityOverRpc(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_all()

    def test_plans_over_rpc(self):
        plan = self.project_plan_submitted
        self.assert_refused(
            "lead",
            "quality_ops.plan",
            "write",
            plan.ids,
            {"state": "approved", "approved_by_id": self.users["lead"].id},
        )
        self.assert_refused("lead", "quality_ops.plan", "write", plan.ids, {"state": "draft"})
        self.assert_refused(
            "lead",
            "quality_ops.plan",
            "create",
            [
                {
                    "name": "Published at birth",
                    "year": 2036,
                    "plan_type": "project",
                    "project_id": self.project.id,
                    "state": "published",
                }
            ],
        )
        self.assertEqual((plan.state, plan.approved_by_id.id), ("submitted", False))
        self.assertFalse(self.env["quality_ops.plan"].search([("year", "=", 2036)]))
        # the representative approves through the method, over RPC as well
        self.call("rep", "quality_ops.plan", "action_approve", plan.ids)
        self.env.invalidate_all()
        self.assertEqual(plan.state, "approved")

    def test_reports_over_rpc(self):
        report = self.report_reviewed
        self.assert_refused(
            "officer", "quality_ops.report", "write", report.ids, {"state": "approved"}
        )
        self.assert_refused(
            "manager",
            "quality_ops.report",
            "write",
            report.ids,
            {"summary": "<p>Forged</p>"},
            context={"quality_report_generation": True},
        )
        self.assert_refused(
            "officer",
            "quality_ops.report.line",
            "write",
            self.line_draft.ids,
            {"report_id": self.report_approved.id},
        )
        self.assert_refused(
            "manager", "quality_ops.report", "write", self.report_approved.ids, {"state": "draft"}
        )
        self.assert_refused("manager", "quality_ops.report", "unlink", self.report_approved.ids)
        self.assertEqual(report.state, "reviewed")
        self.assertEqual(self.line_draft.report_id, self.report_draft)
        self.assertTrue(self.report_approved.exists())

    def test_measurements_over_rpc(self):
        self.assert_refused(
            "officer",
            "quality_ops.measurement",
            "write",
            self.m_locked.ids,
            {"value": 99},
            context={"quality_engine": True},
        )
        self.assert_refused(
            "officer", "quality_ops.measurement", "write", self.m_locked.ids, {"state": "open"}
        )
        self.assert_refused(
            "officer",
            "quality_ops.measurement",
            "create",
            [
                {
                    "indicator_id": self.ind_resp.id,
                    "periodicity": "month",
                    "date_from": "2031-09-10",
                    "date_to": "2031-09-01",
                    "state": "locked",
                }
            ],
        )
        self.assertEqual((self.m_locked.value, self.m_locked.state), (90.0, "locked"))
        # recomputing one locked row leaves the others of its period alone
        untouched = (self.m_locked_team | self.m_locked_foreign).read(["write_date", "value"])
        self.call(
            "manager",
            "quality_ops.measurement",
            "action_recompute_locked",
            self.m_locked.ids,
            "Late tickets",
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.m_locked_team | self.m_locked_foreign).read(["write_date", "value"]), untouched
        )

    def test_complaints_over_rpc(self):
        urgent = self.env.ref("quality_ops.complaint_level_urgent")
        investigate = self.env.ref("quality_ops.complaint_stage_investigate")
        deadline = self.complaint.close_deadline
        self.assert_refused(
            "agent", "quality_ops.complaint", "write", self.complaint.ids, {"level_id": urgent.id}
        )
        self.assert_refused(
            "agent",
            "quality_ops.complaint",
            "write",
            self.complaint.ids,
            {"closed_at": "2031-01-01 10:00:00"},
        )
        self.assert_refused(
            "agent",
            "quality_ops.complaint",
            "write",
            self.complaint.ids,
            {"responded_at": "2031-01-01 10:00:00"},
        )
        self.assert_refused(
            "agent",
            "quality_ops.complaint",
            "write",
            self.complaint_closed.ids,
            {"stage_id": investigate.id},
        )
        # its lateness is its deadlines', for the owner too
        for role in ("agent", "manager"):
            for flag in ("response_overdue", "close_overdue"):
                self.assert_refused(
                    role, "quality_ops.complaint", "write", self.complaint.ids, {flag: True}
                )
        self.assertEqual(self.complaint.close_deadline, deadline)
        self.assertFalse(self.complaint.closed_at)
        self.assertTrue(self.complaint_closed.is_closed)

    def test_findings_actions_and_audits_over_rpc(self):
        self.assert_refused(
            "lead", "quality_ops.finding", "write", self.finding_project.ids, {"state": "closed"}
        )
        self.assert_refused(
            "lead",
            "quality_ops.action",
            "create",
            [self.verified_action_vals()],
        )
        self.assert_refused(
            "lead",
            "quality_ops.action",
            "create",
            [self.peek_action_vals()],
        )
        self.assert_refused(
            "officer", "quality_ops.audit", "write", self.audit_reported.ids, {"state": "closed"}
        )
        score = self.audit_reported.score
        self.assert_refused(
            "manager", "quality_ops.audit.line", "unlink", self.nonconforming_line.ids
        )
        self.assertEqual(self.finding_project.state, "in_progress")
        self.assertEqual(
            (self.audit_reported.state, self.audit_reported.score), ("reported", score)
        )

    def test_closed_review_over_rpc(self):
        review = self.review_closed
        minutes, inputs = review.minutes, review.input_ids
        values = {line: line.value for line in inputs}
        self.assert_refused(
            "manager", "quality_ops.review", "write", review.ids, {"minutes": "<p>Rewritten</p>"}
        )
        self.assert_refused(
            "rep", "quality_ops.review", "write", review.ids, {"state": "in_progress"}
        )
        self.assert_refused("rep", "quality_ops.review", "unlink", review.ids)
        self.assert_refused("officer", "quality_ops.review", "action_refresh_inputs", review.ids)
        self.assert_refused(
            "manager",
            "quality_ops.review.decision",
            "create",
            [{"review_id": review.id, "name": "Decided afterwards"}],
        )
        self.assert_refused(
            "manager", "quality_ops.review.decision", "unlink", self.decision_closed.ids
        )
        self.assert_refused(
            "rep", "quality_ops.review.input", "write", self.input_closed.ids, {"value": 100}
        )
        self.assert_refused(
            "rep",
            "quality_ops.review.input",
            "create",
            [{"review_id": review.id, "section": "objective", "value": 100}],
        )
        self.assert_refused("officer", "quality_ops.review", "action_reopen", review.ids, "typo")
        self.assertEqual((review.state, review.minutes), ("closed", minutes))
        self.assertEqual(review.input_ids, inputs)
        self.assertEqual({line: line.value for line in review.input_ids}, values)
        self.assertEqual(review.decision_ids, self.decision_closed)
        self.assertTrue(review._quality_is_sealed())
        # the legitimate way: the manager reopens it with a reason
        self.call("manager", "quality_ops.review", "action_reopen", review.ids, "Wrong owner")
        self.env.invalidate_all()
        self.assertEqual(review.state, "in_progress")
        self.assertFalse(review._quality_is_sealed())

    def test_access_granting_and_served_figures_over_rpc(self):
        self.assert_refused(
            "lead",
            "project.project",
            "write",
            self.other_project.ids,
            {"quality_lead_id": self.users["lead"].id},
        )
        self.assertFalse(self.other_project.quality_lead_id)
        self.assert_refused(
            "lead",
            "quality_ops.service.report",
            "write",
            self.service_draft.ids,
            {"response_rate": 100, "ticket_count": 99},
        )
        self.assert_refused(
            "lead",
            "quality_ops.service.report",
            "create",
            [{"partner_id": self.other_customer.id, "date_from": "2031-03-01"}],
        )
        self.assertNotEqual(self.service_draft.ticket_count, 99)
        # survey answers of another company's campaign are not served
        answer = self.foreign_survey_answer()
        found = self.call(
            "officer", "survey.user_input", "search_read", [("id", "=", answer.id)], ["id"]
        )
        self.assertEqual(found, [])

    def test_configuration_over_rpc(self):
        self.assert_refused(
            "manager", "quality_ops.indicator", "write", self.ind_resp.ids, {"direction": "lower"}
        )
        self.assert_refused("manager", "quality_ops.indicator", "unlink", self.ind_resp.ids)
        self.assertEqual(self.ind_resp.direction, "higher")
        self.assertTrue(self.ind_resp.exists())

    def test_document_approval_over_rpc(self):
        regulation, procedure = self.doc_regulation, self.doc_reviewed
        # the quality manager approves procedures, never the regulation
        self.assert_refused("manager", "quality_ops.document", "action_approve", regulation.ids)
        self.assert_refused("officer", "quality_ops.document", "action_approve", procedure.ids)
        self.assert_refused(
            "lead",
            "quality_ops.document",
            "write",
            regulation.ids,
            {"state": "approved", "approved_by_id": self.users["lead"].id},
        )
        self.assert_refused(
            "manager",
            "quality_ops.document",
            "write",
            regulation.ids,
            {"approved_by_id": self.users["manager"].id, "approved_date": "2031-01-01"},
        )
        self.assert_refused(
            "officer",
            "quality_ops.document",
            "create",
            [{"number": "T-RPC", "name": "Released at birth", "state": "released"}],
        )
        self.assert_refused(
            "officer",
            "quality_ops.document.ack",
            "create",
            [
                {
                    "document_id": self.doc_released.id,
                    "user_id": self.users["engineer"].id,
                    "acknowledged_at": "2031-01-01 10:00:00",
                }
            ],
        )
        self.assertEqual((regulation.state, regulation.approved_by_id.id), ("in_review", False))
        self.assertFalse(regulation._quality_is_sealed())
        self.assertFalse(self.env["quality_ops.document"].search([("number", "=", "T-RPC")]))
        # the legitimate way: the representative approves the regulation, the
        # manager the procedure, over RPC as well; both are sealed
        self.call("rep", "quality_ops.document", "action_approve", regulation.ids)
        self.call("manager", "quality_ops.document", "action_approve", procedure.ids)
        self.env.invalidate_all()
        self.assertEqual(regulation.state, "approved")
        self.assertEqual(regulation.approved_by_id, self.users["rep"])
        self.assertEqual(procedure.approved_by_id, self.users["manager"])
        self.assertTrue(regulation._quality_is_sealed() and procedure._quality_is_sealed())
        # a released document's content stays as released, over RPC too
        self.assert_refused(
            "manager",
            "quality_ops.document",
            "write",
            self.doc_released.ids,
            {"change_description": "Rewritten"},
        )

    def test_exemptions_and_statements_over_rpc(self):
        exemption = self.exemption_requested
        clock = self.clock_free
        # the engineer cannot decide his own request, nor exempt a clock by hand
        self.assert_refused(
            "engineer",
            "quality_ops.sla.exemption",
            "write",
            exemption.ids,
            {"state": "approved", "decided_by_id": self.users["engineer"].id},
        )
        self.assert_refused(
            "engineer", "quality_ops.sla.exemption", "action_approve", exemption.ids
        )
        self.assert_refused(
            "manager", "quality_ops.ticket.sla", "write", clock.ids, {"quality_exempted": True}
        )
        self.assert_refused(
            "engineer",
            "quality_ops.sla.exemption",
            "create",
            [{"clock_id": clock.id, "reason": "other", "description": "x", "state": "approved"}],
        )
        # a statement's figures and an approved statement are the server's
        self.assert_refused(
            "lead",
            "quality_ops.sla.statement",
            "write",
            self.statement_draft.ids,
            {"net_credit": 0.5, "state": "approved"},
        )
        self.assert_refused(
            "manager", "quality_ops.sla.statement", "unlink", self.statement_approved.ids
        )
        self.assert_refused(
            "portal",
            "quality_ops.sla.statement",
            "read",
            self.statement_approved.ids,
            ["net_credit"],
        )
        self.assertEqual((exemption.state, clock.quality_exempted), ("requested", False))
        # the officer approves through the method
        self.call("officer", "quality_ops.sla.exemption", "action_approve", exemption.ids, "OK")
        self.env.invalidate_all()
        self.assertEqual(exemption.state, "approved")
        self.assertTrue(exemption.clock_id.quality_exempted)

    def test_settled_credits_holidays_and_make_up_days_over_rpc(self):
        scheme = self.credit_scheme  # has confirmed and approved statements
        self.assert_refused(
            "manager", "quality_ops.sla.credit.scheme", "write", scheme.ids, {"monthly_fee": 1}
        )
        self.assert_refused(
            "manager",
            "quality_ops.sla.credit.scheme",
            "write",
            scheme.ids,
            {"line_ids": [(1, scheme.line_ids[0].id, {"credit": 9999})]},
        )
        self.assert_refused("manager", "quality_ops.sla.credit.scheme", "unlink", scheme.ids)
        # no statement of a month that is not over
        this_month = datetime.date.today().replace(day=1).isoformat()
        self.assert_refused(
            "lead",
            "quality_ops.sla.statement",
            "create",
            [{"scheme_id": scheme.id, "date_from": this_month}],
        )
        # who asks does not decide
        exemption_id = self.call(
            "officer",
            "quality_ops.sla.exemption",
            "create",
            [{"clock_id": self.clock_free.id, "reason": "customer", "description": "Closed."}],
        )[0]
        self.assert_refused(
            "officer", "quality_ops.sla.exemption", "action_approve", [exemption_id]
        )
        # public holidays and make-up days move deadlines: not an engineer's
        calendar = self.env.company.resource_calendar_id
        self.assert_refused(
            "engineer",
            "resource.calendar.leaves",
            "create",
            [
                {
                    "name": "Day off",
                    "calendar_id": calendar.id,
                    "date_from": "2031-06-11 00:00:00",
                    "date_to": "2031-06-12 00:00:00",
                }
            ],
        )
        self.assert_refused(
            "agent",
            "quality_ops.makeup.day",
            "create",
            [{"name": "Fake", "date": "2031-06-14", "calendar_id": calendar.id}],
        )
        self.assertEqual(scheme.monthly_fee, 0.0)
        self.assertFalse(self.clock_free.quality_exempted)

    @users("qo_i_officer", "qo_i_engineer", "qo_i_agent", "qo_i_lead")
    def test_the_sla_history_rebuild_is_the_quality_managers(self):
        self.assert_refused(
            self.env.user.login,
            "quality_ops.sla.rebuild.wizard",
            "create",
            [{"date_from": "2026-01-01"}],
        )

    @users("qo_i_manager", "qo_i_officer", "qo_i_agent")
    def test_nobody_marks_a_clock_rebuilt(self):
        clock = self.clock_free
        self.assert_refused(
            self.env.user.login,
            "quality_ops.ticket.sla",
            "write",
            clock.ids,
            {"reconstructed": True},
        )
        self.assertFalse(clock.reconstructed)

    def test_sla_history_rebuild_over_rpc(self):
        """The rebuild is the quality manager's; rebuilt clocks are the server's."""
        wizard_id = self.call(
            "manager", "quality_ops.sla.rebuild.wizard", "create", [{"date_from": "2026-01-01"}]
        )[0]
        self.assert_refused(
            "officer", "quality_ops.sla.rebuild.wizard", "action_rebuild", [wizard_id]
        )
        clock = self.clock_free
        # private steps are not served at all
        self.assert_refused(
            "manager", "quality_ops.sla.rebuild", "_rebuild", [[clock.ticket_id.id]]
        )

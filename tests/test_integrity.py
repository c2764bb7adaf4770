"""The cases of the integrity issue, each as it was reproduced: it must fail
with a clear error and change nothing; the legitimate way still works."""

import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged, users
from odoo.tools import SQL

from .integrity_common import IntegrityFixture
from .pdf_common import PdfTextMixin


@tagged("post_install", "-at_install")
class TestIntegrity(PdfTextMixin, IntegrityFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()

    # ------------------------------------------------------------------
    # plans
    # ------------------------------------------------------------------
    def test_project_lead_cannot_approve_publish_or_unfreeze_his_plan(self):
        plan = self.as_("lead", self.project_plan_submitted)
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            plan.write({"state": "approved", "approved_by_id": self.users["lead"].id})
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            plan.write({"state": "published"})
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            plan.write({"state": "draft"})
        self.assertEqual(self.project_plan_submitted.state, "submitted")
        self.assertFalse(self.project_plan_submitted.approved_by_id)
        with self.assertRaisesRegex(UserError, "starts at the beginning of its workflow"):
            self.env["quality_ops.plan"].with_user(self.users["lead"]).create(
                {
                    "name": "Published at birth",
                    "year": 2035,
                    "plan_type": "project",
                    "project_id": self.project.id,
                    "state": "published",
                }
            )
        self.assertFalse(self.env["quality_ops.plan"].search([("year", "=", 2035)]))
        with self.assertRaises(AccessError):
            plan.action_approve()
        # the representative approves through the button: stamped and sealed
        self.as_("rep", self.project_plan_submitted).action_approve()
        self.assertEqual(self.project_plan_submitted.state, "approved")
        self.assertEqual(self.project_plan_submitted.approved_by_id, self.users["rep"])
        self.assertTrue(self.project_plan_submitted._quality_is_sealed())

    @users("qo_i_manager")
    def test_reset_needs_the_manager_and_a_reason_and_releases_the_seal(self):
        plan = self.plan_approved
        self.assertTrue(plan._quality_is_sealed())
        with self.assertRaisesRegex(UserError, "reason"):
            self.mine(plan).action_reset_to_draft(" ")
        self.mine(plan).action_reset_to_draft("Target of CSAT was wrong")
        self.assertEqual((plan.state, plan.version), ("draft", 2))
        self.assertFalse(plan._quality_is_sealed())
        released = (
            self.env["quality_ops.integrity.seal"]
            .sudo()
            .search(
                [("res_id", "=", plan.id), ("res_model", "=", plan._name)], order="sequence desc"
            )[0]
        )
        self.assertEqual((released.event, released.reason), ("unseal", "Target of CSAT was wrong"))

    # ------------------------------------------------------------------
    # reports
    # ------------------------------------------------------------------
    @users("qo_i_officer")
    def test_officer_cannot_approve_a_report_by_writing_it(self):
        report = self.mine(self.report_reviewed)
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            report.write({"state": "approved"})
        self.assertEqual(self.report_reviewed.state, "reviewed")
        self.assertFalse(
            self.env["quality_ops.measurement"]
            .sudo()
            .search([("state", "=", "locked"), ("date_from", ">=", "2031-07-01")])
        )

    @users("qo_i_manager")
    def test_generation_context_key_no_longer_lifts_the_freeze(self):
        summary = self.report_reviewed.summary
        key = {"quality_report_generation": True}
        with self.assertRaisesRegex(UserError, "reset it to draft"):
            self.mine(self.report_reviewed).with_context(**key).write({"summary": "<p>Forged</p>"})
        with self.assertRaisesRegex(UserError, "reset it to draft"):
            self.mine(self.line_reviewed).with_context(**key).write({"value": 100})
        self.assertEqual(self.report_reviewed.summary, summary)

    @users("qo_i_officer")
    def test_draft_line_cannot_be_moved_into_an_approved_report(self):
        with self.assertRaisesRegex(UserError, "reset it to draft"):
            self.mine(self.line_draft).write({"report_id": self.report_approved.id})
        self.assertEqual(self.line_draft.report_id, self.report_draft)

    @users("qo_i_manager")
    def test_manager_cannot_write_an_approved_report_back_to_draft_nor_delete_it(self):
        report = self.mine(self.report_approved)
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            report.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "kept as quality records"):
            report.unlink()
        self.assertTrue(self.report_approved.exists())
        self.assertEqual(self.report_approved.state, "approved")
        # a new version is the way to change it
        action = report.action_new_version()
        new = self.env["quality_ops.report"].browse(action["res_id"])
        self.assertEqual((new.state, new.version), ("draft", 2))
        self.assertEqual(len(new.line_ids), len(self.report_approved.line_ids))

    @users("qo_i_rep")
    def test_approval_locks_the_period(self):
        self.mine(self.report_reviewed).action_approve()
        self.assertEqual(self.report_reviewed.approved_by_id, self.users["rep"])
        self.assertTrue(self.report_reviewed._quality_is_sealed())

    # ------------------------------------------------------------------
    # measurements
    # ------------------------------------------------------------------
    @users("qo_i_officer")
    def test_locked_measurement_refuses_the_old_engine_key_and_unlocking(self):
        measurement = self.mine(self.m_locked)
        with self.assertRaisesRegex(UserError, "measured by the system"):
            measurement.with_context(quality_engine=True).write({"value": 99})
        with self.assertRaisesRegex(UserError, "change only through its workflow steps"):
            measurement.write({"state": "open"})
        self.assertEqual((self.m_locked.value, self.m_locked.state), (90.0, "locked"))

    @users("qo_i_officer")
    def test_measurements_are_created_open_manual_and_on_whole_periods(self):
        Measurement = self.env["quality_ops.measurement"]
        base = {"indicator_id": self.ind_manual.id, "value": 99.0, "periodicity": "month"}
        month = {"date_from": "2031-09-01", "date_to": "2031-09-30"}
        with self.assertRaisesRegex(UserError, "starts at the beginning"):
            Measurement.create({**base, **month, "state": "locked"})
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            Measurement.create({**base, "date_from": "2031-09-30", "date_to": "2031-09-01"})
        with self.assertRaisesRegex(ValidationError, "2031-09-01 to 2031-09-30"):
            Measurement.create({**base, "date_from": "2031-09-10", "date_to": "2031-09-30"})
        with self.assertRaisesRegex(UserError, "only manual indicators"):
            Measurement.create({**base, **month, "indicator_id": self.ind_resp.id})
        created = Measurement.create({**base, **month})
        self.assertEqual(created.state, "open")

    def test_recomputing_one_locked_measurement_touches_exactly_it(self):
        others = self.m_locked_team | self.m_locked_foreign
        before = {m.id: (m.value, m.numerator, m.write_date) for m in others}
        messages = {m.id: len(m.message_ids) for m in others}
        self.as_("manager", self.m_locked).action_recompute_locked("Tickets imported late")
        # the period has no ticket in 2031: the recomputed row now has no data
        self.assertEqual(self.m_locked.state, "locked")
        self.assertEqual((self.m_locked.numerator, self.m_locked.denominator), (0, 0))
        log = self.m_locked.message_ids[0].body
        self.assertIn("Tickets imported late", log)
        self.assertIn("90.0 (9.0 / 10.0)", log)
        self.env.invalidate_all()
        for measurement in others:
            self.assertEqual(
                (measurement.value, measurement.numerator, measurement.write_date),
                before[measurement.id],
            )
            self.assertEqual(len(measurement.message_ids), messages[measurement.id])

    # ------------------------------------------------------------------
    # complaints
    # ------------------------------------------------------------------
    def test_agents_answer_complaints_but_not_what_measures_them(self):
        complaint = self.as_("agent", self.complaint)
        deadline = self.complaint.close_deadline
        urgent = self.env.ref("quality_ops.complaint_level_urgent")
        with self.assertRaisesRegex(AccessError, "quality department"):
            complaint.write({"level_id": urgent.id})
        with self.assertRaisesRegex(AccessError, "quality department"):
            complaint.write({"closed_at": "2031-01-01 10:00:00"})
        with self.assertRaisesRegex(AccessError, "quality department"):
            complaint.write({"responded_at": "2031-01-01 10:00:00"})
        # nor may the quality department: the dates are the system's
        with self.assertRaisesRegex(UserError, "workflow steps"):
            self.as_("officer", self.complaint).write({"closed_at": "2031-01-01 10:00:00"})
        self.assertEqual(self.complaint.close_deadline, deadline)
        self.assertFalse(self.complaint.closed_at or self.complaint.responded_at)
        investigate = self.env.ref("quality_ops.complaint_stage_investigate")
        with self.assertRaisesRegex(UserError, "reopens it"):
            self.as_("agent", self.complaint_closed).write({"stage_id": investigate.id})
        self.assertTrue(self.complaint_closed.is_closed)
        # moving it on is theirs: the response time is then the system's
        complaint.write({"stage_id": investigate.id, "handling": "<p>Called</p>"})
        self.assertTrue(self.complaint.responded_at)
        # the quality department reopens a closed complaint, saying why
        with self.assertRaises(AccessError):
            self.as_("agent", self.complaint_closed).action_reopen("Again")
        self.as_("officer", self.complaint_closed).action_reopen("The customer called again")
        self.assertFalse(self.complaint_closed.is_closed or self.complaint_closed.closed_at)
        self.assertIn("called again", self.complaint_closed.message_ids[0].body)

    # ------------------------------------------------------------------
    # findings and actions
    # ------------------------------------------------------------------
    @users("qo_i_lead")
    def test_lead_cannot_close_a_finding_with_open_actions(self):
        finding = self.mine(self.finding_project)
        with self.assertRaisesRegex(UserError, "workflow steps"):
            finding.write({"state": "closed"})
        self.assertEqual(self.finding_project.state, "in_progress")
        with self.assertRaisesRegex(UserError, "still open"):
            finding.action_next()

    @users("qo_i_lead")
    def test_lead_cannot_create_a_verified_action_nor_open_a_finding_by_an_action(self):
        Action = self.env["quality_ops.action"]
        with self.assertRaisesRegex(UserError, "starts at the beginning"):
            Action.create(self.verified_action_vals())
        with self.assertRaises(AccessError):
            Action.create(self.peek_action_vals())
        with self.assertRaises(AccessError):
            self.mine(self.finding_other_project).read(["description"])

    # ------------------------------------------------------------------
    # audits
    # ------------------------------------------------------------------
    def test_audit_is_closed_by_its_step_and_its_score_stays(self):
        audit = self.as_("officer", self.audit_reported)
        score = self.audit_reported.score
        self.assertLess(score, 100)
        with self.assertRaisesRegex(UserError, "workflow steps"):
            audit.write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "reopen it"):
            self.as_("manager", self.nonconforming_line).unlink()
        self.assertEqual(self.audit_reported.score, score)
        self.assertEqual(self.audit_reported.state, "reported")
        self.as_("manager", self.audit_reported).action_close()
        self.assertTrue(self.audit_reported._quality_is_sealed())

    # ------------------------------------------------------------------
    # fields that grant access
    # ------------------------------------------------------------------
    def test_only_the_quality_manager_names_a_project_quality_lead(self):
        pm = new_test_user(
            self.env,
            "qo_i_pm",
            groups="project.group_project_manager,quality_ops.group_quality_project_lead",
        )
        with self.assertRaisesRegex(AccessError, "quality manager names"):
            self.other_project.with_user(pm).write({"quality_lead_id": pm.id})
        self.assertFalse(self.other_project.quality_lead_id)
        self.assertFalse(
            self.env["quality_ops.finding"]
            .with_user(pm)
            .search([("id", "=", self.finding_other_project.id)])
        )
        quality_pm = new_test_user(
            self.env,
            "qo_i_qpm",
            groups="project.group_project_manager,quality_ops.group_quality_manager",
        )
        self.other_project.with_user(quality_pm).write({"quality_lead_id": pm.id})
        self.assertEqual(self.other_project.quality_lead_id, pm)
        # the project's other fields stay the project manager's
        self.other_project.with_user(pm).write({"name": "Hospital O&M (renamed)"})

    def test_reassigned_flag_is_the_systems(self):
        with self.assertRaisesRegex(UserError, "recorded by the system"):
            self.ticket.write({"quality_reassigned": True})
        with self.assertRaisesRegex(UserError, "recorded by the system"):
            self.env["helpdesk.ticket"].create(
                {"name": "X", "description": "X", "quality_reassigned": True}
            )

    # ------------------------------------------------------------------
    # what SQL serves
    # ------------------------------------------------------------------
    def test_service_report_counts_only_the_tickets_its_preparer_may_read(self):
        # 13 tickets of the other lead's customer in March 2031
        tickets = self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Hospital {n}",
                    "description": "x",
                    "partner_id": self.other_customer.id,
                    "project_id": self.other_project.id,
                }
                for n in range(13)
            ]
        )
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET create_date = '2031-03-05 02:00' WHERE id = ANY(%s)",
                tickets.ids,
            )
        )
        tickets.invalidate_recordset()
        # the other lead's own report: a project lead reads the tickets of the
        # project he leads (a read rule of their own), and counts them
        lead = self.other_lead
        report = (
            self.env["quality_ops.service.report"]
            .with_user(lead)
            .create(
                {
                    "partner_id": self.other_customer.id,
                    "project_id": self.other_project.id,
                    "date_from": "2031-03-01",
                }
            )
        )
        self.assertEqual(report.ticket_count, 13)
        self.assertEqual(len(report._ticket_rows()), 13)
        # a helpdesk user reading all tickets counts them
        lead.write({"group_ids": [(4, self.env.ref("helpdesk_mgmt.group_helpdesk_user").id)]})
        report.with_user(lead).action_refresh()
        self.assertEqual(report.ticket_count, 13)
        self.assertEqual(len(report._ticket_rows()), 13)
        # a lead cannot prepare the report of another lead's customer
        with self.assertRaises(AccessError):
            self.env["quality_ops.service.report"].with_user(self.users["lead"]).create(
                {
                    "partner_id": self.other_customer.id,
                    "project_id": self.other_project.id,
                    "date_from": "2031-03-01",
                }
            )
        # what is mailed cannot be forged
        with self.assertRaisesRegex(UserError, "workflow steps"):
            report.with_user(lead).write({"ticket_count": 1, "response_rate": 100})

    def test_survey_responses_and_ratings_stay_in_their_company_and_tickets(self):
        answer = self.foreign_survey_answer(partner_id=self.other_customer.id)
        Input = self.env["survey.user_input"].with_user(self.users["officer"])
        self.assertFalse(Input.search([("id", "=", answer.id)]))
        foreign_input = self.env["survey.user_input"].with_user(self.users["foreign"])
        self.assertEqual(foreign_input.search([("id", "=", answer.id)]), answer)
        # ratings exported by quality_ops: those of the tickets one reads
        hidden = self.env["helpdesk.ticket"].create(
            {"name": "Not the engineer's", "description": "x", "partner_id": self.customer.id}
        )
        ratings = self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": ticket.id,
                    "rating": 1,
                    "feedback": "Terrible",
                    "consumed": True,
                }
                for ticket in (self.ticket, hidden)
            ]
        )
        Rating = self.env["rating.rating"].with_user(self.users["agent"])
        readable = Rating.search([("id", "in", ratings.ids), *Rating._quality_xlsx_readable()])
        self.assertEqual(readable, ratings[0])
        engineer = self.env["rating.rating"].with_user(self.users["engineer"])
        self.assertFalse(
            engineer.search([("id", "in", ratings.ids), *engineer._quality_xlsx_readable()])
        )
        # the export itself: the agent's workbook holds the agent's ticket only
        Export = self.env["report.quality_ops.xlsx_export"].with_user(self.users["agent"])
        ids = Export._quality_search_ids(Rating, [("id", "in", ratings.ids)])
        self.assertEqual(ids, ratings[0].ids)

    # ------------------------------------------------------------------
    # configuration cannot break history
    # ------------------------------------------------------------------
    @users("qo_i_manager")
    def test_indicator_changes_that_break_targets_or_history_are_refused(self):
        # a shared indicator is changed by someone who works for every company
        self.users["manager"].company_ids |= self.other_company
        indicator = self.ind_resp
        with self.assertRaisesRegex(UserError, "has measurements"):
            self.mine(indicator).write({"direction": "lower"})
        with self.assertRaisesRegex(UserError, "archive it"):
            self.mine(indicator).unlink()
        self.assertEqual(indicator.direction, "higher")
        fresh = (
            self.env["quality_ops.indicator"]
            .sudo()
            .create({"code": "FRESH", "name": "Fresh", "unit": "percent", "direction": "higher"})
        )
        self.env["quality_ops.target"].sudo().create(
            {
                "plan_id": self.plan_draft.id,
                "indicator_id": fresh.id,
                "target_value": 95,
                "warning_value": 90,
            }
        )
        with self.assertRaisesRegex(ValidationError, "existing targets invalid"):
            self.mine(fresh).write({"direction": "lower"})
        self.assertEqual(fresh.direction, "higher")

    def test_measurement_cron_logs_a_failing_indicator_and_measures_the_others(self):
        Measurement = self.env["quality_ops.measurement"]
        csat = self.env.ref("quality_ops.indicator_csat")
        original = type(Measurement)._grouped_rows
        measured = []

        def failing(model, indicator, periods):
            if indicator == csat:
                raise ValueError("bad row")
            measured.append(indicator)
            return original(model, indicator, periods)

        logger = "odoo.addons.quality_ops.quality_ops.models.quality_measurement_engine"
        with (
            patch.object(type(Measurement), "_grouped_rows", failing),
            self.assertLogs(logger, "ERROR") as logs,
        ):
            Measurement._compute_period(
                "month", datetime.date(2031, 10, 1), datetime.date(2031, 10, 31)
            )
        self.assertIn("CSAT", logs.output[0])
        builtin = Measurement._builtin_indicators()
        self.assertEqual(set(measured), set(builtin - csat))
        # the transaction is still usable after the failure
        self.assertTrue(self.env["quality_ops.indicator"].search_count([]))

    # ------------------------------------------------------------------
    # companies
    # ------------------------------------------------------------------
    def test_configuration_lines_follow_their_company(self):
        template = self.env["quality_ops.checklist.template"].create(
            {
                "name": "Other company checklist",
                "company_id": self.other_company.id,
                "section_ids": [
                    (0, 0, {"name": "Section", "item_ids": [(0, 0, {"question": "Q?"})]})
                ],
            }
        )
        Item = self.env["quality_ops.checklist.item"].with_user(self.users["officer"])
        self.assertFalse(Item.search([("template_id", "=", template.id)]))
        self.assertEqual(template.section_ids.company_id, self.other_company)
        level = self.env["quality_ops.complaint.level"].create(
            {"name": "Other level", "company_id": self.other_company.id}
        )
        Level = self.env["quality_ops.complaint.level"].with_user(self.users["officer"])
        self.assertFalse(Level.search([("id", "=", level.id)]))
        policy = self.env["quality_ops.sla.policy"].create(
            {
                "name": "Other policy",
                "company_id": self.other_company.id,
                "line_ids": [(0, 0, {"priority": "1", "resolution_hours": 8})],
            }
        )
        Line = self.env["quality_ops.sla.policy.line"].with_user(self.users["manager"])
        self.assertFalse(Line.search([("policy_id", "=", policy.id)]))

    # ------------------------------------------------------------------
    # tamper evidence
    # ------------------------------------------------------------------
    def verify(self):
        check = self.env["quality_ops.integrity.check"].with_user(self.users["officer"]).create({})
        check.action_verify()
        return check

    def test_untouched_database_verifies_clean(self):
        check = self.verify()
        self.assertTrue(check.is_clean)
        self.assertGreaterEqual(check.record_count, 2)  # the approved plan and report
        text = self.render_pdf_text("quality_ops.report_integrity_check", check)
        self.assertInPdf("Verified clean", text)
        self.assertInPdf(f"{check.record_count} sealed records", text)

    def test_a_line_altered_in_sql_names_its_report(self):
        line = self.line_approved
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE quality_ops_report_line SET value = 100 WHERE id = %s", line.id)
        )
        check = self.verify()
        self.assertFalse(check.is_clean)
        self.assertEqual(check.line_ids.mapped("res_id"), self.report_approved.ids)
        self.assertEqual(check.line_ids.problem, "content_changed")
        self.assertIn(self.report_approved.reference, check.line_ids.record_name)

    def test_a_seal_altered_in_sql_breaks_the_chain(self):
        self.as_("rep", self.report_reviewed).action_approve()  # a second seal in the chain
        seal = self.env["quality_ops.integrity.seal"].search(
            [("res_model", "=", "quality_ops.report"), ("res_id", "=", self.report_approved.id)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE quality_ops_integrity_seal SET digest = 'x' WHERE id = %s", seal.id)
        )
        check = self.verify()
        self.assertIn("chain_broken", check.line_ids.mapped("problem"))

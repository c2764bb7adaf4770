"""Holes an independent attack over XML-RPC found in the first version of the
guarantees: each is refused now, and changes nothing."""

import base64

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged, users
from odoo.tools import SQL, mute_logger

from .integrity_common import IntegrityFixture

FORCE = {"_force_unlink": True}


@tagged("post_install", "-at_install")
class TestIntegrityAttack(IntegrityFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()

    @users("qo_i_officer", "qo_i_manager")
    def test_the_uninstall_context_key_does_not_lift_the_delete_guards(self):
        cases = {
            "qo_i_officer": [self.line_approved],
            "qo_i_manager": [
                self.action_verified,
                self.plan_submitted,
                self.m_locked,
                self.complaint_closed,
                self.report_approved,
            ],
        }
        for record in cases[self.env.user.login]:
            with self.subTest(record=record._name), self.assertRaises(UserError):
                self.mine(record).with_context(**FORCE).unlink()
            self.assertTrue(record.exists())

    def test_no_delete_guard_of_ours_steps_aside_for_the_uninstall_key(self):
        # Odoo skips @api.ondelete(at_uninstall=False) whenever the context
        # holds _force_unlink, a key any client sends
        skippable = [
            f"{name}.{method.__name__}"
            for name in self.env.registry
            for method in self.env[name]._ondelete_methods
            if not method._ondelete and method.__module__.startswith("odoo.addons.quality_ops")
        ]
        self.assertEqual(skippable, [])
        # the guards of ours are found (the scan reads what it should)
        guards = {
            method.__name__
            for method in self.env["quality_ops.vendor.case"]._ondelete_methods
            if method.__module__.startswith("odoo.addons.quality_ops")
        }
        self.assertIn("_unlink_by_owner_only", guards)

    @users("qo_i_officer")
    def test_satisfaction_responses_cannot_be_forged(self):
        campaign = (
            self.env["quality_ops.survey.campaign"]
            .sudo()
            .create({"name": "H1", "date_from": "2031-01-01", "date_to": "2031-06-30"})
        )
        survey = campaign.survey_id
        Input = self.env["survey.user_input"]
        with self.assertRaisesRegex(UserError, "scored by the system"):
            Input.create(
                {"survey_id": survey.id, "quality_campaign_id": campaign.id, "state": "done"}
            )
        # the old invitation key is an ordinary context value: it links nothing
        stray = Input.with_context(quality_campaign_id=campaign.id).create({"survey_id": survey.id})
        self.assertFalse(stray.quality_campaign_id)
        with self.assertRaisesRegex(UserError, "system's"):
            stray.write({"quality_campaign_id": campaign.id})
        answer = Input.sudo().create({"survey_id": survey.id, "partner_id": self.customer.id})
        answer.write({"quality_campaign_id": campaign.id})
        answer = self.mine(answer)
        with self.assertRaisesRegex(UserError, "system's"):
            answer.write({"quality_score": 100, "quality_nps_value": 10})
        with self.assertRaisesRegex(UserError, "customer's answer"):
            answer.write({"state": "done"})
        question = survey.question_ids[:1]
        with self.assertRaisesRegex(UserError, "customer's answer"):
            self.env["survey.user_input.line"].create(
                {
                    "user_input_id": answer.id,
                    "question_id": question.id,
                    "answer_type": "suggestion",
                    "suggested_answer_id": question.suggested_answer_ids[:1].id,
                }
            )
        self.assertEqual((answer.state, answer.quality_score), ("new", 0))

    def test_ticket_ratings_are_the_customers_and_not_for_every_employee(self):
        rating = (
            self.env["rating.rating"]
            .sudo()
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": self.ticket.id,
                    "rating": 5,
                    "feedback": "Great",
                    "consumed": True,
                }
            )
        )
        employee = new_test_user(self.env, "qo_i_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            rating.with_user(employee).read(["feedback"])
        self.assertFalse(
            self.env["rating.rating"].with_user(employee).search([("id", "=", rating.id)])
        )
        with self.assertRaisesRegex(UserError, "given by the customer"):
            rating.with_user(self.users["agent"]).write({"rating": 1})
        with self.assertRaisesRegex(UserError, "given by the customer"):
            self.env["rating.rating"].with_user(self.users["agent"]).create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": self.ticket.id,
                    "rating": 1,
                    "consumed": True,
                }
            )
        self.assertEqual(rating.rating, 5)
        # the helpdesk and the quality department read them
        self.assertEqual(rating.with_user(self.users["agent"]).feedback, "Great")
        self.assertEqual(rating.with_user(self.users["officer"]).feedback, "Great")

    @users("qo_i_manager")
    @mute_logger("odoo.sql_db")
    def test_deleting_a_linked_record_does_not_empty_a_frozen_one(self):
        cases = [
            # the checklist item of a reported audit's line
            self.audit_reported.line_ids[:1].item_id,
            # the team of an approved plan's target
            self.team,
            # the ticket of a complaint
            self.ticket,
        ]
        for record in cases:
            refused = False
            try:
                with self.env.cr.savepoint():
                    self.mine(record).sudo().unlink()
            except (UserError, IntegrityError):
                refused = True
            self.assertTrue(refused, record._name)
            self.assertTrue(record.exists())
        self.assertTrue(self.audit_reported.line_ids[:1].item_id)

    @users("qo_i_manager")
    def test_stage_flags_cannot_open_or_close_complaints(self):
        closed = self.env.ref("quality_ops.complaint_stage_closed")
        investigate = self.env.ref("quality_ops.complaint_stage_investigate")
        with self.assertRaisesRegex(UserError, "Complaints are in this stage"):
            closed.write({"is_closing": False})
        with self.assertRaisesRegex(UserError, "Complaints are in this stage"):
            self.mine(self.complaint.stage_id).write({"is_closing": True})
        self.assertTrue(closed.is_closing)
        self.assertFalse(investigate.is_closing)
        self.assertTrue(self.complaint_closed.is_closed)
        self.assertFalse(self.complaint.is_closed)

    def test_steps_do_not_write_into_closed_records(self):
        self.as_("manager", self.audit_reported).action_close()
        with self.assertRaisesRegex(UserError, "reopen it"):
            self.as_("officer", self.nonconforming_line).action_create_finding()
        self.assertFalse(self.nonconforming_line.finding_id)
        with self.assertRaisesRegex(UserError, "reopens it"):
            self.as_("officer", self.complaint_closed).action_create_finding()
        self.assertFalse(self.complaint_closed.finding_id)
        Finding = self.env["quality_ops.finding"].with_user(self.users["officer"])
        with self.assertRaisesRegex(UserError, "reopen it"):
            Finding.create({"name": "Late", "description": "x", "audit_id": self.audit_reported.id})
        with self.assertRaisesRegex(UserError, "reopen it"):
            self.as_("officer", self.finding_draft).write({"audit_id": self.audit_reported.id})

    def test_no_new_action_on_a_closed_or_cancelled_finding(self):
        self.as_("manager", self.finding_draft).action_cancel()
        with self.assertRaisesRegex(UserError, "kept as it was"):
            self.env["quality_ops.action"].with_user(self.users["officer"]).create(
                {
                    "name": "Too late",
                    "finding_id": self.finding_draft.id,
                    "owner_id": self.users["engineer"].id,
                    "due_date": "2031-09-30",
                }
            )

    @users("qo_i_lead")
    def test_a_lead_cannot_move_his_plan_out_of_his_projects(self):
        plan = self.mine(self.project_plan_draft)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            plan.write({"project_id": self.other_project.id})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            plan.write({"plan_type": "organisation", "project_id": False, "year": 2039})
        self.assertEqual(self.project_plan_draft.project_id, self.project)
        target = self.mine(self.project_plan_draft.target_ids[:1])
        other = (
            self.env["quality_ops.plan"]
            .sudo()
            .create(
                {
                    "name": "Hospital plan",
                    "year": 2031,
                    "plan_type": "project",
                    "project_id": self.other_project.id,
                }
            )
        )
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            target.write({"plan_id": other.id})

    def test_evidence_files_of_a_reported_audit_are_kept(self):
        line = self.audit_running.line_ids[:1]
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.users["officer"])
            .create(
                {
                    "name": "restore-test.txt",
                    "raw": b"restore OK",
                    "res_model": line._name,
                    "res_id": line.id,
                }
            )
        )
        line.write({"attachment_ids": [(4, attachment.id)], "result": "conform"})
        self.audit_running.line_ids.write({"result": "conform"})
        self.as_("officer", self.audit_running).action_report()
        with self.assertRaisesRegex(UserError, "evidence"):
            attachment.with_user(self.users["officer"]).write(
                {"datas": base64.b64encode(b"forged")}
            )
        with self.assertRaisesRegex(UserError, "evidence"):
            attachment.with_user(self.users["officer"]).unlink()
        self.assertEqual(attachment.raw, b"restore OK")
        # the seal holds the file's content: a change in the database is seen
        self.as_("manager", self.audit_running).action_close()
        content = self.audit_running._quality_seal_content()
        files = content["lines"]["line_ids"][0]["attachment_ids"]
        self.assertEqual(files, [[attachment.id, attachment.checksum]])

    @users("qo_i_officer")
    def test_a_verification_cannot_be_typed(self):
        Check = self.env["quality_ops.integrity.check"]
        with self.assertRaisesRegex(UserError, "made by Verify"):
            Check.create({"is_clean": True, "seal_count": 3})
        check = Check.create({})
        check.action_verify()
        with self.assertRaisesRegex(UserError, "made by Verify"):
            check.write({"is_clean": False, "line_ids": [(5, 0, 0)]})
        self.assertEqual(check.company_ids, self.company)
        self.assertTrue(check.seal_count)

    @users("qo_i_officer")
    def test_report_figures_auditors_and_due_dates(self):
        with self.assertRaisesRegex(UserError, "not by hand"):
            self.mine(self.line_draft).write({"value": 100, "status": "met"})
        self.mine(self.line_draft).write({"comment": "Looks right"})
        # an auditee does not run nor fill the audit that audits him
        self.audit_planned.write({"auditee_ids": [(4, self.users["officer"].id)]})
        with self.assertRaisesRegex(UserError, "audited"):
            self.mine(self.audit_planned).action_start()
        self.audit_running.write({"auditee_ids": [(4, self.users["officer"].id)]})
        with self.assertRaisesRegex(UserError, "audited"):
            self.mine(self.audit_running.line_ids[:1]).write({"result": "conform"})
        with self.assertRaisesRegex(UserError, "audited"), self.env.cr.savepoint():
            self.audit_running.line_ids[:1].write({"auditor_id": self.users["officer"].id})
        # the due date a done action was judged against stays
        with self.assertRaisesRegex(UserError, "judged against"):
            self.mine(self.action_done).write({"due_date": "2031-12-31"})

    @users("qo_i_manager")
    def test_odd_arguments_get_a_clear_error(self):
        with self.assertRaisesRegex(UserError, "reason must be a text"):
            self.mine(self.m_locked).action_recompute_locked(123)
        with self.assertRaisesRegex(UserError, "reason"):
            self.mine(self.plan_approved).action_reset_to_draft(["x"])
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.env["quality_ops.followup"].sudo().create(
                {"name": "Call back", "partner_id": self.customer.id}
            ).unlink()


@tagged("post_install", "-at_install")
class TestIntegritySecondAttack(IntegrityFixture, TransactionCase):
    """The holes a second attack found: a client's ``default_*`` context keys,
    auditees editing their audit, deletions reaching into sent or sealed
    records, a report moved to another period after its generation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_integrity()
        # a QA/QC officer audited by the running audit (made its auditee by the test)
        new_test_user(cls.env, "qo_i_qc2", groups="quality_ops.group_quality_officer")

    def refused(self, func):
        return self.attempt(func) == "no"

    @users("qo_i_manager", "qo_i_officer", "qo_i_lead", "qo_i_agent")
    def test_context_defaults_are_what_the_client_sent(self):
        u = self.users
        closed_stage = self.env.ref("quality_ops.complaint_stage_closed")
        ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
        # the records each role would create with the state its client sent
        cases = {
            "qo_i_manager": {
                "approved plan": lambda: (
                    self.env["quality_ops.plan"]
                    .with_context(default_state="approved", default_approved_by_id=u["rep"].id)
                    .create({"name": "P", "year": 2045})
                ),
                "target in a submitted plan": lambda: (
                    self.env["quality_ops.target"]
                    .with_context(default_plan_id=self.plan_submitted.id)
                    .create({"indicator_id": self.ind_manual.id, "target_value": 99})
                ),
            },
            "qo_i_officer": {
                "approved report": lambda: (
                    self.env["quality_ops.report"]
                    .with_context(default_state="approved")
                    .create({"name": "R", "kind": "annual", "year": 2045})
                ),
                "closed complaint": lambda: (
                    self.env["quality_ops.complaint"]
                    .with_context(
                        default_stage_id=closed_stage.id,
                        default_closed_at="2031-01-01 10:00:00",
                    )
                    .create({"name": "C", "partner_id": self.customer.id})
                ),
                "typed built-in measurement": lambda: (
                    self.env["quality_ops.measurement"]
                    .with_context(default_indicator_id=self.ind_resp.id)
                    .create(
                        {
                            "periodicity": "month",
                            "date_from": "2030-02-01",
                            "date_to": "2030-02-28",
                            "value": 100,
                        }
                    )
                ),
                "locked measurement": lambda: (
                    self.env["quality_ops.measurement"]
                    .with_context(default_state="locked")
                    .create(
                        {
                            "indicator_id": self.ind_manual.id,
                            "periodicity": "month",
                            "date_from": "2030-02-01",
                            "date_to": "2030-02-28",
                            "value": 100,
                        }
                    )
                ),
                "line in a reported audit": lambda: (
                    self.env["quality_ops.audit.line"]
                    .with_context(default_audit_id=self.audit_reported.id)
                    .create({"question": "Q", "result": "conform", "weight": 100})
                ),
                "closed finding by name_create": lambda: (
                    self.env["quality_ops.finding"]
                    .with_context(default_state="closed", default_description="x")
                    .name_create("Closed at birth")
                ),
                "forged survey response": lambda: (
                    self.env["survey.user_input"]
                    .with_context(default_quality_score=100, default_state="done")
                    .create({"survey_id": self.env.ref("quality_ops.survey_satisfaction").id})
                ),
                "forged verification": lambda: (
                    self.env["quality_ops.integrity.check"]
                    .with_context(default_is_clean=True, default_seal_count=42)
                    .create({})
                ),
            },
            "qo_i_lead": {
                "verified action": lambda: (
                    self.env["quality_ops.action"]
                    .with_context(default_state="verified", default_effectiveness="effective")
                    .create(
                        {
                            "name": "A",
                            "owner_id": u["lead"].id,
                            "due_date": "2031-09-30",
                            "project_id": self.project.id,
                        }
                    )
                ),
                "project with a quality lead": lambda: (
                    self.env["project.project"]
                    .with_context(default_quality_lead_id=u["lead"].id)
                    .create({"name": "Mine"})
                ),
            },
            "qo_i_agent": {
                "forged rating": lambda: (
                    self.env["rating.rating"]
                    .with_context(default_res_model_id=ticket_model)
                    .create({"res_id": self.ticket.id, "rating": 5, "consumed": True})
                ),
                "reassigned ticket": lambda: (
                    self.env["helpdesk.ticket"]
                    .with_context(default_quality_reassigned=True)
                    .create({"name": "T", "description": "x"})
                ),
            },
        }
        for name, func in cases[self.env.user.login].items():
            with self.subTest(case=name):
                self.assertTrue(self.refused(func), name)

    @users("qo_i_manager")
    def test_a_legitimate_context_default_still_works(self):
        # the parent of a line of a draft plan
        self.env["quality_ops.target"].with_context(default_plan_id=self.plan_draft.id).create(
            {"indicator_id": self.ind_manual.id, "target_value": 99}
        )

    @users("qo_i_qc2")
    def test_auditees_change_nothing_of_their_audit(self):
        self.audit_running.write({"auditee_ids": [(4, self.env.uid)]})
        line = self.audit_running.line_ids[:1]
        for func in (
            lambda: self.mine(line).write({"weight": 0}),
            lambda: self.mine(line).unlink(),
            lambda: self.env["quality_ops.audit.line"].create(
                {"audit_id": self.audit_running.id, "question": "Q", "weight": 50}
            ),
            lambda: self.mine(self.audit_running).write({"conclusion": "<p>Fine</p>"}),
        ):
            self.assertTrue(self.refused(func))
        self.assertTrue(line.exists())

    def test_deletions_do_not_reach_into_sent_or_closed_records(self):
        campaign = self.env["quality_ops.survey.campaign"].create(
            {"name": "H1", "date_from": "2031-01-01", "date_to": "2031-06-30"}
        )
        answer = (
            self.env["survey.user_input"]
            .sudo()
            .create({"survey_id": campaign.survey_id.id, "quality_campaign_id": campaign.id})
        )
        self.assertTrue(self.refused(lambda: answer.with_user(self.users["officer"]).unlink()))
        # a ticket counted in a sent service report stays
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Reported", "description": "x", "partner_id": self.customer.id}
        )
        sent = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": "2031-07-01",
            }
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO quality_ops_service_report_ticket_rel (report_id, ticket_id)"
                " VALUES (%s, %s)",
                sent.id,
                ticket.id,
            )
        )
        sent.invalidate_recordset()
        sent.action_mark_sent()
        with self.assertRaisesRegex(UserError, "reported to the customer"):
            ticket.sudo().unlink()
        self.assertIn(ticket, sent.ticket_ids)

    def test_a_generated_report_moved_to_another_period_is_generated_again(self):
        report = self.as_("officer", self.report_draft)
        self.assertTrue(report.generated_at and report.line_ids)
        report.write({"year": 2029})
        self.assertFalse(self.report_draft.generated_at)
        self.assertFalse(self.report_draft.line_ids)
        with self.assertRaisesRegex(UserError, "Generate the report"):
            self.as_("manager", self.report_draft).action_review()

    def test_copies_start_afresh_and_odd_arguments_get_clear_errors(self):
        lead = self.users["lead"]
        self.project.sudo().quality_lead_id = self.other_lead
        pm = new_test_user(
            self.env,
            "qo_i_pm3",
            groups="project.group_project_manager,quality_ops.group_quality_project_lead",
        )
        copy = self.project.with_user(pm).copy()
        self.assertFalse(copy.quality_lead_id)
        report = self.as_("lead", self.service_sent).copy({"date_from": "2031-06-01"})
        self.assertEqual(report.state, "draft")
        complaint = self.complaint.copy()
        self.assertFalse(complaint.closed_at)
        self.assertTrue(lead)
        for func in (
            lambda: self.as_("manager", self.complaint_closed).action_reopen(),
            lambda: self.as_("manager", self.plan_approved).action_reset_to_draft(),
            lambda: self.as_("manager", self.m_locked).action_recompute_locked(),
            lambda: self.as_("officer", self.action_done).action_verify_effective({"x": 1}),
            lambda: self.as_("officer", self.action_done).action_verify_not_effective(
                "n", "not-a-date"
            ),
            lambda: self.as_(
                "manager", self.plan_draft | self.plan_approved
            ).action_copy_to_next_year(),
        ):
            with self.assertRaises(UserError):
                func()

    @users("qo_i_officer")
    def test_evidence_files_keep_their_name(self):
        line = self.audit_running.line_ids[:1]
        attachment = self.env["ir.attachment"].create(
            {"name": "photo.jpg", "raw": b"x", "res_model": line._name, "res_id": line.id}
        )
        line.write({"attachment_ids": [(4, attachment.id)]})
        self.audit_running.line_ids.write({"result": "conform"})
        self.mine(self.audit_running).action_report()
        self.assertTrue(self.refused(lambda: attachment.write({"name": "other.jpg"})))
        self.assertEqual(attachment.name, "photo.jpg")

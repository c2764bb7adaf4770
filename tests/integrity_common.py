"""Records of every quality model in every state that matters, and users of
every role, for the tests of what the server guarantees."""

import contextlib
import datetime

from odoo.exceptions import UserError
from odoo.tests import new_test_user

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import CurrentUser, role_user, role_users

ROLES = ("rep", "manager", "officer", "lead", "engineer", "agent", "portal", "foreign")
QD = ("rep", "manager", "officer")
MGR = ("rep", "manager")


class Undo(Exception):
    """Raised to roll an attempt back whatever it did."""


class IntegrityFixture(CurrentUser):
    """Mixed into a TransactionCase or HttpCase."""

    @classmethod
    def setup_all(cls):
        """The records of every kind, the quality assurance's and the SLA credits'."""
        cls.setup_integrity()
        cls.setup_assurance()
        cls.setup_credits()

    def as_(self, role, record):
        """``record`` as the user of ``role``."""
        return record.with_user(self.users[role])

    def foreign_survey_answer(self, **values):
        """A survey answer of another company's campaign."""
        campaign = (
            self.env["quality_ops.survey.campaign"]
            .sudo()
            .create(
                {
                    "name": "Other company survey",
                    "date_from": "2031-01-01",
                    "date_to": "2031-06-30",
                    "company_id": self.other_company.id,
                }
            )
        )
        values.update(survey_id=campaign.survey_id.id, quality_campaign_id=campaign.id)
        return self.env["survey.user_input"].sudo().create(values)

    def lead_action_vals(self, **values):
        """An action of the project lead, on his project."""
        return {
            "owner_id": self.users["lead"].id,
            "due_date": "2031-09-30",
            "project_id": self.project.id,
            **values,
        }

    def verified_action_vals(self):
        """An action sent already verified (no client may create one so)."""
        return self.lead_action_vals(
            name="Done already", state="verified", effectiveness="effective"
        )

    def peek_action_vals(self):
        """An action on a finding of a project the lead does not work on."""
        return self.lead_action_vals(name="Peek", finding_id=self.finding_other_project.id)

    @classmethod
    def setup_integrity(cls):
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = env.company
        cls.other_company = env["res.company"].create({"name": "Other O&M Co."})
        # a helpdesk agent with no quality role at all
        agent = "helpdesk_mgmt.group_helpdesk_user_own"
        cls.users = {
            **role_users(env, "qo_i", ("rep", "manager", "officer", "lead", "engineer", "portal")),
            "agent": role_user(env, "qo_i_agent", groups=agent),
            "foreign": role_user(env, "qo_i_foreign", "rep", company=cls.other_company),
        }
        cls.other_lead = role_user(env, "qo_i_lead2", "lead")
        users = cls.users
        cls.company.write(
            {
                "quality_manager_id": users["manager"].id,
                "quality_representative_id": users["rep"].id,
            }
        )
        cls.customer = env["res.partner"].create({"name": "Harbour Bank", "is_company": True})
        cls.other_customer = env["res.partner"].create(
            {"name": "Riverside Hospital", "is_company": True}
        )
        cls.project = env["project.project"].create(
            {"name": "Bank O&M", "partner_id": cls.customer.id, "user_id": users["lead"].id}
        )
        cls.other_project = env["project.project"].create(
            {
                "name": "Hospital O&M",
                "partner_id": cls.other_customer.id,
                "user_id": cls.other_lead.id,
            }
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {
                "name": "Service Desk",
                "user_id": users["agent"].id,
                "user_ids": [(6, 0, users["agent"].ids)],
            }
        )
        ref = env.ref
        cls.ind_resp = ref("quality_ops.indicator_resp_sla")
        cls.ind_manual = ref("quality_ops.indicator_availability")
        target = {"indicator_id": cls.ind_resp.id, "target_value": 95, "warning_value": 90}
        Plan = env["quality_ops.plan"]
        cls.plan_draft = Plan.create(
            {"name": "Draft plan", "year": 2031, "target_ids": [(0, 0, dict(target))]}
        )
        cls.plan_submitted = Plan.create(
            {"name": "Submitted plan", "year": 2032, "target_ids": [(0, 0, dict(target))]}
        )
        cls.plan_submitted.with_user(users["manager"]).action_submit()
        cls.plan_approved = Plan.create(
            {"name": "Approved plan", "year": 2033, "target_ids": [(0, 0, dict(target))]}
        )
        cls.plan_approved.with_user(users["manager"]).action_submit()
        cls.plan_approved.with_user(users["rep"]).action_approve()
        project_target = dict(target, scope="project", project_id=cls.project.id)

        def bank_plan(year):
            return Plan.create(
                {
                    "name": "Bank plan",
                    "year": year,
                    "plan_type": "project",
                    "project_id": cls.project.id,
                    "target_ids": [(0, 0, dict(project_target))],
                }
            )

        cls.project_plan_draft = bank_plan(2031)
        cls.project_plan_submitted = bank_plan(2032)
        cls.project_plan_submitted.with_user(users["manager"]).action_submit()

        # reports: one draft generated, one reviewed, one approved
        Report = env["quality_ops.report"]
        cls.report_draft = Report.create(
            {"name": "H1", "kind": "half_year", "year": 2031, "half": "1"}
        )
        cls.report_draft.with_user(users["officer"]).action_generate()
        cls.report_reviewed = Report.create(
            {"name": "H2", "kind": "half_year", "year": 2031, "half": "2"}
        )
        cls.report_reviewed.with_user(users["officer"]).action_generate()
        cls.report_reviewed.with_user(users["manager"]).action_review()
        cls.report_approved = Report.create({"name": "2030", "kind": "annual", "year": 2030})
        cls.report_approved.with_user(users["officer"]).action_generate()
        cls.report_approved.with_user(users["manager"]).action_review()
        cls.report_approved.with_user(users["rep"]).action_approve()
        cls.line_draft = cls._add_line(cls.report_draft)
        cls.line_reviewed = cls._frozen_line(cls.report_reviewed)
        cls.line_approved = cls._frozen_line(cls.report_approved)

        # measurements: manual open, built-in open, built-in locked (two scopes,
        # two companies in the same period)
        Measurement = env["quality_ops.measurement"]
        cls.m_manual = Measurement.create(
            {
                "indicator_id": cls.ind_manual.id,
                "periodicity": "month",
                "date_from": "2031-03-01",
                "date_to": "2031-03-31",
                "value": 99.5,
            }
        )
        cls.m_builtin, cls.m_locked, cls.m_locked_team, cls.m_locked_foreign = (
            cls._engine_measurement(cls.company, "2031-04-01", "open"),
            cls._engine_measurement(cls.company, "2031-05-01", "locked"),
            cls._engine_measurement(cls.company, "2031-05-01", "locked", team=cls.team),
            cls._engine_measurement(cls.other_company, "2031-05-01", "locked"),
        )

        # audits: planned, in progress with lines, reported with a nonconformity
        Audit = env["quality_ops.audit"]
        template = ref("quality_ops.checklist_organisation")
        vals = {"kind": "internal", "template_id": template.id}
        cls.audit_planned = Audit.create(dict(vals, name="Planned", planned_date="2031-06-15"))
        cls.audit_running = Audit.create(dict(vals, name="Running", planned_date="2031-06-16"))
        cls.audit_running.with_user(users["officer"]).action_start()
        cls.audit_reported = Audit.create(dict(vals, name="Reported", planned_date="2031-06-17"))
        cls.audit_reported.with_user(users["officer"]).action_start()
        cls.audit_reported.line_ids.write({"result": "conform"})
        cls.audit_reported.line_ids[:1].write({"result": "minor"})
        cls.audit_reported.with_user(users["officer"]).action_report()
        cls.nonconforming_line = cls.audit_reported.line_ids[:1]

        # findings and actions
        Finding = env["quality_ops.finding"]
        cls.finding_draft = Finding.create(
            {"name": "Draft finding", "description": "Seen in the audit."}
        )
        cls.finding_project = Finding.create(
            {
                "name": "Bank finding",
                "description": "Seen at the bank.",
                "project_id": cls.project.id,
                "cause_analysis": "<p>Cause</p>",
            }
        )
        cls.finding_other_project = Finding.create(
            {
                "name": "Hospital finding",
                "description": "Seen at the hospital.",
                "project_id": cls.other_project.id,
            }
        )
        Action = env["quality_ops.action"]
        cls.action_open = Action.create(
            {
                "name": "Fix the backups",
                "finding_id": cls.finding_project.id,
                "owner_id": users["engineer"].id,
                "due_date": "2031-07-31",
                "result": "<p>Restored once.</p>",
            }
        )
        cls.action_done = Action.create(
            {
                "name": "Update the skills matrix",
                "finding_id": cls.finding_project.id,
                "owner_id": users["engineer"].id,
                "due_date": "2031-07-31",
                "result": "<p>Updated.</p>",
            }
        )
        cls.action_done.with_user(users["engineer"]).action_done()
        cls.action_verified = Action.create(
            {
                "name": "Call back",
                "owner_id": users["engineer"].id,
                "due_date": "2031-07-31",
                "result": "<p>Called.</p>",
            }
        )
        cls.action_verified.with_user(users["engineer"]).action_done()
        cls.action_verified.with_user(users["officer"]).action_verify_effective("Works")
        cls.finding_project.with_user(users["officer"]).action_next()  # analysis
        cls.finding_project.with_user(users["officer"]).action_next()  # action plan
        cls.finding_project.with_user(users["officer"]).action_next()  # in progress

        # management reviews: planned, held with a decision, closed (its decision
        # became an action of the engineer)
        Review = env["quality_ops.review"]
        Decision = env["quality_ops.review.decision"]
        cls.review_planned = Review.create({"name": "Planned review", "planned_date": "2031-12-10"})
        cls.review_held = Review.create({"name": "Held review", "planned_date": "2031-12-11"})
        cls.review_held.with_user(users["officer"]).action_start()
        cls.decision_held = Decision.create({"review_id": cls.review_held.id, "name": "Hire"})
        cls.review_closed = Review.create({"name": "Closed review", "planned_date": "2031-12-12"})
        cls.review_closed.with_user(users["officer"]).action_start()
        cls.decision_closed = Decision.create(
            {
                "review_id": cls.review_closed.id,
                "name": "Train the service desk",
                "owner_id": users["engineer"].id,
            }
        )
        cls.review_closed.with_user(users["manager"]).action_close()
        cls.input_held = cls.review_held.input_ids[:1]
        cls.input_closed = cls.review_closed.input_ids[:1]
        assert cls.input_held and cls.input_closed and cls.decision_closed.action_id

        # complaints on a ticket of the agent
        cls.ticket = env["helpdesk.ticket"].create(
            {
                "name": "Printer down",
                "description": "Printer down",
                "team_id": cls.team.id,
                "user_id": users["agent"].id,
                "partner_id": cls.customer.id,
                "project_id": cls.project.id,
            }
        )
        Complaint = env["quality_ops.complaint"]
        cls.complaint = Complaint.create({"ticket_id": cls.ticket.id, "name": "Slow fix"})
        cls.complaint_closed = Complaint.create(
            {
                "ticket_id": cls.ticket.id,
                "name": "Rude answer",
                "cause_analysis": "<p>Training</p>",
                "customer_confirmed": True,
            }
        )
        cls.complaint_closed.write({"stage_id": ref("quality_ops.complaint_stage_closed").id})

        # customer service reports: a draft of the lead's project and a sent one
        ServiceReport = env["quality_ops.service.report"]
        cls.service_draft = ServiceReport.create(
            {"partner_id": cls.customer.id, "project_id": cls.project.id, "date_from": "2031-03-01"}
        )
        cls.service_sent = ServiceReport.create(
            {"partner_id": cls.customer.id, "project_id": cls.project.id, "date_from": "2031-02-01"}
        )
        cls.service_sent.action_mark_sent()

    @classmethod
    def setup_assurance(cls):
        """Controlled documents in every state, QA activities, inspection plans
        and records of the project (the engineer's) and of the other project
        (another engineer's)."""
        env, users = cls.env, cls.users
        cls.other_engineer = new_test_user(
            env, "qo_i_engineer2", groups="quality_ops.group_quality_engineer"
        )
        Document = env["quality_ops.document"]

        def document(number, kind="procedure", **extra):
            return Document.with_user(users["officer"]).create(
                {"number": number, "name": f"Document {number}", "kind": kind, **extra}
            )

        def reviewed(doc):
            doc.with_user(users["officer"]).action_submit()
            doc.with_user(users["manager"]).action_review()
            return doc

        cls.doc_draft = document("T-DRAFT")
        cls.doc_review = document("T-REVIEW")
        cls.doc_review.with_user(users["officer"]).action_submit()
        cls.doc_reviewed = reviewed(document("T-REVIEWED"))
        cls.doc_regulation = reviewed(document("T-REGULATION", kind="regulation"))
        cls.doc_approved = reviewed(document("T-APPROVED"))
        cls.doc_approved.with_user(users["manager"]).action_approve()
        cls.doc_released = reviewed(document("T-RELEASED", ack_required=True))
        cls.doc_released.with_user(users["manager"]).action_approve()
        cls.doc_released.with_user(users["manager"]).action_release()
        cls.doc_secret = reviewed(
            document("T-SECRET", confidentiality="secret", reader_ids=[(6, 0, users["lead"].ids)])
        )
        cls.doc_secret.with_user(users["manager"]).action_approve()
        cls.doc_secret.with_user(users["manager"]).action_release()

        Activity = env["quality_ops.qa.activity"]
        activity = {
            "plan_id": cls.project_plan_submitted.id,
            "responsible_id": users["officer"].id,
            "document_id": cls.doc_released.id,
            "result": "nonconformity",
            "evidence": "Two tickets closed without confirmation.",
        }
        cls.qa_planned = Activity.create(
            dict(activity, name="Check tickets", planned_date="2031-05-10")
        )
        cls.qa_done = Activity.create(
            dict(activity, name="Check changes", planned_date="2031-05-11")
        )
        cls.qa_done.with_user(users["officer"]).action_done()

        Plan = env["quality_ops.inspection.plan"]
        item = [(0, 0, {"name": "UPS status", "standard": "On mains"})]
        cls.inspection_plan = Plan.create(
            {
                "name": "Daily room check",
                "target": "Room B2",
                "project_id": cls.project.id,
                "team_id": cls.team.id,
                "user_id": users["engineer"].id,
                "frequency": "daily",
                "start_date": "2031-05-01",
                "item_ids": item,
            }
        )
        cls.other_inspection_plan = Plan.create(
            {
                "name": "Weekly HIS check",
                "target": "HIS servers",
                "project_id": cls.other_project.id,
                "user_id": cls.other_engineer.id,
                "frequency": "weekly",
                "start_date": "2031-05-01",
                "item_ids": item,
            }
        )
        day = datetime.date(2031, 5, 1)
        cls.inspection_plan._materialise(day, day + datetime.timedelta(days=2))
        cls.other_inspection_plan._materialise(day, day)
        Inspection = env["quality_ops.inspection"]
        found = Inspection.search([("plan_id", "=", cls.inspection_plan.id)], order="due_date")
        cls.inspection_own, cls.inspection_done, cls.inspection_third = found
        cls.inspection_other = Inspection.search([("plan_id", "=", cls.other_inspection_plan.id)])
        for inspection in (cls.inspection_own, cls.inspection_done, cls.inspection_other):
            inspection.line_ids.write({"result": "ok"})
        cls.inspection_done.with_user(users["engineer"]).action_done()
        assert cls.inspection_done.state == "done" and len(cls.inspection_other) == 1

    @classmethod
    def setup_credits(cls):
        """Clocks of the engineer's ticket of the project (June 2031), exemption
        requests requested and rejected, credit schemes of both projects (from
        2026) and statements of the project in every state for January to March
        2026 (and one of the other project)."""
        env, users = cls.env, cls.users
        Ticket = env["helpdesk.ticket"]
        Clock = env["quality_ops.ticket.sla"].sudo()

        def ticket(name, user, project):
            found = Ticket.create(
                {
                    "name": name,
                    "description": name,
                    "team_id": cls.team.id,
                    "user_id": user.id,
                    "partner_id": cls.customer.id,
                    "project_id": project.id,
                }
            )
            Clock.search([("ticket_id", "=", found.id)]).unlink()
            return found

        def clock(ticket_, kind):
            when = datetime.datetime(2031, 6, 10, 3)
            return Clock.create(
                {
                    "ticket_id": ticket_.id,
                    "company_id": ticket_.company_id.id,
                    "kind": kind,
                    "target_hours": 4,
                    "start_at": when - datetime.timedelta(days=1),
                    "breached_at": when - datetime.timedelta(hours=2),
                    "reached_at": when,
                    "state": "breached",
                }
            ).with_env(env)

        cls.credit_ticket = ticket("Core switch down", users["engineer"], cls.project)
        cls.credit_other_ticket = ticket("HIS slow", users["agent"], cls.other_project)
        cls.clock_requested = clock(cls.credit_ticket, "resolution")
        cls.clock_rejected = clock(cls.credit_ticket, "response")
        cls.clock_free = clock(Ticket.browse(cls._second_ticket(cls.credit_ticket)), "resolution")
        cls.clock_other = clock(cls.credit_other_ticket, "resolution")
        Exemption = env["quality_ops.sla.exemption"].with_user(users["engineer"])
        evidence = {"reason": "customer", "description": "Room closed by the customer."}
        cls.exemption_requested = Exemption.create(
            dict(evidence, clock_id=cls.clock_requested.id)
        ).with_env(env)
        cls.exemption_rejected = Exemption.create(
            dict(evidence, clock_id=cls.clock_rejected.id)
        ).with_env(env)
        cls.exemption_rejected.with_user(users["officer"]).action_reject("Our fault")
        cls.clock_approved = clock(
            Ticket.browse(cls._second_ticket(cls.credit_ticket)), "resolution"
        )
        cls.exemption_approved = Exemption.create(
            dict(evidence, clock_id=cls.clock_approved.id)
        ).with_env(env)
        cls.exemption_approved.with_user(users["officer"]).action_approve("Room closed")
        Scheme = env["quality_ops.sla.credit.scheme"]
        line = [(0, 0, {"priority": "1", "kind": "resolution", "credit": 100})]
        cls.credit_scheme = Scheme.create(
            {
                "name": "Bank SLA",
                "project_id": cls.project.id,
                "partner_id": cls.customer.id,
                "date_start": "2026-01-01",
                "cap_type": "none",
                "line_ids": line,
            }
        )
        cls.other_credit_scheme = Scheme.create(
            {
                "name": "Hospital SLA",
                "project_id": cls.other_project.id,
                "partner_id": cls.other_customer.id,
                "date_start": "2026-01-01",
                "cap_type": "none",
                "line_ids": line,
            }
        )
        Statement = env["quality_ops.sla.statement"]
        month = datetime.date
        # statements of months that have ended (a month not over has none)
        cls.statement_draft, cls.statement_confirmed, cls.statement_approved = (
            Statement._draft_statements([month(2026, m, 1)], cls.credit_scheme) for m in (3, 2, 1)
        )
        cls.statement_other = Statement._draft_statements(
            [month(2026, 3, 1)], cls.other_credit_scheme
        )
        cls.statement_confirmed.with_user(users["lead"]).action_confirm()
        cls.statement_approved.with_user(users["lead"]).action_confirm()
        cls.statement_approved.with_user(users["manager"]).action_approve()

    @classmethod
    def _second_ticket(cls, ticket):
        """Another ticket of the engineer in the project (its own clocks)."""
        other = ticket.copy({"name": f"{ticket.name} (2)"})
        cls.env["quality_ops.ticket.sla"].sudo().search([("ticket_id", "=", other.id)]).unlink()
        return other.id

    @classmethod
    def _frozen_line(cls, report):
        """A line of a report frozen after its generation: added through the
        report's own pass, as a generation would."""
        line = cls.env["quality_ops.report.line"].search([("report_id", "=", report.id)], limit=1)
        return line or cls._add_line(report)

    @classmethod
    def _add_line(cls, report):
        Line = cls.env["quality_ops.report.line"]
        return with_pass(Line, creating=True).create(
            {"report_id": report.id, "section": "scorecard", "label": "Frozen row"}
        )

    @classmethod
    def _engine_measurement(cls, company, date_from, state, team=None):
        """A measurement as the engine stores it (the engine inserts by SQL)."""
        Measurement = cls.env["quality_ops.measurement"]
        day = datetime.date.fromisoformat(date_from)
        following = (day + datetime.timedelta(days=32)).replace(day=1)
        values = {
            "indicator_id": cls.ind_resp.id,
            "periodicity": "month",
            "date_from": day,
            "date_to": following - datetime.timedelta(days=1),
            "scope": "team" if team else "company",
            "team_id": team.id if team else False,
            "scope_key": team.id if team else 0,
            "company_id": company.id,
            "numerator": 9,
            "denominator": 10,
            "value": 90.0,
            "state": state,
        }
        return with_pass(Measurement, creating=True).create(values).with_env(cls.env)

    # ------------------------------------------------------------------
    def attempt(self, func):
        """Run ``func`` and roll back whatever it did; ``"ok"`` or ``"no"``
        (refused: a UserError, which AccessError and ValidationError are)."""
        outcome = "ok"
        with contextlib.suppress(Undo), self.env.cr.savepoint():
            try:
                func()
                self.env.flush_all()
            except UserError:
                outcome = "no"
            raise Undo()
        self.env.invalidate_all()
        return outcome

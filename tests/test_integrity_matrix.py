"""Every quality model x every role x every operation (records of the plan, the reports,
the measurements and the audits): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, Case, on


@tagged("post_install", "-at_install")
class TestIntegrityMatrix(matrix.IntegrityMatrixCase):
    # ------------------------------------------------------------------
    def test_plans_and_targets(self):
        c = self
        closed_stage = {"state": "published"}
        self.run_cases(
            [
                Case("read a draft organisation plan", lambda e: on(c.plan_draft, e).name, QD),
                Case(
                    "read the own project's plan",
                    lambda e: on(c.project_plan_draft, e).name,
                    LEAD_UP,
                ),
                Case(
                    "create an organisation plan",
                    lambda e: e["quality_ops.plan"].create(
                        {"name": "P", "year": 2040, "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case(
                    "create a plan of the own project",
                    lambda e: e["quality_ops.plan"].create(
                        {
                            "name": "P",
                            "year": 2040,
                            "plan_type": "project",
                            "project_id": c.project.id,
                            "company_id": c.company.id,
                        }
                    ),
                    (*MGR, "lead"),
                ),
                Case(
                    "create a plan already published",
                    lambda e: e["quality_ops.plan"].create(
                        {"name": "P", "year": 2041, **closed_stage}
                    ),
                    NOBODY,
                ),
                Case(
                    "create a plan already approved by someone",
                    lambda e: e["quality_ops.plan"].create(
                        {"name": "P", "year": 2041, "approved_by_id": c.users["rep"].id}
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a draft organisation plan",
                    lambda e: on(c.plan_draft, e).write({"name": "X"}),
                    MGR,
                ),
                Case(
                    "edit the own project's draft plan",
                    lambda e: on(c.project_plan_draft, e).write({"name": "X"}),
                    (*MGR, "lead"),
                ),
                Case(
                    "edit a submitted plan",
                    lambda e: on(c.plan_submitted, e).write({"objectives": "<p>X</p>"}),
                    NOBODY,
                ),
                Case(
                    "edit the own project's submitted plan",
                    lambda e: on(c.project_plan_submitted, e).write({"name": "X"}),
                    NOBODY,
                ),
                Case(
                    "write the state of a submitted plan",
                    lambda e: on(c.project_plan_submitted, e).write({"state": "approved"}),
                    NOBODY,
                ),
                Case(
                    "write the approver of a submitted plan",
                    lambda e: on(c.project_plan_submitted, e).write({"approved_by_id": e.user.id}),
                    NOBODY,
                ),
                Case(
                    "write a submitted plan back to draft",
                    lambda e: on(c.plan_submitted, e).write({"state": "draft"}),
                    NOBODY,
                ),
                Case(
                    "write the version",
                    lambda e: on(c.plan_draft, e).write({"version": 7}),
                    NOBODY,
                ),
                Case("delete a draft plan", lambda e: on(c.plan_draft, e).unlink(), MGR),
                Case("delete a submitted plan", lambda e: on(c.plan_submitted, e).unlink(), ()),
                Case("submit", lambda e: on(c.plan_draft, e).action_submit(), MGR),
                Case("approve", lambda e: on(c.plan_submitted, e).action_approve(), ("rep",)),
                Case(
                    "approve the own project's plan",
                    lambda e: on(c.project_plan_submitted, e).action_approve(),
                    ("rep",),
                ),
                Case("publish", lambda e: on(c.plan_approved, e).action_publish(), MGR),
                Case(
                    "reset with a reason",
                    lambda e: on(c.plan_approved, e).action_reset_to_draft("Typo"),
                    MGR,
                ),
                Case(
                    "reset without a reason",
                    lambda e: on(c.plan_approved, e).action_reset_to_draft(""),
                    NOBODY,
                ),
                Case(
                    "prepare next year's plan",
                    lambda e: on(c.plan_approved, e).action_copy_to_next_year(),
                    MGR,
                ),
                Case(
                    "add a target to a draft plan",
                    lambda e: e["quality_ops.target"].create(
                        {
                            "plan_id": c.plan_draft.id,
                            "indicator_id": c.ind_manual.id,
                            "target_value": 99,
                        }
                    ),
                    MGR,
                ),
                Case(
                    "add a target to a submitted plan",
                    lambda e: e["quality_ops.target"].create(
                        {
                            "plan_id": c.plan_submitted.id,
                            "indicator_id": c.ind_manual.id,
                            "target_value": 99,
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "change a target of an approved plan",
                    lambda e: on(c.plan_approved.target_ids, e).write({"target_value": 50}),
                    NOBODY,
                ),
                Case(
                    "move a draft target into an approved plan",
                    lambda e: on(c.plan_draft.target_ids, e).write({"plan_id": c.plan_approved.id}),
                    NOBODY,
                ),
                Case(
                    "delete a target of a submitted plan",
                    lambda e: on(c.plan_submitted.target_ids, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "write a target's company (derived from its plan)",
                    lambda e: on(c.plan_draft.target_ids, e).write(
                        {"company_id": c.other_company.id}
                    ),
                    NOBODY,
                ),
            ]
        )

    def test_reports_and_lines(self):
        c = self
        self.run_cases(
            [
                Case("read a draft report", lambda e: on(c.report_draft, e).name, LEAD_UP),
                Case(
                    "create a report",
                    lambda e: e["quality_ops.report"].create(
                        {"name": "R", "kind": "annual", "year": 2039, "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "create an approved report",
                    lambda e: e["quality_ops.report"].create(
                        {"name": "R", "kind": "annual", "year": 2039, "state": "approved"}
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a draft report",
                    lambda e: on(c.report_draft, e).write({"summary": "<p>X</p>"}),
                    QD,
                ),
                Case(
                    "edit a reviewed report",
                    lambda e: on(c.report_reviewed, e).write({"summary": "<p>X</p>"}),
                    NOBODY,
                ),
                Case(
                    "edit a reviewed report with the old generation key",
                    lambda e: (
                        on(c.report_reviewed, e)
                        .with_context(quality_report_generation=True)
                        .write({"summary": "<p>X</p>"})
                    ),
                    NOBODY,
                ),
                Case(
                    "write a report approved",
                    lambda e: on(c.report_reviewed, e).write({"state": "approved"}),
                    NOBODY,
                ),
                Case(
                    "write an approved report back to draft",
                    lambda e: on(c.report_approved, e).write({"state": "draft"}),
                    NOBODY,
                ),
                Case("generate", lambda e: on(c.report_draft, e).action_generate(), QD),
                Case(
                    "generate a reviewed report",
                    lambda e: on(c.report_reviewed, e).action_generate(),
                    NOBODY,
                ),
                Case("review", lambda e: on(c.report_draft, e).action_review(), MGR),
                Case("approve", lambda e: on(c.report_reviewed, e).action_approve(), ("rep",)),
                Case(
                    "reset a reviewed report",
                    lambda e: on(c.report_reviewed, e).action_reset_to_draft(),
                    MGR,
                ),
                Case(
                    "new version of an approved report",
                    lambda e: on(c.report_approved, e).action_new_version(),
                    MGR,
                ),
                Case("delete a draft report", lambda e: on(c.report_draft, e).unlink(), MGR),
                Case(
                    "delete an approved report",
                    lambda e: on(c.report_approved, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "comment a line of a draft report",
                    lambda e: on(c.line_draft, e).write({"comment": "ok"}),
                    QD,
                ),
                Case(
                    "comment a line of a reviewed report",
                    lambda e: on(c.line_reviewed, e).write({"comment": "ok"}),
                    NOBODY,
                ),
                Case(
                    "comment a line of a reviewed report with the old generation key",
                    lambda e: (
                        on(c.line_reviewed, e)
                        .with_context(quality_report_generation=True)
                        .write({"comment": "ok"})
                    ),
                    NOBODY,
                ),
                Case(
                    "add a line to an approved report",
                    lambda e: e["quality_ops.report.line"].create(
                        {"report_id": c.report_approved.id, "section": "audit", "label": "X"}
                    ),
                    NOBODY,
                ),
                Case(
                    "move a draft line into an approved report",
                    lambda e: on(c.line_draft, e).write({"report_id": c.report_approved.id}),
                    NOBODY,
                ),
                Case(
                    "delete a line of an approved report",
                    lambda e: on(c.line_approved, e).unlink(),
                    NOBODY,
                ),
            ]
        )

    def test_measurements(self):
        c = self
        month = {"periodicity": "month", "date_from": "2031-08-01", "date_to": "2031-08-31"}
        self.run_cases(
            [
                Case(
                    "read a company measurement",
                    lambda e: on(c.m_builtin, e).value,
                    (*LEAD_UP, "engineer"),
                ),
                Case(
                    "enter a manual indicator for a whole month",
                    lambda e: e["quality_ops.measurement"].create(
                        {
                            "indicator_id": c.ind_manual.id,
                            "value": 99.9,
                            "company_id": c.company.id,
                            **month,
                        }
                    ),
                    QD,
                ),
                Case(
                    "enter a built-in indicator by hand",
                    lambda e: e["quality_ops.measurement"].create(
                        {"indicator_id": c.ind_resp.id, "value": 99.9, **month}
                    ),
                    NOBODY,
                ),
                Case(
                    "enter a measurement already locked",
                    lambda e: e["quality_ops.measurement"].create(
                        {"indicator_id": c.ind_manual.id, "value": 99.9, "state": "locked", **month}
                    ),
                    NOBODY,
                ),
                Case(
                    "enter a period ending before it starts",
                    lambda e: e["quality_ops.measurement"].create(
                        {
                            "indicator_id": c.ind_manual.id,
                            "value": 99.9,
                            "periodicity": "month",
                            "date_from": "2031-08-01",
                            "date_to": "2031-07-01",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "enter half a month",
                    lambda e: e["quality_ops.measurement"].create(
                        {
                            "indicator_id": c.ind_manual.id,
                            "value": 99.9,
                            "periodicity": "month",
                            "date_from": "2031-08-10",
                            "date_to": "2031-08-31",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "type a manual value",
                    lambda e: on(c.m_manual, e).write({"value": 98}),
                    QD,
                ),
                Case(
                    "type the value of a built-in indicator",
                    lambda e: on(c.m_builtin, e).write({"value": 99}),
                    NOBODY,
                ),
                Case(
                    "type a locked value with the old engine key",
                    lambda e: (
                        on(c.m_locked, e).with_context(quality_engine=True).write({"value": 99})
                    ),
                    NOBODY,
                ),
                Case(
                    "unlock by writing the state",
                    lambda e: on(c.m_locked, e).write({"state": "open"}),
                    NOBODY,
                ),
                Case(
                    "write a numerator",
                    lambda e: on(c.m_builtin, e).write({"numerator": 10}),
                    NOBODY,
                ),
                Case(
                    "move a measurement to another period",
                    lambda e: on(c.m_manual, e).write({"date_from": "2031-04-01"}),
                    NOBODY,
                ),
                Case("lock", lambda e: on(c.m_builtin, e).action_lock(), MGR),
                Case(
                    "recompute a locked measurement with a reason",
                    lambda e: on(c.m_locked, e).action_recompute_locked("Late tickets"),
                    MGR,
                ),
                Case(
                    "recompute an open measurement as if locked",
                    lambda e: on(c.m_builtin, e).action_recompute_locked("Why not"),
                    NOBODY,
                ),
                Case("delete a manual measurement", lambda e: on(c.m_manual, e).unlink(), MGR),
                Case(
                    "delete a measurement of the engine",
                    lambda e: on(c.m_builtin, e).unlink(),
                    NOBODY,
                ),
                Case("delete a locked measurement", lambda e: on(c.m_locked, e).unlink(), ()),
            ]
        )

    def test_audits_and_lines(self):
        c = self
        self.run_cases(
            [
                Case("read an audit", lambda e: on(c.audit_planned, e).name, QD),
                Case(
                    "plan an audit",
                    lambda e: e["quality_ops.audit"].create(
                        {"name": "A", "planned_date": "2031-11-15", "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "create an audit already closed",
                    lambda e: e["quality_ops.audit"].create(
                        {"name": "A", "planned_date": "2031-11-15", "state": "closed"}
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a planned audit",
                    lambda e: on(c.audit_planned, e).write({"name": "X"}),
                    QD,
                ),
                Case(
                    "edit a reported audit",
                    lambda e: on(c.audit_reported, e).write({"conclusion": "<p>X</p>"}),
                    NOBODY,
                ),
                Case(
                    "close an audit by writing its state",
                    lambda e: on(c.audit_reported, e).write({"state": "closed"}),
                    NOBODY,
                ),
                Case("start", lambda e: on(c.audit_planned, e).action_start(), QD),
                Case(
                    "report with open items",
                    lambda e: on(c.audit_running, e).action_report(),
                    NOBODY,
                ),
                Case("close", lambda e: on(c.audit_reported, e).action_close(), MGR),
                Case("reopen", lambda e: on(c.audit_reported, e).action_reset(), MGR),
                Case("delete a planned audit", lambda e: on(c.audit_planned, e).unlink(), MGR),
                Case(
                    "delete a reported audit",
                    lambda e: on(c.audit_reported, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "answer an item of a running audit",
                    lambda e: on(c.audit_running.line_ids[:1], e).write({"result": "conform"}),
                    QD,
                ),
                Case(
                    "change an item of a reported audit",
                    lambda e: on(c.nonconforming_line, e).write({"result": "conform"}),
                    NOBODY,
                ),
                Case(
                    "delete the nonconforming item of a reported audit",
                    lambda e: on(c.nonconforming_line, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "add an item to a reported audit",
                    lambda e: e["quality_ops.audit.line"].create(
                        {"audit_id": c.audit_reported.id, "question": "Q", "result": "conform"}
                    ),
                    NOBODY,
                ),
                Case(
                    "write the conformity flag of an item",
                    lambda e: on(c.audit_running.line_ids[:1], e).write({"is_conforming": True}),
                    NOBODY,
                ),
                Case(
                    "raise a finding from a nonconformity",
                    lambda e: on(c.nonconforming_line, e).action_create_finding(),
                    QD,
                ),
                Case(
                    "link an item to a finding by hand",
                    lambda e: on(c.nonconforming_line, e).write({"finding_id": c.finding_draft.id}),
                    NOBODY,
                ),
            ]
        )

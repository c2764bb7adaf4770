"""Every quality model x every role x every operation (records of the plan, the reports,
the measurements and the audits): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, Case, creates, deletes, on, writes


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
                creates(
                    "create an organisation plan",
                    "quality_ops.plan",
                    {"name": "P", "year": 2040, "company_id": c.company.id},
                    MGR,
                ),
                creates(
                    "create a plan of the own project",
                    "quality_ops.plan",
                    {
                        "name": "P",
                        "year": 2040,
                        "plan_type": "project",
                        "project_id": c.project.id,
                        "company_id": c.company.id,
                    },
                    (*MGR, "lead"),
                ),
                creates(
                    "create a plan already published",
                    "quality_ops.plan",
                    {"name": "P", "year": 2041, **closed_stage},
                    NOBODY,
                ),
                creates(
                    "create a plan already approved by someone",
                    "quality_ops.plan",
                    {"name": "P", "year": 2041, "approved_by_id": c.users["rep"].id},
                    NOBODY,
                ),
                writes("edit a draft organisation plan", c.plan_draft, {"name": "X"}, MGR),
                writes(
                    "edit the own project's draft plan",
                    c.project_plan_draft,
                    {"name": "X"},
                    (*MGR, "lead"),
                ),
                writes(
                    "edit a submitted plan", c.plan_submitted, {"objectives": "<p>X</p>"}, NOBODY
                ),
                writes(
                    "edit the own project's submitted plan",
                    c.project_plan_submitted,
                    {"name": "X"},
                    NOBODY,
                ),
                writes(
                    "write the state of a submitted plan",
                    c.project_plan_submitted,
                    {"state": "approved"},
                    NOBODY,
                ),
                Case(
                    "write the approver of a submitted plan",
                    lambda e: on(c.project_plan_submitted, e).write({"approved_by_id": e.user.id}),
                    NOBODY,
                ),
                writes(
                    "write a submitted plan back to draft",
                    c.plan_submitted,
                    {"state": "draft"},
                    NOBODY,
                ),
                writes("write the version", c.plan_draft, {"version": 7}, NOBODY),
                deletes("delete a draft plan", c.plan_draft, MGR),
                deletes("delete a submitted plan", c.plan_submitted, ()),
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
                creates(
                    "add a target to a draft plan",
                    "quality_ops.target",
                    {
                        "plan_id": c.plan_draft.id,
                        "indicator_id": c.ind_manual.id,
                        "target_value": 99,
                    },
                    MGR,
                ),
                creates(
                    "add a target to a submitted plan",
                    "quality_ops.target",
                    {
                        "plan_id": c.plan_submitted.id,
                        "indicator_id": c.ind_manual.id,
                        "target_value": 99,
                    },
                    NOBODY,
                ),
                writes(
                    "change a target of an approved plan",
                    c.plan_approved.target_ids,
                    {"target_value": 50},
                    NOBODY,
                ),
                writes(
                    "move a draft target into an approved plan",
                    c.plan_draft.target_ids,
                    {"plan_id": c.plan_approved.id},
                    NOBODY,
                ),
                deletes("delete a target of a submitted plan", c.plan_submitted.target_ids, NOBODY),
                writes(
                    "write a target's company (derived from its plan)",
                    c.plan_draft.target_ids,
                    {"company_id": c.other_company.id},
                    NOBODY,
                ),
            ]
        )

    def test_reports_and_lines(self):
        c = self
        self.run_cases(
            [
                Case("read a draft report", lambda e: on(c.report_draft, e).name, LEAD_UP),
                creates(
                    "create a report",
                    "quality_ops.report",
                    {"name": "R", "kind": "annual", "year": 2039, "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "create an approved report",
                    "quality_ops.report",
                    {"name": "R", "kind": "annual", "year": 2039, "state": "approved"},
                    NOBODY,
                ),
                writes("edit a draft report", c.report_draft, {"summary": "<p>X</p>"}, QD),
                writes(
                    "edit a reviewed report", c.report_reviewed, {"summary": "<p>X</p>"}, NOBODY
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
                writes("write a report approved", c.report_reviewed, {"state": "approved"}, NOBODY),
                writes(
                    "write an approved report back to draft",
                    c.report_approved,
                    {"state": "draft"},
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
                    lambda e: on(c.report_reviewed, e).action_reset_to_draft("A figure is wrong"),
                    MGR,
                ),
                Case(
                    "new version of an approved report",
                    lambda e: on(c.report_approved, e).action_new_version(),
                    MGR,
                ),
                deletes("delete a draft report", c.report_draft, MGR),
                deletes("delete an approved report", c.report_approved, NOBODY),
                writes("comment a line of a draft report", c.line_draft, {"comment": "ok"}, QD),
                writes(
                    "comment a line of a reviewed report",
                    c.line_reviewed,
                    {"comment": "ok"},
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
                creates(
                    "add a line to an approved report",
                    "quality_ops.report.line",
                    {"report_id": c.report_approved.id, "section": "audit", "label": "X"},
                    NOBODY,
                ),
                writes(
                    "move a draft line into an approved report",
                    c.line_draft,
                    {"report_id": c.report_approved.id},
                    NOBODY,
                ),
                deletes("delete a line of an approved report", c.line_approved, NOBODY),
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
                creates(
                    "enter a manual indicator for a whole month",
                    "quality_ops.measurement",
                    {
                        "indicator_id": c.ind_manual.id,
                        "value": 99.9,
                        "company_id": c.company.id,
                        **month,
                    },
                    QD,
                ),
                creates(
                    "enter a built-in indicator by hand",
                    "quality_ops.measurement",
                    {"indicator_id": c.ind_resp.id, "value": 99.9, **month},
                    NOBODY,
                ),
                creates(
                    "enter a measurement already locked",
                    "quality_ops.measurement",
                    {"indicator_id": c.ind_manual.id, "value": 99.9, "state": "locked", **month},
                    NOBODY,
                ),
                creates(
                    "enter a period ending before it starts",
                    "quality_ops.measurement",
                    {
                        "indicator_id": c.ind_manual.id,
                        "value": 99.9,
                        "periodicity": "month",
                        "date_from": "2031-08-01",
                        "date_to": "2031-07-01",
                    },
                    NOBODY,
                ),
                creates(
                    "enter half a month",
                    "quality_ops.measurement",
                    {
                        "indicator_id": c.ind_manual.id,
                        "value": 99.9,
                        "periodicity": "month",
                        "date_from": "2031-08-10",
                        "date_to": "2031-08-31",
                    },
                    NOBODY,
                ),
                writes("type a manual value", c.m_manual, {"value": 98}, QD),
                writes(
                    "type the value of a built-in indicator", c.m_builtin, {"value": 99}, NOBODY
                ),
                Case(
                    "type a locked value with the old engine key",
                    lambda e: (
                        on(c.m_locked, e).with_context(quality_engine=True).write({"value": 99})
                    ),
                    NOBODY,
                ),
                writes("unlock by writing the state", c.m_locked, {"state": "open"}, NOBODY),
                writes("write a numerator", c.m_builtin, {"numerator": 10}, NOBODY),
                writes(
                    "move a measurement to another period",
                    c.m_manual,
                    {"date_from": "2031-04-01"},
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
                deletes("delete a manual measurement", c.m_manual, MGR),
                deletes("delete a measurement of the engine", c.m_builtin, NOBODY),
                deletes("delete a locked measurement", c.m_locked, ()),
            ]
        )

    def test_audits_and_lines(self):
        c = self
        self.run_cases(
            [
                Case("read an audit", lambda e: on(c.audit_planned, e).name, QD),
                creates(
                    "plan an audit",
                    "quality_ops.audit",
                    {"name": "A", "planned_date": "2031-11-15", "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "create an audit already closed",
                    "quality_ops.audit",
                    {"name": "A", "planned_date": "2031-11-15", "state": "closed"},
                    NOBODY,
                ),
                writes("edit a planned audit", c.audit_planned, {"name": "X"}, QD),
                writes(
                    "edit a reported audit", c.audit_reported, {"conclusion": "<p>X</p>"}, NOBODY
                ),
                writes(
                    "close an audit by writing its state",
                    c.audit_reported,
                    {"state": "closed"},
                    NOBODY,
                ),
                Case("start", lambda e: on(c.audit_planned, e).action_start(), QD),
                Case(
                    "report with open items",
                    lambda e: on(c.audit_running, e).action_report(),
                    NOBODY,
                ),
                Case("close", lambda e: on(c.audit_reported, e).action_close(), MGR),
                Case("reopen", lambda e: on(c.audit_reported, e).action_reset("Wrong sample"), MGR),
                deletes("delete a planned audit", c.audit_planned, MGR),
                deletes("delete a reported audit", c.audit_reported, NOBODY),
                writes(
                    "answer an item of a running audit",
                    c.audit_running.line_ids[:1],
                    {"result": "conform"},
                    QD,
                ),
                writes(
                    "change an item of a reported audit",
                    c.nonconforming_line,
                    {"result": "conform"},
                    NOBODY,
                ),
                deletes(
                    "delete the nonconforming item of a reported audit",
                    c.nonconforming_line,
                    NOBODY,
                ),
                creates(
                    "add an item to a reported audit",
                    "quality_ops.audit.line",
                    {"audit_id": c.audit_reported.id, "question": "Q", "result": "conform"},
                    NOBODY,
                ),
                writes(
                    "write the conformity flag of an item",
                    c.audit_running.line_ids[:1],
                    {"is_conforming": True},
                    NOBODY,
                ),
                Case(
                    "raise a finding from a nonconformity",
                    lambda e: on(c.nonconforming_line, e).action_create_finding(),
                    QD,
                ),
                writes(
                    "link an item to a finding by hand",
                    c.nonconforming_line,
                    {"finding_id": c.finding_draft.id},
                    NOBODY,
                ),
            ]
        )

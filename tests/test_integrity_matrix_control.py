"""Every quality model x every role x every operation (QA activities, inspections, SLA
exemptions and statements): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, QUALITY, Case, creates, deletes, on, writes


@tagged("post_install", "-at_install")
class TestIntegrityMatrixControl(matrix.IntegrityMatrixCase):
    def test_qa_activities(self):
        c = self
        self.run_cases(
            [
                Case(
                    "read a QA activity of the own project",
                    lambda e: on(c.qa_planned, e).name,
                    LEAD_UP,
                ),
                creates(
                    "plan a QA activity",
                    "quality_ops.qa.activity",
                    {
                        "name": "Check",
                        "plan_id": c.plan_approved.id,
                        "planned_date": "2033-03-01",
                    },
                    QD,
                ),
                creates(
                    "plan a QA activity already done",
                    "quality_ops.qa.activity",
                    {
                        "name": "Check",
                        "plan_id": c.plan_approved.id,
                        "planned_date": "2033-03-01",
                        "state": "done",
                    },
                    NOBODY,
                ),
                writes("edit a planned QA activity", c.qa_planned, {"scope": "20 tickets"}, QD),
                writes("edit a recorded QA activity", c.qa_done, {"result": "conform"}, NOBODY),
                writes("write the state of a QA activity", c.qa_planned, {"state": "done"}, NOBODY),
                writes(
                    "move a QA activity to another plan",
                    c.qa_planned,
                    {"plan_id": c.plan_approved.id},
                    NOBODY,
                ),
                Case("record a QA activity", lambda e: on(c.qa_planned, e).action_done(), QD),
                Case(
                    "open the finding of its nonconformity",
                    lambda e: on(c.qa_done, e).action_create_finding(),
                    QD,
                ),
                Case(
                    "reopen a recorded QA activity with a reason",
                    lambda e: on(c.qa_done, e).action_reopen("Wrong sample"),
                    MGR,
                ),
                Case(
                    "cancel a planned QA activity",
                    lambda e: on(c.qa_planned, e).action_cancel(),
                    MGR,
                ),
                deletes("delete a planned QA activity", c.qa_planned, MGR),
                deletes("delete a recorded QA activity", c.qa_done, NOBODY),
            ]
        )

    def test_inspections(self):
        c = self
        engineer, other = c.users["engineer"], c.other_engineer
        own_line = c.inspection_own.line_ids[:1]
        self.run_cases(
            [
                Case("read the own inspection", lambda e: on(c.inspection_own, e).target, QUALITY),
                Case(
                    "read another engineer's inspection of another project",
                    lambda e: on(c.inspection_other, e).target,
                    QD,
                ),
                Case(
                    "read the own inspection plan", lambda e: on(c.inspection_plan, e).name, QUALITY
                ),
                creates(
                    "plan inspections of the own project",
                    "quality_ops.inspection.plan",
                    {
                        "name": "P",
                        "target": "T",
                        "project_id": c.project.id,
                        "company_id": c.company.id,
                        "user_id": engineer.id,
                        "start_date": "2031-06-01",
                    },
                    (*MGR, "lead"),
                ),
                writes(
                    "fill an item of the own inspection",
                    own_line,
                    {"result": "abnormal", "note": "Alarm"},
                    (*MGR, "lead", "engineer"),
                ),
                writes(
                    "fill an item of another engineer's inspection",
                    c.inspection_other.line_ids,
                    {"result": "ok"},
                    MGR,
                ),
                Case(
                    "record the own inspection",
                    lambda e: on(c.inspection_own, e).action_done(),
                    (*MGR, "lead", "engineer"),
                ),
                Case(
                    "record another engineer's inspection",
                    lambda e: on(c.inspection_other, e).action_done(),
                    MGR,
                ),
                writes(
                    "backdate an inspection", c.inspection_done, {"date_done": "2031-05-01"}, NOBODY
                ),
                writes(
                    "move the due date of a planned inspection",
                    c.inspection_third,
                    {"due_date": "2031-06-30"},
                    NOBODY,
                ),
                writes(
                    "write the state of an inspection", c.inspection_own, {"state": "done"}, NOBODY
                ),
                writes(
                    "change an item of a recorded inspection",
                    c.inspection_done.line_ids,
                    {"result": "abnormal"},
                    NOBODY,
                ),
                Case(
                    "create a planned inspection by hand",
                    lambda e: e["quality_ops.inspection"].create(
                        {
                            "target": "T",
                            "project_id": c.project.id,
                            "user_id": e.user.id,
                            "is_planned": True,
                            "due_date": "2031-05-20",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "record an inspection by hand, for oneself",
                    lambda e: e["quality_ops.inspection"].create(
                        {
                            "target": "T",
                            "project_id": c.project.id,
                            "company_id": c.company.id,
                            "user_id": e.user.id,
                        }
                    ),
                    QUALITY,
                ),
                creates(
                    "record an inspection by hand, for another engineer",
                    "quality_ops.inspection",
                    {
                        "target": "T",
                        "project_id": c.project.id,
                        "company_id": c.company.id,
                        "user_id": other.id,
                    },
                    (*MGR, "lead"),
                ),
                writes(
                    "hand the own inspection to another engineer",
                    c.inspection_own,
                    {"user_id": other.id},
                    (*MGR, "lead"),
                ),
                Case(
                    "cancel a planned inspection with a reason",
                    lambda e: on(c.inspection_own, e).action_cancel("Room closed"),
                    (*MGR, "lead"),
                ),
                Case(
                    "reopen a recorded inspection with a reason",
                    lambda e: on(c.inspection_done, e).action_reopen("Wrong room"),
                    MGR,
                ),
                deletes("delete a planned inspection", c.inspection_own, NOBODY),
            ]
        )

    def test_sla_exemptions_and_statements(self):
        c = self
        evidence = {"reason": "third_party", "description": "Carrier outage."}
        self.run_cases(
            [
                creates(
                    "request an exemption for a breach of the own ticket",
                    "quality_ops.sla.exemption",
                    dict(evidence, clock_id=c.clock_free.id),
                    QUALITY,
                ),
                creates(
                    "request an exemption for a breach of another project",
                    "quality_ops.sla.exemption",
                    dict(evidence, clock_id=c.clock_other.id),
                    QD,
                ),
                Case(
                    "read the own request",
                    lambda e: on(c.exemption_requested, e).description,
                    QUALITY,
                ),
                writes(
                    "add evidence to the own open request",
                    c.exemption_requested,
                    {"description": "Photos"},
                    QUALITY,
                ),
                Case(
                    "approve a request",
                    lambda e: on(c.exemption_requested, e).action_approve("Carrier fault"),
                    QD,
                ),
                Case(
                    "reject a request with a comment",
                    lambda e: on(c.exemption_requested, e).action_reject("Our fault"),
                    QD,
                ),
                Case(
                    "withdraw the own request",
                    lambda e: on(c.exemption_requested, e).action_withdraw(),
                    (*QD, "engineer"),
                ),
                Case(
                    "revoke an approved exemption with a reason",
                    lambda e: on(c.exemption_approved, e).action_revoke("Evidence was wrong"),
                    MGR,
                ),
                Case(
                    "revoke an approved exemption without a reason",
                    lambda e: on(c.exemption_approved, e).action_revoke(),
                    NOBODY,
                ),
                writes(
                    "write the state of a request",
                    c.exemption_requested,
                    {"state": "approved"},
                    NOBODY,
                ),
                writes(
                    "write the decision comment of a request",
                    c.exemption_requested,
                    {"decision_comment": "OK"},
                    QD,
                ),
                writes(
                    "change the evidence of a rejected request",
                    c.exemption_rejected,
                    {"description": "More"},
                    NOBODY,
                ),
                deletes("delete a request", c.exemption_requested, NOBODY),
                writes(
                    "mark a clock exempted by hand",
                    c.clock_free,
                    {"quality_exempted": True},
                    NOBODY,
                ),
                Case(
                    "read the credit scheme of the own project",
                    lambda e: on(c.credit_scheme, e).name,
                    LEAD_UP,
                ),
                writes(
                    "change a credit scheme without settled statements",
                    c.other_credit_scheme,
                    {"monthly_fee": 5000},
                    MGR,
                ),
                writes(
                    "change the fee of a scheme with settled statements",
                    c.credit_scheme,
                    {"monthly_fee": 5000},
                    NOBODY,
                ),
                Case(
                    "read the own project's statement",
                    lambda e: on(c.statement_draft, e).net_credit,
                    LEAD_UP,
                ),
                Case(
                    "read another project's statement",
                    lambda e: on(c.statement_other, e).net_credit,
                    QD,
                ),
                creates(
                    "draft a statement of the own project",
                    "quality_ops.sla.statement",
                    {"scheme_id": c.credit_scheme.id, "date_from": "2026-04-01"},
                    LEAD_UP,
                ),
                Case(
                    "confirm the own project's statement",
                    lambda e: on(c.statement_draft, e).action_confirm(),
                    LEAD_UP,
                ),
                Case(
                    "confirm another project's statement",
                    lambda e: on(c.statement_other, e).action_confirm(),
                    QD,
                ),
                Case(
                    "approve a confirmed statement",
                    lambda e: on(c.statement_confirmed, e).action_approve(),
                    MGR,
                ),
                writes(
                    "write the figures of a draft statement",
                    c.statement_draft,
                    {"net_credit": 1234},
                    NOBODY,
                ),
                writes(
                    "change the note of an approved statement",
                    c.statement_approved,
                    {"note": "Waived"},
                    NOBODY,
                ),
                writes(
                    "change a line of a draft statement",
                    c.statement_draft.line_ids[:1],
                    {"credit": 1234},
                    NOBODY,
                ),
                deletes("delete an approved statement", c.statement_approved, NOBODY),
                deletes("delete a draft statement", c.statement_draft, MGR),
            ]
        )

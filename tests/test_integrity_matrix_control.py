"""Every quality model x every role x every operation (QA activities, inspections, SLA
exemptions and statements): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, QUALITY, Case, on


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
                Case(
                    "plan a QA activity",
                    lambda e: e["quality_ops.qa.activity"].create(
                        {
                            "name": "Check",
                            "plan_id": c.plan_approved.id,
                            "planned_date": "2033-03-01",
                        }
                    ),
                    QD,
                ),
                Case(
                    "plan a QA activity already done",
                    lambda e: e["quality_ops.qa.activity"].create(
                        {
                            "name": "Check",
                            "plan_id": c.plan_approved.id,
                            "planned_date": "2033-03-01",
                            "state": "done",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a planned QA activity",
                    lambda e: on(c.qa_planned, e).write({"scope": "20 tickets"}),
                    QD,
                ),
                Case(
                    "edit a recorded QA activity",
                    lambda e: on(c.qa_done, e).write({"result": "conform"}),
                    NOBODY,
                ),
                Case(
                    "write the state of a QA activity",
                    lambda e: on(c.qa_planned, e).write({"state": "done"}),
                    NOBODY,
                ),
                Case(
                    "move a QA activity to another plan",
                    lambda e: on(c.qa_planned, e).write({"plan_id": c.plan_approved.id}),
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
                Case("delete a planned QA activity", lambda e: on(c.qa_planned, e).unlink(), MGR),
                Case("delete a recorded QA activity", lambda e: on(c.qa_done, e).unlink(), NOBODY),
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
                Case(
                    "plan inspections of the own project",
                    lambda e: e["quality_ops.inspection.plan"].create(
                        {
                            "name": "P",
                            "target": "T",
                            "project_id": c.project.id,
                            "company_id": c.company.id,
                            "user_id": engineer.id,
                            "start_date": "2031-06-01",
                        }
                    ),
                    (*MGR, "lead"),
                ),
                Case(
                    "fill an item of the own inspection",
                    lambda e: on(own_line, e).write({"result": "abnormal", "note": "Alarm"}),
                    (*MGR, "lead", "engineer"),
                ),
                Case(
                    "fill an item of another engineer's inspection",
                    lambda e: on(c.inspection_other.line_ids, e).write({"result": "ok"}),
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
                Case(
                    "backdate an inspection",
                    lambda e: on(c.inspection_done, e).write({"date_done": "2031-05-01"}),
                    NOBODY,
                ),
                Case(
                    "move the due date of a planned inspection",
                    lambda e: on(c.inspection_third, e).write({"due_date": "2031-06-30"}),
                    NOBODY,
                ),
                Case(
                    "write the state of an inspection",
                    lambda e: on(c.inspection_own, e).write({"state": "done"}),
                    NOBODY,
                ),
                Case(
                    "change an item of a recorded inspection",
                    lambda e: on(c.inspection_done.line_ids, e).write({"result": "abnormal"}),
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
                Case(
                    "record an inspection by hand, for another engineer",
                    lambda e: e["quality_ops.inspection"].create(
                        {
                            "target": "T",
                            "project_id": c.project.id,
                            "company_id": c.company.id,
                            "user_id": other.id,
                        }
                    ),
                    (*MGR, "lead"),
                ),
                Case(
                    "hand the own inspection to another engineer",
                    lambda e: on(c.inspection_own, e).write({"user_id": other.id}),
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
                Case(
                    "delete a planned inspection",
                    lambda e: on(c.inspection_own, e).unlink(),
                    NOBODY,
                ),
            ]
        )

    def test_sla_exemptions_and_statements(self):
        c = self
        evidence = {"reason": "third_party", "description": "Carrier outage."}
        self.run_cases(
            [
                Case(
                    "request an exemption for a breach of the own ticket",
                    lambda e: e["quality_ops.sla.exemption"].create(
                        dict(evidence, clock_id=c.clock_free.id)
                    ),
                    QUALITY,
                ),
                Case(
                    "request an exemption for a breach of another project",
                    lambda e: e["quality_ops.sla.exemption"].create(
                        dict(evidence, clock_id=c.clock_other.id)
                    ),
                    QD,
                ),
                Case(
                    "read the own request",
                    lambda e: on(c.exemption_requested, e).description,
                    QUALITY,
                ),
                Case(
                    "add evidence to the own open request",
                    lambda e: on(c.exemption_requested, e).write({"description": "Photos"}),
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
                Case(
                    "write the state of a request",
                    lambda e: on(c.exemption_requested, e).write({"state": "approved"}),
                    NOBODY,
                ),
                Case(
                    "write the decision comment of a request",
                    lambda e: on(c.exemption_requested, e).write({"decision_comment": "OK"}),
                    QD,
                ),
                Case(
                    "change the evidence of a rejected request",
                    lambda e: on(c.exemption_rejected, e).write({"description": "More"}),
                    NOBODY,
                ),
                Case(
                    "delete a request",
                    lambda e: on(c.exemption_requested, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "mark a clock exempted by hand",
                    lambda e: on(c.clock_free, e).write({"quality_exempted": True}),
                    NOBODY,
                ),
                Case(
                    "read the credit scheme of the own project",
                    lambda e: on(c.credit_scheme, e).name,
                    LEAD_UP,
                ),
                Case(
                    "change a credit scheme without settled statements",
                    lambda e: on(c.other_credit_scheme, e).write({"monthly_fee": 5000}),
                    MGR,
                ),
                Case(
                    "change the fee of a scheme with settled statements",
                    lambda e: on(c.credit_scheme, e).write({"monthly_fee": 5000}),
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
                Case(
                    "draft a statement of the own project",
                    lambda e: e["quality_ops.sla.statement"].create(
                        {"scheme_id": c.credit_scheme.id, "date_from": "2026-04-01"}
                    ),
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
                Case(
                    "write the figures of a draft statement",
                    lambda e: on(c.statement_draft, e).write({"net_credit": 1234}),
                    NOBODY,
                ),
                Case(
                    "change the note of an approved statement",
                    lambda e: on(c.statement_approved, e).write({"note": "Waived"}),
                    NOBODY,
                ),
                Case(
                    "change a line of a draft statement",
                    lambda e: on(c.statement_draft.line_ids[:1], e).write({"credit": 1234}),
                    NOBODY,
                ),
                Case(
                    "delete an approved statement",
                    lambda e: on(c.statement_approved, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "delete a draft statement",
                    lambda e: on(c.statement_draft, e).unlink(),
                    MGR,
                ),
            ]
        )

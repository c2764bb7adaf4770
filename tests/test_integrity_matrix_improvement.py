"""Every quality model x every role x every operation (management reviews, findings and
actions, complaints, service reports, tickets and logs): the expected outcome of each
cell, asserted through ``create`` / ``write`` / ``unlink`` and the public methods, as
any client (web, JSON-RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, Case, on


@tagged("post_install", "-at_install")
class TestIntegrityMatrixImprovement(matrix.IntegrityMatrixCase):
    def test_management_reviews(self):
        c = self
        Review, Decision, Input = (
            "quality_ops.review",
            "quality_ops.review.decision",
            "quality_ops.review.input",
        )
        self.run_cases(
            [
                Case("read a planned review", lambda e: on(c.review_planned, e).name, QD),
                Case(
                    "read the review of an own action",
                    lambda e: on(c.review_closed, e).name,
                    (*QD, "engineer"),
                ),
                Case(
                    "read the decision of an own action",
                    lambda e: on(c.decision_closed, e).name,
                    (*QD, "engineer"),
                ),
                Case("read an input", lambda e: on(c.input_closed, e).value, QD),
                Case(
                    "plan a review",
                    lambda e: e[Review].create(
                        {"name": "R", "planned_date": "2031-11-15", "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "create a review already closed",
                    lambda e: e[Review].create(
                        {"name": "R", "planned_date": "2031-11-15", "state": "closed"}
                    ),
                    NOBODY,
                ),
                Case(
                    "create a review already held by someone",
                    lambda e: e[Review].create(
                        {"name": "R", "planned_date": "2031-11-15", "date_held": "2031-11-15"}
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a planned review",
                    lambda e: on(c.review_planned, e).write({"name": "X"}),
                    QD,
                ),
                Case(
                    "write the minutes of a held review",
                    lambda e: on(c.review_held, e).write({"minutes": "<p>X</p>"}),
                    QD,
                ),
                Case(
                    "edit a closed review",
                    lambda e: on(c.review_closed, e).write({"conclusions": "<p>X</p>"}),
                    NOBODY,
                ),
                Case(
                    "close a review by writing its state",
                    lambda e: on(c.review_held, e).write({"state": "closed"}),
                    NOBODY,
                ),
                Case(
                    "reopen a review by writing its state",
                    lambda e: on(c.review_closed, e).write({"state": "in_progress"}),
                    NOBODY,
                ),
                Case(
                    "move a review to another company",
                    lambda e: on(c.review_planned, e).write({"company_id": c.other_company.id}),
                    NOBODY,
                ),
                Case("hold", lambda e: on(c.review_planned, e).action_start(), QD),
                Case(
                    "refresh the inputs", lambda e: on(c.review_held, e).action_refresh_inputs(), QD
                ),
                Case(
                    "refresh the inputs of a closed review",
                    lambda e: on(c.review_closed, e).action_refresh_inputs(),
                    NOBODY,
                ),
                Case("close", lambda e: on(c.review_held, e).action_close(), MGR),
                Case(
                    "close a planned review",
                    lambda e: on(c.review_planned, e).action_close(),
                    NOBODY,
                ),
                Case(
                    "reopen with a reason",
                    lambda e: on(c.review_closed, e).action_reopen("Wrong owner"),
                    MGR,
                ),
                Case(
                    "reopen without a reason",
                    lambda e: on(c.review_closed, e).action_reopen(""),
                    NOBODY,
                ),
                Case("delete a planned review", lambda e: on(c.review_planned, e).unlink(), MGR),
                Case("delete a closed review", lambda e: on(c.review_closed, e).unlink(), NOBODY),
                Case(
                    "record a decision of a held review",
                    lambda e: e[Decision].create({"review_id": c.review_held.id, "name": "D"}),
                    QD,
                ),
                Case(
                    "record a decision of a closed review",
                    lambda e: e[Decision].create({"review_id": c.review_closed.id, "name": "D"}),
                    NOBODY,
                ),
                Case(
                    "move a decision into a closed review",
                    lambda e: on(c.decision_held, e).write({"review_id": c.review_closed.id}),
                    NOBODY,
                ),
                Case(
                    "change a decision of a closed review",
                    lambda e: on(c.decision_closed, e).write({"name": "Other"}),
                    NOBODY,
                ),
                Case(
                    "delete a decision of a closed review",
                    lambda e: on(c.decision_closed, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "link a decision to an action by hand",
                    lambda e: on(c.decision_held, e).write({"action_id": c.action_open.id}),
                    NOBODY,
                ),
                Case(
                    "raise the action of a decision",
                    lambda e: on(c.decision_held, e).action_create_action(),
                    QD,
                ),
                Case(
                    "type an input of a held review",
                    lambda e: on(c.input_held, e).write({"value": 100}),
                    NOBODY,
                ),
                Case(
                    "add an input to a held review",
                    lambda e: e[Input].create({"review_id": c.review_held.id, "section": "audit"}),
                    NOBODY,
                ),
                Case(
                    "add an input to a closed review",
                    lambda e: e[Input].create(
                        {"review_id": c.review_closed.id, "section": "objective"}
                    ),
                    NOBODY,
                ),
                Case(
                    "delete an input of a closed review",
                    lambda e: on(c.input_closed, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "attach an action to a review by hand",
                    lambda e: on(c.action_open, e).write({"review_id": c.review_held.id}),
                    NOBODY,
                ),
            ]
        )

    def test_findings_and_actions(self):
        c = self
        self.run_cases(
            [
                Case("read a finding", lambda e: on(c.finding_draft, e).name, QD),
                Case(
                    "read the own project's finding",
                    lambda e: on(c.finding_project, e).name,
                    (*LEAD_UP, "engineer"),
                ),
                Case(
                    "record a finding",
                    lambda e: e["quality_ops.finding"].create(
                        {"name": "F", "description": "D", "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "record a finding already closed",
                    lambda e: e["quality_ops.finding"].create(
                        {"name": "F", "description": "D", "state": "closed"}
                    ),
                    NOBODY,
                ),
                Case(
                    "describe a draft finding",
                    lambda e: on(c.finding_draft, e).write({"description": "More"}),
                    QD,
                ),
                Case(
                    "close a finding by writing its state",
                    lambda e: on(c.finding_project, e).write({"state": "closed"}),
                    NOBODY,
                ),
                Case(
                    "write a closing date",
                    lambda e: on(c.finding_project, e).write({"closed_date": "2031-08-01"}),
                    NOBODY,
                ),
                Case("next step", lambda e: on(c.finding_draft, e).action_next(), QD),
                Case("cancel", lambda e: on(c.finding_draft, e).action_cancel(), MGR),
                Case(
                    "raise an action on the own project's finding",
                    lambda e: e["quality_ops.action"].create(
                        {
                            "name": "A",
                            "finding_id": c.finding_project.id,
                            "owner_id": e.user.id,
                            "due_date": "2031-09-30",
                        }
                    ),
                    LEAD_UP,
                ),
                Case(
                    "raise an action on another project's finding",
                    lambda e: e["quality_ops.action"].create(
                        {
                            "name": "A",
                            "finding_id": c.finding_other_project.id,
                            "project_id": c.project.id,
                            "owner_id": e.user.id,
                            "due_date": "2031-09-30",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "create an action already verified effective",
                    lambda e: e["quality_ops.action"].create(
                        {
                            "name": "A",
                            "owner_id": e.user.id,
                            "due_date": "2031-09-30",
                            "state": "verified",
                            "effectiveness": "effective",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "update the result of an own action",
                    lambda e: on(c.action_open, e).write({"result": "<p>Done twice</p>"}),
                    (*LEAD_UP, "engineer"),
                ),
                Case(
                    "write an action's state",
                    lambda e: on(c.action_open, e).write({"state": "verified"}),
                    NOBODY,
                ),
                Case(
                    "write an action's effectiveness",
                    lambda e: on(c.action_done, e).write({"effectiveness": "effective"}),
                    NOBODY,
                ),
                Case(
                    "move an action to another finding",
                    lambda e: on(c.action_open, e).write({"finding_id": c.finding_draft.id}),
                    NOBODY,
                ),
                Case(
                    "mark an own action done",
                    lambda e: on(c.action_open, e).action_done(),
                    (*LEAD_UP, "engineer"),
                ),
                Case(
                    "verify an action effective",
                    lambda e: on(c.action_done, e).action_verify_effective("ok"),
                    QD,
                ),
                Case(
                    "verify an open action",
                    lambda e: on(c.action_open, e).action_verify_effective("ok"),
                    NOBODY,
                ),
                Case(
                    "edit a verified action",
                    lambda e: on(c.action_verified, e).write({"name": "Other"}),
                    NOBODY,
                ),
                Case(
                    "delete a verified action",
                    lambda e: on(c.action_verified, e).unlink(),
                    NOBODY,
                ),
            ]
        )

    def test_complaints(self):
        c = self
        closed = self.env.ref("quality_ops.complaint_stage_closed")
        investigate = self.env.ref("quality_ops.complaint_stage_investigate")
        self.run_cases(
            [
                Case("read a complaint", lambda e: on(c.complaint, e).name, (*LEAD_UP, "agent")),
                Case(
                    "register a complaint",
                    lambda e: e["quality_ops.complaint"].create(
                        {"name": "C", "partner_id": c.customer.id, "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "register a complaint already closed",
                    lambda e: e["quality_ops.complaint"].create(
                        {"name": "C", "partner_id": c.customer.id, "stage_id": closed.id}
                    ),
                    NOBODY,
                ),
                Case(
                    "answer a complaint",
                    lambda e: on(c.complaint, e).write({"handling": "<p>Called back</p>"}),
                    (*QD, "agent"),
                ),
                Case(
                    "move a complaint to investigation",
                    lambda e: on(c.complaint, e).write({"stage_id": investigate.id}),
                    (*QD, "agent"),
                ),
                Case(
                    "change the level of a complaint",
                    lambda e: on(c.complaint, e).write(
                        {"level_id": c.env.ref("quality_ops.complaint_level_urgent").id}
                    ),
                    QD,
                ),
                Case(
                    "write the closing time",
                    lambda e: on(c.complaint, e).write({"closed_at": "2031-01-01 10:00:00"}),
                    NOBODY,
                ),
                Case(
                    "write the response time",
                    lambda e: on(c.complaint, e).write({"responded_at": "2031-01-01 10:00:00"}),
                    NOBODY,
                ),
                Case(
                    "move the deadline",
                    lambda e: on(c.complaint, e).write({"close_deadline": "2040-01-01 10:00:00"}),
                    NOBODY,
                ),
                Case(
                    "close without cause analysis",
                    lambda e: on(c.complaint, e).write({"stage_id": closed.id}),
                    NOBODY,
                ),
                Case(
                    "close with cause analysis and confirmation",
                    lambda e: on(c.complaint, e).write(
                        {
                            "stage_id": closed.id,
                            "cause_analysis": "<p>Cause</p>",
                            "customer_confirmed": True,
                        }
                    ),
                    QD,
                ),
                Case(
                    "reopen a closed complaint by moving it",
                    lambda e: on(c.complaint_closed, e).write({"stage_id": investigate.id}),
                    NOBODY,
                ),
                Case(
                    "edit a closed complaint",
                    lambda e: on(c.complaint_closed, e).write({"handling": "<p>Later</p>"}),
                    NOBODY,
                ),
                Case(
                    "reopen a closed complaint with a reason",
                    lambda e: on(c.complaint_closed, e).action_reopen("Customer called again"),
                    QD,
                ),
                Case(
                    "raise a finding from a complaint",
                    lambda e: on(c.complaint, e).action_create_finding(),
                    QD,
                ),
            ]
        )

    def test_service_reports_projects_tickets_and_logs(self):
        c = self
        self.run_cases(
            [
                Case("read a service report", lambda e: on(c.service_draft, e).reference, LEAD_UP),
                Case(
                    "prepare the own project's service report",
                    lambda e: e["quality_ops.service.report"].create(
                        {
                            "partner_id": c.customer.id,
                            "project_id": c.project.id,
                            "date_from": "2031-05-01",
                            "company_id": c.company.id,
                        }
                    ),
                    LEAD_UP,
                ),
                Case(
                    "prepare a report for another lead's customer",
                    lambda e: e["quality_ops.service.report"].create(
                        {
                            "partner_id": c.other_customer.id,
                            "date_from": "2031-05-01",
                            "company_id": c.company.id,
                        }
                    ),
                    QD,
                ),
                Case(
                    "forge a figure",
                    lambda e: on(c.service_draft, e).write({"response_rate": 100}),
                    NOBODY,
                ),
                Case(
                    "comment a sent report",
                    lambda e: on(c.service_sent, e).write({"note": "<p>Later</p>"}),
                    NOBODY,
                ),
                Case("refresh a draft", lambda e: on(c.service_draft, e).action_refresh(), LEAD_UP),
                Case(
                    "refresh a sent report",
                    lambda e: on(c.service_sent, e).action_refresh(),
                    NOBODY,
                ),
                Case(
                    "name oneself quality lead of a project",
                    lambda e: on(c.other_project, e).write({"quality_lead_id": e.user.id}),
                    NOBODY,
                ),
                Case(
                    "mark a ticket reassigned",
                    lambda e: on(c.ticket, e).write({"quality_reassigned": True}),
                    NOBODY,
                ),
                Case(
                    "read the seals",
                    lambda e: e["quality_ops.integrity.seal"].search([]).mapped("hash"),
                    (*QD, "foreign"),
                ),
                Case(
                    "change a seal",
                    lambda e: on(c.seal, e).write({"digest": "0"}),
                    NOBODY,
                ),
                Case(
                    "delete a seal",
                    lambda e: on(c.seal, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "create a seal",
                    lambda e: e["quality_ops.integrity.seal"].create(
                        {
                            "company_id": c.company.id,
                            "chain": "quality_ops.plan",
                            "sequence": 999,
                            "event": "seal",
                            "res_model": "quality_ops.plan",
                            "res_id": c.plan_draft.id,
                            "digest": "0",
                            "hash": "0",
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "verify integrity",
                    lambda e: e["quality_ops.integrity.check"].create({}).action_verify(),
                    (*QD, "foreign"),
                ),
                Case(
                    "edit the escalation log",
                    lambda e: on(c.escalation, e).write({"level": 9}),
                    NOBODY,
                ),
                Case(
                    "delete the escalation log",
                    lambda e: on(c.escalation, e).unlink(),
                    NOBODY,
                ),
            ]
        )

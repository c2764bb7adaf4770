"""Every quality model x every role x every operation (management reviews, findings and
actions, complaints, service reports, tickets and logs): the expected outcome of each
cell, asserted through ``create`` / ``write`` / ``unlink`` and the public methods, as
any client (web, JSON-RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, Case, creates, deletes, on, writes


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
                creates(
                    "plan a review",
                    Review,
                    {"name": "R", "planned_date": "2031-11-15", "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "create a review already closed",
                    Review,
                    {"name": "R", "planned_date": "2031-11-15", "state": "closed"},
                    NOBODY,
                ),
                creates(
                    "create a review already held by someone",
                    Review,
                    {"name": "R", "planned_date": "2031-11-15", "date_held": "2031-11-15"},
                    NOBODY,
                ),
                writes("edit a planned review", c.review_planned, {"name": "X"}, QD),
                writes(
                    "write the minutes of a held review", c.review_held, {"minutes": "<p>X</p>"}, QD
                ),
                writes(
                    "edit a closed review", c.review_closed, {"conclusions": "<p>X</p>"}, NOBODY
                ),
                writes(
                    "close a review by writing its state",
                    c.review_held,
                    {"state": "closed"},
                    NOBODY,
                ),
                writes(
                    "reopen a review by writing its state",
                    c.review_closed,
                    {"state": "in_progress"},
                    NOBODY,
                ),
                writes(
                    "move a review to another company",
                    c.review_planned,
                    {"company_id": c.other_company.id},
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
                deletes("delete a planned review", c.review_planned, MGR),
                deletes("delete a closed review", c.review_closed, NOBODY),
                creates(
                    "record a decision of a held review",
                    Decision,
                    {"review_id": c.review_held.id, "name": "D"},
                    QD,
                ),
                creates(
                    "record a decision of a closed review",
                    Decision,
                    {"review_id": c.review_closed.id, "name": "D"},
                    NOBODY,
                ),
                writes(
                    "move a decision into a closed review",
                    c.decision_held,
                    {"review_id": c.review_closed.id},
                    NOBODY,
                ),
                writes(
                    "change a decision of a closed review",
                    c.decision_closed,
                    {"name": "Other"},
                    NOBODY,
                ),
                deletes("delete a decision of a closed review", c.decision_closed, NOBODY),
                writes(
                    "link a decision to an action by hand",
                    c.decision_held,
                    {"action_id": c.action_open.id},
                    NOBODY,
                ),
                Case(
                    "raise the action of a decision",
                    lambda e: on(c.decision_held, e).action_create_action(),
                    QD,
                ),
                writes("type an input of a held review", c.input_held, {"value": 100}, NOBODY),
                creates(
                    "add an input to a held review",
                    Input,
                    {"review_id": c.review_held.id, "section": "audit"},
                    NOBODY,
                ),
                creates(
                    "add an input to a closed review",
                    Input,
                    {"review_id": c.review_closed.id, "section": "objective"},
                    NOBODY,
                ),
                deletes("delete an input of a closed review", c.input_closed, NOBODY),
                writes(
                    "attach an action to a review by hand",
                    c.action_open,
                    {"review_id": c.review_held.id},
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
                creates(
                    "record a finding",
                    "quality_ops.finding",
                    {"name": "F", "description": "D", "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "record a finding already closed",
                    "quality_ops.finding",
                    {"name": "F", "description": "D", "state": "closed"},
                    NOBODY,
                ),
                writes("describe a draft finding", c.finding_draft, {"description": "More"}, QD),
                writes(
                    "close a finding by writing its state",
                    c.finding_project,
                    {"state": "closed"},
                    NOBODY,
                ),
                writes(
                    "write a closing date", c.finding_project, {"closed_date": "2031-08-01"}, NOBODY
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
                writes(
                    "update the result of an own action",
                    c.action_open,
                    {"result": "<p>Done twice</p>"},
                    (*LEAD_UP, "engineer"),
                ),
                writes("write an action's state", c.action_open, {"state": "verified"}, NOBODY),
                writes(
                    "write an action's effectiveness",
                    c.action_done,
                    {"effectiveness": "effective"},
                    NOBODY,
                ),
                writes(
                    "move an action to another finding",
                    c.action_open,
                    {"finding_id": c.finding_draft.id},
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
                writes("edit a verified action", c.action_verified, {"name": "Other"}, NOBODY),
                deletes("delete a verified action", c.action_verified, NOBODY),
            ]
        )

    def test_complaints(self):
        c = self
        closed = self.env.ref("quality_ops.complaint_stage_closed")
        investigate = self.env.ref("quality_ops.complaint_stage_investigate")
        self.run_cases(
            [
                Case("read a complaint", lambda e: on(c.complaint, e).name, (*LEAD_UP, "agent")),
                creates(
                    "register a complaint",
                    "quality_ops.complaint",
                    {"name": "C", "partner_id": c.customer.id, "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "register a complaint already closed",
                    "quality_ops.complaint",
                    {"name": "C", "partner_id": c.customer.id, "stage_id": closed.id},
                    NOBODY,
                ),
                writes(
                    "answer a complaint",
                    c.complaint,
                    {"handling": "<p>Called back</p>"},
                    (*QD, "agent"),
                ),
                writes(
                    "move a complaint to investigation",
                    c.complaint,
                    {"stage_id": investigate.id},
                    (*QD, "agent"),
                ),
                writes(
                    "change the level of a complaint",
                    c.complaint,
                    {"level_id": c.env.ref("quality_ops.complaint_level_urgent").id},
                    QD,
                ),
                writes(
                    "write the closing time",
                    c.complaint,
                    {"closed_at": "2031-01-01 10:00:00"},
                    NOBODY,
                ),
                writes(
                    "write the response time",
                    c.complaint,
                    {"responded_at": "2031-01-01 10:00:00"},
                    NOBODY,
                ),
                writes(
                    "move the deadline",
                    c.complaint,
                    {"close_deadline": "2040-01-01 10:00:00"},
                    NOBODY,
                ),
                writes(
                    "close without cause analysis", c.complaint, {"stage_id": closed.id}, NOBODY
                ),
                writes(
                    "close with cause analysis and confirmation",
                    c.complaint,
                    {
                        "stage_id": closed.id,
                        "cause_analysis": "<p>Cause</p>",
                        "customer_confirmed": True,
                    },
                    QD,
                ),
                writes(
                    "reopen a closed complaint by moving it",
                    c.complaint_closed,
                    {"stage_id": investigate.id},
                    NOBODY,
                ),
                writes(
                    "edit a closed complaint",
                    c.complaint_closed,
                    {"handling": "<p>Later</p>"},
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
                creates(
                    "prepare the own project's service report",
                    "quality_ops.service.report",
                    {
                        "partner_id": c.customer.id,
                        "project_id": c.project.id,
                        "date_from": "2031-05-01",
                        "company_id": c.company.id,
                    },
                    LEAD_UP,
                ),
                creates(
                    "prepare a report for another lead's customer",
                    "quality_ops.service.report",
                    {
                        "partner_id": c.other_customer.id,
                        "date_from": "2031-05-01",
                        "company_id": c.company.id,
                    },
                    QD,
                ),
                writes("forge a figure", c.service_draft, {"response_rate": 100}, NOBODY),
                writes("comment a sent report", c.service_sent, {"note": "<p>Later</p>"}, NOBODY),
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
                writes("mark a ticket reassigned", c.ticket, {"quality_reassigned": True}, NOBODY),
                Case(
                    "read the seals",
                    lambda e: e["quality_ops.integrity.seal"].search([]).mapped("hash"),
                    (*QD, "foreign"),
                ),
                writes("change a seal", c.seal, {"digest": "0"}, NOBODY),
                deletes("delete a seal", c.seal, NOBODY),
                creates(
                    "create a seal",
                    "quality_ops.integrity.seal",
                    {
                        "company_id": c.company.id,
                        "chain": "quality_ops.plan",
                        "sequence": 999,
                        "event": "seal",
                        "res_model": "quality_ops.plan",
                        "res_id": c.plan_draft.id,
                        "digest": "0",
                        "hash": "0",
                    },
                    NOBODY,
                ),
                Case(
                    "verify integrity",
                    lambda e: e["quality_ops.integrity.check"].create({}).action_verify(),
                    (*QD, "foreign"),
                ),
                writes("edit the escalation log", c.escalation, {"level": 9}, NOBODY),
                deletes("delete the escalation log", c.escalation, NOBODY),
            ]
        )

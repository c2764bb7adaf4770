"""Every quality model x every role x every operation (configuration, follow-ups, surveys
and controlled documents): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import PASS_KEY, WorkflowPass

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, QUALITY, Case, on


@tagged("post_install", "-at_install")
class TestIntegrityMatrixAssurance(matrix.IntegrityMatrixCase):
    def test_configuration_follow_ups_and_surveys(self):
        c = self
        followup = self.env["quality_ops.followup"].create(
            {
                "name": "Call back",
                "partner_id": c.customer.id,
                "outcome": "Happy again",
                "company_id": c.company.id,
            }
        )
        campaign = self.env["quality_ops.survey.campaign"].create(
            {
                "name": "Survey",
                "date_from": "2031-01-01",
                "date_to": "2031-06-30",
                "company_id": c.company.id,
                "partner_ids": [(6, 0, c.customer.ids)],
            }
        )
        used_stage = c.complaint.stage_id
        own_indicator = self.env["quality_ops.indicator"].create(
            {"code": "OWN", "name": "Own", "company_id": c.company.id}
        )
        self.run_cases(
            [
                Case(
                    "read an indicator",
                    lambda e: on(c.ind_resp, e).name,
                    (*LEAD_UP, "engineer", "foreign"),
                ),
                Case(
                    "create an indicator",
                    lambda e: e["quality_ops.indicator"].create(
                        {"code": "NEW", "name": "New", "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case(
                    "rename the company's indicator",
                    lambda e: on(own_indicator, e).write({"name": "X"}),
                    MGR,
                ),
                Case(
                    # shared by both companies: nobody here works for both
                    "rename a shared indicator",
                    lambda e: on(c.ind_resp, e).write({"name": "X"}),
                    NOBODY,
                ),
                Case(
                    "change the direction of an indicator with history",
                    lambda e: on(c.ind_resp, e).write({"direction": "lower"}),
                    NOBODY,
                ),
                Case(
                    "delete an indicator with history",
                    lambda e: on(c.ind_resp, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "create a checklist",
                    lambda e: e["quality_ops.checklist.template"].create(
                        {"name": "Mine", "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case(
                    "create an SLA policy",
                    lambda e: e["quality_ops.sla.policy"].create(
                        {"name": "Gold", "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case(
                    "create a complaint level",
                    lambda e: e["quality_ops.complaint.level"].create(
                        {"name": "Critical", "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case(
                    "make a used stage a closing one",
                    lambda e: on(used_stage, e).write({"is_closing": True}),
                    NOBODY,
                ),
                Case(
                    "add an escalation rung",
                    lambda e: e["quality_ops.escalation.rule"].create(
                        {"name": "Rung", "company_id": c.company.id}
                    ),
                    MGR,
                ),
                Case("read a follow-up", lambda e: on(followup, e).name, (*QD,)),
                Case("record a follow-up done", lambda e: on(followup, e).action_done(), QD),
                Case(
                    "write a follow-up done",
                    lambda e: on(followup, e).write({"state": "done"}),
                    NOBODY,
                ),
                Case("delete a follow-up", lambda e: on(followup, e).unlink(), NOBODY),
                Case(
                    "start a survey campaign",
                    lambda e: e["quality_ops.survey.campaign"].create(
                        {
                            "name": "S",
                            "date_from": "2031-07-01",
                            "date_to": "2031-12-31",
                            "company_id": c.company.id,
                        }
                    ),
                    QD,
                ),
                Case(
                    "write a campaign closed",
                    lambda e: on(campaign, e).write({"state": "closed"}),
                    NOBODY,
                ),
                Case("send a campaign", lambda e: on(campaign, e).action_invite(), QD),
            ]
        )

    # ------------------------------------------------------------------
    # quality assurance: controlled documents, QA activities, inspections
    # ------------------------------------------------------------------
    def test_controlled_documents(self):
        c = self
        file_of = c.env["ir.attachment"].search(
            [
                ("res_model", "=", "quality_ops.document"),
                ("res_field", "=", "file"),
                ("res_id", "=", c.doc_released.id),
            ]
        )
        self.assertFalse(file_of)  # no file in the fixture: attach one to check it below
        # only a step of the document itself (its pass) puts a file in it now
        released_file = (
            c.env["ir.attachment"]
            .with_context(**{PASS_KEY: WorkflowPass("quality_ops.document", c.doc_released.ids)})
            .create(
                {
                    "name": "procedure.txt",
                    "raw": b"v1",
                    "res_model": "quality_ops.document",
                    "res_field": "file",
                    "res_id": c.doc_released.id,
                }
            )
            .with_env(c.env)
        )
        self.run_cases(
            [
                Case("read a draft document", lambda e: on(c.doc_draft, e).name, QD),
                Case("read a released document", lambda e: on(c.doc_released, e).name, QUALITY),
                Case(
                    "read a released secret document (the lead is its reader)",
                    lambda e: on(c.doc_secret, e).name,
                    LEAD_UP,
                ),
                Case(
                    "create a document",
                    lambda e: e["quality_ops.document"].create(
                        {"number": "T-NEW", "name": "New", "company_id": c.company.id}
                    ),
                    QD,
                ),
                Case(
                    "create a document already released",
                    lambda e: e["quality_ops.document"].create(
                        {"number": "T-NEW", "name": "New", "state": "released"}
                    ),
                    NOBODY,
                ),
                Case(
                    "create a document approved by someone",
                    lambda e: e["quality_ops.document"].create(
                        {"number": "T-NEW", "name": "New", "approved_by_id": c.users["rep"].id}
                    ),
                    NOBODY,
                ),
                Case(
                    "create a document under a number in use (not a new version)",
                    lambda e: e["quality_ops.document"].create(
                        {
                            "number": "T-RELEASED",
                            "name": "Copy",
                            "version": "9.0",
                            "company_id": c.company.id,
                        }
                    ),
                    NOBODY,
                ),
                Case(
                    "edit a draft document",
                    lambda e: on(c.doc_draft, e).write({"name": "X"}),
                    QD,
                ),
                Case(
                    "edit a document in review",
                    lambda e: on(c.doc_review, e).write({"name": "X"}),
                    NOBODY,
                ),
                Case(
                    "edit a released document",
                    lambda e: on(c.doc_released, e).write({"change_description": "X"}),
                    NOBODY,
                ),
                Case(
                    "replace the file of a released document",
                    lambda e: on(c.doc_released, e).write({"file": "dGFtcGVyZWQ="}),
                    NOBODY,
                ),
                Case(
                    "rewrite the stored file of a released document",
                    lambda e: on(released_file, e).write({"raw": b"tampered"}),
                    NOBODY,
                ),
                Case(
                    "delete the stored file of a released document",
                    lambda e: on(released_file, e).unlink(),
                    NOBODY,
                ),
                Case(
                    "write the state of a document",
                    lambda e: on(c.doc_reviewed, e).write({"state": "released"}),
                    NOBODY,
                ),
                Case(
                    "write the approver of a document",
                    lambda e: on(c.doc_draft, e).write({"approved_by_id": e.user.id}),
                    NOBODY,
                ),
                Case(
                    "write the release date of a released document",
                    lambda e: on(c.doc_released, e).write({"release_date": "2020-01-01"}),
                    NOBODY,
                ),
                Case(
                    "name the readers of a released document",
                    lambda e: on(c.doc_released, e).write(
                        {"reader_ids": [(4, c.users["engineer"].id)]}
                    ),
                    QD,
                ),
                Case("delete a draft document", lambda e: on(c.doc_draft, e).unlink(), MGR),
                Case(
                    "delete a released document", lambda e: on(c.doc_released, e).unlink(), NOBODY
                ),
                Case("submit for review", lambda e: on(c.doc_draft, e).action_submit(), QD),
                # the officer prepared it: the others review it
                Case("review", lambda e: on(c.doc_review, e).action_review(), MGR),
                Case(
                    "send back with a reason",
                    lambda e: on(c.doc_review, e).action_send_back("Typo"),
                    QD,
                ),
                Case(
                    "approve a procedure",
                    lambda e: on(c.doc_reviewed, e).action_approve(),
                    MGR,
                ),
                Case(
                    "approve the regulation",
                    lambda e: on(c.doc_regulation, e).action_approve(),
                    ("rep",),
                ),
                Case(
                    "approve a document not yet reviewed",
                    lambda e: on(c.doc_review, e).action_approve(),
                    NOBODY,
                ),
                Case("release", lambda e: on(c.doc_approved, e).action_release(), MGR),
                Case(
                    "reset an approved document with a reason",
                    lambda e: on(c.doc_approved, e).action_reset("Wrong scope"),
                    MGR,
                ),
                Case(
                    "prepare a new version",
                    lambda e: on(c.doc_released, e).action_new_version("§2", "Clarified"),
                    QD,
                ),
                Case(
                    "confirm the periodic review",
                    lambda e: on(c.doc_released, e).action_confirm_review(),
                    MGR,
                ),
                Case(
                    "withdraw with a reason",
                    lambda e: on(c.doc_released, e).action_make_obsolete("Replaced"),
                    MGR,
                ),
                Case(
                    "acknowledge reading a released document",
                    lambda e: on(c.doc_released, e).action_acknowledge(),
                    QUALITY,
                ),
                Case(
                    "record an acknowledgement by hand",
                    lambda e: e["quality_ops.document.ack"].create(
                        {
                            "document_id": c.doc_released.id,
                            "user_id": c.users["engineer"].id,
                            "acknowledged_at": "2031-01-01 10:00:00",
                        }
                    ),
                    NOBODY,
                ),
            ]
        )

"""Every quality model x every role x every operation (configuration, follow-ups, surveys
and controlled documents): the expected outcome of each cell, asserted through
``create`` / ``write`` / ``unlink`` and the public methods, as any client (web, JSON-
RPC, XML-RPC, import) would call them."""

from odoo.tests import tagged

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import PASS_KEY, WorkflowPass

from . import integrity_matrix_common as matrix
from .integrity_common import MGR, QD
from .integrity_matrix_common import LEAD_UP, NOBODY, QUALITY, Case, creates, deletes, on, writes


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
                creates(
                    "create an indicator",
                    "quality_ops.indicator",
                    {"code": "NEW", "name": "New", "company_id": c.company.id},
                    MGR,
                ),
                writes("rename the company's indicator", own_indicator, {"name": "X"}, MGR),
                writes("rename a shared indicator", c.ind_resp, {"name": "X"}, NOBODY),
                writes(
                    "change the direction of an indicator with history",
                    c.ind_resp,
                    {"direction": "lower"},
                    NOBODY,
                ),
                deletes("delete an indicator with history", c.ind_resp, NOBODY),
                creates(
                    "create a checklist",
                    "quality_ops.checklist.template",
                    {"name": "Mine", "company_id": c.company.id},
                    MGR,
                ),
                creates(
                    "create an SLA policy",
                    "quality_ops.sla.policy",
                    {"name": "Gold", "company_id": c.company.id},
                    MGR,
                ),
                creates(
                    "create a complaint level",
                    "quality_ops.complaint.level",
                    {"name": "Critical", "company_id": c.company.id},
                    MGR,
                ),
                writes("make a used stage a closing one", used_stage, {"is_closing": True}, NOBODY),
                creates(
                    "add an escalation rung",
                    "quality_ops.escalation.rule",
                    {"name": "Rung", "company_id": c.company.id},
                    MGR,
                ),
                Case("read a follow-up", lambda e: on(followup, e).name, (*QD,)),
                Case("record a follow-up done", lambda e: on(followup, e).action_done(), QD),
                writes("write a follow-up done", followup, {"state": "done"}, NOBODY),
                deletes("delete a follow-up", followup, NOBODY),
                creates(
                    "start a survey campaign",
                    "quality_ops.survey.campaign",
                    {
                        "name": "S",
                        "date_from": "2031-07-01",
                        "date_to": "2031-12-31",
                        "company_id": c.company.id,
                    },
                    QD,
                ),
                writes("write a campaign closed", campaign, {"state": "closed"}, NOBODY),
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
                creates(
                    "create a document",
                    "quality_ops.document",
                    {"number": "T-NEW", "name": "New", "company_id": c.company.id},
                    QD,
                ),
                creates(
                    "create a document already released",
                    "quality_ops.document",
                    {"number": "T-NEW", "name": "New", "state": "released"},
                    NOBODY,
                ),
                creates(
                    "create a document approved by someone",
                    "quality_ops.document",
                    {"number": "T-NEW", "name": "New", "approved_by_id": c.users["rep"].id},
                    NOBODY,
                ),
                creates(
                    "create a document under a number in use (not a new version)",
                    "quality_ops.document",
                    {
                        "number": "T-RELEASED",
                        "name": "Copy",
                        "version": "9.0",
                        "company_id": c.company.id,
                    },
                    NOBODY,
                ),
                writes("edit a draft document", c.doc_draft, {"name": "X"}, QD),
                writes("edit a document in review", c.doc_review, {"name": "X"}, NOBODY),
                writes(
                    "edit a released document", c.doc_released, {"change_description": "X"}, NOBODY
                ),
                writes(
                    "replace the file of a released document",
                    c.doc_released,
                    {"file": "dGFtcGVyZWQ="},
                    NOBODY,
                ),
                writes(
                    "rewrite the stored file of a released document",
                    released_file,
                    {"raw": b"tampered"},
                    NOBODY,
                ),
                deletes("delete the stored file of a released document", released_file, NOBODY),
                writes(
                    "write the state of a document", c.doc_reviewed, {"state": "released"}, NOBODY
                ),
                Case(
                    "write the approver of a document",
                    lambda e: on(c.doc_draft, e).write({"approved_by_id": e.user.id}),
                    NOBODY,
                ),
                writes(
                    "write the release date of a released document",
                    c.doc_released,
                    {"release_date": "2020-01-01"},
                    NOBODY,
                ),
                writes(
                    "name the readers of a released document",
                    c.doc_released,
                    {"reader_ids": [(4, c.users["engineer"].id)]},
                    QD,
                ),
                deletes("delete a draft document", c.doc_draft, MGR),
                deletes("delete a released document", c.doc_released, NOBODY),
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
                creates(
                    "record an acknowledgement by hand",
                    "quality_ops.document.ack",
                    {
                        "document_id": c.doc_released.id,
                        "user_id": c.users["engineer"].id,
                        "acknowledged_at": "2031-01-01 10:00:00",
                    },
                    NOBODY,
                ),
            ]
        )

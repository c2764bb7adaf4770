"""Files are part of the record: the files of a frozen quality record are
neither replaced, moved nor deleted, over JSON-RPC, by the role that tried
it, and *Verify Integrity* names a sealed record whose file's bytes changed
in the database."""

import base64

from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from .common import JsonRpcCalls, chatter_post
from .integrity_common import IntegrityFixture


def b64(data):
    return base64.b64encode(data).decode()


@tagged("post_install", "-at_install")
class TestEvidenceFiles(JsonRpcCalls, IntegrityFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_all()
        env, users = cls.env, cls.users
        # a procedure released with its file, through its workflow
        cls.document = (
            env["quality_ops.document"]
            .with_user(users["officer"])
            .create(
                {
                    "number": "T-FILE",
                    "name": "Backup procedure",
                    "file": b64(b"the approved procedure"),
                    "file_name": "backup.txt",
                }
            )
        )
        cls.document.action_submit()
        cls.document.with_user(users["manager"]).action_review()
        cls.document.with_user(users["manager"]).action_approve()
        cls.document.with_user(users["manager"]).action_release()
        cls.document = cls.document.with_env(env)
        cls.document_file = cls.files_of(cls.document, res_field="file")
        assert cls.document_file.raw == b"the approved procedure"
        # an exemption the engineer requested with his evidence, approved
        cls.exemption = (
            env["quality_ops.sla.exemption"]
            .with_user(users["engineer"])
            .create(
                {
                    "clock_id": cls.clock_free.id,
                    "reason": "customer",
                    "description": "The machine room was closed by the customer.",
                    "attachment_ids": [(0, 0, {"name": "room.txt", "raw": b"room closed"})],
                }
            )
        )
        cls.exemption.with_user(users["officer"]).action_approve("Room closed")
        cls.exemption = cls.exemption.with_env(env)
        cls.evidence = cls.exemption.attachment_ids
        assert cls.exemption.state == "approved" and len(cls.evidence) == 1

    @classmethod
    def files_of(cls, record, res_field=False):
        return (
            cls.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("res_field", "=", res_field),
                ]
            )
        )

    def assert_kept(self, role, model, method, *args, route=None, **kwargs):
        """Refused by the files' guard (a UserError, not a missing right)."""
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            if route:
                login = self.users[role].login
                self.authenticate(login, login)
                self.make_jsonrpc_request(route, kwargs)
            else:
                self.call(role, model, method, *args, **kwargs)
        self.assertIn("UserError", str(caught.exception))
        self.env.invalidate_all()

    # ------------------------------------------------------------------
    def test_the_file_of_a_released_document_stays(self):
        doc, att = self.document, self.document_file
        name = att.name
        Att, Doc = "ir.attachment", "quality_ops.document"
        forged = b64(b"a procedure nobody approved")
        # a new attachment for the binary field replaces the old one
        self.assert_kept(
            "officer",
            Att,
            "create",
            [
                {
                    "name": "backup.txt",
                    "datas": forged,
                    "res_model": Doc,
                    "res_field": "file",
                    "res_id": doc.id,
                }
            ],
        )
        self.assert_kept("officer", Att, "write", att.ids, {"datas": forged})
        self.assert_kept("officer", Att, "write", att.ids, {"name": "backup-v2.txt"})
        self.assert_kept("officer", Att, "write", att.ids, {"res_id": self.doc_draft.id})
        self.assert_kept("officer", Att, "write", att.ids, {"res_field": False})
        self.assert_kept("officer", Att, "write", att.ids, {"public": True})
        self.assert_kept(
            "officer", Att, "unlink", att.ids, context={"_force_unlink": True, "install_mode": True}
        )
        self.assert_kept("officer", Doc, "write", doc.ids, {"file": forged})
        # a file of a draft document is not moved into the released one either
        draft_file = self.env["ir.attachment"].create(
            {
                "name": "draft.txt",
                "raw": b"draft",
                "res_model": Doc,
                "res_id": self.doc_draft.id,
                "res_field": "file",
            }
        )
        self.assert_kept("officer", Att, "write", draft_file.ids, {"res_id": doc.id})
        # nothing changed
        self.assertEqual(self.files_of(doc, res_field="file"), att)
        self.assertEqual(att.raw, b"the approved procedure")
        self.assertEqual((att.name, att.public), (name, False))
        self.assertEqual(base64.b64decode(doc.file), b"the approved procedure")
        self.assertEqual(draft_file.res_id, self.doc_draft.id)

    def test_the_evidence_of_an_approved_exemption_stays(self):
        exemption, evidence = self.exemption, self.evidence
        Att, Exemption = "ir.attachment", "quality_ops.sla.exemption"
        self.assert_kept("engineer", Att, "write", evidence.ids, {"datas": b64(b"my fault")})
        self.assert_kept("engineer", Att, "write", evidence.ids, {"raw": "my fault"})
        self.assert_kept("engineer", Att, "unlink", evidence.ids)
        # mail's own route deletes the files of their owner as superuser
        self.assert_kept(
            "engineer", None, None, route="/mail/attachment/delete", attachment_id=evidence.id
        )
        self.assert_kept(
            "engineer", Exemption, "write", exemption.ids, {"attachment_ids": [(5, 0, 0)]}
        )
        other = self.call(
            "engineer", Att, "create", [{"name": "better.txt", "datas": b64(b"better")}]
        )
        self.assert_kept(
            "engineer", Exemption, "write", exemption.ids, {"attachment_ids": [(6, 0, other)]}
        )
        self.assertEqual(exemption.attachment_ids, evidence)
        self.assertEqual((evidence.name, evidence.raw), ("room.txt", b"room closed"))
        # the exemption's own files (its chatter) are kept alike
        chatter = self.env["ir.attachment"].create(
            {"name": "photo.txt", "raw": b"photo", "res_model": Exemption, "res_id": exemption.id}
        )
        self.assert_kept("engineer", Att, "write", chatter.ids, {"raw": "other photo"})
        self.assert_kept("engineer", Att, "unlink", chatter.ids)
        self.assertEqual(chatter.raw, b"photo")

    def test_files_of_frozen_records_stay(self):
        """The chatter files of every kind of frozen record, and the evidence
        files of the lines of a reported audit, by a role that may write the
        record."""
        cases = [
            (self.plan_approved, "manager"),
            (self.report_approved, "manager"),
            (self.report_reviewed, "officer"),
            (self.review_closed, "manager"),
            (self.audit_reported, "officer"),
            (self.action_verified, "officer"),
            (self.complaint_closed, "manager"),
            (self.m_locked, "manager"),
            (self.service_sent, "lead"),
            (self.statement_approved, "manager"),
            (self.qa_done, "officer"),
            (self.inspection_done, "engineer"),
            (self.doc_released, "officer"),
        ]
        for record, role in cases:
            with self.subTest(model=record._name):
                # a file a message brought while the record was frozen
                att = self.env["ir.attachment"].create(
                    {
                        "name": "note.txt",
                        "raw": b"note",
                        "res_model": record._name,
                        "res_id": record.id,
                    }
                )
                Att = "ir.attachment"
                self.assert_kept(role, Att, "write", att.ids, {"datas": b64(b"forged")})
                # moved onto a draft document (the same id in another model is no move)
                moved = {"res_model": self.doc_draft._name, "res_id": self.doc_draft.id}
                self.assert_kept(role, Att, "write", att.ids, moved)
                self.assert_kept(role, Att, "unlink", att.ids)
                self.assertEqual((att.raw, att.res_id), (b"note", record.id))
                self.assertEqual(self.files_of(record), att)
        line = self.audit_reported.line_ids[:1]
        self.assert_kept(
            "officer",
            "ir.attachment",
            "create",
            [
                {
                    "name": "late.txt",
                    "datas": b64(b"late"),
                    "res_model": line._name,
                    "res_id": line.id,
                }
            ],
        )
        self.assertFalse(self.files_of(line))

    def test_files_of_a_locked_indicator_analysis_stay(self):
        analysis = self.env["quality_ops.indicator.analysis"].create(
            {"indicator_id": self.ind_resp.id, "month": "2031-04-01", "text": "Late tickets."}
        )
        att = self.env["ir.attachment"].create(
            {"name": "a.txt", "raw": b"chart", "res_model": analysis._name, "res_id": analysis.id}
        )
        with_pass(self.m_builtin).write({"state": "locked"})
        self.env.invalidate_all()
        self.assertTrue(analysis.is_frozen)
        Att = "ir.attachment"
        self.assert_kept("officer", Att, "write", att.ids, {"raw": "another chart"})
        self.assert_kept("officer", Att, "unlink", att.ids)
        self.assert_kept(
            "officer",
            Att,
            "create",
            [{"name": "b.txt", "raw": "late", "res_model": analysis._name, "res_id": analysis.id}],
        )
        self.assertEqual(self.files_of(analysis), att)
        self.assertEqual(att.raw, b"chart")

    def test_a_new_message_may_bring_a_file_which_then_stays(self):
        """Decided: a note posted on a frozen record may carry a file (dated
        and authored in its trail, outside its sealed evidence; a customer's
        mail to a closed complaint is not lost); the file is kept from then."""
        report = self.report_approved
        login = self.users["manager"].login
        # the composer's way: uploaded first, linked when the message is posted
        for name, content in (
            ("signed.txt", b"signed by the customer"),
            ("minutes.txt", b"minutes"),
        ):
            pending = self.call(
                "manager",
                "ir.attachment",
                "create",
                [
                    {
                        "name": name,
                        "datas": b64(content),
                        "res_model": "mail.compose.message",
                        "res_id": 0,
                    }
                ],
            )
            chatter_post(self, login, report, body=name, attachment_ids=pending)
        self.env.invalidate_all()
        files = self.files_of(report)
        self.assertEqual(sorted(files.mapped("name")), ["minutes.txt", "signed.txt"])
        for att in files:
            self.assert_kept("manager", "ir.attachment", "unlink", att.ids)
        self.assertEqual(len(self.files_of(report)), 2)
        # a file created straight on the frozen record brings no message: refused
        self.assert_kept(
            "manager",
            "ir.attachment",
            "create",
            [
                {
                    "name": "loose.txt",
                    "datas": b64(b"no message"),
                    "res_model": report._name,
                    "res_id": report.id,
                }
            ],
        )
        self.assertEqual(len(self.files_of(report)), 2)

    def test_verify_names_a_sealed_record_whose_file_changed(self):
        officer = self.users["officer"]

        def named():
            check = self.env["quality_ops.integrity.check"].with_user(officer).create({})
            check.action_verify()
            return {(line.res_model, line.res_id) for line in check.line_ids}

        # evidence of an audit line, sealed when the audit is closed
        line = self.audit_running.line_ids[:1]
        evidence = self.env["ir.attachment"].create(
            {
                "name": "restore.txt",
                "raw": b"restore OK",
                "res_model": line._name,
                "res_id": line.id,
            }
        )
        line.write({"attachment_ids": [(4, evidence.id)]})
        self.audit_running.line_ids.write({"result": "conform"})
        self.audit_running.with_user(self.users["officer"]).action_report()
        self.audit_running.with_user(self.users["manager"]).action_close()
        self.assertTrue(self.document._quality_is_sealed())
        self.assertTrue(self.audit_running._quality_is_sealed())
        before = named()
        self.assertNotIn((self.document._name, self.document.id), before)
        self.assertNotIn((self.audit_running._name, self.audit_running.id), before)
        # in SQL, the stored checksums left as they were: the document's file
        # pointed at other bytes of the filestore, the evidence's bytes in
        # the database rewritten
        decoy = self.env["ir.attachment"].create({"name": "decoy", "raw": b"another text"})
        checksums = (self.document_file.checksum, evidence.checksum)
        cr = self.env.cr
        if decoy.store_fname:
            cr.execute(
                "UPDATE ir_attachment SET store_fname = %s WHERE id = %s",
                (decoy.store_fname, self.document_file.id),
            )
        else:
            cr.execute(
                "UPDATE ir_attachment SET db_datas = %s WHERE id = %s",
                (b"another text", self.document_file.id),
            )
        cr.execute(
            "UPDATE ir_attachment SET db_datas = %s, store_fname = NULL WHERE id = %s",
            (b"restore FAILED", evidence.id),
        )
        self.env.invalidate_all()
        self.assertEqual(self.document_file.raw, b"another text")
        self.assertEqual(evidence.raw, b"restore FAILED")
        self.assertEqual((self.document_file.checksum, evidence.checksum), checksums)
        after = named()
        self.assertIn((self.document._name, self.document.id), after)
        self.assertIn((self.audit_running._name, self.audit_running.id), after)

"""Controlled documents (seed §6.1): versions with their change history, the
right approver by kind, readers' acknowledgements, the sealed file, the
cover sheet, and the procedures that checklist items, plans and findings cite."""

import base64
import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users

from .common import QUALITY_DEPARTMENT, QualityCommon, load_chinese
from .pdf_common import PdfTextMixin


@tagged("post_install", "-at_install")
class TestDocument(PdfTextMixin, QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qc_officer = cls.env["res.users"].create(
            {
                "name": "Test QC Officer",
                "login": "qo_t_qc",
                "group_ids": [(6, 0, cls.env.ref("quality_ops.group_quality_officer").ids)],
            }
        )
        cls.Document = cls.env["quality_ops.document"]

    def make(self, number="QM-PR-007", kind="procedure", user=None, **extra):
        return self.Document.with_user(user or self.officer).create(
            {"number": number, "name": "内审控制程序", "kind": kind, **extra}
        )

    def release(self, document, reviewer=None, approver=None):
        if document.state == "draft":
            document.with_user(self.officer).action_submit()
        document.with_user(reviewer or self.qc_officer).action_review()
        document.with_user(approver or self.manager).action_approve()
        document.with_user(approver or self.manager).action_release()
        return document

    # ------------------------------------------------------------------
    def test_versions_1_0_to_1_1_with_their_change_history(self):
        first = self.make(
            version="1.0",
            change_location="全文",
            change_description="新建",
            file=base64.b64encode(b"version 1.0"),
            file_name="audit.txt",
        )
        self.release(first)
        self.assertEqual(first.state, "released")
        self.assertEqual(
            (first.prepared_by_id, first.reviewed_by_id, first.approved_by_id),
            (self.officer, self.qc_officer, self.manager),
        )
        self.assertTrue(first.release_date and first._quality_is_sealed())
        # the next version is prepared from the released one, which stays in force
        action = first.with_user(self.officer).action_new_version("§5", "内审每年两次", major=False)
        second = self.Document.browse(action["res_id"])
        self.assertEqual(
            (second.number, second.version, second.state), (first.number, "1.1", "draft")
        )
        self.assertEqual(second.previous_id, first)
        self.assertEqual(first.superseded_by_id, second)
        self.assertEqual(first.state, "released")
        # one version in preparation at a time
        with self.assertRaises(UserError):
            first.with_user(self.officer).action_new_version("§6", "Again")
        # its version is set by New Version, not typed
        with self.assertRaises(UserError):
            second.with_user(self.officer).write({"version": "7.0"})
        second.with_user(self.officer).write({"file": base64.b64encode(b"version 1.1")})
        self.release(second)
        self.assertEqual(second.state, "released")
        self.assertEqual(first.state, "obsolete")
        self.assertTrue(first.obsolete_date)
        # the old version stays readable, its content and file as released
        self.assertEqual(base64.b64decode(first.file), b"version 1.0")
        self.assertEqual(first.change_description, "新建")
        # the change history of 1.1: both versions, each with its change and stamps
        history = second.history_ids
        self.assertEqual(history.mapped("version"), ["1.0", "1.1"])
        self.assertEqual(history.mapped("change_location"), ["全文", "§5"])
        self.assertEqual(history.mapped("change_description"), ["新建", "内审每年两次"])
        self.assertEqual(history.mapped("approved_by_id"), self.manager)
        self.assertEqual(second.change_no, 2)
        # a major change goes to 2.0
        third = self.Document.browse(
            second.with_user(self.officer).action_new_version("全文", "重写", major=True)["res_id"]
        )
        self.assertEqual(third.version, "2.0")
        # a number in use is never reused by a new document, nor given to another
        with self.assertRaises(ValidationError):
            self.make(version="5.0")
        other = self.make(number="QM-PR-099")
        with self.assertRaises(ValidationError):
            other.with_user(self.officer).write({"number": first.number})
        # what a client re-sends unchanged is no change
        third.with_user(self.officer).write({"version": "2.0", "number": first.number})
        self.assertEqual((third.version, third.number), ("2.0", "QM-PR-007"))

    def test_only_the_kinds_approver_approves_never_the_author(self):
        regulation = self.make(number="QM-ZD-001", kind="regulation")
        regulation.with_user(self.officer).action_submit()
        # the author does not review their own document
        with self.assertRaises(UserError):
            regulation.with_user(self.officer).action_review()
        # nor is it approved before its review
        with self.assertRaises(UserError):
            regulation.with_user(self.representative).action_approve()
        regulation.with_user(self.qc_officer).action_review()
        with self.assertRaises(AccessError):
            regulation.with_user(self.manager).action_approve()
        regulation.with_user(self.representative).action_approve()
        self.assertEqual(regulation.approved_by_id, self.representative)
        # a procedure by the quality manager, who is not its author
        procedure = self.make(number="QM-PR-010", user=self.manager)
        procedure.with_user(self.manager).action_submit()
        procedure.with_user(self.qc_officer).action_review()
        with self.assertRaises(UserError):
            procedure.with_user(self.manager).action_approve()
        with self.assertRaises(AccessError):
            procedure.with_user(self.qc_officer).action_approve()
        procedure.with_user(self.representative).action_approve()
        self.assertEqual(procedure.state, "approved")
        # sent back from review with a reason, reset from approval with one
        other = self.make(number="QM-PR-011")
        other.with_user(self.officer).action_submit()
        with self.assertRaises(UserError):
            other.with_user(self.qc_officer).action_send_back("")
        other.with_user(self.qc_officer).action_send_back("Scope missing")
        self.assertEqual(other.state, "draft")
        procedure.with_user(self.manager).action_reset("Wrong scope")
        self.assertEqual((procedure.state, procedure.approved_by_id.id), ("draft", False))
        self.assertFalse(procedure._quality_is_sealed())

    def released_file(self, number="QM-PR-007"):
        """A released document with its file, and the file's attachment."""
        document = self.make(
            number=number, file=base64.b64encode(b"the approved text"), file_name="p.txt"
        )
        self.release(document)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", document._name),
                    ("res_field", "=", "file"),
                    ("res_id", "=", document.id),
                ]
            )
        )
        self.assertTrue(attachment)
        return document, attachment

    @users(*QUALITY_DEPARTMENT)
    def test_no_role_changes_the_released_file(self):
        document, attachment = self.released_file(number=f"QM-PR-{self.env.user.login}")
        document, attachment = self.mine(document), self.mine(attachment)
        with self.assertRaises(UserError):
            document.write({"file": base64.b64encode(b"another text")})
        with self.assertRaises(UserError):
            attachment.write({"raw": b"another text"})
        with self.assertRaises(UserError):
            attachment.unlink()
        self.assertEqual(attachment.sudo().raw, b"the approved text")

    def test_the_file_is_sealed_and_kept(self):
        document, attachment = self.released_file()
        self.assertEqual(document.file_checksum, attachment.checksum)
        self.assertEqual(
            document._quality_seal_content()["fields"]["file_checksum"], attachment.checksum
        )
        with self.assertRaises(UserError):
            # not as superuser either (Odoo's mail controllers delete files so)
            attachment.sudo().write({"raw": b"another text"})
        self.assertEqual(attachment.raw, b"the approved text")
        # changed behind the application's back (the file's bytes in the
        # database, its stored checksum left as it was): verification finds it
        self.env.cr.execute(
            "UPDATE ir_attachment SET db_datas = %s, store_fname = NULL WHERE id = %s",
            (b"forged", attachment.id),
        )
        self.env.invalidate_all()
        self.assertEqual(attachment.raw, b"forged")
        check = self.env["quality_ops.integrity.check"].with_user(self.officer).create({})
        check.action_verify()
        self.assertIn(
            (document._name, document.id, "content_changed"),
            [(line.res_model, line.res_id, line.problem) for line in check.line_ids],
        )

    def test_readers_acknowledge_the_released_version(self):
        document = self.make(
            ack_required=True,
            reader_ids=[(6, 0, (self.engineer | self.lead).ids)],
            confidentiality="confidential",
        )
        # readers of a document in preparation see nothing of it yet
        self.assertFalse(self.Document.with_user(self.engineer).search([("id", "=", document.id)]))
        self.release(document)
        self.assertEqual(document.ack_pending_count, 2)
        activities = document.activity_ids.filtered(lambda a: a.user_id == self.engineer)
        self.assertTrue(activities)
        document.with_user(self.engineer).action_acknowledge()
        document.with_user(self.engineer).action_acknowledge()  # once is enough
        ack = self.env["quality_ops.document.ack"].search([("document_id", "=", document.id)])
        self.assertEqual(len(ack), 1)
        self.assertEqual(
            (ack.user_id, ack.version, ack.number), (self.engineer, "1.0", "QM-PR-007")
        )
        self.assertEqual((document.ack_count, document.ack_pending_count), (1, 1))
        self.assertFalse(document.activity_ids.filtered(lambda a: a.user_id == self.engineer))
        # never rewritten, never deleted, never typed
        with self.assertRaises(UserError):
            ack.write({"acknowledged_at": "2020-01-01 00:00:00"})
        with self.assertRaises(UserError):
            ack.unlink()
        # a confidential document is not read by who is not its reader
        other_engineer = self.env["res.users"].create(
            {
                "name": "Other Engineer",
                "login": "qo_t_engineer2",
                "group_ids": [(6, 0, self.env.ref("quality_ops.group_quality_engineer").ids)],
            }
        )
        with self.assertRaises(AccessError):
            document.with_user(other_engineer).action_acknowledge()
        # a reader reads their own acknowledgements, the quality department all
        Ack = self.env["quality_ops.document.ack"]
        self.assertEqual(Ack.with_user(self.engineer).search([]), ack)
        self.assertFalse(Ack.with_user(self.lead).search([]))
        self.assertEqual(Ack.with_user(self.officer).search([("id", "=", ack.id)]), ack)

    def test_checklists_plans_and_findings_cite_the_version_in_force(self):
        first = self.release(self.make())
        template = self.env["quality_ops.checklist.template"].create(
            {
                "name": "Audit of the audits",
                "section_ids": [
                    (
                        0,
                        0,
                        {
                            "code": "A",
                            "name": "Audit",
                            "item_ids": [
                                (0, 0, {"question": "Two audits a year?", "document_id": first.id})
                            ],
                        },
                    )
                ],
            }
        )
        second = self.Document.browse(
            first.with_user(self.officer).action_new_version("§5", "Twice a year")["res_id"]
        )
        self.release(second)
        audit = self.env["quality_ops.audit"].create(
            {"name": "Check", "planned_date": "2031-06-15", "template_id": template.id}
        )
        audit.with_user(self.officer).action_start()
        line = audit.line_ids
        # the item cites the procedure; the audit line the version in force
        self.assertEqual(line.document_id, second)
        line.write({"result": "minor", "evidence": "Once in 2031"})
        finding = self.env["quality_ops.finding"].browse(
            line.with_user(self.officer).action_create_finding()["res_id"]
        )
        self.assertEqual(finding.document_id, second)
        plan = self.make_plan()
        plan.write({"document_ids": [(6, 0, second.ids)]})
        plan.with_user(self.manager).action_submit()
        plan.with_user(self.representative).action_approve()
        self.assertEqual(plan._quality_seal_content()["fields"]["document_ids"], second.ids)
        # a plan without document is sealed as before the field existed
        bare = self.make_plan(year=2032)
        self.assertNotIn("document_ids", bare._quality_seal_content()["fields"])
        with self.assertRaises(UserError):
            plan.write({"document_ids": [(5, 0, 0)]})

    def test_periodic_review_is_due_and_reminded_once(self):
        document = self.release(self.make(review_months=6))
        self.assertFalse(document.is_review_due)
        due = document.next_review_date
        self.assertTrue(due)
        later = due.replace(day=1)
        self.assertFalse(document.review_reminder_date)
        self.assertGreaterEqual(self.Document._cron_review_reminders(today=later), 1)
        self.assertEqual(document.review_reminder_date, due)
        reminders = document.activity_ids.filtered(lambda a: a.date_deadline == due)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.user_id, document.owner_id)
        self.assertEqual(self.Document._cron_review_reminders(today=later), 0, "once")
        with self.assertRaises(AccessError):
            document.with_user(self.officer).action_confirm_review()
        with freeze_time(later):
            document.with_user(self.manager).action_confirm_review()
        self.assertEqual(document.last_review_date, later)
        self.assertGreater(document.next_review_date, due)

    def test_review_reminders_take_the_company_s_today(self):
        # at 17:00 UTC a Shanghai company is on the next day: a review due in
        # 15 days by the cron user's (New York's) day is due in 14 by the company's
        self.company.partner_id.tz = "Asia/Shanghai"
        document = self.release(self.make(review_months=6))
        eve = document.next_review_date - dt.timedelta(days=15)
        Document = self.Document.with_context(tz="America/New_York")
        with freeze_time(f"{eve} 17:00:00"):
            Document._cron_review_reminders()
        self.assertEqual(document.review_reminder_date, document.next_review_date)

    def test_cover_sheet_in_chinese(self):
        load_chinese(self.env)
        reader = self.officer
        reader.lang = "zh_CN"
        first = self.release(self.make(change_location="全文", change_description="新建"))
        second = self.Document.browse(
            first.with_user(self.officer).action_new_version("第5章", "内审每年两次")["res_id"]
        )
        self.release(second)
        text = self.render_pdf_text("quality_ops.report_quality_document", second, reader)
        self.assertInPdf("内审控制程序", text)
        self.assertInPdf("QM-PR-007", text)
        self.assertInPdf("内审每年两次", text)
        self.assertInPdf("新建", text)
        for english, chinese in (("Change History", "变更履历"), ("Approved By", "批准")):
            self.assertInPdf(chinese, text, f"{english} is translated in the PDF")
            self.assertNotIn(english, text)
        self.assertInPdf(self.manager.name, text)
        # the cover and the change history: two numbered pages
        self.assertEqual(self.assertPagesNumbered(text), 2)

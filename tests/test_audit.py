import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged, users

from .common import OFFICER, QualityCommon, load_chinese, report_html
from .pdf_common import PdfTextMixin


@tagged("post_install", "-at_install")
class TestAudit(PdfTextMixin, QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("quality_ops.checklist_organisation")
        cls.project_template = cls.env.ref("quality_ops.checklist_project")
        cls.Audit = cls.env["quality_ops.audit"]

    def new_audit(self, **vals):
        values = {
            "name": "H1 internal audit",
            "kind": "internal",
            "planned_date": "2031-06-15",
            "template_id": self.template.id,
            "lead_auditor_id": self.officer.id,
        }
        values.update(vals)
        return self.Audit.with_user(self.manager).create(values)

    def answer_all(self, audit, result="conform"):
        audit.line_ids.with_user(self.officer).write({"result": result})

    def test_shipped_templates_hold_the_eleven_checkpoint_groups(self):
        codes = (self.template | self.project_template).section_ids.mapped("code")
        self.assertEqual(
            sorted(codes),
            [
                "8.4.1",
                "8.4.2",
                "8.4.3",
                "8.4.4",
                "8.4.5",
                "8.4.6",
                "8.5.1",
                "8.5.2",
                "8.5.3",
                "8.5.4",
                "8.5.5",
            ],
        )
        for section in (self.template | self.project_template).section_ids:
            self.assertTrue(section.item_ids, section.code)

    def test_workflow_and_score(self):
        audit = self.new_audit()
        self.assertTrue(audit.reference.startswith("IA/2031/"))
        with self.assertRaises(AccessError):
            audit.with_user(self.lead).action_start()
        audit.with_user(self.officer).action_start()
        self.assertEqual(audit.state, "in_progress")
        self.assertEqual(len(audit.line_ids), len(self.template.section_ids.item_ids))
        with self.assertRaisesRegex(UserError, "have no result yet"):
            audit.with_user(self.officer).action_report()
        lines = audit.line_ids
        self.answer_all(audit)
        lines[0].write({"result": "major", "weight": 2})
        lines[1].write({"result": "not_applicable"})
        lines[2].write({"result": "minor"})
        applicable = sum(lines[2:].mapped("weight")) + 2
        conforming = sum(lines[3:].mapped("weight"))
        self.assertAlmostEqual(audit.score, 100.0 * conforming / applicable, places=1)
        self.assertEqual(audit.nonconformity_count, 2)
        audit.with_user(self.officer).action_report()
        self.assertEqual(audit.state, "reported")
        with self.assertRaisesRegex(UserError, "reopen it"):
            lines[3].with_user(self.officer).write({"result": "major"})
        with self.assertRaises(AccessError):
            audit.with_user(self.officer).action_close()
        audit.with_user(self.manager).action_close()
        self.assertEqual(audit.state, "closed")

    def test_skipping_states_is_refused(self):
        audit = self.new_audit()
        with self.assertRaisesRegex(UserError, "cannot be reported"):
            audit.with_user(self.officer).action_report()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            audit.with_user(self.manager).action_close()

    def test_an_auditor_never_audits_their_own_work(self):
        with self.assertRaisesRegex(ValidationError, "cannot audit their own work"):
            self.new_audit(auditee_ids=[(6, 0, self.officer.ids)])
        with self.assertRaisesRegex(ValidationError, "cannot audit their own work"):
            self.new_audit(
                kind="project",
                project_id=self.project.id,
                template_id=self.project_template.id,
                lead_auditor_id=self.lead.id,
            )
        audit = self.new_audit(auditee_ids=[(6, 0, self.engineer.ids)])
        with self.assertRaisesRegex(ValidationError, "cannot audit their own work"):
            audit.auditor_ids = self.engineer

    @users(OFFICER)
    def test_nonconformity_becomes_one_finding(self):
        audit = self.mine(self.new_audit())
        audit.action_start()
        self.answer_all(audit)
        line = audit.line_ids[0]
        line.write({"result": "major", "evidence": "no backup named"})
        line.action_create_finding()
        line.action_create_finding()
        self.assertEqual(len(audit.finding_ids), 1)
        finding = audit.finding_ids
        self.assertEqual(finding.severity, "major")
        self.assertEqual(finding.source_ref, line)
        self.assertEqual(finding.description, "no backup named")
        with self.assertRaisesRegex(UserError, "Only a nonconformity"):
            audit.line_ids[1].action_create_finding()

    @users(OFFICER)
    def test_automatic_findings_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.audit_auto_findings", "True")
        audit = self.mine(self.new_audit())
        audit.action_start()
        self.answer_all(audit)
        audit.line_ids[:3].write({"result": "minor"})
        audit.action_report()
        self.assertEqual(len(audit.finding_ids), 3)

    def test_conformity_for_the_indicator_is_set_based(self):
        audit = self.new_audit()
        audit.with_user(self.officer).action_start()
        self.answer_all(audit)
        audit.line_ids[:2].write({"result": "major"})
        audit.line_ids[2:3].write({"result": "not_applicable"})
        rows = self.env["quality_ops.audit.line"]._read_group(
            [("audit_id", "=", audit.id), ("is_applicable", "=", True)],
            ["is_conforming"],
            ["__count"],
        )
        counts = dict(rows)
        total = len(audit.line_ids)
        self.assertEqual(counts[False], 2)
        self.assertEqual(counts[True], total - 3)

    def test_programme_creates_h1_h2_and_reminds_once(self):
        self.company.quality_audit_month_h1 = "6"
        self.company.quality_audit_month_h2 = "11"
        Mail = self.env["mail.mail"]

        def reminders():
            h1 = self.Audit.search(
                [("company_id", "=", self.company.id), ("year", "=", 2031), ("half", "=", "h1")]
            )
            return Mail.search(
                [
                    ("model", "=", "quality_ops.audit"),
                    ("res_id", "in", h1.ids),
                    ("subject", "=like", "Audit %"),
                ]
            )

        with freeze_time("2031-01-05"):
            self.Audit._cron_audit_programme(today=dt.date(2031, 1, 5))
            self.Audit._cron_audit_programme(today=dt.date(2031, 1, 5))
        audits = self.Audit.search(
            [("company_id", "=", self.company.id), ("year", "=", 2031), ("kind", "=", "internal")]
        )
        self.assertEqual(sorted(audits.mapped("half")), ["h1", "h2"])
        h1 = audits.filtered(lambda a: a.half == "h1")
        self.assertEqual(h1.planned_date, dt.date(2031, 6, 15))
        self.assertEqual(len(h1.line_ids), 0)  # lines come from the template at start
        self.assertFalse(reminders())
        for day in (dt.date(2031, 5, 31), dt.date(2031, 6, 1), dt.date(2031, 6, 2)):
            self.Audit._cron_audit_programme(today=day)
        self.assertEqual(len(reminders()), 1, "D-14 reminder once")
        self.assertTrue(h1.reminder_14_sent)
        for day in (dt.date(2031, 6, 8), dt.date(2031, 6, 9)):
            self.Audit._cron_audit_programme(today=day)
        self.assertEqual(len(reminders()), 2, "D-7 reminder once")
        self.assertEqual(reminders().mapped("recipient_ids"), self.manager.partner_id)

    def test_programme_of_the_company_s_new_year(self):
        # 17:00 UTC on 31 December is New Year's Day in Shanghai: the company's
        # programme of the new year is planned, whatever the cron user's time zone
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2031-12-31 17:00:00"):
            self.Audit.with_context(tz="America/New_York")._cron_audit_programme()
        audits = self.Audit.search(
            [("company_id", "=", self.company.id), ("year", "=", 2032), ("kind", "=", "internal")]
        )
        self.assertEqual(sorted(audits.mapped("half")), ["h1", "h2"])

    def test_audit_pdf_renders_chinese(self):
        load_chinese(self.env)
        self.officer.lang = "zh_CN"
        audit = self.new_audit(name="2031年上半年内审")
        audit.with_user(self.officer).action_start()
        audit.line_ids[0].write({"result": "conform", "evidence": "已提供培训记录"})
        html = report_html(self.env, "quality_ops.report_quality_audit", audit)
        self.assertIn("2031年上半年内审", html)
        self.assertIn("已提供培训记录", html)
        # printed by a Chinese-speaking officer: the PDF itself holds the
        # Chinese text (a missing CJK font leaves no text to read back) and
        # the titles in Chinese (a missing translation leaves them in English)
        text = self.render_pdf_text("quality_ops.report_quality_audit", audit, self.officer)
        self.assertInPdf("2031年上半年内审", text)
        self.assertInPdf("已提供培训记录", text)
        for chinese, english in (
            ("检查表", "Checklist"),
            ("审核组长", "Lead Auditor"),
            ("证据说明", "Evidence Notes"),
        ):
            self.assertInPdf(chinese, text, f"{english} is translated in the PDF")
            self.assertNotIn(english, text)
        # fit to send: numbered pages, the conclusion and both signatures
        self.assertPagesNumbered(text)
        for chinese in ("审计结论", "审核组长尚未填写审计结论", "受审核方", "签字", "日期"):
            self.assertInPdf(chinese, text)
        audit.with_user(self.officer).write({"conclusion": "<p>体系运行有效，同意通过。</p>"})
        text = self.render_pdf_text("quality_ops.report_quality_audit", audit, self.officer)
        self.assertInPdf("体系运行有效，同意通过。", text)
        self.assertNotIn(self.as_read_back("尚未填写"), text)

    def test_checkpoint_reminder_reads_in_the_quality_managers_language(self):
        """Moved by an English-speaking lead, the project's reminder reaches a
        Chinese quality manager wholly in Chinese (the checkpoint's name too)."""
        load_chinese(self.env)
        self.manager.lang = "zh_CN"
        self.lead.lang = "en_US"
        project = self.env["project.project"].create({"name": "Closing contract"})
        before = project.activity_ids
        project.with_user(self.lead).with_context(lang="en_US")._quality_remind_checkpoint(
            "closing"
        )
        closing = (project.activity_ids - before).mapped("summary")
        self.assertEqual(closing, ["安排收尾检查点审计"])

    def test_project_checkpoints_are_proposed_from_the_project(self):
        project = self.env["project.project"].create(
            {"name": "New O&M contract", "user_id": self.lead.id}
        )
        reminders = project.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(reminders), 1, "a new project reminds the quality manager")
        action = (
            project.with_user(self.officer)
            .with_context(quality_checkpoint="planning")
            .action_quality_checkpoint_audit()
        )
        audit = self.Audit.browse(action["res_id"])
        self.assertEqual(
            (audit.kind, audit.checkpoint, audit.project_id), ("project", "planning", project)
        )
        self.assertEqual(audit.template_id, self.project_template)
        again = (
            project.with_user(self.officer)
            .with_context(quality_checkpoint="planning")
            .action_quality_checkpoint_audit()
        )
        self.assertEqual(again["res_id"], audit.id, "the open checkpoint audit is reused")
        closing_stage = self.env["project.project.stage"].create({"name": "Done", "fold": True})
        project.stage_id = closing_stage
        summaries = project.activity_ids.mapped("summary")
        self.assertTrue(any("Closing" in s for s in summaries), summaries)

import datetime as dt
import io
import zipfile
import zoneinfo

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.quality_ops.quality_ops.models.quality_workflow_mixin import with_pass

from .pdf_common import PdfTextMixin

D = dt.date


@tagged("post_install", "-at_install")
class TestQualityReport(PdfTextMixin, TransactionCase):
    """Reports, exports and service reports on a company of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Reported O&M"})
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.company.ids))

        def user(login, group):
            return new_test_user(
                cls.env,
                login,
                groups=group,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.representative = user("qo_r_rep", "quality_ops.group_quality_representative")
        cls.manager = user("qo_r_manager", "quality_ops.group_quality_manager")
        cls.officer = user("qo_r_officer", "quality_ops.group_quality_officer")
        cls.lead = user(
            "qo_r_lead", "quality_ops.group_quality_project_lead,project.group_project_user"
        )
        cls.company.write(
            {
                "quality_manager_id": cls.manager.id,
                "quality_representative_id": cls.representative.id,
            }
        )
        attendances = [
            (0, 0, {"name": "day", "dayofweek": str(d), "hour_from": 9, "hour_to": 17})
            for d in range(5)
        ]
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Reported",
                "tz": "UTC",
                "attendance_ids": attendances,
                "company_id": cls.company.id,
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "R team", "company_id": cls.company.id}
        )
        cls.env["quality_ops.sla.policy"].create(
            {
                "name": "R policy",
                "company_id": cls.company.id,
                "calendar_id": calendar.id,
                "line_ids": [(0, 0, {"priority": "1", "response_hours": 2, "resolution_hours": 8})],
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Reported Bank", "is_company": True, "email": "it@bank.example"}
        )
        cls.project = cls.env["project.project"].create(
            {
                "name": "Reported O&M project",
                "partner_id": cls.customer.id,
                "user_id": cls.lead.id,
                "company_id": cls.company.id,
            }
        )
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.Report = cls.env["quality_ops.report"]
        cls.Measurement = cls.env["quality_ops.measurement"]
        cls.resp = cls.env.ref("quality_ops.indicator_resp_sla")

    def ticket(self, name, created, closed=None):
        with freeze_time(created):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": name,
                    "description": "<p>r</p>",
                    "team_id": self.team.id,
                    "project_id": self.project.id,
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "priority": "1",
                }
            )
        if closed:
            with freeze_time(closed):
                ticket.stage_id = self.done
        return ticket

    def build(self):
        # March 2026: one on time, one late on both clocks (11 working hours)
        self.ticket("on time", "2026-03-02 09:00:00", "2026-03-02 10:00:00")
        late = self.ticket("late", "2026-03-04 09:00:00", "2026-03-05 12:00:00")
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "res_id": late.id,
            }
        )
        rating.write({"rating": 1, "consumed": True})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = '2026-03-02 09:00' WHERE company_id = %s",
            [self.company.id],
        )
        self.env.invalidate_all()

    def half_report(self, year=2026):
        return self.Report.with_user(self.officer).create(
            {
                "name": f"{year} H1",
                "kind": "half_year",
                "year": year,
                "half": "1",
                "company_id": self.company.id,
            }
        )

    # ------------------------------------------------------------------
    # workflow
    # ------------------------------------------------------------------
    def test_workflow_per_role_and_approval_locks_the_period(self):
        self.build()
        report = self.half_report()
        self.assertEqual((report.date_from, report.date_to), (D(2026, 1, 1), D(2026, 6, 30)))
        with self.assertRaises(UserError):
            report.with_user(self.manager).action_review()  # nothing generated yet
        report.with_user(self.officer).action_generate()
        self.assertEqual(report.prepared_by_id, self.officer)
        with self.assertRaises(AccessError):
            report.with_user(self.officer).action_review()
        with self.assertRaises(AccessError):
            report.with_user(self.lead).action_generate()
        report.with_user(self.manager).action_review()
        self.assertEqual((report.state, report.reviewed_by_id), ("reviewed", self.manager))
        with self.assertRaises(UserError):
            report.with_user(self.manager).write({"summary": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            report.with_user(self.manager).action_approve()
        # a measurement after the period is not touched by the approval
        self.ticket("july", "2026-07-01 09:00:00", "2026-07-01 10:00:00")
        self.Measurement._compute_period("month", D(2026, 7, 1), D(2026, 7, 31))
        in_period = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("date_from", ">=", D(2026, 1, 1)),
                ("date_to", "<=", D(2026, 6, 30)),
            ]
        )
        self.assertTrue(in_period)
        self.assertEqual(set(in_period.mapped("state")), {"open"})
        report.with_user(self.representative).action_approve()
        self.assertEqual((report.state, report.approved_by_id), ("approved", self.representative))
        self.assertEqual(set(in_period.mapped("state")), {"locked"})
        self.assertEqual(report.locked_count, len(in_period))
        july = self.Measurement.search(
            [("company_id", "=", self.company.id), ("date_from", "=", D(2026, 7, 1))]
        )
        self.assertTrue(july)
        self.assertEqual(set(july.mapped("state")), {"open"})
        # a locked month is not rewritten by the engine
        march = in_period.filtered(
            lambda m: (
                m.indicator_id == self.resp
                and m.periodicity == "month"
                and m.date_from == D(2026, 3, 1)
                and m.scope == "company"
            )
        )
        before = (march.numerator, march.denominator)
        self.ticket("after approval", "2026-03-10 09:00:00", "2026-03-10 10:00:00")
        self.Measurement._compute_period("month", D(2026, 3, 1), D(2026, 3, 31))
        self.assertEqual((march.numerator, march.denominator), before)
        with self.assertRaises(UserError):
            report.with_user(self.manager).write({"name": "rewritten"})
        with self.assertRaises(UserError):
            report.line_ids[:1].with_user(self.manager).write({"comment": "late note"})
        action = report.with_user(self.manager).action_new_version()
        version2 = self.Report.browse(action["res_id"])
        self.assertEqual((version2.version, version2.state), (2, "draft"))
        self.assertEqual(len(version2.line_ids), len(report.line_ids))
        self.assertEqual(report.state, "approved")

    def test_generated_sections_match_the_measurements(self):
        self.build()
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "R 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": self.resp.id, "target_value": 90, "warning_value": 80})
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        report = self.half_report()
        report.action_generate()
        half = self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("indicator_id", "=", self.resp.id),
                ("periodicity", "=", "half_year"),
                ("date_from", "=", D(2026, 1, 1)),
                ("scope", "=", "company"),
            ]
        )
        self.assertEqual((half.numerator, half.denominator), (1, 2))
        line = report.line_ids.filtered(
            lambda line: line.section == "scorecard" and line.indicator_id == self.resp
        )
        self.assertEqual((line.value, line.target_value, line.status), (50, 90, "missed"))
        self.assertFalse(line.has_previous, "nothing measured in 2025 H2")
        team = report.line_ids.filtered(lambda line: line.section == "sla_team")
        self.assertEqual(team.label, self.team.display_name)
        # response 1 of 2 on time; resolution: 1 h met, 11 h late -> 1 of 2
        self.assertEqual((team.value, team.count, team.second_value), (50, 2, 50))
        satisfaction = report.line_ids.filtered(
            lambda line: line.section == "satisfaction" and line.indicator_id.source == "csat"
        )
        self.assertEqual((satisfaction.value, satisfaction.count), (0, 1))
        actions = report.line_ids.filtered(lambda line: line.section == "action")
        self.assertEqual(actions[0].count, 0)
        self.assertIn(self.resp.name, report.proposals)
        self.assertEqual(
            report.missed_count,
            len(
                report.line_ids.filtered(
                    lambda line: line.section == "scorecard" and line.status == "missed"
                )
            ),
        )

    def test_improvement_report_lists_finding_action_effect(self):
        finding = self.env["quality_ops.finding"].create(
            {
                "name": "Backups not verified",
                "description": "No restore test",
                "company_id": self.company.id,
                "severity": "major",
            }
        )
        action = self.env["quality_ops.action"].create(
            {
                "name": "Monthly restore test",
                "finding_id": finding.id,
                "owner_id": self.manager.id,
                "due_date": "2026-12-31",
                "company_id": self.company.id,
            }
        )
        action.write({"result": "<p>restored</p>"})
        action.action_done()
        action.with_user(self.officer).action_verify_effective("Restore works")
        report = self.Report.create(
            {"name": "Improvement", "kind": "improvement", "year": D.today().year}
        )
        report.company_id = self.company
        report.action_generate()
        line = report.line_ids.filtered(lambda line: line.section == "improvement")
        self.assertEqual((line.finding_id, line.action_id, line.status), (finding, action, "met"))
        self.assertIn("Restore works", line.detail)
        severity = report.line_ids.filtered(lambda line: line.section == "finding")
        self.assertEqual((severity.count, severity.second_count), (1, 0))

    # ------------------------------------------------------------------
    # outputs
    # ------------------------------------------------------------------
    def test_xlsx_workbook_has_sections_headers_values_and_charts(self):
        self.build()
        report = self.half_report()
        report.action_generate()
        content, kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_quality_report_xlsx", report.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        for name in ("Summary", "Scorecard", "Monthly Trends", "SLA", "Complaints", "Audits"):
            self.assertIn(name, book.sheetnames)
        scorecard = book["Scorecard"]
        self.assertEqual(scorecard["A1"].value, "Indicator")
        self.assertEqual(scorecard.freeze_panes, "A2")
        self.assertTrue(scorecard.auto_filter.ref)
        rows = {row[0]: row for row in scorecard.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(rows[self.resp.display_name][2], 50)
        sla = book["SLA"]
        self.assertEqual([c.value for c in sla[2]][:4], ["Team", self.team.display_name, 50, 2])
        trends = book["Monthly Trends"]
        # one row per month of the half (the overdue backlog is 0 in months
        # without tickets), one column per measured indicator; only March has
        # a response compliance
        months = [trends.cell(row, 1).value for row in range(2, 8)]
        self.assertEqual(months, [dt.datetime(2026, m, 1) for m in range(1, 7)])
        header = [c.value for c in trends[1]]
        column = header.index(self.resp.display_name) + 1
        values = [trends.cell(row, column).value for row in range(2, 8)]
        self.assertEqual(values, [None, None, 50, None, None, None])
        charts = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if "charts/chart" in n]
        self.assertGreaterEqual(len(charts), 2, "scorecard and trend charts")

    def test_pdf_renders_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
        self.officer.lang = "zh_CN"
        self.build()
        report = self.half_report()
        report.write({"name": "2026年上半年质量报告"})
        report.with_user(self.officer).action_generate()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.officer)
            .with_context(lang=self.officer.lang)
            ._render_qweb_html("quality_ops.report_quality_report", report.ids)[0]
            .decode()
        )
        self.assertTrue("2026年上半年质量报告" in html, "the title in Chinese")
        self.assertTrue("指标计分卡" in html, "the section title, translated")
        text = self.render_pdf_text("quality_ops.report_quality_report", report, self.officer)
        self.assertInPdf("2026年上半年质量报告", text)
        for chinese, english in (
            ("指标计分卡", "Indicator Scorecard"),
            ("按团队统计的 SLA", "SLA by Team"),
            ("摘要", "Summary"),
        ):
            self.assertInPdf(chinese, text, f"{english} is translated in the PDF")
            self.assertNotIn(english, text)
        self.assertPagesNumbered(text)
        for chinese in ("编制人", "审核人", "批准人", "签字", self.officer.name):
            self.assertInPdf(chinese, text)

    # ------------------------------------------------------------------
    # scheduling
    # ------------------------------------------------------------------
    def test_cron_drafts_half_year_in_july_and_annual_in_january_once(self):
        reports = self.Report.search([("company_id", "=", self.company.id)])
        self.assertFalse(reports)
        created = self.Report._cron_draft_reports(today=D(2026, 7, 1))
        mine = created.filtered(lambda r: r.company_id == self.company)
        self.assertEqual((mine.kind, mine.year, mine.half), ("half_year", 2026, "1"))
        self.assertTrue(mine.generated_at)
        activity = mine.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertFalse(
            self.Report._cron_draft_reports(today=D(2026, 7, 2)).filtered(
                lambda r: r.company_id == self.company
            ),
            "a second run drafts nothing",
        )
        self.assertFalse(self.Report._cron_draft_reports(today=D(2026, 3, 1)))
        january = self.Report._cron_draft_reports(today=D(2027, 1, 1)).filtered(
            lambda r: r.company_id == self.company
        )
        self.assertEqual(
            sorted(january.mapped(lambda r: (r.kind, r.year, r.half or ""))),
            [("annual", 2026, ""), ("half_year", 2026, "2")],
        )

    # ------------------------------------------------------------------
    # XLSX exports
    # ------------------------------------------------------------------
    def export(self, records=None, model=None, domain=None, user=None):
        env = self.env(user=user) if user else self.env
        if records is not None:
            action = records.with_env(env).action_quality_export_xlsx()
        else:
            action = env[model].action_quality_export_search_xlsx(domain)
        self.assertEqual(action["report_type"], "xlsx")
        content, _kind = env["ir.actions.report"]._render_xlsx(
            action["report_name"], None, action["data"]
        )
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_formula_in_a_ticket_title_arrives_as_text(self):
        ticket = self.ticket('=HYPERLINK("x")', "2026-03-02 09:00:00")
        book = self.export(ticket.quality_sla_ids)
        sheet = book.worksheets[0]
        titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(titles, ['=HYPERLINK("x")'] * 2)
        cell = sheet["B2"]
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(sheet["A1"].value, "Ticket / Ticket number")

    def test_export_of_the_current_search_respects_the_domain_and_rules(self):
        self.build()
        clocks = self.env["quality_ops.ticket.sla"].search(
            [("ticket_id.company_id", "=", self.company.id)]
        )
        book = self.export(
            model="quality_ops.ticket.sla",
            domain=[("ticket_id.company_id", "=", self.company.id), ("state", "=", "met")],
        )
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), len(clocks.filtered(lambda c: c.state == "met")))
        state_column = [c.value for c in sheet[1]].index("State")
        self.assertEqual({row[state_column] for row in rows}, {"Met"})
        # a user without access to the model gets an error, not a file
        portal = new_test_user(self.env, "qo_r_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.export(model="quality_ops.ticket.sla", domain=[], user=portal)

    def test_every_export_opens_with_translated_headers(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
        self.build()
        self.Measurement._compute_period("month", D(2026, 3, 1), D(2026, 3, 31))
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "R audit",
                "planned_date": "2026-03-12",
                "company_id": self.company.id,
                "template_id": self.env.ref("quality_ops.checklist_project").id,
            }
        )
        book = self.export(audit)
        self.assertEqual(len(book.worksheets), 2, "the audit and its lines")
        self.assertEqual(book.worksheets[1].max_row - 1, len(audit.line_ids))
        for model in (
            "quality_ops.measurement",
            "quality_ops.ticket.sla",
            "rating.rating",
            "survey.user_input",
            "quality_ops.complaint",
            "quality_ops.escalation",
            "quality_ops.audit",
            "quality_ops.audit.line",
            "quality_ops.finding",
            "quality_ops.action",
            "quality_ops.qa.activity",
            "quality_ops.inspection",
        ):
            sheet = self.export(model=model, domain=[]).worksheets[0]
            self.assertTrue(sheet["A1"].value, model)
        chinese = self.export(
            model="quality_ops.measurement", domain=[("company_id", "=", self.company.id)]
        )
        zh = self.env(context=dict(self.env.context, lang="zh_CN"))
        content, _kind = (
            zh["ir.actions.report"]
            .with_user(self.manager)
            .with_context(lang="zh_CN")
            ._render_xlsx(
                "quality_ops.xlsx_export",
                None,
                {"model": "quality_ops.measurement", "domain": []},
            )
        )
        headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(content)).worksheets[0][1]]
        self.assertIn("指标", headers)
        english = [c.value for c in chinese.worksheets[0][1]]
        self.assertIn("Indicator", english)

    # ------------------------------------------------------------------
    # customer service report
    # ------------------------------------------------------------------
    def test_service_report_from_the_project_counts_and_sends(self):
        self.build()
        # the project manager reads the tickets of the helpdesk (the figures
        # count only what the one who prepares the report may read)
        self.lead.write({"group_ids": [(4, self.env.ref("helpdesk_mgmt.group_helpdesk_user").id)]})
        with freeze_time("2026-03-20"):
            action = self.project.with_user(self.lead).action_quality_service_report()
        report = self.env["quality_ops.service.report"].browse(action["res_id"])
        self.assertEqual((report.date_from, report.date_to), (D(2026, 3, 1), D(2026, 3, 31)))
        self.assertEqual(report.partner_id, self.customer)
        self.assertEqual((report.ticket_count, report.closed_count), (2, 2))
        self.assertEqual((report.response_met, report.response_total), (1, 2))
        self.assertEqual(report.resolution_rate, 50)
        self.assertEqual((report.rating_count, report.csat_rate, report.rating_average), (1, 0, 1))
        rows = report._ticket_rows()
        self.assertEqual([row[1] for row in rows], ["on time", "late"])
        # printed in the company's time zone, where they were counted, whoever prints
        zone = zoneinfo.ZoneInfo(report.company_id._quality_tz())
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "on time")], limit=1)
        local = ticket.create_date.replace(tzinfo=dt.UTC).astimezone(zone)
        self.lead.tz = "Pacific/Honolulu" if zone.key != "Pacific/Honolulu" else "Asia/Tokyo"
        for printed in (rows, report.with_user(self.lead)._ticket_rows()):
            self.assertEqual(printed[0][2], local.replace(tzinfo=None))
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_service_report_xlsx", report.ids, {}
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.worksheets[1].max_row, 3)
        compose = report.with_user(self.lead).action_send()
        self.assertEqual(compose["res_model"], "mail.compose.message")
        template = self.env.ref("quality_ops.mail_template_service_report")
        with self.pdf_rendering():
            values = template.with_context(force_report_rendering=True)._generate_template(
                report.ids, ["report_template_ids", "partner_to"]
            )[report.id]
        names = [name for name, _data in values["attachments"]]
        self.assertEqual(len(names), 2)
        self.assertTrue(any(name.endswith(".xlsx") for name in names))
        self.assertTrue(any(name.endswith(".pdf") for name in names))
        self.assertEqual(values["partner_ids"], [self.customer.id])

    def test_service_report_pdf_in_chinese(self):
        self.build()
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
        self.customer.name = "华东银行股份有限公司"
        self.lead.write(
            {
                "lang": "zh_CN",
                "group_ids": [(4, self.env.ref("helpdesk_mgmt.group_helpdesk_user").id)],
            }
        )
        # the stages as the OCA translation names them in Chinese
        stages = self.env["helpdesk.ticket.stage"].search([])
        for stage in stages:
            stage.with_context(lang="zh_CN").name = f"阶段{stage.id}"
        english_stages = stages.with_context(lang="en_US").mapped("name")
        self.customer.lang = "zh_CN"
        with freeze_time("2026-03-20"):
            action = self.project.with_user(self.lead).action_quality_service_report()
        report = self.env["quality_ops.service.report"].browse(action["res_id"])
        report.with_user(self.lead).write(
            {
                "issues": "<p>机房空调老化，建议更换。</p>",
                "next_month_plan": "<p>4月12日核心交换机升级。</p>",
            }
        )
        # an inspection of the month not done: counted and listed
        Inspection = with_pass(self.env["quality_ops.inspection"], creating=True)
        inspection = Inspection.create(
            {
                "target": "核心机房",
                "project_id": self.project.id,
                "company_id": self.company.id,
                "due_date": "2026-03-10",
            }
        )
        Inspection.create(
            {
                "target": "下月机房",
                "project_id": self.project.id,
                "company_id": self.company.id,
                "due_date": "2026-04-10",
            }
        )
        self.assertEqual(report._inspections(), inspection)
        # the late ticket breached both clocks: a major incident
        self.assertEqual([row[1] for row in report._major_incident_rows()], ["late"])
        # printed by the project manager, who reads Chinese, for a Chinese customer
        text = self.render_pdf_text("quality_ops.report_service_report", report, self.lead)
        for stage in report.ticket_ids.stage_id:
            self.assertInPdf(f"阶段{stage.id}", text, "the stage in the customer's language")
        for english in english_stages:
            self.assertNotIn(english, text, "no English stage name")
        for chinese in (
            "运维服务月报",
            "一、服务概况",
            "二、SLA 达成情况",
            "三、重大事件",
            "四、巡检情况",
            "五、客户满意度",
            "六、SLA 考核与服务抵扣",
            "七、问题与建议",
            "机房空调老化，建议更换。",
            "八、下月工作计划",
            "4月12日核心交换机升级。",
            "存在异常或未按时完成的巡检",
            inspection.reference,
            "核心机房",
            "客户确认",
            "签字",
            "（单位盖章）",
        ):
            self.assertInPdf(chinese, text)
        self.assertPagesNumbered(text)
        self.assertIn(self.as_read_back("客户确认"), text, "a heading on one line")
        # the workbook sent with it names the stages alike
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_service_report_xlsx", report.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[1]
        self.assertEqual(
            {row[4] for row in sheet.iter_rows(min_row=2, values_only=True)},
            {f"阶段{stage.id}" for stage in report.ticket_ids.stage_id},
        )
        self.assertInPdf("华东银行股份有限公司", text)
        self.assertInPdf(report.reference, text)
        for chinese, english in (
            ("运维服务月报", "Service Report"),
            ("受理工单数", "Tickets Received"),
            ("客户", "Customer"),
        ):
            self.assertInPdf(chinese, text, f"{english} is translated in the PDF")
            self.assertNotIn(english, text)

    def test_service_report_needs_a_customer(self):
        project = self.env["project.project"].create(
            {"name": "No customer", "company_id": self.company.id}
        )
        with self.assertRaises(UserError):
            project.action_quality_service_report()

    def test_demo_data_generates_the_2026_h1_report(self):
        company = self.env.ref("base.main_company")
        # the dashboard shows a full year: the twelve complete months before
        # the demo was loaded (today, in the tests) are measured with figures
        this_month = fields.Date.context_today(self.env.user).replace(day=1)
        months = self.Measurement.search(
            [
                ("company_id", "=", company.id),
                ("indicator_id", "=", self.resp.id),
                ("periodicity", "=", "month"),
                ("scope", "=", "company"),
                ("date_from", ">=", this_month - relativedelta(months=12)),
                ("date_from", "<", this_month),
                ("denominator", ">", 0),
            ]
        )
        self.assertEqual(len(months), 12)
        # the report of the last complete half-year
        report = self.env.ref("quality_ops.demo_report_2026_h1")
        half_end = (
            D(this_month.year, 6, 30) if this_month.month > 6 else D(this_month.year - 1, 12, 31)
        )
        self.assertEqual((report.company_id, report.date_to), (company, half_end))
        # the lines are the generation's: regenerating replaces them
        with self.assertRaisesRegex(UserError, "not by hand"):
            report.line_ids.unlink()
        officer = self.env.ref("quality_ops.user_qa_officer")
        report.with_user(officer).with_context(allowed_company_ids=company.ids).action_generate()
        self.assertEqual(report.prepared_by_id, officer)
        scorecard = report.line_ids.filtered(lambda line: line.section == "scorecard")
        self.assertGreaterEqual(len(scorecard), 10)
        self.assertTrue(report.line_ids.filtered(lambda line: line.section == "sla_team"))
        self.assertTrue(report.line_ids.filtered(lambda line: line.section == "satisfaction"))
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "quality_ops.report_quality_report_xlsx", report.ids, {}
        )
        trends = openpyxl.load_workbook(io.BytesIO(content))["Monthly Trends"]
        self.assertEqual(trends.max_row - 1, 6, "every month of the half has figures")

    def test_access_per_role_and_company(self):
        report = self.half_report()
        lead_reports = self.Report.with_user(self.lead)
        self.assertEqual(lead_reports.search([("id", "=", report.id)]), report)
        with self.assertRaises(AccessError):
            lead_reports.create({"name": "x", "kind": "annual", "year": 2026})
        engineer = new_test_user(
            self.env,
            "qo_r_engineer",
            groups="quality_ops.group_quality_engineer",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.Report.with_user(engineer).search([])
        # another company's representative sees none of this company's reports
        other = self.env["res.company"].create({"name": "Elsewhere O&M"})
        foreign = new_test_user(
            self.env,
            "qo_r_foreign",
            groups="quality_ops.group_quality_representative",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        self.assertFalse(
            self.Report.with_user(foreign)
            .with_context(allowed_company_ids=other.ids)
            .search([("id", "=", report.id)])
        )
        # project leads see the service reports of their own projects only
        own = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": "2026-03-01",
            }
        )
        stranger = self.env["project.project"].create(
            {"name": "Not mine", "partner_id": self.customer.id, "company_id": self.company.id}
        )
        foreign_project = self.env["quality_ops.service.report"].create(
            {"partner_id": self.customer.id, "project_id": stranger.id, "date_from": "2026-03-01"}
        )
        seen = (
            self.env["quality_ops.service.report"]
            .with_user(self.lead)
            .search([("id", "in", (own | foreign_project).ids)])
        )
        self.assertEqual(seen, own)

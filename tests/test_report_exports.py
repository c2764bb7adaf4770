"""Exports to XLSX (text never a formula, the domain and record rules respected, translated
headers) and the customer service report."""

import datetime as dt
import io
import zoneinfo

import openpyxl
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.quality_ops.quality_ops.tools.workflow_pass import with_pass

from . import report_common as fixture
from .common import company_today, foreign_representative, load_chinese, role_user
from .report_common import D


@tagged("post_install", "-at_install")
class TestQualityExports(fixture.QualityReportCase):
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
        load_chinese(self.env)
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
        load_chinese(self.env)
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
        this_month = company_today(company).replace(day=1)
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
        engineer = role_user(self.env, "qo_r_engineer", "engineer", company=self.company)
        with self.assertRaises(AccessError):
            self.Report.with_user(engineer).search([])
        # another company's representative sees none of this company's reports
        foreign = foreign_representative(self.env, "qo_r_foreign")
        other = foreign.company_id
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

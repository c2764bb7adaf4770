"""The demo: a believable year relative to the day it is installed, in Chinese, in Shanghai
working time."""

import datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open
from odoo.tools.convert import _get_eval_context, xml_import
from odoo.tools.safe_eval import safe_eval

from . import demo_common as fixture
from .common import company_today, load_chinese
from .demo_common import DEMO_USERS, PERIODS, SHANGHAI, holidays_2026


@tagged("post_install", "-at_install")
class TestDemo(fixture.DemoCase):
    def test_catalogue_is_complete_in_both_languages(self):
        codes = set(self.env["quality_ops.indicator"].search([]).mapped("code"))
        builtin = {
            "RESP_SLA",
            "RESO_SLA",
            "RESP_AVG",
            "RESO_AVG",
            "CSAT",
            "SURVEY",
            "NPS",
            "COMPLAINT",
            "COMPLAINT_CLOSE",
            "REOPEN",
            "FCR",
            "BACKLOG",
            "ACTION_ONTIME",
            "AUDIT_CONF",
        }
        self.assertLessEqual(builtin, codes)
        load_chinese(self.env)
        zh = self.env.ref("quality_ops.indicator_resp_sla").with_context(lang="zh_CN")
        self.assertEqual(zh.name, "响应及时率")

    def test_demo_works_in_chinese_in_shanghai(self):
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        self.assertLessEqual({"zh_CN", "en_US"}, installed)
        for xmlid in DEMO_USERS:
            user = self.user(xmlid)
            self.assertEqual((user.lang, user.tz), ("zh_CN", "Asia/Shanghai"), xmlid)
        # the admin reads English (an inactive language would fall back to Chinese)
        Users = self.env["res.users"]
        admin = self.env.ref("base.user_admin")
        self.assertEqual(admin.lang, "en_US")
        self.assertEqual(Users.with_user(admin).context_get()["lang"], "en_US")
        officer = self.user("user_qa_officer")
        self.assertEqual(Users.with_user(officer).context_get()["lang"], "zh_CN")
        # the customers read their reports in Chinese
        for xmlid in ("bank", "hospital", "logistics", "portal"):
            self.assertEqual(self.env.ref(f"quality_ops.partner_customer_{xmlid}").lang, "zh_CN")
        company = self.env.ref("base.main_company")
        calendar = self.env.ref("quality_ops.calendar_china_office")
        self.assertEqual(company.resource_calendar_id, calendar)
        self.assertEqual((company._quality_tz(), calendar.tz), ("Asia/Shanghai", "Asia/Shanghai"))
        # every demo team and policy counts in that calendar, none in the company's
        # fallback (Odoo's Standard 40 hours/week of another time zone)
        demo = self.env["ir.model.data"].search([("module", "=", "quality_ops")])
        teams = self.env["helpdesk.ticket.team"].browse(
            demo.filtered(lambda d: d.model == "helpdesk.ticket.team").mapped("res_id")
        )
        policies = self.env["quality_ops.sla.policy"].browse(
            demo.filtered(lambda d: d.model == "quality_ops.sla.policy").mapped("res_id")
        )
        self.assertEqual(len(teams), 2)
        self.assertEqual(len(policies), 2)
        self.assertEqual(teams.quality_calendar_id, calendar)
        # helpdesk_mgmt's demo teams count in the company's calendar, the same
        every_team = self.env["helpdesk.ticket.team"].search([])
        self.assertGreater(len(every_team), len(teams))
        for team in every_team:
            effective = (
                team.quality_calendar_id or (team.company_id or company).resource_calendar_id
            )
            self.assertEqual(effective, calendar, team.name)
        self.assertEqual(policies.mapped("calendar_id"), calendar)
        self.assertTrue(all(policies.mapped("calendar_id")))
        # the holidays and make-up working days of every year the history covers,
        # imported from the official calendar; 2026's as the shipped list says
        off, makeup = self.calendar_days(calendar)
        years = {self.first_month().year, self.today().year}
        self.assertEqual({day.year for day in off}, {y for y in years if self.official(y)})
        if 2026 in years:
            holidays, workdays = holidays_2026()
            self.assertEqual({day for day in off if day.year == 2026}, holidays)
            self.assertEqual({day for day in makeup if day.year == 2026}, workdays)
            self.assertIn(datetime.date(2026, 10, 1), off)
            self.assertIn(datetime.date(2026, 10, 10), workdays)  # a Saturday worked

    def test_demo_names_read_in_chinese(self):
        bank = self.env.ref("quality_ops.partner_customer_bank")
        self.assertEqual(bank.name, "华东港湾银行")
        self.assertEqual(self.user("user_customer_portal").commercial_partner_id, bank)
        desk = self.env.ref("quality_ops.team_service_desk")
        self.assertEqual(desk.with_context(lang="zh_CN").name, "服务台（一线）")
        # English for the admin, who reads English
        self.assertEqual(desk.with_context(lang="en_US").name, "Service Desk (L1)")
        helpdesk = self.env.ref("helpdesk_mgmt.helpdesk_team_2")
        self.assertEqual(
            (helpdesk.with_context(lang="zh_CN").name, helpdesk.with_context(lang="en_US").name),
            ("帮助台", "Helpdesk"),
        )
        project = self.env.ref("quality_ops.project_bank").with_context(lang="zh_CN")
        self.assertEqual(project.name, "港湾银行数据中心运维")
        ticket = self.env.ref("quality_ops.ticket_core_switch")
        self.assertEqual(ticket.name, "核心交换机端口抖动")

    def test_demo_chatter_reads_in_chinese(self):
        # the demo's records were made by the loading (no language): their
        # "created" lines and the escalations' notes and to-dos read as its
        # Chinese users would have written them
        Message = self.env["mail.message"]
        english = Message.search_count(
            [("model", "=like", "quality_ops.%"), ("body", "=like", "%created</p>")]
        )
        self.assertEqual(english, 0)
        inspection = self.env["quality_ops.inspection"].search([], limit=1)
        self.assertEqual(
            str(inspection.message_ids.sorted("id")[:1].body),
            "<p>%s 创建</p>"
            % self.env["ir.model"].with_context(lang="zh_CN")._get(inspection._name).name,
        )
        escalations = Message.search(
            [("model", "=", "quality_ops.complaint"), ("body", "like", "升级")]
        )
        self.assertTrue(escalations)
        rule = self.env.ref("quality_ops.escalation_rule_created").with_context(lang="zh_CN")
        self.assertNotEqual(rule.name, rule.with_context(lang="en_US").name)
        for message in escalations:
            self.assertIn(rule.name, str(message.body))
        activities = self.env["mail.activity"].search([("res_model", "=", "quality_ops.complaint")])
        self.assertEqual(set(activities.mapped("summary")), {rule.name})
        # nothing left to do on the actions done or verified
        finished = self.env["quality_ops.action"].search([("state", "in", ("done", "verified"))])
        self.assertTrue(finished)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("res_model", "=", "quality_ops.action"), ("res_id", "in", finished.ids)]
            )
        )
        # the to-dos name their records as they read now, in Chinese
        todo = self.env["mail.activity"].search(
            [("res_model", "=", "quality_ops.complaint")], limit=1
        )
        record = self.env["quality_ops.complaint"].browse(todo.res_id)
        self.assertEqual(todo.res_name, record.with_context(lang="zh_CN").display_name)
        # a complaint's move to its stage names the stages in Chinese
        moves = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "quality_ops.complaint"),
                    ("field_id.name", "=", "stage_id"),
                ]
            )
        )
        self.assertTrue(moves)
        stages = self.env["quality_ops.complaint.stage"]
        for move in moves:
            stage = stages.browse(move.new_value_integer)
            self.assertEqual(move.new_value_char, stage.with_context(lang="zh_CN").name)
            self.assertNotEqual(move.new_value_char, stage.with_context(lang="en_US").name)

    def test_demo_complaints_trail_dated_as_they_were_handled(self):
        # a complaint's creation, escalation note and log are dated when it
        # came in, its move to its stage when it was answered; the quality
        # manager's to-do is done for those taken beyond acceptance
        accept = self.env.ref("quality_ops.complaint_stage_accept")
        complaints = self.env["quality_ops.complaint"].search([])
        self.assertTrue(complaints.filtered(lambda c: c.stage_id != accept))
        company = self.env.ref("base.main_company")
        for complaint in complaints:
            received = complaint.create_date
            messages = complaint.message_ids
            # the escalation's to-do done when it was answered; the move to its
            # stage then, or when it closed for a closed one
            done = messages.filtered(lambda m: m.subtype_id == self.env.ref("mail.mt_activities"))
            moved = messages.filtered("tracking_value_ids")
            self.assertEqual(
                set((messages - done - moved).mapped("date")) - {received}, set(), complaint.name
            )
            handled = complaint.responded_at or complaint.closed_at or received
            self.assertEqual(set(done.mapped("date")) - {handled}, set(), complaint.name)
            # through the stages in order: the first move when it was answered,
            # the last when it closed (an open one's before now)
            dates = moved.sorted("id").mapped("date")
            self.assertEqual(dates, sorted(dates), complaint.name)
            self.assertEqual(dates[:1], [handled] if moved else [], complaint.name)
            last = complaint.closed_at if complaint.is_closed else fields.Datetime.now()
            self.assertLessEqual(max(dates, default=last), last, complaint.name)
            self.assertEqual(
                moved.author_id, complaint.owner_id.partner_id if moved else moved.author_id
            )
            # received by its owner, not by the loader (OdooBot)
            created = messages.sorted("id")[:1]
            self.assertEqual(created.author_id, complaint.owner_id.partner_id, complaint.name)
            self.assertEqual(complaint.create_uid, complaint.owner_id, complaint.name)
            if complaint.is_closed:
                self.assertEqual(dates[-1], complaint.closed_at, complaint.name)
                self.assertGreater(len(moved), 2, "through the closed loop, not a jump")
            log = self.env["quality_ops.escalation"].search([("complaint_id", "=", complaint.id)])
            self.assertEqual(set(log.mapped("escalated_at")), {received}, complaint.name)
            todo = self.env["mail.activity"].search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
            if complaint.stage_id == accept:
                self.assertEqual(
                    set(todo.mapped("date_deadline")), {company._quality_local_date(received)}
                )
            else:
                self.assertFalse(todo, complaint.name)

    def test_demo_deadlines_fall_in_chinese_working_hours(self):
        calendar = self.env.ref("quality_ops.calendar_china_office")
        # the days imported from the official calendar (checked against the
        # shipped 2026 list in test_demo_works_in_chinese_in_shanghai)
        holidays, workdays = self.calendar_days(calendar)

        def assert_working_time(instant, what):
            local = instant.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI)
            day, moment = local.date(), local.time()
            working_day = day in workdays or (day.weekday() < 5 and day not in holidays)
            self.assertTrue(working_day, f"{what}: {local} is not a working day")
            self.assertTrue(
                any(start <= moment <= end for start, end in PERIODS),
                f"{what}: {local} is outside 09:00-12:00, 13:30-18:00 in Shanghai",
            )

        tickets = self.demo_tickets()
        clocks = self.env["quality_ops.ticket.sla"].search(
            [("ticket_id", "in", tickets.ids), ("is_current", "=", True), ("deadline", "!=", False)]
        )
        self.assertGreaterEqual(len(clocks), 8)
        # the standard policy (teams) as well as the bank's (customer)
        self.assertEqual(
            set(clocks.policy_id.ids),
            {
                self.env.ref("quality_ops.sla_policy_standard").id,
                self.env.ref("quality_ops.sla_policy_bank").id,
            },
        )
        for clock in clocks:
            self.assertEqual(clock.calendar_id, calendar)
            assert_working_time(clock.deadline, f"{clock.ticket_id.name} {clock.kind}")
        complaints = self.env["quality_ops.complaint"].search(
            [("team_id", "!=", False), ("close_deadline", "!=", False)]
        )
        self.assertGreaterEqual(len(complaints), 6)
        for complaint in complaints:
            self.assertEqual(complaint.calendar_id, calendar)
            assert_working_time(complaint.response_deadline, complaint.name)
            assert_working_time(complaint.close_deadline, complaint.name)

    def test_the_demo_s_today_is_the_main_company_s(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: the demo's last month is
        # the company's June, not the installing user's (New York's) May
        company = self.env.ref("base.main_company")
        company.partner_id.tz = "Asia/Shanghai"
        engineer = self.env.ref("quality_ops.user_engineer")
        Demo = self.env["quality_ops.demo"].with_context(tz="America/New_York")
        with freeze_time("2030-06-30 17:00:00"):
            Demo._demo_appraisals(
                "quality_ops.appraisal_template_engineers",
                "quality_ops.user_om_manager",
                [("quality_ops.user_engineer", 1, 80, "", "", "draft")],
            )
        appraisals = self.env["quality_ops.appraisal"].search(
            [("user_id", "=", engineer.id), ("date_from", ">=", datetime.date(2030, 1, 1))]
        )
        self.assertEqual(appraisals.mapped("date_from"), [datetime.date(2030, 6, 1)])

    def test_the_demo_files_count_the_company_s_days(self):
        # the dates the demo files compute, evaluated as Odoo loads them
        loader = xml_import(self.env, "quality_ops", {}, mode="init")
        nodes = []
        for name in get_manifest("quality_ops")["demo"]:
            with file_open(f"quality_ops/{name}", "rb") as file:
                root = etree.parse(file).getroot()
            nodes += [
                (f"{name}:{node.sourceline}", node)
                for node in root.iter("field", "value")
                if any(word in node.get("eval", "") for word in ("DateTime.today", "obj()._demo"))
            ]
        self.assertGreater(len(nodes), 90)

        def evaluate(moment, chosen):
            with freeze_time(moment):
                return {
                    where: safe_eval(
                        node.get("eval"), _get_eval_context(loader, self.env, node.get("model"))
                    )
                    for where, node in chosen
                }

        # 17:00 UTC on 30 June and 03:00 UTC on 1 July are both 1 July in
        # Shanghai: the same half-year, month and day of the demo
        evening, morning = (
            evaluate("2030-06-30 17:00:00", nodes),
            evaluate("2030-07-01 03:00:00", nodes),
        )
        self.assertEqual([where for where in evening if evening[where] != morning[where]], [])
        # in January, last January (the history's first month) has its
        # holidays imported and its year measured, with this year
        years = [
            (where, node)
            for where, node in nodes
            if node.getparent().get("name") in ("_demo_import_official_holidays", "_compute_year")
        ]
        self.assertEqual(len(years), 4)
        self.assertEqual(set(evaluate("2031-01-15 03:00:00", years).values()), {2030, 2031})


@tagged("post_install", "-at_install")
class TestDemoPlausible(TransactionCase):
    """The demo is a believable year before the day it was installed (whatever day)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("quality_ops.ticket_history_complained", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("database installed without demo data")
        self.today = company_today(self.env.ref("base.main_company"))
        self.first = self.today.replace(day=1) - relativedelta(months=12)
        self.history = self.env["helpdesk.ticket"].search([("number", "=like", "HT____-___")])

    def local(self, instant):
        return instant.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI)

    def test_no_ticket_closed_before_it_was_created_or_in_the_future(self):
        now = fields.Datetime.now()
        closed = self.env["helpdesk.ticket"].search([("closed_date", "!=", False)])
        self.assertGreater(len(closed), 300)
        for ticket in closed:
            self.assertLessEqual(ticket.create_date, ticket.closed_date, ticket.number)
            self.assertLessEqual(ticket.closed_date, now, ticket.number)
        # the history is the year before today: never today, never in the future
        created = {self.local(t.create_date).date() for t in self.history}
        self.assertLess(max(created), self.today)
        self.assertEqual(min(created).replace(day=1), self.first)
        self.assertTrue(all(t.user_id for t in self.history))
        self.assertGreaterEqual(len(self.history.user_id), 3)

    def test_no_vendor_case_opened_before_its_ticket(self):
        cases = self.env["quality_ops.vendor.case"].search([])
        # the open tickets' cases (XML) as well as the history's (generated)
        self.assertGreater(len(cases), 3)
        self.assertIn(self.env.ref("quality_ops.vendor_case_backup"), cases)
        for case in cases:
            self.assertLess(case.ticket_id.create_date, case.opened_at, case.name)
        # the open tickets' clocks started when they were created, not at the install
        for xmlid in ("ticket_core_switch", "ticket_his_slow", "ticket_backup"):
            ticket = self.env.ref(f"quality_ops.{xmlid}")
            clocks = ticket.quality_sla_ids
            self.assertTrue(clocks, xmlid)
            self.assertEqual(set(clocks.mapped("start_at")), {ticket.create_date}, xmlid)

    def test_history_is_handled_in_working_hours_by_the_clock_logic(self):
        calendar = self.env.ref("quality_ops.calendar_china_office")
        clocks = self.env["quality_ops.ticket.sla"].search(
            [("ticket_id", "in", self.history.ids), ("state", "in", ("met", "breached"))]
        )
        self.assertEqual(set(clocks.calendar_id.ids), {calendar.id})
        work = calendar._quality_worktime(self.first - relativedelta(days=1), self.today)
        inside = 0
        for clock in clocks:
            # consumed hours are working hours between start and reached
            self.assertAlmostEqual(
                clock.consumed_hours,
                work.hours_between(clock.start_at, clock.reached_at),
                delta=0.006,  # stored to the hundredth
            )
            self.assertEqual(
                clock.state == "met", clock.consumed_hours <= clock.target_hours + 0.006
            )
        for ticket in self.history:
            local = self.local(ticket.create_date).time()
            inside += any(start <= local <= end for start, end in PERIODS)
        # most tickets come in during office hours, a few out of hours (on call)
        self.assertGreater(inside / len(self.history), 0.8)
        self.assertLess(inside, len(self.history))

    def test_every_complete_month_has_sla_figures_and_a_mean_response(self):
        Measurement = self.env["quality_ops.measurement"]
        company = self.env.ref("base.main_company")
        for code in ("RESP_SLA", "RESO_SLA", "RESP_AVG"):
            rows = Measurement.search(
                [
                    ("indicator_id.code", "=", code),
                    ("periodicity", "=", "month"),
                    ("scope", "=", "company"),
                    ("company_id", "=", company.id),
                    ("date_from", ">=", self.first),
                    ("date_from", "<", self.today.replace(day=1)),
                ]
            )
            self.assertEqual(len(rows), 12, code)
            self.assertTrue(all(row.denominator > 0 for row in rows), code)
            if code == "RESP_AVG":
                self.assertTrue(all(row.value > 0 for row in rows))
            else:
                self.assertGreater(min(rows.mapped("value")), 60.0, code)
                self.assertLess(min(rows.mapped("value")), 100.0, code)
                self.assertGreater(len(set(rows.mapped("value"))), 3, code)

    def test_projects_have_several_priorities_titles_and_categories(self):
        for project in self.history.project_id:
            mine = self.history.filtered(lambda t, p=project: t.project_id == p)
            self.assertGreaterEqual(len(set(mine.mapped("priority"))), 3, project.name)
            self.assertGreaterEqual(len(set(mine.mapped("name"))), 5, project.name)
            self.assertGreaterEqual(len(mine.category_id), 3, project.name)

    def test_about_a_third_of_closed_tickets_are_rated_mostly_well(self):
        closed = self.history.filtered("closed_date")
        ratings = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "in", closed.ids)]
        )
        share = len(ratings) / len(closed)
        self.assertTrue(0.25 <= share <= 0.42, share)
        good = len(ratings.filtered(lambda r: r.rating >= 4))
        self.assertGreater(good / len(ratings), 0.75)
        self.assertTrue(ratings.filtered(lambda r: r.rating <= 2))
        for rating in ratings:
            ticket = closed.browse(rating.res_id)
            self.assertGreaterEqual(rating.create_date, ticket.closed_date)

    def test_survey_answers_complaints_and_findings_are_dated_in_the_past_year(self):
        answers = self.env["survey.user_input"].search([("quality_campaign_id", "!=", False)])
        self.assertGreater(len({a.end_datetime.date() for a in answers}), 1)
        now = fields.Datetime.now()
        self.assertTrue(all(a.end_datetime < now for a in answers))
        complaints = self.env["quality_ops.complaint"].search([])
        days = {self.local(c.create_date).date() for c in complaints}
        self.assertGreater(len(days), 3)
        self.assertLess(max(days), self.today)
        for complaint in complaints.filtered("closed_at"):
            self.assertLess(complaint.create_date, complaint.closed_at)
            self.assertLess(complaint.closed_at, now)

    def test_h1_audit_findings_are_counted_in_the_h1_report(self):
        audit = self.env.ref("quality_ops.audit_2026_h1")
        report = self.env.ref("quality_ops.demo_report_2026_h1")
        findings = self.env["quality_ops.finding"].search([("audit_id", "=", audit.id)])
        self.assertTrue(findings)
        self.assertTrue(all(f.create_date.date() <= audit.date_done for f in findings))
        counted = report.line_ids.filtered(lambda line: line.section == "finding")
        self.assertGreaterEqual(sum(counted.mapped("count")), len(findings))

    def test_a_sent_service_report_was_made_before_it_was_sent(self):
        sent = self.env["quality_ops.service.report"].search([("state", "=", "sent")])
        self.assertTrue(sent)
        for report in sent:
            # its figures were taken on or before the day it went out, after its month
            made = self.local(report.generated_at).date()
            self.assertLessEqual(made, report.sent_date, report.reference)
            self.assertGreater(made, report.date_to, report.reference)

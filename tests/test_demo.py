"""What the demo database shows each role (skipped only when installed without demo)."""

import csv
import datetime
import io
import zoneinfo
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open

from odoo.addons.quality_ops.quality_ops.holidays import (
    OfficialCalendarUnavailable,
    official_days,
    parse_holiday_lines,
)

DEMO_USERS = (
    "user_representative",
    "user_quality_manager",
    "user_qa_officer",
    "user_qc_officer",
    "user_project_lead",
    "user_project_lead2",
    "user_om_manager",
    "user_engineer",
    "user_customer_portal",
)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# the demo calendar's working periods, local time
PERIODS = ((datetime.time(9), datetime.time(12)), (datetime.time(13, 30), datetime.time(18)))


def holidays_2026():
    """(public holidays, make-up working days) of the State Council's 2026 list."""
    with file_open("quality_ops/data/cn_public_holidays_2026.csv") as source:
        days = parse_holiday_lines(csv.reader(io.StringIO(source.read())))
    holidays, workdays = set(), set()
    for day in days:
        current = day.date_from
        while current <= day.date_to:
            (holidays if day.kind == "holiday" else workdays).add(current)
            current += datetime.timedelta(days=1)
    return holidays, workdays


@tagged("post_install", "-at_install")
class TestDemo(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.demo = cls.env.ref("quality_ops.plan_2026_organisation", raise_if_not_found=False)

    def setUp(self):
        super().setUp()
        if not self.demo:
            self.skipTest("database installed without demo data")

    def today(self):
        return fields.Date.context_today(self.env["res.users"])

    def first_month(self):
        """The first of the twelve complete months before today."""
        return self.today().replace(day=1) - relativedelta(months=12)

    def official(self, year):
        """Whether the official calendar (chinesecalendar) knows ``year``."""
        try:
            return bool(official_days(year))
        except OfficialCalendarUnavailable:
            return False

    def calendar_days(self, calendar):
        """(days off, make-up working days) of a calendar, local dates."""
        off, makeup = set(), set(calendar.quality_makeup_day_ids.mapped("date"))
        leaves = self.env["resource.calendar.leaves"].search([("calendar_id", "=", calendar.id)])
        for leave in leaves:
            day = leave.date_from.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI).date()
            end = leave.date_to.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI).date()
            while day < end:
                off.add(day)
                day += datetime.timedelta(days=1)
        return off, makeup

    def user(self, xmlid):
        return self.env.ref(f"quality_ops.{xmlid}")

    def plans_seen(self, xmlid):
        plans = self.env["quality_ops.plan"].with_user(self.user(xmlid)).search([])
        return set(plans.sudo().get_external_id().values())

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
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])
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

        tickets = (
            self.env.ref("quality_ops.ticket_core_switch")
            | self.env.ref("quality_ops.ticket_vpn")
            | self.env.ref("quality_ops.ticket_his_slow")
            | self.env.ref("quality_ops.ticket_printer")
            | self.env.ref("quality_ops.ticket_backup")
        )
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

    def test_roles_see_what_the_regulation_allows(self):
        every = {
            "quality_ops.plan_2026_organisation",
            "quality_ops.plan_2026_project_bank",
            "quality_ops.plan_2026_project_hospital",
        }
        for role in (
            "user_representative",
            "user_quality_manager",
            "user_qa_officer",
            "user_qc_officer",
        ):
            self.assertLessEqual(every, self.plans_seen(role), role)
        self.assertEqual(
            self.plans_seen("user_project_lead"),
            {"quality_ops.plan_2026_organisation", "quality_ops.plan_2026_project_bank"},
        )
        self.assertEqual(
            self.plans_seen("user_project_lead2"),
            {"quality_ops.plan_2026_organisation", "quality_ops.plan_2026_project_hospital"},
        )
        # the O&M manager received the published plan; the engineer was not sent any
        self.assertEqual(self.plans_seen("user_om_manager"), {"quality_ops.plan_2026_organisation"})
        self.assertEqual(self.plans_seen("user_engineer"), set())
        portal = self.user("user_customer_portal")
        with self.assertRaises(AccessError):
            self.env["quality_ops.plan"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["quality_ops.ticket.sla"].with_user(portal).search([])

    def test_only_the_representative_approves_the_submitted_demo_plan(self):
        plan = self.env.ref("quality_ops.plan_2026_project_bank")
        self.assertEqual(plan.state, "submitted")
        with self.assertRaises(AccessError):
            plan.with_user(self.user("user_quality_manager")).action_approve()
        plan.with_user(self.user("user_representative")).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_sla_report_matches_a_hand_count(self):
        tickets = (
            self.env.ref("quality_ops.ticket_core_switch")
            | self.env.ref("quality_ops.ticket_vpn")
            | self.env.ref("quality_ops.ticket_his_slow")
            | self.env.ref("quality_ops.ticket_printer")
            | self.env.ref("quality_ops.ticket_backup")
        )
        clocks = self.env["quality_ops.ticket.sla"].search(
            [("ticket_id", "in", tickets.ids), ("is_current", "=", True)]
        )
        by_state = {}
        for clock in clocks:
            by_state[clock.state] = by_state.get(clock.state, 0) + 1
        # by hand: printer closed (2 met), backup cancelled (2), VPN waiting (2 paused),
        # core switch and HIS still running
        self.assertEqual(by_state.get("met"), 2)
        self.assertEqual(by_state.get("cancelled"), 2)
        self.assertEqual(by_state.get("paused"), 2)
        rows = self.env["quality_ops.sla.report"]._read_group(
            [("ticket_id", "in", tickets.ids)],
            ["team_id"],
            ["met_count:sum", "breached_count:sum", "open_count:sum", "__count"],
        )
        totals = [sum(row[i] for row in rows) for i in (1, 2, 3, 4)]
        self.assertEqual(totals, [2, 0, 6, 10])
        service_desk = self.env.ref("quality_ops.team_service_desk")
        desk = [row for row in rows if row[0] == service_desk][0]
        # service desk: VPN (2 paused, open) and printer (2 met)
        self.assertEqual(desk[1:], (2, 0, 2, 4))

    def test_demo_h1_audit_with_findings_and_actions_in_every_state(self):
        audit = self.env.ref("quality_ops.audit_2026_h1")
        # the audit of the last complete half-year, done before today
        self.assertEqual(audit.half, "h1" if self.today().month > 6 else "h2")
        self.assertLess(audit.date_done, self.today())
        self.assertGreater(audit.nonconformity_count, 0)
        findings = self.env["quality_ops.finding"].search([])
        self.assertLessEqual(
            {
                "draft",
                "analysis",
                "action_plan",
                "in_progress",
                "verification",
                "closed",
                "cancelled",
            },
            set(findings.mapped("state")),
        )
        actions = self.env["quality_ops.action"].search([])
        self.assertLessEqual({"open", "done", "verified"}, set(actions.mapped("state")))
        # the plan year's management review, held, reads the audit and last year's decision
        review = self.env.ref("quality_ops.review_2026")
        self.assertEqual(review.state, "in_progress")
        self.assertEqual(review.input_ids.filtered(lambda x: x.section == "audit").audit_id, audit)
        previous = self.env.ref("quality_ops.review_2025")
        self.assertEqual((review.previous_review_id, previous.state), (previous, "closed"))
        followed = review.input_ids.filtered(lambda x: x.section == "previous")
        self.assertEqual(followed.decision_id, previous.decision_ids)
        self.assertEqual(followed.action_state, "open")
        self.assertTrue(followed.is_overdue)
        resp = review.input_ids.filtered(
            lambda x: x.section == "objective" and x.indicator_id.code == "RESP_SLA"
        )
        measured = self.env["quality_ops.measurement"].search(
            [
                ("indicator_id.code", "=", "RESP_SLA"),
                ("periodicity", "=", "year"),
                ("date_from", "=", date(review.planned_date.year, 1, 1)),
                ("scope", "=", "company"),
                ("company_id", "=", review.company_id.id),
            ]
        )
        self.assertEqual((resp.value, resp.status), (measured.value, measured.status))
        self.assertTrue(resp.has_target)
        self.assertTrue(previous._quality_is_sealed())

    def test_demo_satisfaction_and_complaints(self):
        stages = self.env["quality_ops.complaint.stage"].search([])
        complaints = self.env["quality_ops.complaint"].search([])
        self.assertLessEqual(set(stages.ids), set(complaints.stage_id.ids))
        campaign = self.env.ref("quality_ops.campaign_2026_h1")
        self.assertEqual(campaign.answered_count, 3)
        self.assertEqual(campaign.nps, 0)  # one promoter, one passive, one detractor
        # CSAT per team from the analysis equals a hand count over the ratings
        ratings = self.env["rating.rating"].search(
            [("res_model", "=", "helpdesk.ticket"), ("consumed", "=", True), ("rating", ">", 0)]
        )
        tickets = self.env["helpdesk.ticket"].browse(ratings.mapped("res_id"))
        by_team = {}
        for rating in ratings:
            team = tickets.browse(rating.res_id).team_id
            by_team.setdefault(team, []).append(rating.rating)
        rows = dict(
            self.env["quality_ops.satisfaction.report"]._read_group([], ["team_id"], ["csat:avg"])
        )
        for team, values in by_team.items():
            hand = 100.0 * sum(1 for v in values if v >= 4) / len(values)
            self.assertAlmostEqual(rows[team], hand, places=2)
        self.assertGreaterEqual(len(ratings), 24)

    def test_demo_has_a_year_of_measurements(self):
        first = self.first_month()
        for code in ("indicator_csat", "indicator_resp_sla", "indicator_reso_sla"):
            measured = self.env["quality_ops.measurement"].search(
                [
                    ("indicator_id", "=", self.env.ref(f"quality_ops.{code}").id),
                    ("periodicity", "=", "month"),
                    ("scope", "=", "company"),
                    ("date_from", ">=", first),
                    ("date_to", "<", self.today().replace(day=1)),
                    ("company_id", "=", self.env.ref("base.main_company").id),
                ]
            )
            self.assertEqual(len(measured), 12, code)
            self.assertTrue(all(m.denominator >= 2 for m in measured), code)
            # a believable year: not every month perfect, none a disaster
            values = measured.mapped("value")
            self.assertLess(min(values), 100.0, code)
            self.assertGreater(min(values), 60.0, code)

    def test_demo_quality_assurance(self):
        ref = self.env.ref
        # the three documents the regulation cites, with their Chinese titles
        cited = {
            "quality_ops.document_qa_process": ("公司质量保证过程", "3.0"),
            "quality_ops.document_survey_regulation": ("客户满意度调查管理制度", "1.0"),
            "quality_ops.document_audit_procedure": ("内审控制程序", "4.0"),
        }
        for xmlid, (title, version) in cited.items():
            document = ref(xmlid)
            self.assertEqual(
                (document.name, document.version, document.state), (title, version, "released")
            )
            self.assertTrue(document._quality_is_sealed())
        audit_procedure = ref("quality_ops.document_audit_procedure")
        old = ref("quality_ops.document_audit_procedure_v3")
        self.assertEqual((old.state, audit_procedure.previous_id), ("obsolete", old))
        self.assertEqual(audit_procedure.history_ids, old | audit_procedure)
        self.assertEqual(
            ref("quality_ops.document_regulation").approved_by_id, self.user("user_representative")
        )
        # the bank's project QA plan, one nonconformity become a finding
        activities = ref("quality_ops.plan_2026_project_bank").qa_activity_ids
        self.assertGreaterEqual(len(activities), 4)
        finding = ref("quality_ops.qa_bank_changes_q2").finding_id
        self.assertEqual(
            (finding.origin, finding.project_id), ("qa", ref("quality_ops.project_bank"))
        )
        self.assertTrue(activities.filtered("is_overdue"))
        # a month of inspections, measured as a hand count says
        Inspection = self.env["quality_ops.inspection"]
        # last month's inspections
        month = self.today().replace(day=1) - relativedelta(months=1)
        last_month = Inspection.search(
            [
                ("is_planned", "=", True),
                ("state", "!=", "cancelled"),
                ("due_date", ">=", month),
                ("due_date", "<", self.today().replace(day=1)),
            ]
        )
        self.assertGreaterEqual(len(last_month), 30)
        Measurement = self.env["quality_ops.measurement"]
        Measurement._compute_period(
            "month", month, self.today().replace(day=1) - relativedelta(days=1)
        )
        inspection = ref("quality_ops.indicator_inspection")
        for project in last_month.project_id:
            mine = last_month.filtered(lambda i, p=project: i.project_id == p)
            measurement = Measurement.search(
                [
                    ("indicator_id", "=", inspection.id),
                    ("periodicity", "=", "month"),
                    ("date_from", "=", month),
                    ("scope", "=", "project"),
                    ("project_id", "=", project.id),
                ]
            )
            self.assertEqual(
                (measurement.numerator, measurement.denominator),
                (len(mine.filtered("on_time")), len(mine)),
            )
            self.assertEqual(sorted(measurement._drill_down()[0][1]), sorted(mine.ids))
        self.assertTrue(last_month.line_ids.ticket_id, "an abnormal item opened a ticket")
        # the engineer sees their own, the other project's lead the hospital's only
        engineer = self.user("user_engineer")
        self.assertEqual(
            Inspection.with_user(engineer).search([]),
            Inspection.search([("user_id", "=", engineer.id)]),
        )
        hospital = Inspection.with_user(self.user("user_project_lead2")).search([])
        self.assertEqual(hospital.project_id, ref("quality_ops.project_hospital"))

    def test_credit_demo_has_exemptions_in_every_state_and_a_year_of_statements(self):
        scheme = self.env.ref("quality_ops.credit_scheme_bank_2026")
        exemptions = self.env["quality_ops.sla.exemption"].search(
            [("project_id", "=", scheme.project_id.id)]
        )
        self.assertEqual(
            set(exemptions.mapped("state")), {"requested", "approved", "rejected", "withdrawn"}
        )
        self.assertTrue(
            exemptions.filtered(lambda e: e.state == "approved").clock_id.mapped("quality_exempted")
            == [True, True]
        )
        statements = scheme.statement_ids.sorted("date_from")
        # a statement for every complete month of the scheme before today
        self.assertEqual(scheme.date_start, self.first_month())
        self.assertEqual(len(statements), 12)
        self.assertEqual(
            statements[-1].date_to, self.today().replace(day=1) - relativedelta(days=1)
        )
        self.assertEqual(statements.mapped("state"), ["approved"] * 10 + ["confirmed", "draft"])
        self.assertTrue(all(s._quality_is_sealed() for s in statements[:10]))
        self.assertEqual(sum(statements.mapped("exempted_count")), 2)
        # the project lead sees the bank's statements, the engineer none
        lead = self.user("user_project_lead")
        self.assertEqual(
            self.env["quality_ops.sla.statement"].with_user(lead).search([]), scheme.statement_ids
        )
        with self.assertRaises(AccessError):
            self.env["quality_ops.sla.statement"].with_user(self.user("user_engineer")).search([])


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
        self.today = fields.Date.context_today(self.env["res.users"])
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

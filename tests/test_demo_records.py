"""The demo's records: roles, the submitted plan, the SLA report against a hand count,
audits, satisfaction and complaints, measurements and quality assurance."""

import datetime
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from . import demo_common as fixture
from .demo_common import PERIODS, SHANGHAI


@tagged("post_install", "-at_install")
class TestDemoRecords(fixture.DemoCase):
    @users(
        "qo_representative",
        "qo_manager",
        "qo_qa",
        "qo_qc",
        "qo_pm",
        "qo_pm2",
        "qo_om",
        "qo_engineer",
    )
    def test_roles_see_what_the_regulation_allows(self):
        organisation = "quality_ops.plan_2026_organisation"
        bank, hospital = (
            "quality_ops.plan_2026_project_bank",
            "quality_ops.plan_2026_project_hospital",
        )
        plans = self.env["quality_ops.plan"].search([])
        seen = set(plans.sudo().get_external_id().values())
        login = self.env.user.login
        if login in ("qo_representative", "qo_manager", "qo_qa", "qo_qc"):
            # the quality department: every plan
            self.assertLessEqual({organisation, bank, hospital}, seen)
        else:
            # project leads their projects' and the published one; the O&M manager
            # received the published plan; the engineer was not sent any
            expected = {
                "qo_pm": {organisation, bank},
                "qo_pm2": {organisation, hospital},
                "qo_om": {organisation},
                "qo_engineer": set(),
            }
            self.assertEqual(seen, expected[login])

    @users("qo_customer")
    def test_the_customer_reads_no_plan_nor_clock(self):
        with self.assertRaises(AccessError):
            self.env["quality_ops.plan"].search([])
        with self.assertRaises(AccessError):
            self.env["quality_ops.ticket.sla"].search([])

    def test_only_the_representative_approves_the_submitted_demo_plan(self):
        plan = self.env.ref("quality_ops.plan_2026_project_bank")
        self.assertEqual(plan.state, "submitted")
        with self.assertRaises(AccessError):
            plan.with_user(self.user("user_quality_manager")).action_approve()
        plan.with_user(self.user("user_representative")).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_sla_report_matches_a_hand_count(self):
        tickets = self.demo_tickets()
        clocks = self.env["quality_ops.ticket.sla"].search(
            [("ticket_id", "in", tickets.ids), ("is_current", "=", True)]
        )
        by_state = {}
        for clock in clocks:
            by_state[clock.state] = by_state.get(clock.state, 0) + 1
        # by hand: printer closed (2 met), backup cancelled (2: answered when
        # it came in, so not late whatever the hour of the install), VPN
        # waiting (2 paused), core switch and HIS still running
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

    def test_demo_inspections_numbered_and_dated_as_they_happened(self):
        ref = self.env.ref
        plans = (
            ref("quality_ops.inspection_plan_bank_room")
            | ref("quality_ops.inspection_plan_bank_backup")
            | ref("quality_ops.inspection_plan_hospital_his")
        )
        company = plans.company_id
        today = company._quality_local_date(fields.Datetime.now())
        inspections = self.env["quality_ops.inspection"].search(
            [("plan_id", "in", plans.ids)], order="due_date, id"
        )
        # the daily plan has every day from its start to the coming weeks:
        # the days of this month before today were inspected too
        room = inspections.filtered(lambda i: i.plan_id == plans[0])
        start = plans[0].start_date
        days = {start + timedelta(days=n) for n in range((today - start).days + 31)}
        self.assertLessEqual(days, set(room.mapped("due_date")))
        past = room.filtered(lambda i: today.replace(day=1) <= i.due_date < today)
        self.assertEqual(len(past), today.day - 1)
        self.assertTrue(all(i.state == "done" for i in past if i.due_date.day < 7))
        # numbered in the order of their days, no number missing, year by year
        by_year = {}
        for inspection in inspections:
            prefix, number = inspection.reference.rsplit("/", 1)
            by_year.setdefault(prefix, []).append(int(number))
        for prefix, numbers in by_year.items():
            self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))), prefix)

        # made on their day, recorded on the day done, the chatter as well
        def day(moment):
            return company._quality_local_date(moment)

        done = inspections.filtered(lambda i: i.state == "done")
        self.assertTrue(done)
        for inspection in done:
            messages = inspection.message_ids.sorted("id")
            self.assertEqual(
                (day(inspection.create_date), day(messages[0].date), day(messages[-1].date)),
                (inspection.due_date, inspection.due_date, inspection.date_done),
                inspection.reference,
            )

    def test_demo_inspection_tickets_opened_when_the_inspection_was_recorded(self):
        # an abnormal item opens its ticket when the inspection is recorded:
        # on its day, in working hours, its clocks and chatter from then on
        lines = self.env["quality_ops.inspection.line"].search([("ticket_id", "!=", False)])
        self.assertTrue(lines)
        # the inspection's note of them in its engineer's language
        for inspection in lines.inspection_id:
            bodies = inspection.message_ids.mapped(lambda m: str(m.body or ""))
            self.assertTrue(any("异常项已开立" in body for body in bodies), bodies)
        for line in lines:
            ticket, done = line.ticket_id, line.inspection_id.date_done
            opened = ticket.create_date.replace(tzinfo=datetime.UTC).astimezone(SHANGHAI)
            self.assertEqual(opened.date(), done, ticket.name)
            self.assertTrue(any(start <= opened.time() <= end for start, end in PERIODS), opened)
            self.assertEqual(ticket.message_ids.sorted("id")[:1].date, ticket.create_date)
            clocks = ticket.quality_sla_ids
            self.assertTrue(clocks, ticket.name)
            self.assertEqual(set(clocks.mapped("start_at")), {ticket.create_date}, ticket.name)
            self.assertEqual(set(clocks.mapped("create_date")), {ticket.create_date}, ticket.name)
            if ticket.create_date >= fields.Datetime.now() - timedelta(days=1):
                # found today: still being handled
                self.assertEqual(ticket.last_stage_update, ticket.create_date, ticket.name)
                continue
            # found on an earlier day: answered and resolved then, in time
            # (an open one would breach at the next sweep)
            self.assertTrue(ticket.stage_id.closed, ticket.name)
            self.assertEqual(ticket.last_stage_update, ticket.closed_date, ticket.name)
            self.assertLess(ticket.closed_date, ticket.create_date + timedelta(days=4), ticket.name)
            self.assertEqual(set(clocks.mapped("state")), {"met"}, ticket.name)
            self.assertEqual(
                max(clocks.mapped("reached_at")), ticket.closed_date, "resolved when closed"
            )
            chatter = ticket.message_ids.filtered(lambda m: m.message_type != "email_outgoing")
            self.assertEqual(chatter.sorted("id")[-1:].date, ticket.closed_date)
            # opened by the engineer who recorded the inspection
            self.assertEqual(ticket.user_id, line.inspection_id.user_id, ticket.name)

    def test_demo_complaints_numbered_in_the_order_received(self):
        # a register: each year's complaints numbered from 1 in the order
        # they came in (the company's days), none missing
        company = self.env.ref("base.main_company")
        complaints = self.env["quality_ops.complaint"].search([], order="create_date, id")
        self.assertGreaterEqual(len(complaints), 7)
        by_year = {}
        for complaint in complaints:
            prefix, number = complaint.reference.rsplit("/", 1)
            received = company._quality_local_date(complaint.create_date)
            self.assertEqual(prefix, f"CP/{received.year}", complaint.name)
            by_year.setdefault(prefix, []).append(int(number))
        for prefix, numbers in by_year.items():
            self.assertEqual(numbers, list(range(1, len(numbers) + 1)), prefix)

    def test_demo_complaints_numbered_in_the_year_received(self):
        # early January, a complaint received last December goes to last
        # year's register; the numbers their making took are given back
        Demo, Complaint = self.env["quality_ops.demo"], self.env["quality_ops.complaint"]
        vals = {
            "partner_id": self.env.ref("quality_ops.partner_customer_bank").id,
            "level_id": self.env.ref("quality_ops.complaint_level_general").id,
        }
        days = [date(2091, 1, 3), date(2091, 1, 2), date(2090, 12, 28)]
        with freeze_time("2091-01-05 04:00:00"):
            complaints = Complaint.create([dict(vals, name=f"投诉 {day}") for day in days])
            made = ["CP/2091/0001", "CP/2091/0002", "CP/2091/0003"]
            self.assertEqual(complaints.mapped("reference"), made)
            Demo._demo_set_create_date(complaints, [Demo._demo_local_moment(d) for d in days])
            Demo._demo_number_complaints(complaints, dict(zip(complaints.ids, days, strict=True)))
            self.assertEqual(
                complaints.mapped("reference"), ["CP/2091/0002", "CP/2091/0001", "CP/2090/0001"]
            )
            self.assertEqual(
                self.env["ir.sequence"].next_by_code("quality_ops.complaint"), "CP/2091/0003"
            )

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

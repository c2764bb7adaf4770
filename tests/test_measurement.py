import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged, users

from odoo.addons.quality_ops.quality_ops.pg_arrays import array_literal

from .common import (
    DAY_HOURS,
    answer_survey,
    company_of_their_own,
    dated_ticket,
    office_calendar,
    role_user,
    sla_policy,
)

D = dt.date


@tagged("post_install", "-at_install")
class TestMeasurement(TransactionCase):
    """Indicators measured on a small company of their own, counted by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = company_of_their_own(cls, "Measured O&M")
        cls.manager = role_user(cls.env, "qo_m_manager", "manager", company=company)
        cls.officer = role_user(cls.env, "qo_m_officer", "officer", company=company)
        company.quality_manager_id = cls.manager
        cls.calendar = office_calendar(
            cls.env, "Measured", tz="UTC", hours=DAY_HOURS, company=company
        )
        cls.teams = cls.env["helpdesk.ticket.team"].create(
            [
                {"name": "M team A", "company_id": cls.company.id},
                {"name": "M team B", "company_id": cls.company.id},
            ]
        )
        cls.policy = sla_policy(cls.env, "M policy", cls.company, cls.calendar)
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.Measurement = cls.env["quality_ops.measurement"]
        cls.resp = cls.env.ref("quality_ops.indicator_resp_sla")
        cls.reso_avg = cls.env.ref("quality_ops.indicator_reso_avg")
        cls.csat = cls.env.ref("quality_ops.indicator_csat")
        cls.availability = cls.env.ref("quality_ops.indicator_availability")

    def ticket(self, team, created, closed=None, **extra):
        return dated_ticket(
            self.env, created, closed, team_id=team.id, company_id=self.company.id, **extra
        )

    def measurement(self, indicator, scope="company", team=None):
        domain = [
            ("indicator_id", "=", indicator.id),
            ("company_id", "=", self.company.id),
            ("periodicity", "=", "month"),
            ("date_from", "=", D(2026, 3, 1)),
            ("scope", "=", scope),
        ]
        if team:
            domain.append(("team_id", "=", team.id))
        return self.Measurement.search(domain)

    def compute(self, **kw):
        return self.Measurement._compute_period("month", D(2026, 3, 1), D(2026, 3, 31), **kw)

    def build(self):
        a, b = self.teams
        # Monday 2026-03-02 09:00; closing the same day at 10:00 meets both targets
        self.ticket(a, "2026-03-02 09:00:00", "2026-03-02 10:00:00")
        # closed at 15:00: response late (6 h > 2 h), resolution met (6 h)
        self.ticket(a, "2026-03-03 09:00:00", "2026-03-03 15:00:00")
        # team B: closed the next day 12:00 = 11 working hours, both late
        t3 = self.ticket(b, "2026-03-04 09:00:00", "2026-03-05 12:00:00")
        # created in March, still open: not counted in response or resolution
        self.ticket(b, "2026-03-30 09:00:00")
        for ticket, value in ((t3, 1),):
            rating = self.env["rating.rating"].create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": ticket.id,
                }
            )
            rating.write({"rating": value, "consumed": True})

    def test_hand_counted_indicators(self):
        self.build()
        self.compute()
        resp = self.measurement(self.resp)
        self.assertEqual((resp.numerator, resp.denominator, resp.value), (1, 3, 33.33))
        team_a = self.measurement(self.resp, "team", self.teams[0])
        self.assertEqual((team_a.numerator, team_a.denominator), (1, 2))
        reso_avg = self.measurement(self.reso_avg)
        # (1 + 6 + 11) working hours / 3 tickets
        self.assertEqual((reso_avg.numerator, reso_avg.denominator), (18, 3))
        self.assertEqual(reso_avg.value, 6)
        csat = self.measurement(self.csat)
        self.assertEqual((csat.numerator, csat.denominator, csat.value), (0, 1, 0))
        self.assertEqual(csat.status, "no_target")

    def test_double_run_changes_nothing(self):
        self.build()
        # the run measures every company: compare this company's rows with its own
        first = self.compute().filtered(lambda m: m.company_id == self.company)
        count = self.Measurement.search_count([("company_id", "=", self.company.id)])
        values = sorted(first.mapped(lambda m: (m.indicator_id.id, m.scope, m.scope_key, m.value)))
        second = self.compute()
        self.assertEqual(
            self.Measurement.search_count([("company_id", "=", self.company.id)]), count
        )
        self.assertFalse(second, "nothing changed, nothing rewritten")
        stored = self.Measurement.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            values,
            sorted(stored.mapped(lambda m: (m.indicator_id.id, m.scope, m.scope_key, m.value))),
        )

    def test_the_upsert_arrays_reach_postgresql_as_sent(self):
        # the engine sends its columns as array literals (pg_arrays), not lists
        texts = ["customer", 'a "quoted" name', "back\\slash", "NULL", "", None, "{,}"]
        numbers = [2 / 3, 1e-05, None, 12.5, -0.0, 123456789.123]
        self.env.cr.execute(
            "SELECT %s::varchar[], %s::float8[], %s::int[], %s::bool[]",
            [
                array_literal(texts),
                array_literal(numbers),
                array_literal([1, None, 42]),
                array_literal([True, None, False]),
            ],
        )
        self.assertEqual(
            self.env.cr.fetchone(), (texts, numbers, [1, None, 42], [True, None, False])
        )

    def test_a_slice_measures_one_company_and_indicator(self):
        # company x period x indicator: what a job measures; the other
        # companies' rows are left as they are, not rewritten as "no data"
        self.build()
        self.compute()
        other_company = self.env["res.company"].search([("id", "!=", self.company.id)], limit=1)
        self.compute(companies=other_company)  # its company-wide rows exist
        rows = self.Measurement.search(
            [
                ("indicator_id", "=", self.resp.id),
                ("periodicity", "=", "month"),
                ("date_from", "=", D(2026, 3, 1)),
                ("scope", "=", "company"),
                ("company_id", "in", (self.company | other_company).ids),
            ]
        )
        self.assertEqual(rows.company_id, self.company | other_company)
        self.env.cr.execute(
            "UPDATE quality_ops_measurement SET numerator = 42 WHERE id IN %s", [tuple(rows.ids)]
        )
        rows.invalidate_recordset()
        touched = self.compute(companies=self.company, indicators=self.resp)
        mine = rows.filtered(lambda m: m.company_id == self.company)
        self.assertEqual(touched, mine)
        self.assertEqual((mine.numerator, mine.denominator), (1, 3))
        self.assertEqual((rows - mine).numerator, 42)

    def test_manual_measurement_is_judged_against_the_target_in_force(self):
        manual = self.env.ref("quality_ops.indicator_availability")
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "M 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": manual.id, "target_value": 99.9, "warning_value": 99.5})
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        entered = self.Measurement.create(
            {
                "indicator_id": manual.id,
                "periodicity": "month",
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "company_id": self.company.id,
                "value": 99.6,
            }
        )
        self.assertEqual(entered.target_id, plan.target_ids)
        self.assertEqual(
            (entered.target_value, entered.warning_value, entered.status), (99.9, 99.5, "warning")
        )
        entered.value = 99.95
        self.assertEqual(entered.status, "met")

    def test_targets_and_missed_finding_once(self):
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.missed_target_finding", "1")
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "M 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": self.resp.id, "target_value": 90, "warning_value": 80}),
                    (
                        0,
                        0,
                        {
                            "indicator_id": self.resp.id,
                            "target_value": 40,
                            "warning_value": 30,
                            "scope": "team",
                            "team_id": self.teams[0].id,
                        },
                    ),
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        self.build()
        self.compute()
        company = self.measurement(self.resp)
        self.assertEqual((company.target_value, company.status), (90, "missed"))
        team_a = self.measurement(self.resp, "team", self.teams[0])
        self.assertEqual((team_a.target_value, team_a.status), (40, "met"))
        team_b = self.measurement(self.resp, "team", self.teams[1])
        self.assertEqual(team_b.target_value, 90, "falls back to the company target")
        self.assertTrue(company.finding_id)
        self.assertEqual(company.finding_id.origin, "indicator")
        self.compute()
        findings = self.env["quality_ops.finding"].search(
            [("company_id", "=", self.company.id), ("origin", "=", "indicator")]
        )
        self.assertEqual(len(findings), 2, "company and team B, once each")
        for finding in findings:
            linked = self.env["quality_ops.measurement"].search([("finding_id", "=", finding.id)])
            self.assertEqual(finding.source_ref, linked, "linked back to its own measurement")
        self.assertIn("scope Team", team_b.finding_id.description, "the scope's name, not its key")
        # the figures in their unit: "(33.33 % vs 90.00 %)", not "(33.33 vs 90.0)"
        self.assertIn("(33.33 % vs 90.00 %)", company.finding_id.name)

    def test_locked_period_is_not_silently_rewritten(self):
        self.build()
        self.compute()
        resp = self.measurement(self.resp)
        with self.assertRaises(AccessError):
            resp.with_user(self.officer).action_lock()
        resp.with_user(self.manager).action_lock()
        self.ticket(self.teams[0], "2026-03-10 09:00:00", "2026-03-10 09:30:00")
        self.compute()
        self.assertEqual((resp.numerator, resp.denominator), (1, 3), "locked: unchanged")
        with self.assertRaisesRegex(UserError, "Say why"):
            resp.with_user(self.manager).action_recompute_locked(" ")
        with self.assertRaises(AccessError):
            resp.with_user(self.officer).action_recompute_locked("late ticket")
        # the manager's form: a reason is required, then the period is recomputed
        wizard = Form(
            self.env["quality_ops.measurement.recompute.wizard"]
            .with_user(self.manager)
            .with_context(active_ids=resp.ids)
        )
        wizard.reason = "late ticket closed"
        wizard.save().action_confirm()
        self.assertEqual((resp.numerator, resp.denominator), (2, 4))
        self.assertIn("late ticket closed", resp.message_ids[0].body)
        self.assertIn("(1.0 / 3.0)", resp.message_ids[0].body)

    @users("qo_m_officer")
    def test_manual_indicator_is_validated(self):
        Measurement = self.env["quality_ops.measurement"]
        measurement = Measurement.create(
            {
                "indicator_id": self.availability.id,
                "periodicity": "month",
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "value": 99.95,
                "company_id": self.company.id,
                "note": "monitoring report",
            }
        )
        self.assertEqual(measurement.status, "no_target")
        with self.assertRaisesRegex(ValidationError, "not a valid value"):
            Measurement.create(
                {
                    "indicator_id": self.availability.id,
                    "periodicity": "month",
                    "date_from": "2026-04-01",
                    "date_to": "2026-04-30",
                    "value": 120,
                    "company_id": self.company.id,
                }
            )

    def test_drill_down_lists_the_counted_records(self):
        self.build()
        self.compute()
        resp = self.measurement(self.resp, "team", self.teams[0])
        action = resp.action_view_records()
        clocks = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(len(clocks), resp.denominator)
        self.assertEqual(len(clocks.filtered(lambda c: c.state == "met")), resp.numerator)
        csat = self.measurement(self.csat)
        action = csat.action_view_records()
        self.assertEqual(
            self.env[action["res_model"]].search_count(action["domain"]), csat.denominator
        )

    def test_scorecard_of_an_approved_plan(self):
        team_a = self.teams[0]
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "S 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (0, 0, {"indicator_id": self.resp.id, "target_value": 90, "warning_value": 80}),
                    (
                        0,
                        0,
                        {
                            "indicator_id": self.resp.id,
                            "scope": "team",
                            "team_id": team_a.id,
                            "target_value": 50,
                            "warning_value": 40,
                        },
                    ),
                    (0, 0, {"indicator_id": self.csat.id, "target_value": 90}),
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        self.build()
        self.Measurement._compute_period("year", D(2026, 1, 1), D(2026, 12, 31))
        action = plan.action_view_scorecard()
        shown = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(shown, plan.target_ids)
        company, team, csat = plan.target_ids.sorted("id")
        # 1 of 3 responses on time: 33.33 % against 90 (warning 80)
        self.assertEqual(company.actual_value, 33.33)
        self.assertEqual(company.actual_status, "missed")
        self.assertAlmostEqual(company.attainment, 100 * 33.33 / 90, places=1)
        # team A: 1 of 2 = 50 % against 50: met at the edge
        self.assertEqual(team.actual_value, 50)
        self.assertEqual(team.actual_status, "met")
        self.assertEqual(team.attainment, 100)
        # the only rating is 1 star: 0 % satisfied
        self.assertEqual((csat.actual_value, csat.actual_status), (0, "missed"))
        # trend: the monthly line of the target's indicator and scope
        self.compute()
        trend = team.action_view_trend()
        months = self.Measurement.search(trend["domain"])
        self.assertEqual(months.team_id, team_a)
        self.assertEqual(months.mapped("date_from"), [D(2026, 3, 1)])

    def indicator(self, code):
        return self.env.ref(f"quality_ops.indicator_{code}")

    def test_other_sources_by_hand(self):
        a, b = self.teams
        t1 = self.ticket(a, "2026-03-02 09:00:00", "2026-03-02 10:00:00")
        # reopened then closed again: a second resolution cycle
        with freeze_time("2026-03-02 11:00:00"):
            t1.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        with freeze_time("2026-03-02 12:00:00"):
            t1.stage_id = self.done
        self.ticket(a, "2026-03-03 09:00:00", "2026-03-03 10:00:00")
        # handed from one engineer to another: resolved, but not at first contact
        t3 = self.ticket(a, "2026-03-04 09:00:00", user_id=False)
        t3.user_id = self.officer
        self.assertFalse(t3.quality_reassigned, "a first assignment is no reassignment")
        t3.user_id = self.manager
        self.assertTrue(t3.quality_reassigned)
        with freeze_time("2026-03-04 10:00:00"):
            t3.stage_id = self.done
        # open ticket past its resolution deadline at the end of March: backlog
        self.ticket(b, "2026-03-16 09:00:00")
        Complaint = self.env["quality_ops.complaint"]
        with freeze_time("2026-03-05 09:00:00"):
            complaint = Complaint.create(
                {"name": "late", "company_id": self.company.id, "team_id": a.id}
            )
        with freeze_time("2026-03-05 10:00:00"):
            complaint.write(
                {
                    "cause_analysis": "<p>x</p>",
                    "customer_confirmed": True,
                    "stage_id": self.env.ref("quality_ops.complaint_stage_closed").id,
                }
            )
        Action = self.env["quality_ops.action"]
        on_time = Action.create(
            {
                "name": "a",
                "owner_id": self.manager.id,
                "due_date": "2026-03-20",
                "company_id": self.company.id,
            }
        )
        Action.create(
            {
                "name": "b",
                "owner_id": self.manager.id,
                "due_date": "2026-03-25",
                "company_id": self.company.id,
            }
        )
        with freeze_time("2026-03-10"):
            on_time.write({"result": "<p>ok</p>"})
            on_time.action_done()
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "M audit",
                "planned_date": "2026-03-12",
                "company_id": self.company.id,
                "template_id": self.env.ref("quality_ops.checklist_project").id,
            }
        )
        audit.action_start()
        audit.line_ids.write({"result": "conform"})
        audit.line_ids[:2].write({"result": "major"})
        audit.line_ids[2:3].write({"result": "not_applicable"})
        # create_date is the transaction's clock, not freezegun's: put it in March
        self.env.flush_all()
        for table in ("helpdesk_ticket", "quality_ops_complaint"):
            self.env.cr.execute(
                f"UPDATE {table} SET create_date = '2026-03-10' WHERE company_id = %s",
                [self.company.id],
            )
        self.compute()

        def pair(code):
            m = self.measurement(self.indicator(code))
            return (m.numerator, m.denominator)

        self.assertEqual(pair("reopen"), (1, 3))
        # t1 reopened, t3 reassigned: only the second ticket at first contact
        self.assertEqual(pair("fcr"), (1, 3))
        self.assertEqual(pair("backlog")[0], 1)
        self.assertEqual(pair("complaint"), (1, 4))
        self.assertEqual(pair("complaint_close"), (1, 1))
        self.assertEqual(pair("action_ontime"), (1, 2))
        lines = len(audit.line_ids)
        self.assertEqual(pair("audit_conf"), (lines - 3, lines - 1))

    def test_reassignment_rate_by_hand(self):
        # REASSIGN, declared in one place (indicators.SOURCES and the
        # registry's _source_reassign): its unit and direction come from there
        reassign = self.indicator("reassign")
        self.assertEqual((reassign.unit, reassign.direction), ("percent", "lower"))
        a, b = self.teams

        def handed_over(team, created, closed=None):
            ticket = self.ticket(team, created, user_id=self.officer.id)
            ticket.user_id = self.manager
            if closed:
                with freeze_time(closed):
                    ticket.stage_id = self.done
            return ticket

        self.ticket(a, "2026-03-02 09:00:00", "2026-03-02 10:00:00")  # kept by its first
        t2 = handed_over(a, "2026-03-03 09:00:00", "2026-03-03 11:00:00")
        handed_over(b, "2026-03-04 09:00:00")  # still open: not resolved, not counted
        self.ticket(b, "2026-03-05 09:00:00", "2026-03-05 10:00:00")
        handed_over(b, "2026-03-30 09:00:00", "2026-04-01 10:00:00")  # resolved in April
        self.compute()
        company = self.measurement(reassign)
        self.assertEqual((company.numerator, company.denominator, company.value), (1, 3, 33.33))
        team_a = self.measurement(reassign, "team", a)
        self.assertEqual((team_a.numerator, team_a.denominator, team_a.value), (1, 2, 50))
        team_b = self.measurement(reassign, "team", b)
        self.assertEqual((team_b.numerator, team_b.denominator, team_b.value), (0, 1, 0))
        [(model, ids)] = company._drill_down("numerator")
        self.assertEqual(
            (model, ids),
            (
                "quality_ops.ticket.sla",
                t2.quality_sla_ids.filtered(lambda c: c.kind == "resolution").ids,
            ),
        )

    def test_survey_and_nps_by_hand(self):
        campaign = self.env["quality_ops.survey.campaign"].create(
            {
                "name": "M survey",
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "company_id": self.company.id,
            }
        )
        survey = self.env.ref("quality_ops.survey_satisfaction")
        partners = self.env["res.partner"].create([{"name": f"P{i}"} for i in range(3)])
        for partner, (dim, nps_value) in zip(partners, [(5, 10), (3, 8), (1, 2)], strict=True):
            answer = survey._create_answer(
                partner=partner, check_attempts=False, quality_campaign_id=campaign.id
            )
            answer_survey(answer, dim, nps_value)
            with freeze_time("2026-03-15 10:00:00"):
                answer._mark_done()
        self.compute()
        survey_m = self.measurement(self.indicator("survey"))
        self.assertEqual((survey_m.numerator, survey_m.denominator, survey_m.value), (150, 3, 50))
        nps_m = self.measurement(self.indicator("nps"))
        self.assertEqual((nps_m.numerator, nps_m.denominator, nps_m.value), (0, 3, 0))

    def test_a_year_at_once(self):
        self.build()
        measured = self.Measurement._compute_year(2026)
        mine = measured.filtered(lambda m: m.company_id == self.company)
        self.assertEqual(set(mine.mapped("periodicity")), {"month", "quarter", "half_year", "year"})
        year = mine.filtered(
            lambda m: (
                m.periodicity == "year" and m.scope == "company" and m.indicator_id == self.resp
            )
        )
        self.assertEqual((year.numerator, year.denominator), (1, 3))

    def test_figures_are_shown_in_their_unit(self):
        self.build()
        self.compute()
        resp = self.measurement(self.resp)
        self.assertEqual(resp.value_display, "33.33 %")
        self.assertEqual(self.measurement(self.reso_avg).value_display, "6.00 h")
        self.assertEqual(resp.with_context(lang="en_US").target_display, "—")

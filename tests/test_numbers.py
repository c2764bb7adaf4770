"""Numbers users can trust: every value equals the records behind it, periods
start at the company's local midnight, no data is no data, manual indicators
are judged against their target."""

import datetime as dt

import polib
from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL, file_path

D = dt.date
SHANGHAI = dt.timedelta(hours=8)


def utc(*args):
    """A naive UTC datetime from Asia/Shanghai local time."""
    return dt.datetime(*args) - SHANGHAI


# the numerator of these sources is a count of records (0 or 1 per record)
COUNTED = (
    "resp_sla",
    "reso_sla",
    "reopen",
    "fcr",
    "backlog",
    "csat",
    "complaint",
    "complaint_close",
    "action_ontime",
    "audit_conf",
    "inspection",
)


@tagged("post_install", "-at_install")
class TestNumbers(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.company = cls.env["res.company"].create({"name": "Numbers O&M"})
        company.partner_id.tz = "Asia/Shanghai"
        cls.env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        cls.manager = new_test_user(
            cls.env,
            "qo_n_manager",
            groups="quality_ops.group_quality_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        cls.agent = new_test_user(
            cls.env,
            "qo_n_agent",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        company.quality_manager_id = cls.manager
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai days",
                "tz": "Asia/Shanghai",
                "company_id": company.id,
                "attendance_ids": [
                    (0, 0, {"name": "d", "dayofweek": str(d), "hour_from": 9, "hour_to": 17})
                    for d in range(5)
                ],
            }
        )
        ref = cls.env.ref
        cls.stage_new = ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "N desk", "company_id": company.id}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "N Bank", "is_company": True, "email": "bank@example.com"}
        )
        cls.project = cls.env["project.project"].create(
            {"name": "N Bank O&M", "partner_id": cls.customer.id, "company_id": company.id}
        )
        cls.env["quality_ops.sla.policy"].create(
            {
                "name": "N policy",
                "company_id": company.id,
                "calendar_id": cls.calendar.id,
                "pause_stage_ids": [(6, 0, cls.stage_waiting.ids)],
                "excluded_stage_ids": [(6, 0, cls.stage_cancelled.ids)],
                "line_ids": [(0, 0, {"priority": "1", "response_hours": 2, "resolution_hours": 8})],
            }
        )
        cls.Measurement = cls.env["quality_ops.measurement"]

    def backdate(self, record, created):
        """create_date is the database's transaction time: set it by hand."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET create_date = %s WHERE id = %s",
                SQL.identifier(record._table),
                created,
                record.id,
            )
        )
        record.invalidate_recordset(["create_date"])
        return record

    def ticket(self, created, **extra):
        with freeze_time(created):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "n",
                    "description": "<p>n</p>",
                    "team_id": self.team.id,
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "project_id": self.project.id,
                    "priority": "1",
                    "stage_id": self.stage_new.id,
                    **extra,
                }
            )
        return self.backdate(ticket, created)

    def move(self, ticket, stage, when):
        with freeze_time(when):
            ticket.stage_id = stage

    def reply(self, ticket, when):
        with freeze_time(when):
            ticket.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def build_march(self):
        """Tickets of March 2026 in every clock state the indicators meet."""
        t1 = self.ticket(utc(2026, 3, 2, 9))  # replied, closed: both met
        self.reply(t1, utc(2026, 3, 2, 9, 30))
        self.move(t1, self.stage_done, utc(2026, 3, 2, 10))
        t2 = self.ticket(utc(2026, 3, 3, 9))  # closed after 6 h: response late
        self.move(t2, self.stage_done, utc(2026, 3, 3, 15))
        t3 = self.ticket(utc(2026, 3, 4, 9))  # left open: breached, not reached
        t4 = self.ticket(utc(2026, 3, 9, 9))  # waiting for the customer: paused
        self.move(t4, self.stage_waiting, utc(2026, 3, 9, 10))
        t5 = self.ticket(utc(2026, 3, 10, 9))  # closed, reopened, closed again
        self.move(t5, self.stage_done, utc(2026, 3, 10, 11))
        self.move(t5, self.stage_progress, utc(2026, 3, 11, 9))
        self.move(t5, self.stage_done, utc(2026, 3, 11, 10))
        t6 = self.ticket(utc(2026, 3, 12, 9))  # cancelled: counted neither way
        self.move(t6, self.stage_cancelled, utc(2026, 3, 12, 10))
        # created and closed on the last night of March, local time: closed in April
        t7 = self.ticket(utc(2026, 3, 31, 23, 30))
        self.move(t7, self.stage_done, utc(2026, 4, 1, 0, 30))
        with freeze_time(utc(2026, 3, 6, 12)):
            self.env["quality_ops.ticket.sla"]._cron_sweep(now=utc(2026, 3, 6, 12))
        ratings = self.env["rating.rating"].create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                    "res_id": ticket.id,
                    "rating": value,
                    "consumed": True,
                }
                for ticket, value in ((t1, 5), (t2, 1))
            ]
        )
        with freeze_time(utc(2026, 3, 3, 16)):
            complaint = self.env["quality_ops.complaint"].create(
                {"ticket_id": t2.id, "name": "Slow"}
            )
        self.backdate(complaint, utc(2026, 3, 3, 16))
        Action = self.env["quality_ops.action"]
        for due, done in ((D(2026, 3, 20), D(2026, 3, 18)), (D(2026, 3, 25), D(2026, 3, 27))):
            action = Action.create(
                {
                    "name": "Fix",
                    "company_id": self.company.id,
                    "project_id": self.project.id,
                    "owner_id": self.manager.id,
                    "due_date": due,
                    "result": "<p>Done</p>",
                }
            )
            with freeze_time(done):
                action.action_done()
        audit = self.env["quality_ops.audit"].create(
            {
                "name": "March check",
                "kind": "project",
                "project_id": self.project.id,
                "company_id": self.company.id,
                "planned_date": D(2026, 3, 16),
                "line_ids": [
                    (0, 0, {"question": q, "result": r})
                    for q, r in (("A", "conform"), ("B", "minor"), ("C", "not_applicable"))
                ],
            }
        )
        campaign = self.env["quality_ops.survey.campaign"].create(
            {
                "name": "N survey",
                "company_id": self.company.id,
                "date_from": D(2026, 1, 1),
                "date_to": D(2026, 6, 30),
            }
        )
        (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": campaign.survey_id.id,
                        "partner_id": self.customer.id,
                        "quality_campaign_id": campaign.id,
                        "state": "done",
                        "end_datetime": utc(2026, 3, 20, 10),
                        "quality_score": score,
                        "quality_nps_value": nps,
                        "quality_nps_answered": True,
                    }
                    for score, nps in ((90, 10), (60, 3))
                ]
            )
        )
        # five daily inspections: three on time, one a day late, one missed
        plan = self.env["quality_ops.inspection.plan"].create(
            {
                "name": "N room",
                "target": "N room",
                "project_id": self.project.id,
                "team_id": self.team.id,
                "company_id": self.company.id,
                "user_id": self.manager.id,
                "frequency": "daily",
                "start_date": D(2026, 3, 1),
                "end_date": D(2026, 3, 5),
                "item_ids": [(0, 0, {"name": "UPS"})],
            }
        )
        inspections = plan._materialise(D(2026, 3, 1), D(2026, 3, 31)).sorted("due_date")
        for inspection, late in zip(inspections[:4], (0, 0, 1, 0), strict=True):
            inspection.line_ids.write({"result": "ok"})
            with freeze_time(utc(2026, 3, inspection.due_date.day + late, 12)):
                inspection.with_user(self.manager).action_done()
        return {
            "tickets": (t1, t2, t3, t4, t5, t6, t7),
            "ratings": ratings,
            "audit": audit,
            "inspections": inspections,
        }

    def measure(self, periodicity, date_from, date_to):
        self.Measurement._compute_period(periodicity, date_from, date_to)
        return self.Measurement.search(
            [
                ("company_id", "=", self.company.id),
                ("periodicity", "=", periodicity),
                ("date_from", "=", date_from),
            ]
        )

    def of(self, measurements, code, scope="company"):
        return measurements.filtered(lambda m: m.indicator_id.code == code and m.scope == scope)

    # ------------------------------------------------------------------
    def test_every_value_equals_the_records_behind_it(self):
        self.build_march()
        measurements = self.measure("month", D(2026, 3, 1), D(2026, 3, 31))
        builtin = measurements.filtered(lambda m: m.source != "manual")
        self.assertTrue(builtin.filtered(lambda m: m.scope == "team"))
        self.assertTrue(builtin.filtered(lambda m: m.scope == "project"))
        self.assertTrue(builtin.filtered(lambda m: m.scope == "customer"))
        checked = set()
        for measurement in builtin:
            with self.subTest(indicator=measurement.indicator_id.code, scope=measurement.scope):
                [(model, ids)] = measurement._drill_down() or [(None, [])]
                self.assertEqual(len(ids), measurement.denominator)
                records = self.env[model].browse(ids) if model else None
                source = measurement.source
                counted = measurement._drill_down("numerator")
                if source in COUNTED:
                    numerator_ids = counted[0][1] if counted else []
                    self.assertEqual(len(numerator_ids), measurement.numerator)
                elif source in ("resp_avg", "reso_avg"):
                    self.assertAlmostEqual(
                        sum(records.mapped("consumed_hours")), measurement.numerator, places=2
                    )
                elif source == "survey":
                    self.assertAlmostEqual(
                        sum(records.mapped("quality_score")), measurement.numerator, places=2
                    )
                elif source == "nps":
                    weight = sum((v >= 9) - (v <= 6) for v in records.mapped("quality_nps_value"))
                    self.assertEqual(weight, measurement.numerator)
                checked.add(source)
        self.assertEqual(checked, set(self.env["quality_ops.indicator.registry"]._source_names()))
        # and by hand, for the clocks of every state
        resp = self.of(measurements, "RESP_SLA")
        reso = self.of(measurements, "RESO_SLA")
        # verdicts in March: t1 met, t2 late, t3 breached while open, t5 met
        # twice (each resolution cycle of a reopened ticket is a verdict of its
        # own, kept in its month); t4 paused and t6 cancelled have none; t7
        # ended in April, local time
        self.assertEqual((resp.numerator, resp.denominator), (2, 4))
        self.assertEqual((reso.numerator, reso.denominator), (4, 5))
        reopen = self.of(measurements, "REOPEN")
        self.assertEqual((reopen.numerator, reopen.denominator), (1, 3))
        inspection = self.of(measurements, "INSPECTION", "project")
        self.assertEqual((inspection.numerator, inspection.denominator), (3, 5))

    def test_sla_analysis_means_what_the_indicator_means(self):
        data = self.build_march()
        measurements = self.measure("month", D(2026, 3, 1), D(2026, 3, 31))
        reso = self.of(measurements, "RESO_SLA")
        rows = self.env["quality_ops.sla.report"].search(
            [
                ("ticket_id", "in", [t.id for t in data["tickets"]]),
                ("kind", "=", "resolution"),
                ("verdict_month", "=", D(2026, 3, 1)),
            ]
        )
        self.assertEqual(sum(rows.mapped("met_count")), reso.numerator)
        self.assertEqual(
            sum(rows.mapped("met_count")) + sum(rows.mapped("breached_count")), reso.denominator
        )
        # the open breached clock is breached in the analysis too, not open
        t3 = data["tickets"][2]
        row = rows.filtered(lambda r: r.ticket_id == t3)
        self.assertEqual((row.breached_count, row.open_count, row.compliance), (1, 0, 0))
        # not reached: no consumed time of its own (shown empty, not 0.00);
        # a closed one has, and its month reads 2026-03
        self.assertFalse(row.finished)
        closed = rows.filtered(lambda r: r.ticket_id == data["tickets"][0])
        self.assertTrue(closed.finished)
        self.assertEqual(closed.month_key, "2026-03")

    def test_periods_start_at_local_midnight(self):
        ticket = self.ticket(utc(2026, 6, 30, 14))
        # closed at 2026-07-01 03:00 in Shanghai: 2026-06-30 19:00 UTC
        self.move(ticket, self.stage_done, utc(2026, 7, 1, 3))
        june = self.of(self.measure("month", D(2026, 6, 1), D(2026, 6, 30)), "RESO_SLA")
        july = self.of(self.measure("month", D(2026, 7, 1), D(2026, 7, 31)), "RESO_SLA")
        h1 = self.of(self.measure("half_year", D(2026, 1, 1), D(2026, 6, 30)), "RESO_SLA")
        h2 = self.of(self.measure("half_year", D(2026, 7, 1), D(2026, 12, 31)), "RESO_SLA")
        self.assertEqual((july.denominator, h2.denominator), (1, 1))
        self.assertEqual((june.denominator, h1.denominator), (0, 0))
        self.assertEqual((june.status, h1.status), ("no_data", "no_data"))
        # the same in the quality report and the customer service report
        report = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": D(2026, 7, 1),
                "company_id": self.company.id,
            }
        )
        self.assertEqual((report.closed_count, report.resolution_total), (1, 1))
        june_report = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": D(2026, 6, 1),
                "company_id": self.company.id,
            }
        )
        self.assertEqual((june_report.ticket_count, june_report.closed_count), (1, 0))

    def test_no_data_is_never_met(self):
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "N 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "indicator_id": self.env.ref("quality_ops.indicator_resp_avg").id,
                            "target_value": 4,
                            "warning_value": 6,
                        },
                    )
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        # February 2026: no ticket at all in the company
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG")
        self.assertEqual(len(mean), 1)
        self.assertFalse(mean.has_value)
        self.assertEqual(mean.status, "no_data")
        self.assertEqual(mean.target_value, 4)
        self.assertEqual(plan.target_ids.actual_status, "no_data")
        # stored as no value (NULL), so no average counts it as 0
        self.env.flush_all()
        self.env.cr.execute("SELECT value FROM quality_ops_measurement WHERE id = %s", [mean.id])
        self.assertIsNone(self.env.cr.fetchone()[0])
        [group] = self.Measurement._read_group([("id", "=", mean.id)], [], ["value:avg"])
        self.assertIs(group[0], False)
        # the scorecard has no actual: empty, not 0.00 / 0 %
        target = plan.target_ids
        self.assertFalse(target.has_actual)
        self.assertFalse(target.actual_value)
        self.assertFalse(target.attainment)
        # a real measured value is one, even 0
        ticket = self.ticket(utc(2026, 2, 2, 9))
        self.reply(ticket, utc(2026, 2, 2, 9))
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG")
        self.assertTrue(mean.has_value)
        self.assertEqual(mean.value, 0.0)
        # the scorecard reads the year's measurement
        self.measure("year", D(2026, 1, 1), D(2026, 12, 31))
        target.invalidate_recordset()
        self.assertTrue(target.has_actual)
        self.assertEqual(target.actual_status, "met")

    def test_manual_indicator_is_judged_against_its_target(self):
        availability = self.env.ref("quality_ops.indicator_availability")
        plan = self.env["quality_ops.plan"].create(
            {
                "name": "N 2026",
                "year": 2026,
                "company_id": self.company.id,
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "indicator_id": availability.id,
                            "target_value": 99.9,
                            "warning_value": 99.5,
                        },
                    )
                ],
            }
        )
        plan.action_submit()
        plan.action_approve()
        officer = new_test_user(
            self.env,
            "qo_n_qc",
            groups="quality_ops.group_quality_officer",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        Measurement = self.Measurement.with_user(officer)
        month = {"indicator_id": availability.id, "periodicity": "month"}
        october = Measurement.create(
            {**month, "date_from": "2026-10-01", "date_to": "2026-10-31", "value": 99.95}
        )
        november = Measurement.create(
            {**month, "date_from": "2026-11-01", "date_to": "2026-11-30", "value": 99.6}
        )
        self.assertEqual((october.status, october.target_value), ("met", 99.9))
        self.assertEqual(november.status, "warning")
        november.write({"value": 98})
        self.assertEqual(november.status, "missed")
        # the scorecard shows the latest value entered against the target
        target = plan.target_ids
        target.invalidate_recordset()
        self.assertEqual((target.actual_value, target.actual_status), (98, "missed"))
        # and the annual report lists it with its target
        report = self.env["quality_ops.report"].create(
            {"name": "2026", "kind": "annual", "year": 2026, "company_id": self.company.id}
        )
        report.action_generate()
        line = report.line_ids.filtered(lambda line: line.indicator_id == availability)
        self.assertEqual((line.value, line.target_value, line.status), (98, 99.9, "missed"))

    def test_service_report_lists_its_tickets_on_the_first_render_in_each_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        data = self.build_march()
        report = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": D(2026, 3, 1),
                "company_id": self.company.id,
            }
        )
        numbers = [t.number for t in data["tickets"]]
        for lang in ("zh_CN", "en_US"):
            self.env.registry.clear_cache()
            self.env.invalidate_all()
            html, _kind = (
                self.env["ir.actions.report"]
                .with_context(lang=lang)
                ._render_qweb_html("quality_ops.report_service_report", report.ids)
            )
            html = html.decode()
            for number in numbers:
                self.assertIn(number, html, lang)
        # April: one ticket resolved, no rating: CSAT reads "—", never 0.00
        april = self.env["quality_ops.service.report"].create(
            {
                "partner_id": self.customer.id,
                "project_id": self.project.id,
                "date_from": D(2026, 4, 1),
                "company_id": self.company.id,
            }
        )
        self.assertEqual(april.rating_count, 0)
        self.assertEqual(april._figure_text("csat_rate"), "\u2014")
        self.assertEqual(april._figure_text("rating_average"), "\u2014")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("quality_ops.report_service_report", april.ids)[0]
            .decode()
        )
        self.assertNotIn("0.00 (0)", html)

    # ------------------------------------------------------------------
    # names: what a reader sees
    # ------------------------------------------------------------------
    def load_chinese(self, *msgids):
        """zh_CN with quality_ops' terms; Odoo reads a .po through the
        module's .pot: a string not in the .pot yet is not translated."""
        pot = polib.pofile(file_path("quality_ops/i18n/quality_ops.pot"))
        missing = set(msgids) - {entry.msgid for entry in pot}
        if missing:
            self.fail(f"i18n/quality_ops.pot lacks {sorted(missing)}: regenerate it")
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["quality_ops"], ["zh_CN"])

    def test_indicator_is_named_by_its_name_and_found_by_its_code(self):
        self.load_chinese()
        indicator = self.env.ref("quality_ops.indicator_resp_avg")
        self.assertEqual(indicator.with_context(lang="en_US").display_name, "Mean response time")
        self.assertEqual(indicator.with_context(lang="zh_CN").display_name, "平均响应时长")
        self.assertNotIn("RESP_AVG", indicator.with_context(lang="zh_CN").display_name)
        Indicator = self.env["quality_ops.indicator"].with_context(lang="zh_CN")
        for text in ("RESP_AVG", "resp_avg", "平均响应"):
            with self.subTest(search=text):
                found = [row[0] for row in Indicator.name_search(text, limit=50)]
                self.assertIn(indicator.id, found)
        self.assertIn(indicator, Indicator.search([("display_name", "ilike", "RESP_AVG")]))

    def test_measurement_is_named_by_indicator_and_period(self):
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG")
        self.assertEqual(mean.period_key, "2026-02")
        self.assertEqual(
            mean.with_context(lang="en_US").display_name, "Mean response time · 2026-02"
        )
        self.assertEqual(mean.with_context(lang="en_US").period_label, "2026-02")
        for (periodicity, first, last), (english, key) in self.LONGER_PERIODS.items():
            with self.subTest(periodicity=periodicity):
                measurement = self.of(self.measure(periodicity, first, last), "RESP_AVG")
                self.assertEqual(measurement.period_key, key)
                self.assertEqual(measurement.with_context(lang="en_US").period_label, english)
                self.assertTrue(measurement.display_name.endswith(f" · {english}"))
        # a scope other than the company is named too
        self.reply(self.ticket(utc(2026, 3, 2, 9)), utc(2026, 3, 2, 10))
        project = self.of(
            self.measure("month", D(2026, 3, 1), D(2026, 3, 31)), "RESP_AVG", "project"
        )
        self.assertTrue(project)
        for measurement in project:
            self.assertTrue(measurement.display_name.endswith(self.project.display_name))

    LONGER_PERIODS = {
        ("quarter", D(2026, 10, 1), D(2026, 12, 31)): ("2026 Q4", "2026-Q4"),
        ("half_year", D(2026, 1, 1), D(2026, 6, 30)): ("2026 H1", "2026-H1"),
        ("year", D(2026, 1, 1), D(2026, 12, 31)): ("Year 2026", "2026"),
    }

    def test_measurement_is_named_in_chinese(self):
        self.load_chinese(
            "%(year)s-%(mm)s", "%(year)s Q%(quarter)s", "%(year)s H1", "Year %(year)s"
        )
        february = self.measure("month", D(2026, 2, 1), D(2026, 2, 28))
        mean = self.of(february, "RESP_AVG").with_context(lang="zh_CN")
        self.assertEqual(mean.display_name, "平均响应时长 · 2026年2月")
        self.assertEqual(mean.period_label, "2026年2月")
        chinese = ("2026年第4季度", "2026年上半年", "2026年")
        for (periodicity, first, last), label in zip(self.LONGER_PERIODS, chinese, strict=True):
            with self.subTest(periodicity=periodicity):
                measurement = self.of(self.measure(periodicity, first, last), "RESP_AVG")
                self.assertEqual(measurement.with_context(lang="zh_CN").period_label, label)

    def test_views_show_names_periods_and_no_data_as_such(self):
        def arch(xmlid):
            view = self.env.ref(xmlid)
            return self.env[view.model].get_view(view.id)["arch"]

        listed = arch("quality_ops.quality_measurement_view_list")
        self.assertIn('name="period_label"', listed)
        self.assertRegex(listed, r'name="value"[^>]*invisible="not has_value"')
        cards = arch("quality_ops.quality_measurement_view_kanban")
        self.assertIn('name="period_label"', cards)
        self.assertNotIn('name="date_from"', cards)
        self.assertIn("No data", cards)
        for xmlid in (
            "quality_ops.quality_measurement_view_pivot",
            "quality_ops.quality_measurement_view_graph",
        ):
            with self.subTest(view=xmlid):
                self.assertIn('name="period_key"', arch(xmlid))
                self.assertNotIn('interval="month"', arch(xmlid))
        # rates of a month without any clock or rating are no data, not 0.00
        reports = arch("quality_ops.quality_service_report_view_list")
        self.assertRegex(reports, r'name="csat_rate"[^>]*invisible="not rating_count"')
        self.assertRegex(reports, r'name="resolution_rate"[^>]*invisible="not resolution_total"')
        statements = arch("quality_ops.quality_sla_statement_view_list")
        self.assertRegex(statements, r'name="compliance"[^>]*invisible="not verdict_count"')
        self.assertIn('name="month_label"', statements)
        clocks = arch("quality_ops.quality_sla_report_view_list")
        self.assertRegex(clocks, r'name="consumed_hours"[^>]*invisible="not finished"')
        self.assertIn('name="month_key"', clocks)
        scorecard = arch("quality_ops.quality_target_view_scorecard")
        self.assertRegex(scorecard, r'name="actual_value"[^>]*invisible="not has_actual"')
        self.assertRegex(scorecard, r'name="attainment"[^>]*invisible="not has_actual"')
        # the audit score is 0-100: never the percentage widget (50 shown as
        # 5000 %), shown whenever something was applicable, a real 0 too
        for xmlid in (
            "quality_ops.quality_audit_view_kanban",
            "quality_ops.quality_audit_view_list",
            "quality_ops.quality_audit_view_form",
        ):
            with self.subTest(view=xmlid):
                audit_arch = arch(xmlid)
                self.assertNotIn('widget="percentage"', audit_arch)
                self.assertNotIn('invisible="not score"', audit_arch)
                self.assertIn('invisible="not applicable_count"', audit_arch)

    def test_no_data_reads_in_chinese_on_the_cards(self):
        self.load_chinese("No data", "No data: nothing to count in this period")
        for xmlid in (
            "quality_ops.quality_measurement_view_kanban",
            "quality_ops.quality_target_view_scorecard_kanban",
            "quality_ops.quality_measurement_view_form",
        ):
            with self.subTest(view=xmlid):
                arch = self.env.ref(xmlid).with_context(lang="zh_CN").arch_db
                self.assertIn("无数据", arch)
                self.assertNotIn(">No data", arch)

    def test_audit_without_applicable_line_has_no_score_and_zero_is_zero(self):
        Audit = self.env["quality_ops.audit"]
        common = {
            "kind": "project",
            "project_id": self.project.id,
            "company_id": self.company.id,
            "planned_date": D(2026, 3, 16),
        }
        empty, failed, half = Audit.create(
            [
                {
                    **common,
                    "name": "Nothing applicable",
                    "line_ids": [(0, 0, {"question": "A", "result": "not_applicable"})],
                },
                {
                    **common,
                    "name": "All failed",
                    "line_ids": [(0, 0, {"question": "A", "result": "major"})],
                },
                {
                    **common,
                    "name": "Half",
                    "line_ids": [
                        (0, 0, {"question": q, "result": r})
                        for q, r in (("A", "conform"), ("B", "minor"))
                    ],
                },
            ]
        )
        self.assertEqual(empty.applicable_count, 0)
        self.assertEqual((failed.applicable_count, failed.score), (1, 0.0))
        self.assertEqual(half.score, 50.0)
        # nothing applicable: the views hide its score (see the view test)
        self.assertFalse(empty.score)

    def test_followup_shows_the_survey_score_it_was_opened_for(self):
        campaign = self.env["quality_ops.survey.campaign"].create(
            {
                "name": "N survey",
                "company_id": self.company.id,
                "date_from": D(2026, 1, 1),
                "date_to": D(2026, 6, 30),
            }
        )
        answer = (
            self.env["survey.user_input"]
            .sudo()
            .create(
                {
                    "survey_id": campaign.survey_id.id,
                    "partner_id": self.customer.id,
                    "quality_campaign_id": campaign.id,
                    "state": "done",
                    "quality_score": 37.5,
                }
            )
        )
        campaign._follow_up_low_scores(answer)
        followup = self.env["quality_ops.followup"].search([("survey_input_id", "=", answer.id)])
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.survey_score, 37.5)
        self.assertEqual(followup.score_display, "37.5 / 100")
        self.assertFalse(followup.rating_id)
        other = self.env["quality_ops.followup"].create(
            {"name": "Call", "reason": "other", "company_id": self.company.id}
        )
        self.assertFalse(other.score_display)
        listed = self.env["quality_ops.followup"].get_view(
            self.env.ref("quality_ops.quality_followup_view_list").id
        )["arch"]
        self.assertIn('name="score_display"', listed)
        self.assertNotIn('name="rating"', listed)


@tagged("post_install", "-at_install")
class TestNumbersOnDemo(TransactionCase):
    def test_every_measurement_of_the_demo_year_drills_down_to_its_denominator(self):
        company = self.env.ref("base.main_company")
        Measurement = self.env["quality_ops.measurement"]
        Measurement._compute_year(2026)
        measurements = Measurement.search(
            [
                ("company_id", "=", company.id),
                ("periodicity", "=", "month"),
                ("date_from", ">=", D(2026, 1, 1)),
                ("date_from", "<=", D(2026, 12, 1)),
                ("source", "!=", "manual"),
            ]
        )
        self.assertGreater(len(measurements), 300)
        wrong = []
        for measurement in measurements:
            found = measurement._drill_down()
            count = len(found[0][1]) if found else 0
            if count != measurement.denominator:
                wrong.append(
                    f"{measurement.indicator_id.code} {measurement.date_from} "
                    f"{measurement.scope}:{measurement.scope_key} "
                    f"{count} != {measurement.denominator}"
                )
        self.assertFalse(wrong, "\n".join(wrong[:20]))

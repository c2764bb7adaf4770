"""Numbers users can trust: every value equals the records behind it, periods start at the
company's local midnight, no data is no data, manual indicators are judged against their
target."""

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from . import numbers_common as fixture
from .common import report_html, role_user
from .numbers_common import COUNTED, D, utc


@tagged("post_install", "-at_install")
class TestNumbers(fixture.NumbersCase):
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
        # once (closed, reopened and closed again within March: its clock went
        # on in place, one verdict); t4 paused and t6 cancelled have none; t7
        # ended in April, local time
        self.assertEqual((resp.numerator, resp.denominator), (2, 4))
        self.assertEqual((reso.numerator, reso.denominator), (3, 4))
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

    def test_counts_before_the_first_ticket_are_no_data(self):
        """A count of a period that ended before the company's first ticket
        (local day) is no data, not 0: a year-on-year card would compare with
        nothing. From the month of the first ticket on, 0 is a count."""
        for date_from, date_to in (
            (D(2026, 1, 1), D(2026, 1, 31)),
            (D(2026, 2, 1), D(2026, 2, 28)),
        ):
            measured = self.measure("month", date_from, date_to)
            for code in ("TICKETS_CLOSED", "TICKETS_OPEN", "BACKLOG"):
                row = self.of(measured, code)
                self.assertEqual((row.has_value, row.status), (False, "no_data"), code)
        # the first ticket: 00:30 on 1 March in Shanghai, 28 February in UTC
        self.ticket(utc(2026, 3, 1, 0, 30))
        self.Measurement._compute_year(2026)
        stored = self.Measurement.search(
            [("company_id", "=", self.company.id), ("periodicity", "=", "month")]
        )
        for code in ("TICKETS_CLOSED", "TICKETS_OPEN", "BACKLOG"):
            by_month = {m.date_from.month: m for m in self.of(stored, code)}
            self.assertFalse(by_month[2].has_value, f"{code}: February is before it")
            self.assertEqual(by_month[2].value_display, "—")
            self.assertEqual((by_month[3].has_value, by_month[4].has_value), (True, True), code)
        closed = {m.date_from.month: m for m in self.of(stored, "TICKETS_CLOSED")}
        self.assertEqual((closed[4].value, closed[4].value_display), (0, "0"))
        opened = {m.date_from.month: m.value for m in self.of(stored, "TICKETS_OPEN")}
        self.assertEqual((opened[3], opened[12]), (1, 1))
        # the quarter ending after it counts; the scheduled path agrees
        self.Measurement._compute_periods(
            [("month", D(2026, 2, 1), D(2026, 2, 28)), ("quarter", D(2026, 1, 1), D(2026, 3, 31))]
        )
        self.assertFalse(
            self.of(self.measure("month", D(2026, 2, 1), D(2026, 2, 28)), "TICKETS_OPEN").has_value
        )
        quarter = self.of(self.measure("quarter", D(2026, 1, 1), D(2026, 3, 31)), "TICKETS_OPEN")
        self.assertEqual((quarter.has_value, quarter.value), (True, 1))

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
        officer = role_user(self.env, "qo_n_qc", "officer", company=self.company)
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
        html = report_html(self.env, "quality_ops.report_service_report", april)
        self.assertNotIn("0.00 (0)", html)

    def test_service_report_volume_is_the_registry_s(self):
        """Tickets closed and open at the month's end in the customer service
        report are TICKETS_CLOSED and TICKETS_OPEN of the same project (or
        customer) and month, in local months: t7, closed at 00:30 on 1 April in
        Shanghai, is open at the end of March and closed in April."""
        t1, t2, t3, t4, t5, t6, t7 = self.build_march()["tickets"]
        # closed on 13 March, reopened the next day and still open
        t8 = self.ticket(utc(2026, 3, 13, 9))
        self.move(t8, self.stage_done, utc(2026, 3, 13, 10))
        self.move(t8, self.stage_progress, utc(2026, 3, 14, 9))
        expected = {
            # month: (closed in it, open at its end), counted by hand
            D(2026, 3, 1): ({t1, t2, t5, t6, t8}, {t3, t4, t7, t8}),
            D(2026, 4, 1): ({t7}, {t3, t4, t8}),
        }
        self.manager.tz = "Pacific/Honolulu"
        for month, (closed, still_open) in expected.items():
            last = month.replace(day=30 if month.month == 4 else 31)
            measurements = self.measure("month", month, last)
            for project in (self.project, self.env["project.project"]):
                with freeze_time(utc(2026, 4, 2, 9, 47)):
                    report = self.env["quality_ops.service.report"].create(
                        {
                            "partner_id": self.customer.id,
                            "project_id": project.id,
                            "date_from": month,
                            "company_id": self.company.id,
                        }
                    )
                scope = "project" if project else "customer"
                with self.subTest(month=month, scope=scope):
                    by_hand = (len(closed), len(still_open))
                    self.assertEqual((report.closed_count, report.backlog_count), by_hand)
                    registry = (
                        self.of(measurements, "TICKETS_CLOSED", scope).value,
                        self.of(measurements, "TICKETS_OPEN", scope).value,
                    )
                    self.assertEqual(registry, by_hand)
                    self.assertLessEqual({t.id for t in closed}, set(report.ticket_ids.ids))
        # the figures' time printed in the company's zone (09:47 in Shanghai),
        # not in the printing user's (15:47 the day before in Honolulu)
        html = report_html(self.env, "quality_ops.report_service_report", report, user=self.manager)
        self.assertIn("09:47", html)
        self.assertNotIn("15:47", html)


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

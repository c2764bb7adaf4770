"""The period figures of the quality report and of the management review are
those of the scorecard: read from the measurements the engine writes when the
document is generated, into section lines that say when the snapshot was taken
(in the company's time zone), on the screen and in print."""

import datetime as dt

import pytz

from odoo.tests import tagged
from odoo.tools import SQL

from .common import QualityCommon, report_html

D = dt.date
YEAR = 2021  # a past year the demo data leaves alone


@tagged("post_install", "-at_install")
class TestSectionFigures(QualityCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.ind_action = cls.env.ref("quality_ops.indicator_action_ontime")
        plan = cls.make_plan(
            year=YEAR,
            targets=[{"indicator_id": cls.ind_action.id, "target_value": 90, "warning_value": 80}],
        )
        plan.with_user(cls.manager).action_submit()
        plan.with_user(cls.representative).action_approve()
        cls.target = plan.target_ids
        cls.finding = (
            cls.env["quality_ops.finding"]
            .with_user(cls.officer)
            .create({"name": "Backups not tested", "description": "x", "severity": "minor"})
        )
        # due in March: two done on time, one late
        cls.actions = cls.env["quality_ops.action"]
        for done in ("2021-03-20", "2021-03-25", "2021-04-10"):
            cls.actions |= cls._action_done(done)

    @classmethod
    def _action_done(cls, done):
        action = (
            cls.env["quality_ops.action"]
            .with_user(cls.officer)
            .create(
                {
                    "name": f"Restore test {done}",
                    "action_type": "corrective",
                    "finding_id": cls.finding.id,
                    "owner_id": cls.engineer.id,
                    "due_date": "2021-03-31",
                }
            )
        )
        cls.env.flush_all()
        # done in the past: written as the records of that year would be
        cls.env.cr.execute(
            SQL(
                "UPDATE quality_ops_action SET state = 'done', date_done = %s,"
                " closed_on_time = %s <= due_date WHERE id = %s",
                done,
                done,
                action.id,
            )
        )
        action.invalidate_recordset()
        return action

    def _measure_year(self):
        Measurement = self.env["quality_ops.measurement"].sudo()
        Measurement._compute_period("year", D(YEAR, 1, 1), D(YEAR, 12, 31))
        return Measurement.search(
            [
                ("indicator_id", "=", self.ind_action.id),
                ("periodicity", "=", "year"),
                ("date_from", "=", D(YEAR, 1, 1)),
                ("scope", "=", "company"),
                ("company_id", "=", self.company.id),
            ]
        )

    def _scorecard(self):
        self.target.invalidate_recordset()
        return self.target.with_user(self.manager).actual_value

    def _local(self, instant):
        return (pytz.utc.localize(instant).astimezone(pytz.timezone("Asia/Shanghai"))).strftime(
            "%Y-%m-%d %H:%M"
        )

    def _two_general_complaints_in_may(self):
        """Two complaints of the general level received on 3 May of the year;
        returns the level."""
        general = self.env.ref("quality_ops.complaint_level_general")
        complaints = self.env["quality_ops.complaint"].create(
            [
                {"name": name, "partner_id": self.customer.id, "level_id": general.id}
                for name in ("Late", "Rude")
            ]
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_complaint SET create_date = %s WHERE id IN %s",
                dt.datetime(YEAR, 5, 3, 2, 0),
                tuple(complaints.ids),
            )
        )
        complaints.invalidate_recordset()
        return general

    def test_review_reads_the_scorecard_of_its_period(self):
        measurement = self._measure_year()
        self.assertAlmostEqual(measurement.value, 66.67, places=2)
        self.assertAlmostEqual(self._scorecard(), 66.67, places=2)
        # one more action of the year done on time: the stored figure is now
        # that of the last run of the scheduled action
        self._action_done("2021-03-30")
        self.assertAlmostEqual(measurement.value, 66.67, places=2)
        review = (
            self.env["quality_ops.review"]
            .with_user(self.manager)
            .create({"name": f"{YEAR} management review", "planned_date": f"{YEAR}-12-10"})
        )
        review.with_user(self.officer).action_start()
        line = review.input_ids.filtered(
            lambda x: x.section == "objective" and x.indicator_id == self.ind_action
        )
        self.assertEqual(len(line), 1)
        # the review measured its period when gathering: it reads what the
        # scorecard reads, 3 of 4 on time
        self.assertEqual(line.measurement_id, measurement)
        self.assertAlmostEqual(line.value, 75.0, places=2)
        self.assertAlmostEqual(self._scorecard(), line.value, places=2)
        self.assertEqual((line.target_value, line.status), (90.0, "missed"))
        # the snapshot is stored on every line, and said in the company's zone
        self.assertTrue(review.inputs_refreshed_at)
        self.assertEqual(set(review.input_ids.mapped("snapshot_at")), {review.inputs_refreshed_at})
        local = self._local(review.inputs_refreshed_at)
        self.assertIn(f"Snapshot of {local} (Asia/Shanghai)", review.snapshot_note)
        self.assertEqual(line.snapshot_note, review.snapshot_note)
        html = report_html(self.env, "quality_ops.report_quality_review", review, user=self.manager)
        self.assertIn(f"Snapshot of {local} (Asia/Shanghai)", html)

    def test_report_reads_the_scorecard_and_the_registry(self):
        self._measure_year()
        self._action_done("2021-03-30")
        report = (
            self.env["quality_ops.report"]
            .with_user(self.manager)
            .create({"name": f"Annual {YEAR}", "kind": "annual", "year": YEAR})
        )
        report.with_user(self.officer).action_generate()
        line = report.line_ids.filtered(
            lambda x: x.section == "scorecard" and x.indicator_id == self.ind_action
        )
        self.assertAlmostEqual(line.value, 75.0, places=2)
        self.assertAlmostEqual(self._scorecard(), line.value, places=2)
        self.assertEqual(line.measurement_id.value, line.value)
        # the action section counts by the indicator's definition: 4 due, 3 on time
        actions = {
            x.label: x.count for x in report.line_ids.filtered(lambda x: x.section == "action")
        }
        self.assertEqual(actions["Actions due in the period"], 4)
        self.assertEqual(actions["Closed on time"], 3)
        self.assertEqual(set(report.line_ids.mapped("snapshot_at")), {report.generated_at})
        local = self._local(report.generated_at)
        self.assertIn(f"Snapshot of {local} (Asia/Shanghai)", report.snapshot_note)
        html = report_html(self.env, "quality_ops.report_quality_report", report, user=self.manager)
        self.assertIn(f"Snapshot of {local} (Asia/Shanghai)", html)

    def test_complaints_by_level_add_up_to_the_indicators(self):
        """The complaints of each level, summed, are the company's figures of
        the complaint indicators for the same period."""
        general = self._two_general_complaints_in_may()
        Builder = self.env["quality_ops.section.builder"]
        levels = Builder._complaint_levels(self.company, D(YEAR, 1, 1), D(YEAR, 12, 31))
        figures = Builder._complaint_figures(self.company, D(YEAR, 1, 1), D(YEAR, 12, 31), levels)
        self.assertEqual(figures[general][0], 2)
        period = Builder._period(self.company, D(YEAR, 1, 1), D(YEAR, 12, 31))
        Registry = self.env["quality_ops.indicator.registry"]
        received, _tickets = Registry._totals("complaint", period, companies=[self.company.id])
        on_time, closed = Registry._totals("complaint_close", period, companies=[self.company.id])
        self.assertEqual(sum(f[0] for f in figures.values()), received)
        self.assertEqual(sum(f[1] for f in figures.values()), closed)
        self.assertEqual(sum(f[2] for f in figures.values()), on_time)

    def test_report_and_review_read_the_same_figures_into_their_own_lines(self):
        """The quality report's lines and the review's inputs are two tables (the
        report's lines carry a text and the quality department's comment, read
        by project leads, frozen once reviewed; the review's inputs carry
        figures and references only, frozen when the review closes), filled
        from the same section builder: for one company and year, the shared
        sections read the same figures."""
        general = self._two_general_complaints_in_may()
        report = (
            self.env["quality_ops.report"]
            .with_user(self.manager)
            .create({"name": f"Annual {YEAR}", "kind": "annual", "year": YEAR})
        )
        report.with_user(self.officer).action_generate()
        review = (
            self.env["quality_ops.review"]
            .with_user(self.manager)
            .create(
                {
                    "name": f"{YEAR} management review",
                    "planned_date": f"{YEAR}-12-31",
                    "date_from": f"{YEAR}-01-01",
                    "date_to": f"{YEAR}-12-31",
                }
            )
        )
        review.with_user(self.officer).action_start()

        def report_lines(section):
            return report.line_ids.filtered(lambda x: x.section == section)

        def inputs(section):
            return review.input_ids.filtered(lambda x: x.section == section)

        # the indicator: the same stored measurement of the year
        scorecard = report_lines("scorecard").filtered(lambda x: x.indicator_id == self.ind_action)
        objective = inputs("objective").filtered(lambda x: x.indicator_id == self.ind_action)
        self.assertTrue(scorecard.measurement_id)
        self.assertEqual(scorecard.measurement_id, objective.measurement_id)
        self.assertEqual((scorecard.value, scorecard.status), (objective.value, objective.status))
        # complaints by level: received, closed, closed on time
        reported = report_lines("complaint").filtered(lambda x: x.label == general.display_name)
        gathered = inputs("complaint").filtered(lambda x: x.level_id == general)
        self.assertEqual(reported.count, 2)
        self.assertEqual(
            (reported.count, reported.second_count, reported.value),
            (gathered.count, gathered.closed_count, gathered.value),
        )
        # quality assurance: the controlled documents in force, and those due
        # for their periodic review
        documents = {line.sequence: line.count for line in report_lines("assurance")}
        gathered = inputs("assurance").filtered(lambda x: x.assurance_kind == "documents")
        self.assertEqual((documents[0], documents[1]), (gathered.count, gathered.overdue_count))

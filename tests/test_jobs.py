"""Heavy work as OCA queue_job jobs: split into pieces, one job per piece,
crons that only queue, and the large XLSX export delivered to its requester."""

import datetime as dt
import io
from unittest.mock import patch

import openpyxl
import psycopg2
from freezegun import freeze_time
from psycopg2 import errorcodes

from odoo.exceptions import AccessError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from ..quality_ops.models import quality_job_export
from ..quality_ops.models.quality_job_measurement import batches
from .common import perform_cron_jobs, role_user

D = dt.date
YEAR = 2033  # no demo record lives in it: every figure of the year is this fixture's
CHANNEL = "root.quality_ops"


@tagged("post_install", "-at_install")
class TestJobs(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env["res.company"].create({"name": "Jobs O&M"})
        cls.manager = role_user(cls.env, "qo_j_manager", "manager", company=cls.company)
        cls.officer = role_user(cls.env, "qo_j_officer", "officer", company=cls.company)
        cls.company.quality_manager_id = cls.manager
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Jobs",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    (0, 0, {"name": "day", "dayofweek": str(d), "hour_from": 9, "hour_to": 17})
                    for d in range(5)
                ],
            }
        )
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Jobs team", "company_id": cls.company.id}
        )
        cls.env["quality_ops.sla.policy"].create(
            {
                "name": "Jobs policy",
                "company_id": cls.company.id,
                "calendar_id": calendar.id,
                "line_ids": [(0, 0, {"priority": "1", "response_hours": 2, "resolution_hours": 8})],
            }
        )
        done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        # March: one met, one late; May: one met; August: one still open
        for created, closed in (
            ("2033-03-01 09:00:00", "2033-03-01 10:00:00"),
            ("2033-03-02 09:00:00", "2033-03-03 16:00:00"),
            ("2033-05-03 09:00:00", "2033-05-03 11:00:00"),
            ("2033-08-01 09:00:00", None),
        ):
            with freeze_time(created):
                ticket = cls.env["helpdesk.ticket"].create(
                    {
                        "name": "j",
                        "description": "<p>j</p>",
                        "team_id": team.id,
                        "company_id": cls.company.id,
                        "priority": "1",
                    }
                )
            if closed:
                with freeze_time(closed):
                    ticket.stage_id = done
        cls.Measurement = cls.env["quality_ops.measurement"]
        cls.indicators = cls.Measurement._builtin_indicators()
        cls.resp = cls.env.ref("quality_ops.indicator_resp_sla")

    def figures(self, year=YEAR):
        """Every measured figure of the year, as the rows say it."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT indicator_id, periodicity, date_from, scope, scope_key, company_id,
                          numerator, denominator, value, status
                     FROM quality_ops_measurement
                    WHERE date_from >= %s AND date_to <= %s
                    ORDER BY 1, 2, 3, 4, 5, 6""",
                D(year, 1, 1),
                D(year, 12, 31),
            )
        )
        return self.env.cr.fetchall()

    def scramble(self, year=YEAR):
        """Wrong figures in every row of the year: only a recomputation fixes them."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE quality_ops_measurement SET numerator = -1, denominator = -1, value = -1
                    WHERE date_from >= %s AND date_to <= %s""",
                D(year, 1, 1),
                D(year, 12, 31),
            )
        )
        self.env.invalidate_all()

    def queued(self, prefix):
        return self.env["queue.job"].search([("identity_key", "=like", f"quality_ops:{prefix}%")])

    # ------------------------------------------------------------------
    # the full-year recomputation
    # ------------------------------------------------------------------
    def test_full_year_splits_per_indicator_and_equals_the_synchronous_run(self):
        self.Measurement._compute_year(YEAR)
        synchronous = self.figures()
        march = [
            row
            for row in synchronous
            if row[0] == self.resp.id
            and row[1:4] == ("month", D(YEAR, 3, 1), "company")
            and row[5] == self.company.id
        ]
        self.assertEqual([row[6:8] for row in march], [(1, 2)], "one of two responses in time")
        self.scramble()
        self.assertNotEqual(self.figures(), synchronous)
        with trap_jobs() as trap:
            self.assertEqual(self.Measurement._quality_enqueue_year(YEAR), len(self.indicators))
            trap.assert_jobs_count(len(self.indicators))
            trap.assert_jobs_count(
                len(self.indicators), only=self.Measurement._quality_measure_year
            )
            trap.assert_enqueued_job(
                self.Measurement._quality_measure_year,
                args=(YEAR, self.resp.id),
                properties={"identity_key": f"quality_ops:measure-year:{YEAR}:{self.resp.id}"},
            )
            self.assertEqual({job.channel for job in trap.enqueued_jobs}, {CHANNEL})
            # the longest first (a state at each month's end, then the tickets'
            # sources, then the small ones): the slots end together
            priority = {job.args[1]: job.priority for job in trap.enqueued_jobs}
            backlog, survey = (
                self.env.ref(f"quality_ops.indicator_{code}").id for code in ("backlog", "survey")
            )
            self.assertLess(priority[backlog], priority[self.resp.id])
            self.assertLess(priority[self.resp.id], priority[survey])
            # queued, not computed
            self.assertEqual(self.figures()[0][6], -1)
            trap.perform_enqueued_jobs()
        self.assertEqual(self.figures(), synchronous)

    def test_a_period_piece_equals_the_engine(self):
        march = ("month", D(YEAR, 3, 1), D(YEAR, 3, 31))
        self.Measurement._compute_period(*march)
        synchronous = self.figures()
        self.scramble()
        pieces = batches(self.indicators.ids)
        self.assertEqual(sum(map(len, pieces)), len(self.indicators), "each indicator once")
        for ids in pieces:
            self.Measurement._quality_measure_slice(*march, ids)
        self.assertEqual(self.figures(), synchronous)
        # a piece queued before batches (one indicator id) still runs
        self.scramble()
        for indicator in self.indicators:
            self.Measurement._quality_measure_slice(*march, indicator.id)
        self.assertEqual(self.figures(), synchronous)

    def break_piece(self, run, ids):
        """``run()``, a piece measuring ``ids``, lets a serialization failure
        through (queue_job retries it); an indicator that fails otherwise is
        logged and the others measured. Returns the broken indicator's id."""
        Engine = type(self.Measurement)
        failure = psycopg2.errors.SerializationFailure("could not serialize access")
        with (
            patch.object(Engine, "_grouped_rows", side_effect=failure),
            self.assertRaises(psycopg2.errors.SerializationFailure),
        ):
            run()
        grouped_rows = Engine._grouped_rows
        broken = ids[0]

        def broken_first(engine, indicator, periods, **kwargs):
            if indicator.id == broken:
                raise ValueError("a broken definition")
            return grouped_rows(engine, indicator, periods, **kwargs)

        with (
            patch.object(Engine, "_grouped_rows", broken_first),
            mute_logger("odoo.addons.quality_ops.quality_ops.models.quality_measurement_engine"),
        ):
            run()
        return broken

    def test_a_period_piece_lets_a_conflict_through_and_skips_a_broken_indicator(self):
        march = ("month", D(YEAR, 3, 1), D(YEAR, 3, 31))
        ids = batches(self.indicators.ids)[0]
        broken = self.break_piece(lambda: self.Measurement._quality_measure_slice(*march, ids), ids)
        measured = self.Measurement.search(
            [("company_id", "=", self.company.id), ("date_from", "=", D(YEAR, 3, 1))]
        ).mapped("indicator_id")
        self.assertNotIn(broken, measured.ids)
        self.assertEqual(set(measured.ids), set(ids) - {broken})

    def test_a_piece_lets_a_serialization_failure_through_to_be_retried(self):
        """The engine's loop logs a failed indicator and goes on; a piece must
        fail, so that queue_job postpones and retries it."""
        Engine = type(self.Measurement)
        failure = psycopg2.errors.SerializationFailure("could not serialize access")
        with (
            patch.object(Engine, "_grouped_rows", side_effect=failure),
            self.assertRaises(psycopg2.errors.SerializationFailure),
        ):
            self.Measurement._quality_measure_year(YEAR, self.resp.id)
        # queue_job retries these PostgreSQL errors itself; the others follow
        # the job function's pattern, on the channel of quality_ops
        self.assertIsInstance(failure, psycopg2.OperationalError)
        self.assertIn(errorcodes.SERIALIZATION_FAILURE, PG_CONCURRENCY_ERRORS_TO_RETRY)
        config = self.env["queue.job.function"].job_config(
            "<quality_ops.measurement>._quality_measure_year"
        )
        self.assertEqual(config.channel, CHANNEL)
        self.assertEqual(config.retry_pattern, {1: 10, 5: 60, 10: 300})

    # ------------------------------------------------------------------
    # identity keys
    # ------------------------------------------------------------------
    def test_the_same_piece_is_never_queued_twice(self):
        before = len(self.queued("measure-year"))
        self.Measurement._quality_enqueue_year(YEAR)
        jobs = self.queued(f"measure-year:{YEAR}:")
        self.assertEqual(len(jobs), len(self.indicators))
        self.Measurement._quality_enqueue_year(YEAR)
        self.assertEqual(self.queued(f"measure-year:{YEAR}:"), jobs, "queued once")
        self.assertEqual(len(self.queued("measure-year")), before + len(self.indicators))
        self.assertEqual(set(jobs.mapped("channel")), {CHANNEL})
        self.assertEqual(set(jobs.mapped("state")), {"pending"})
        # a piece done is queued again when asked again
        jobs[0].state = "done"
        self.Measurement._quality_enqueue_year(YEAR)
        self.assertEqual(len(self.queued(f"measure-year:{YEAR}:")), len(self.indicators) + 1)

    # ------------------------------------------------------------------
    # crons queue; jobs compute
    # ------------------------------------------------------------------
    def test_measurement_cron_queues_and_computes_nothing(self):
        march = [("company_id", "=", self.company.id), ("date_from", "=", D(YEAR, 3, 1))]
        pieces = batches(self.indicators.ids)
        self.assertLess(len(pieces), len(self.indicators), "indicators measured in batches")
        first = pieces[0]
        key = "+".join(map(str, first))
        # current and previous month, quarter, half and year: those of this
        # year in one piece per batch, those of the last year in another
        this_year = [
            ("month", D(YEAR, 3, 1), D(YEAR, 3, 31)),
            ("month", D(YEAR, 2, 1), D(YEAR, 2, 28)),
            ("quarter", D(YEAR, 1, 1), D(YEAR, 3, 31)),
            ("half_year", D(YEAR, 1, 1), D(YEAR, 6, 30)),
            ("year", D(YEAR, 1, 1), D(YEAR, 12, 31)),
        ]
        last_year = [
            ("quarter", D(YEAR - 1, 10, 1), D(YEAR - 1, 12, 31)),
            ("half_year", D(YEAR - 1, 7, 1), D(YEAR - 1, 12, 31)),
            ("year", D(YEAR - 1, 1, 1), D(YEAR - 1, 12, 31)),
        ]
        named = "+".join(f"{kind}@{start}" for kind, start, _end in this_year)
        with trap_jobs() as trap:
            self.Measurement._cron_compute(today=D(YEAR, 3, 15))
            trap.assert_jobs_count(2 * len(pieces))
            trap.assert_enqueued_job(
                self.Measurement._quality_measure_periods,
                args=(this_year, first),
                properties={"identity_key": f"quality_ops:measure:{named}:{key}"},
            )
            trap.assert_enqueued_job(
                self.Measurement._quality_measure_periods, args=(last_year, first)
            )
            self.assertEqual(
                sorted(
                    i for job in trap.enqueued_jobs if job.args[0] == this_year for i in job.args[1]
                ),
                sorted(self.indicators.ids),
                "every indicator in one piece of the year",
            )
            self.assertFalse(self.Measurement.search_count(march), "nothing computed yet")
            trap.perform_enqueued_jobs()
        measured = self.Measurement.search([*march, ("indicator_id", "=", self.resp.id)])
        company_wide = measured.filtered(lambda m: m.scope == "company")
        self.assertEqual(company_wide.mapped("periodicity"), ["month"])
        self.assertEqual((company_wide.numerator, company_wide.denominator), (1, 2))

    def test_cron_queues_each_piece_once(self):
        self.Measurement._cron_compute(today=D(YEAR, 3, 15))
        jobs = self.queued("measure:")
        self.assertGreaterEqual(len(jobs), 2 * len(batches(self.indicators.ids)))
        self.Measurement._cron_compute(today=D(YEAR, 3, 15))
        self.assertEqual(self.queued("measure:"), jobs)

    def test_scheduled_pieces_equal_the_engine_period_by_period(self):
        """A piece measures a year's periods from one scan of their months: the
        figures of the engine measuring each period alone, for a company whose
        months start at its own midnight too (a ticket closed at 01:30 on
        1 June in Shanghai is June's, not May's as in UTC)."""
        self.company.partner_id.tz = "Asia/Shanghai"
        with freeze_time("2033-05-31 08:00:00"):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "j",
                    "description": "<p>j</p>",
                    "team_id": self.env["helpdesk.ticket.team"]
                    .search([("company_id", "=", self.company.id)])
                    .id,
                    "company_id": self.company.id,
                    "priority": "1",
                }
            )
        with freeze_time("2033-05-31 17:30:00"):
            ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        today = D(YEAR, 6, 15)
        periods = self.Measurement._scheduled_periods(today)
        for period in periods:
            self.Measurement._compute_period(*period)
        synchronous = self.figures(YEAR) + self.figures(YEAR - 1)
        closed = self.env.ref("quality_ops.indicator_tickets_closed")
        by_month = {
            row[2]: row[6]
            for row in synchronous
            if row[0] == closed.id
            and row[1] == "month"
            and row[3] == "company"
            and row[5] == self.company.id
        }
        self.assertEqual(by_month, {D(YEAR, 5, 1): 1, D(YEAR, 6, 1): 1}, "closed on 3 May, 1 June")
        self.scramble(YEAR)
        self.scramble(YEAR - 1)
        with trap_jobs() as trap:
            self.Measurement._cron_compute(today=today)
            trap.assert_jobs_count(2 * len(batches(self.indicators.ids)))
            trap.perform_enqueued_jobs()
        self.assertEqual(self.figures(YEAR) + self.figures(YEAR - 1), synchronous)

    def test_scheduled_pieces_add_up_the_stored_months(self):
        """The scheduled pieces query the months they measure and take the
        year's other months from their stored measurements: a quarter or a
        year is the sum of the months shown beside it, until the full-year
        recomputation reads every month again."""
        closed = self.env.ref("quality_ops.indicator_tickets_closed")
        team = self.env["helpdesk.ticket.team"].search([("company_id", "=", self.company.id)])
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

        def close_one(day):
            with freeze_time(f"{day} 09:00:00"):
                ticket = self.env["helpdesk.ticket"].create(
                    {
                        "name": "late",
                        "description": "<p>late</p>",
                        "team_id": team.id,
                        "company_id": self.company.id,
                        "priority": "1",
                    }
                )
            with freeze_time(f"{day} 10:00:00"):
                ticket.stage_id = done

        def company_figure(periodicity, date_from, indicator=closed):
            return self.Measurement.search(
                [
                    ("indicator_id", "=", indicator.id),
                    ("periodicity", "=", periodicity),
                    ("date_from", "=", date_from),
                    ("scope", "=", "company"),
                    ("company_id", "=", self.company.id),
                ]
            ).value

        def scheduled_firing():
            periods = self.Measurement._scheduled_periods(D(YEAR, 6, 15))
            for of_year, ids in self.Measurement._quality_period_pieces(periods):
                self.Measurement._quality_measure_periods(of_year, ids)

        self.Measurement._compute_year(YEAR)
        opened = self.env.ref("quality_ops.indicator_tickets_open")
        march, june = (company_figure("month", D(YEAR, m, 1), opened) for m in (3, 6))
        close_one("2033-03-10")  # a month measured before, not by this firing
        close_one("2033-06-10")  # the current month
        with freeze_time("2033-03-20 09:00:00"):
            self.env["helpdesk.ticket"].create(
                {
                    "name": "still open",
                    "description": "<p>open</p>",
                    "team_id": team.id,
                    "company_id": self.company.id,
                }
            )
        scheduled_firing()
        # a state at the end: the quarter's is its last month's as stored
        self.assertEqual(company_figure("quarter", D(YEAR, 1, 1), opened), march)
        self.assertEqual(company_figure("month", D(YEAR, 6, 1), opened), june + 1)
        self.assertEqual(company_figure("month", D(YEAR, 3, 1)), 2, "March as measured")
        self.assertEqual(company_figure("month", D(YEAR, 6, 1)), 1)
        self.assertEqual(company_figure("quarter", D(YEAR, 1, 1)), 2, "the sum of its months")
        self.assertEqual(company_figure("half_year", D(YEAR, 1, 1)), 4, "March 2, May 1, June 1")
        self.assertEqual(company_figure("year", D(YEAR, 1, 1)), 4)
        self.Measurement._compute_year(YEAR)
        self.assertEqual(company_figure("month", D(YEAR, 3, 1)), 3)
        self.assertEqual(company_figure("year", D(YEAR, 1, 1)), 5, "every month read again")
        measured_again = company_figure("month", D(YEAR, 3, 1), opened)
        self.assertGreater(measured_again, march, "the tickets added since are open then")
        self.assertEqual(company_figure("quarter", D(YEAR, 1, 1), opened), measured_again)

    def test_a_year_piece_lets_a_conflict_through_and_skips_a_broken_indicator(self):
        periods = self.Measurement._scheduled_periods(D(YEAR, 6, 15))
        ids = batches(self.indicators.ids)[0]
        broken = self.break_piece(
            lambda: self.Measurement._quality_measure_periods(periods, ids), ids
        )
        measured = self.Measurement.search(
            [("company_id", "=", self.company.id), ("date_from", "=", D(YEAR, 1, 1))]
        )
        self.assertNotIn(broken, measured.indicator_id.ids)
        self.assertEqual(set(measured.indicator_id.ids), set(ids) - {broken})
        self.assertEqual(
            set(measured.mapped("periodicity")), {"quarter", "half_year", "year"}, "of the year"
        )

    def test_cron_periods_start_at_each_company_s_midnight(self):
        # 17:00 UTC on 30 June is already 1 July in Shanghai: a Shanghai company's
        # July is current, whatever the time zone of the user running the cron
        self.env["res.company"].create({"name": "Shanghai O&M"}).partner_id.tz = "Asia/Shanghai"
        self.company.partner_id.tz = "UTC"
        with freeze_time("2026-06-30 17:00:00"):
            periods = self.Measurement.with_context(tz="America/New_York")._scheduled_periods()
        months = [(start, end) for kind, start, end in periods if kind == "month"]
        self.assertEqual(
            months,
            [
                (D(2026, 6, 1), D(2026, 6, 30)),
                (D(2026, 5, 1), D(2026, 5, 31)),
                (D(2026, 7, 1), D(2026, 7, 31)),
            ],
        )
        self.assertEqual(len(periods), len(set(periods)), "each period once")
        with trap_jobs() as trap, freeze_time("2026-06-30 17:00:00"):
            self.Measurement._cron_compute()
            # the periods of this year and of the last: a piece per batch and year
            trap.assert_jobs_count(2 * len(batches(self.indicators.ids)))

    def test_statements_and_reports_crons_queue(self):
        with trap_jobs() as trap:
            self.env["quality_ops.report"]._cron_draft_reports(today=D(YEAR, 7, 1))
            trap.assert_jobs_count(1)
            trap.assert_enqueued_job(
                self.env["quality_ops.report"]._quality_draft_reports_job,
                args=(D(YEAR, 7, 1),),
                properties={"identity_key": f"quality_ops:reports:{YEAR}-07-01"},
            )
        self.assertFalse(
            self.env["quality_ops.report"].search([("company_id", "=", self.company.id)])
        )
        jobs = perform_cron_jobs(self.env["quality_ops.report"]._cron_draft_reports, D(YEAR, 7, 1))
        self.assertEqual(len(jobs), 1)
        drafted = self.env["quality_ops.report"].search([("company_id", "=", self.company.id)])
        self.assertEqual((drafted.kind, drafted.year, drafted.half), ("half_year", YEAR, "1"))

    # ------------------------------------------------------------------
    # the large XLSX export
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_attachment", "odoo.models")
    def test_large_export_is_a_job_whose_file_only_its_requester_reads(self):
        self.Measurement._compute_period("month", D(YEAR, 3, 1), D(YEAR, 3, 31))
        domain = [("company_id", "=", self.company.id), ("date_from", "=", D(YEAR, 3, 1))]
        Mine = self.Measurement.with_user(self.manager)
        rows = Mine.search_count(domain)
        self.assertGreater(rows, 2)
        # below the threshold: the file comes in the request, as before
        action = Mine.action_quality_export_search_xlsx(domain)
        self.assertEqual(action["type"], "ir.actions.report")
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.xlsx_job_rows", "2")
        Attachment = self.env["ir.attachment"]
        before = Attachment.search([("mimetype", "like", "spreadsheetml")])
        with trap_jobs() as trap:
            action = Mine.action_quality_export_search_xlsx(domain)
            self.assertEqual(action["tag"], "display_notification")
            self.assertIn(str(rows), action["params"]["message"])
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, CHANNEL)
            self.assertEqual(trap.enqueued_jobs[0].user_id, self.manager.id)
            self.assertFalse(Attachment.search([("mimetype", "like", "spreadsheetml")]) - before)
            trap.perform_enqueued_jobs()
        attachment = Attachment.search([("mimetype", "like", "spreadsheetml")]) - before
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.create_uid, self.manager)
        self.assertFalse(attachment.res_model or attachment.res_id)
        self.assertEqual(attachment.with_user(self.manager).raw[:2], b"PK", "an XLSX file")
        self.assertEqual(
            attachment.with_user(self.manager).search([("id", "=", attachment.id)]), attachment
        )
        with self.assertRaises(AccessError):
            attachment.with_user(self.officer).check_access("read")
        self.assertFalse(attachment.with_user(self.officer).search([("id", "=", attachment.id)]))
        # the requester is told, with the download link
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.manager.partner_id.id)], order="id desc", limit=1
        )
        self.assertIn(f"/web/content/{attachment.id}?download=true", message.body)
        self.assertIn(attachment.name, message.subject)
        # the workbook holds the rows exported, under its header row
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True).worksheets[0]
        self.assertEqual(sum(1 for _row in sheet.iter_rows()), rows + 1)

    def test_a_larger_export_is_cut_into_files_then_announced_once(self):
        self.Measurement._compute_period("month", D(YEAR, 3, 1), D(YEAR, 3, 31))
        domain = [("company_id", "=", self.company.id), ("date_from", "=", D(YEAR, 3, 1))]
        Mine = self.Measurement.with_user(self.manager)
        rows = Mine.search_count(domain)
        self.assertGreater(rows, 4)
        files = -(-rows // 2)
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.xlsx_job_rows", "1")
        Export = self.env["quality_ops.job.export"]
        with patch.object(quality_job_export, "XLSX_PART_ROWS", 2), trap_jobs() as trap:
            Mine.action_quality_export_search_xlsx(domain)
            trap.assert_jobs_count(files, only=Export._quality_export_xlsx)
            trap.assert_jobs_count(1, only=Export._quality_export_done)
            parts = [job for job in trap.enqueued_jobs if job.method_name == "_quality_export_xlsx"]
            # every row in one file only, in the order of the list
            ids = [
                i
                for job in sorted(parts, key=lambda j: j.kwargs["number"])
                for i in job.args[1]["ids"]
            ]
            self.assertEqual(ids, Mine.search(domain).ids)
            (done,) = [
                job for job in trap.enqueued_jobs if job.method_name == "_quality_export_done"
            ]
            self.assertEqual(set(done.depends_on), set(parts))
            trap.perform_enqueued_jobs()
        attachments = self.env["ir.attachment"].search(
            [("create_uid", "=", self.manager.id), ("mimetype", "like", "spreadsheetml")]
        )
        self.assertEqual(len(attachments), files)
        written = 0
        for attachment in attachments.with_user(self.manager):
            sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True).worksheets[0]
            written += sum(1 for _row in sheet.iter_rows()) - 1
        self.assertEqual(written, rows)
        self.assertFalse(
            attachments.with_user(self.officer).search([("id", "in", attachments.ids)])
        )
        told = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.manager.partner_id.id),
                ("message_type", "=", "user_notification"),
            ]
        )
        self.assertEqual(len(told), 1, "one message for all the files")
        for attachment in attachments:
            self.assertIn(f"/web/content/{attachment.id}?download=true", told.body)

    def test_same_export_queued_once(self):
        self.Measurement._compute_period("month", D(YEAR, 3, 1), D(YEAR, 3, 31))
        self.env["ir.config_parameter"].sudo().set_param("quality_ops.xlsx_job_rows", "0")
        Mine = self.Measurement.with_user(self.manager)
        domain = [("company_id", "=", self.company.id)]
        Mine.action_quality_export_search_xlsx(domain)
        Mine.action_quality_export_search_xlsx(domain)
        self.assertEqual(len(self.queued(f"xlsx:{self.manager.id}:")), 1)
        Mine.action_quality_export_search_xlsx([*domain, ("scope", "=", "company")])
        self.assertEqual(len(self.queued(f"xlsx:{self.manager.id}:")), 2, "another export")

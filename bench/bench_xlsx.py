"""XLSX export benchmark (not a test): `python3 .ci/dev.py bench xlsx`.

Builds the indicator benchmark's database (a year of tickets with SLA clocks,
ratings, complaints, survey answers, actions and audit lines, generated in
SQL), then measures in the same run:

* the export of the resolution clocks (one row per ticket, 12 columns) through
  the "Export Current Search to XLSX" path of quality_ops, against bare
  xlsxwriter in constant_memory mode writing the same rows fetched by one
  hand-written query; both workbooks are compared cell by cell on a sample;
* the growth of the process's resident memory during each export (sampled
  every 5 ms);
* the generation of the annual quality report on that database.

Usage: bench_xlsx.py --config odoo.conf --odoo-src PATH --tickets 100000 [--tickets 400000]
       [--rounds 3]  (the two exports alternate; medians are printed)
"""

import io
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_indicators  # noqa: E402
from bench_common import bench_parser, load_odoo  # noqa: E402

bench_indicators.DB = DB = "qo_bench_xlsx"
PAGE = 4096


def rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * PAGE / 2**20


class PeakMemory:
    """Peak resident memory above the level at start, sampled in a thread."""

    def __enter__(self):
        self.start = rss_mb()
        self.peak = self.start
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss_mb())

    @property
    def growth(self):
        return self.peak - self.start


HAND_SQL = """
    SELECT t.number, t.name,
           CASE s.kind WHEN 'response' THEN 'Response' WHEN 'resolution' THEN 'Resolution' END,
           p.name->>'en_US', s.target_hours,
           s.start_at AT TIME ZONE 'UTC' AT TIME ZONE 'UTC',
           s.deadline AT TIME ZONE 'UTC' AT TIME ZONE 'UTC',
           s.reached_at AT TIME ZONE 'UTC' AT TIME ZONE 'UTC',
           s.consumed_hours, s.paused_hours,
           CASE s.state WHEN 'running' THEN 'Running' WHEN 'paused' THEN 'Paused'
                        WHEN 'met' THEN 'Met' WHEN 'breached' THEN 'Breached'
                        WHEN 'cancelled' THEN 'Cancelled' ELSE s.state END,
           s.cycle
      FROM quality_ops_ticket_sla s
      JOIN helpdesk_ticket t ON t.id = s.ticket_id
      LEFT JOIN quality_ops_sla_policy p ON p.id = s.policy_id
     WHERE s.kind = 'resolution'
     ORDER BY s.id
"""


def bare_export(cr):
    """What a developer would write by hand: one query, write_row per row."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    sheet = workbook.add_worksheet("Ticket SLA Clocks")
    date = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col in (5, 6, 7):
        sheet.set_column(col, col, 17, date)
    cr.execute(HAND_SQL)
    rows = cr.fetchall()
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    workbook.close()
    return output.getvalue(), len(rows)


def compare(ours, bare, sample=2000):
    """Same rows in both workbooks (same count, a random sample compared cell by
    cell once both are sorted the same way)."""
    import openpyxl

    a = openpyxl.load_workbook(io.BytesIO(ours), read_only=True).worksheets[0]
    b = openpyxl.load_workbook(io.BytesIO(bare), read_only=True).worksheets[0]
    rows_a = list(a.iter_rows(min_row=2, values_only=True))
    rows_b = list(b.iter_rows(min_row=2, values_only=True))
    if len(rows_a) != len(rows_b):
        return False, f"{len(rows_a)} rows against {len(rows_b)}"

    # the export follows the model's order (by ticket), the hand query the ids
    def order(row):
        return (row[0] or "", row[2] or "", row[11] or 0)

    rows_a.sort(key=order)
    rows_b.sort(key=order)
    picked = random.Random(7).sample(range(len(rows_a)), min(sample, len(rows_a)))
    for index in picked:
        left = [round(v, 6) if isinstance(v, float) else v for v in rows_a[index]]
        right = [round(v, 6) if isinstance(v, float) else v for v in rows_b[index]]
        if left != right:
            return False, f"row {index + 2}: {left} != {right}"
    return True, f"{len(rows_a)} rows, {len(picked)} compared cell by cell"


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    load_odoo(args)
    differing_runs = 0
    for count in args.tickets or [100000]:
        bench_indicators.build_db(args)
        registry = Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
            env.user.tz = "UTC"
            started = time.perf_counter()
            bench_indicators.generate(env, count)
            cr.commit()
            print(
                f"\n=== {count} tickets over 2026 (generated in "
                f"{time.perf_counter() - started:.0f} s): export of their resolution clocks ==="
            )
            start = time.perf_counter()
            cr.execute(HAND_SQL)
            fetched = len(cr.fetchall())
            fetch = time.perf_counter() - start
            # alternated over rounds, medians: whatever else runs hits both alike
            bare_times, our_times, bare_growth, our_growth = [], [], [], []
            report = env["ir.actions.report"]
            for _round in range(args.rounds):
                with PeakMemory() as bare_memory:
                    start = time.perf_counter()
                    bare, rows = bare_export(cr)
                    bare_times.append(time.perf_counter() - start)
                bare_growth.append(bare_memory.growth)
                with PeakMemory() as our_memory:
                    start = time.perf_counter()
                    ours, _kind = report._render_xlsx(
                        "quality_ops.xlsx_export",
                        None,
                        {
                            "model": "quality_ops.ticket.sla",
                            "domain": [("kind", "=", "resolution")],
                        },
                    )
                    our_times.append(time.perf_counter() - start)
                our_growth.append(our_memory.growth)
            bare_time, our_time = statistics.median(bare_times), statistics.median(our_times)
            print(f"hand-written query alone ({fetched} rows)        {fetch:8.2f} s")
            print(
                f"bare xlsxwriter, constant_memory             {bare_time:8.2f} s"
                f"  memory growth {max(bare_growth):6.1f} MB  (median of {args.rounds})"
            )
            print(
                f"quality_ops export (search, batches, escape) {our_time:8.2f} s"
                f"  memory growth {max(our_growth):6.1f} MB  ratio {our_time / bare_time:.2f}x"
                f"  (median of {args.rounds}; runs "
                + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(our_times, bare_times, strict=True))
                + ")"
            )
            same, detail = compare(ours, bare)
            differing_runs += not same
            print(f"same cells: {'yes' if same else 'NO'} ({detail}); {rows} rows")
            start = time.perf_counter()
            annual = env["quality_ops.report"].create(
                {"name": "Bench annual", "kind": "annual", "year": 2026}
            )
            annual._generate()
            env.flush_all()
            generated = time.perf_counter() - start
            start = time.perf_counter()
            content, _kind = report._render_xlsx(
                "quality_ops.report_quality_report_xlsx", annual.ids, {}
            )
            workbook = time.perf_counter() - start
            print(
                f"annual report 2026 generated in {generated:.1f} s "
                f"({len(annual.line_ids)} lines, measurements of the year computed on the way); "
                f"its workbook in {workbook:.2f} s ({len(content) // 1024} KB)"
            )
            cr.rollback()
        registry.delete(DB)
    return 1 if differing_runs else 0


if __name__ == "__main__":
    sys.exit(main())

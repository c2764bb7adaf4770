"""Job benchmark (not a test): ``python3 .ci/dev.py bench jobs -- [options]``.

The full-year recomputation of the indicators as OCA queue_job jobs, run by a
prefork Odoo (``--workers N``, queue_job loaded server-wide) on 1 and then 2
job slots (``[queue_job] channels = root:<slots>``), on the same generated
year of tickets (``bench indicators``' data, 400,000 tickets by default).
Then the scheduled measurement's pieces (a batch of indicators × one of the
current and previous periods) on the most slots.

Each time the figures of the year are made wrong first, the pieces queued
from this process as the SLA history rebuild queues them, and the clock runs
from the commit that queues them to the last piece done (queue_job's own
start and end of each piece give the longest piece); the pieces are queued
once queue_job's runner holds the database (it sleeps 5 s after the server
starts). The slot counts alternate for ``--rounds`` rounds, so that a slower
minute of a shared machine does not fall on one of them only. Printed: every
round's wall time per number of slots, the best, and the speed-up of the best
against one slot's best (goal: at least 1.7x on 2 slots), the longest piece
(goal: at most 10 s), and whether the figures equal those of the synchronous
recomputation in one process. The scheduled actions are switched off during
the runs (the measurement's hourly firing would otherwise queue its own
pieces beside them). Exits 1 when the figures differ or a job failed.

Options: --tickets N (default 400000), --workers N (HTTP workers, default 3),
--slots N (repeatable; default 1 and 2), --rounds N (default 2),
--parallel-query on|off (repeatable; default on, then off: PostgreSQL's
parallel query lends one piece the idle cores, which hides how far the pieces
themselves spread), --reuse (keep the database of an earlier run when it
holds the tickets asked for).
"""

import argparse
import contextlib
import datetime
import os
import sys
import tempfile
import time
from types import SimpleNamespace

from bench_common import connect, db_exists
from bench_indicators import DB, build_db, generate, stored_figures
from bench_server import Server, gevent_works

YEAR = 2026
SCRAMBLE = """UPDATE quality_ops_measurement SET numerator = -1, denominator = -1
               WHERE source <> 'manual' AND date_from >= %s AND date_to <= %s"""


def log(msg):
    print(f"[bench jobs] {msg}", flush=True)


def ticket_count():
    with contextlib.closing(connect(DB)) as conn:
        cr = conn.cursor()
        cr.execute("SELECT count(*) FROM helpdesk_ticket")
        return cr.fetchone()[0]


def utc_now():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def scheduled_periods():
    """The current and previous periods the scheduled action measures on 15
    December of the year."""
    from odoo.addons.quality_ops.quality_ops.choices import PERIODICITIES
    from odoo.addons.quality_ops.quality_ops.periods import period_bounds, previous_period

    today = datetime.date(YEAR, 12, 15)
    return [
        (periodicity, bounds[0])
        for periodicity, _label in PERIODICITIES
        for bounds in (period_bounds(periodicity, today), previous_period(periodicity, today))
    ]


def queue(registry, what):
    """Make the figures the pieces compute wrong, queue the pieces from this
    process and commit; returns (instant before the queueing, instant of the
    commit, pieces queued)."""
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Measurement = env["quality_ops.measurement"]
        if what == "year":
            cr.execute(SCRAMBLE, [datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)])
        else:
            for periodicity, date_from in scheduled_periods():
                cr.execute(
                    """UPDATE quality_ops_measurement SET numerator = -1, denominator = -1
                        WHERE source <> 'manual' AND periodicity = %s AND date_from = %s""",
                    [periodicity, date_from],
                )
        before = utc_now()
        if what == "year":
            count = Measurement._quality_enqueue_year(YEAR)
        else:
            count = Measurement._cron_compute(today=datetime.date(YEAR, 12, 15))
        cr.commit()
        return before, utc_now(), count


def wait(since, committed, prefix, timeout=3600):
    """Wait for the pieces queued since ``since``; returns (seconds from the
    queueing to the last piece done, longest piece, its description, sum of
    the pieces, states)."""
    deadline = time.time() + timeout
    with contextlib.closing(connect(DB)) as conn:
        cr = conn.cursor()
        while True:
            cr.execute(
                """SELECT state, count(*) FROM queue_job
                    WHERE identity_key LIKE %s AND date_created >= %s GROUP BY state""",
                [f"{prefix}%", since],
            )
            states = dict(cr.fetchall())
            busy = sum(states.get(s, 0) for s in ("wait_dependencies", "pending", "enqueued"))
            busy += states.get("started", 0)
            if not busy or time.time() > deadline:
                break
            time.sleep(0.5)
        cr.execute(
            """SELECT EXTRACT(EPOCH FROM max(date_done) - %s),
                      EXTRACT(EPOCH FROM sum(date_done - date_started))
                 FROM queue_job WHERE identity_key LIKE %s AND date_created >= %s""",
            [committed, f"{prefix}%", since],
        )
        wall, total = cr.fetchone()
        cr.execute(
            """SELECT EXTRACT(EPOCH FROM date_done - date_started), name
                 FROM queue_job WHERE identity_key LIKE %s AND date_created >= %s
                  AND date_done IS NOT NULL ORDER BY 1 DESC LIMIT 1""",
            [f"{prefix}%", since],
        )
        longest, name = cr.fetchone() or (0, "")
    return float(wall or 0), float(longest), name, float(total or 0), states


def figures(registry):
    with registry.cursor() as cr:
        return stored_figures(cr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--tickets", type=int, default=400000)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--slots", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument(
        "--parallel-query",
        choices=["on", "off"],
        action="append",
        help="PostgreSQL's parallel query for the servers' sessions (default: on, then off)",
    )
    args = parser.parse_args()
    args.slots = args.slots or [1, 2]
    args.parallel_query = args.parallel_query or ["on", "off"]
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", args.config])
    odoo.modules.module.initialize_sys_path()
    if not (args.reuse and db_exists(DB) and ticket_count() >= args.tickets):
        build_db(args)
        registry = Registry(DB)
        with registry.cursor() as cr:
            started = time.perf_counter()
            generate(api.Environment(cr, SUPERUSER_ID, {}), args.tickets)
            cr.commit()
            log(f"{args.tickets} tickets generated in {time.perf_counter() - started:.0f} s")
    registry = Registry(DB)
    tickets = ticket_count()
    # the reference: the synchronous recomputation, in one process
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # wrong figures first, as for the pieces: every row is written again
        cr.execute(SCRAMBLE, [datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)])
        started = time.perf_counter()
        env["quality_ops.measurement"]._compute_year(YEAR)
        env.flush_all()
        cr.commit()
        synchronous = time.perf_counter() - started
        # the scheduled actions off: only the pieces queued here run
        cr.execute("UPDATE ir_cron SET active = false WHERE active")
        cr.execute("DELETE FROM queue_job WHERE state <> 'done'")
        cr.commit()
    reference = figures(registry)
    server_args = SimpleNamespace(
        odoo_src=args.odoo_src, workers=args.workers, gevent=gevent_works(), job_slots=None
    )
    runs, failed, differ = [], 0, 0
    plans = [("year", slots) for _round in range(args.rounds) for slots in args.slots]
    plans += [("period", max(args.slots))]
    with tempfile.TemporaryDirectory() as tmp:
        for parallel in args.parallel_query:
            # PostgreSQL's parallel query lends a lone piece the other core: off,
            # the pieces' own parallelism is all there is (the servers' sessions
            # read PGOPTIONS through libpq)
            os.environ["PGOPTIONS"] = (
                "" if parallel == "on" else "-c max_parallel_workers_per_gather=0"
            )
            for what, slots in plans:
                server_args.job_slots = slots
                server = Server(server_args, DB, 25, tmp, len(runs))
                server.start()
                server.wait_job_runner()
                try:
                    since, committed, count = queue(registry, what)
                    prefix = (
                        f"quality_ops:measure-year:{YEAR}:"
                        if what == "year"
                        else "quality_ops:measure:"
                    )
                    wall, longest, name, total, states = wait(since, committed, prefix)
                finally:
                    server.stop()
                same = figures(registry) == reference
                failed += states.get("failed", 0)
                differ += not same
                runs.append(
                    (parallel, what, slots, count, wall, total, longest, name, same, states)
                )
                log(f"{what} on {slots} slot(s), parallel query {parallel}: {wall:.1f} s, {states}")
    print(
        f"\n=== {tickets} tickets, prefork --workers {args.workers}, queue_job; the full-year "
        f"recomputation in one process: {synchronous:.1f} s; machine load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores ==="
    )
    print(
        "| work | PostgreSQL parallel query | job slots | pieces | wall s, each round "
        "| sum of pieces s "
        "| longest piece s | same figures |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = {}
    for parallel, what, slots, count, wall, total, longest, name, same, _states in runs:
        row = rows.setdefault((parallel, what, slots), [count, [], [], 0, "", True])
        row[1].append(wall)
        row[2].append(total)
        if longest > row[3]:
            row[3], row[4] = longest, name
        row[5] = row[5] and same
    best = {key: min(row[1]) for key, row in rows.items()}
    for (parallel, what, slots), (count, walls, totals, longest, name, same) in rows.items():
        base = best.get((parallel, what, 1))
        speed = (
            f" ({base / best[parallel, what, slots]:.2f}x one slot)" if base and slots > 1 else ""
        )
        print(
            f"| {'full-year recomputation' if what == 'year' else 'scheduled measurement'} "
            f"| {parallel} | {slots} | {count} "
            f"| {' / '.join(f'{wall:.1f}' for wall in walls)}; best {min(walls):.1f}{speed} "
            f"| {' / '.join(f'{total:.1f}' for total in totals)} "
            f"| {longest:.2f} ({name}) | {'yes' if same else 'NO'} |"
        )
    return 1 if failed or differ else 0


if __name__ == "__main__":
    sys.exit(main())

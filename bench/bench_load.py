"""Load benchmark (not a test): ``python3 .ci/dev.py bench load -- [options]``.

Odoo as production runs it (prefork: ``--workers N --max-cron-threads 1``) on
a generated database with a year of ticket history, twice in the same run on
the same data: with the dependencies of quality_ops only (the modules of its
manifest) and with quality_ops.  For a fixed time, N concurrent clients do
what agents do over HTTP, with a session as the web client has one:

* ``list``: their open tickets (``web_search_read``);
* ``create``: a ticket (``/web/dataset/call_kw``), or ``create_mail``: an
  incoming e-mail through the mail gateway (``mail.thread.message_process``
  over ``/jsonrpc``, as the gateway script calls it), every other ticket;
* ``reply``: the first public reply through the chatter's route
  (``/mail/message/post``; quality_ops keeps ``message_post`` from RPC);
* ``progress``, ``pause`` (awaiting the customer), ``resume``, ``close``:
  stage moves.

Meanwhile the SLA sweep, the escalations and the measurement crons are
triggered every ``--cron-every`` seconds (their interval is a minute in the
bench database; the daily crons are moved to the next day), open clocks of
the history come due during the run so that the sweep breaches them, and,
when OCA queue_job is installed, its jobs run.
Outgoing mail goes to a local SMTP sink.

Printed: p50/p95 per operation for both variants and the ratio of the p95
(goal: quality_ops <= 1.1x the dependencies), throughput, errors.  Checked at
the end (quality_ops): every ticket has exactly its clocks (one response
clock, one resolution clock per cycle, reached when answered and closed),
every clock breached during the run was notified once (one activity) and
escalated once, no clock due before the last sweep is left unbreached, no
queue_job job failed.  Exits 1 on errors, lost or duplicated clocks or
notifications.

The variants run in ``--rounds`` rounds in alternating order (dependencies,
quality_ops, quality_ops, dependencies...), each on a freshly started server
after ``--warmup`` seconds of untimed load, so that a load elsewhere on the
machine hits both alike; the samples of the rounds are pooled.  The gevent
worker (the bus) is replaced by an idle stand-in when it cannot start in the
virtualenv (``--gevent auto``), as it would otherwise be restarted in a loop.

Options: --tickets N (history, default 20000; a template database is built
once per size), --clients N (default 4), --seconds N (per round, default 90),
--rounds N (default 2), --workers N (default 2), --breaches N (history clocks
coming due per round, default 100), --cron-every S (default 15), --measure-every S (the
measurement cron alone; default --cron-every), --warmup S
(default 20), --job-slots N (jobs run at once, in HTTP workers: default one
less than --workers, as the README's production configuration keeps the job
channels below the workers), --job-server N (the jobs run on a job server of
their own, N workers, no cron: the HTTP workers are the agents'; the
dependencies have no jobs and no job server), --gevent auto|on|off, --rebuild
(rebuild the templates). A quality_ops template built or updated with other
code is updated with the code of the run first.
"""

import contextlib
import datetime
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_agents import OPERATIONS, VARIANTS, Load
from bench_common import bench_parser, load_odoo
from bench_cpu import postmaster_pid, self_cpu, tree_cpu
from bench_load_data import (
    AGENTS,
    build_template,
    check_clocks,
    come_due,
    connect,
    copy_database,
    db_exists,
    fast_crons,
    log,
    read_setup,
    refresh_template,
    template_name,
    work_name,
)
from bench_server import Server, gevent_works, start_smtp_sink


def trigger(db, cron_ids):
    """Wake the cron worker for these crons now, as ``ir.cron._trigger`` does."""
    if not cron_ids:
        return
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        cr.execute(
            """INSERT INTO ir_cron_trigger (cron_id, call_at, create_date, write_date)
               SELECT id, now() at time zone 'UTC', now() at time zone 'UTC',
                      now() at time zone 'UTC' FROM unnest(%s::int[]) id""",
            [cron_ids],
        )
    with contextlib.closing(connect()) as conn:
        conn.cursor().execute("SELECT pg_notify('cron_trigger', %s)", [db])


class CronDriver(threading.Thread):
    """Wakes the crons, each at its own pace: ``schedule`` is ``[(cron ids,
    every seconds)]``."""

    def __init__(self, db, schedule):
        super().__init__(daemon=True)
        self.db, self.schedule = db, [(ids, every) for ids, every in schedule if ids]
        self.halt = threading.Event()
        self.fired = 0

    def run(self):
        if not self.schedule:
            return
        # the crons' common beat: each fires on its own multiples of it
        tick = math.gcd(*(every for _ids, every in self.schedule))
        elapsed = 0
        while not self.halt.wait(tick):
            elapsed += tick
            due = [i for ids, every in self.schedule if elapsed % every < tick for i in ids]
            with contextlib.suppress(Exception):
                trigger(self.db, due)
                self.fired += len(due)


def wait_crons(db, cron_ids, timeout=600):
    """Run the crons once more, one after the other in their order (the sweep,
    then the escalations of its breaches, then the measurement), each waited
    for; returns the instant the first was triggered, or None on time-out."""
    first = None
    deadline = time.time() + timeout
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        for cron_id in cron_ids:
            # ir.cron stores lastcall to the second
            since = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
            first = first or since
            trigger(db, [cron_id])
            while True:
                cr.execute(
                    """SELECT lastcall >= %s AND NOT EXISTS (
                              SELECT 1 FROM ir_cron_trigger WHERE cron_id = %s)
                         FROM ir_cron WHERE id = %s""",
                    [since, cron_id, cron_id],
                )
                if cr.fetchone()[0]:
                    break
                if time.time() > deadline:
                    return None
                time.sleep(1)
    return first or datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def wait_jobs(db, timeout=300):
    """queue_job: wait for the queued jobs; returns {state: count}."""
    deadline = time.time() + timeout
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        while True:
            cr.execute("SELECT state, count(*) FROM queue_job GROUP BY state")
            states = dict(cr.fetchall())
            busy = sum(states.get(s, 0) for s in ("pending", "enqueued", "started"))
            if not busy or time.time() > deadline:
                return states
            time.sleep(2)


def cpu_now(servers, postmaster):
    """CPU seconds so far of the servers' processes (the job server's too),
    of PostgreSQL's and of the bench's process."""
    return {
        "odoo": sum(tree_cpu(server.proc.pid) for server in servers),
        "postgresql": tree_cpu(postmaster),
        "clients": self_cpu(),
    }


def new_result(variant):
    return {
        "variant": variant,
        "samples": {op: [] for op in OPERATIONS},
        "errors": [],
        "elapsed": 0.0,
        "tickets": {},
        "triggers": 0,
        "due": 0,
        "run_start": None,
        "settled": True,
        "jobs": {},
        "log_errors": [],
        "gevent": [],
        "gevent_listening": [],
        "loadavg": [],
        "retried": 0,
        # CPU seconds of the timed load: Odoo, PostgreSQL, the bench's clients
        "cpu": {"odoo": 0.0, "postgresql": 0.0, "clients": 0.0},
        "rounds": [],
    }


def run_round(args, variant, number, smtp_port, tmp, result):
    """One round of a variant: start Odoo, warm up, drive the load for
    ``--seconds`` while the crons fire, let the crons and jobs settle, stop."""
    db = work_name(variant)
    if number == 0:
        copy_database(template_name(variant, args.tickets), db)
    setup = read_setup(db)
    cron_ids = fast_crons(db, args.measure_every)
    # the job server, when asked: the jobs leave the workers the agents use
    jobs = Server(args, db, smtp_port, tmp, number, role="jobs") if args.job_server else None
    if jobs and not jobs.queue_job:
        jobs = None  # no queue_job (the dependencies): nothing would run there
    server = Server(args, db, smtp_port, tmp, number, job_port=jobs and jobs.port)
    result["queue_job"] = server.queue_job
    log(
        f"round {number + 1}, {variant}: Odoo on {server.url}, --workers {args.workers} "
        f"--max-cron-threads 1"
        f"{f', queue_job ({args.job_slots} at once)' if server.queue_job else ''}"
        f"{f', jobs on a job server of {args.job_server} workers' if jobs else ''}"
    )
    # the measurement (hourly in production) at its own pace, the others together
    # (fast_crons gives them in FAST_CRONS' order: sweep, escalation, measurement)
    others, measurement = cron_ids[:2], cron_ids[2:]
    driver = CronDriver(db, [(others, args.cron_every), (measurement, args.measure_every)])
    try:
        # started inside: a server that fails to start leaves no other one running
        if jobs:
            jobs.start()
        server.start()
        driver.start()
        # warm-up: every worker loads the registry and fills its caches, the
        # first runs of the crons pass, before the clock starts
        warm = Load(server, setup, args, f"w{number}{int(time.time())}")
        warm.run(args.warmup)
        result["gevent_listening"].append(server.gevent_listening())
        run_start, due = come_due(db, args.breaches, args.seconds) if cron_ids else (None, 0)
        result["run_start"] = result["run_start"] or run_start
        load = Load(server, setup, args, f"r{number}{int(time.time())}")
        with contextlib.closing(connect(db)) as conn:
            postmaster = postmaster_pid(conn)
        servers = [server, jobs] if jobs else [server]
        before = cpu_now(servers, postmaster)
        elapsed = load.run(args.seconds)
        spent = {key: value - before[key] for key, value in cpu_now(servers, postmaster).items()}
        for key, value in spent.items():
            result["cpu"][key] += value
        calls = sum(len(values) for values in load.samples.values())
        result["rounds"].append((number + 1, calls / elapsed, spent))
        result["elapsed"] += elapsed
        result["loadavg"].append(os.getloadavg()[0])
        driver.halt.set()
        last_sweep = wait_crons(db, cron_ids)
        result["settled"] &= last_sweep is not None
        result["jobs"] = wait_jobs(db) if server.queue_job else {}
        for op, values in load.samples.items():
            result["samples"][op].extend(values)
        result["errors"] += warm.errors + load.errors
        result["tickets"].update(load.tickets)
        result["tickets"].update(warm.tickets)
        result["triggers"] += driver.fired
        result["due"] += due
        result["last_sweep"] = last_sweep or run_start
    finally:
        driver.halt.set()
        server.stop()
        if jobs:
            jobs.stop()
    for each in (server, jobs) if jobs else (server,):
        log_errors, gevent, retried = each.log_problems()
        result["log_errors"] += log_errors
        result["gevent"] += gevent
        result["retried"] += len(retried)


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------
def percentile(values, q):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def report_cpu(base, ours):
    """Each round's throughput, and the CPU the timed load cost per 100 calls
    on each side: the work behind the ratios, whatever else the machine ran."""
    for result in (base, ours):
        print(
            f"{result['variant']:13}: rounds "
            + ", ".join(
                f"{number}: {rate:.1f} calls/s (Odoo {spent['odoo']:.0f} s, PostgreSQL "
                f"{spent['postgresql']:.0f} s CPU)"
                for number, rate, spent in result["rounds"]
            )
        )
    per_100 = {}
    for result in (base, ours):
        calls = sum(len(values) for values in result["samples"].values())
        per_100[result["variant"]] = {
            key: value * 1000 / calls * 100 if calls else float("nan")
            for key, value in result["cpu"].items()
        }
    line = "CPU per 100 calls (ms):"
    for key in ("odoo", "postgresql", "clients"):
        deps, with_qo = per_100["dependencies"][key], per_100["quality_ops"][key]
        line += f" {key} {deps:.0f} / {with_qo:.0f} ({with_qo / deps:.2f}x);" if deps else ""
    total = {v: sum(per_100[v].values()) for v in per_100}
    print(
        line + f" all {total['dependencies']:.0f} / {total['quality_ops']:.0f} "
        f"({total['quality_ops'] / total['dependencies']:.2f}x), dependencies / + quality_ops"
    )


def report(args, results):
    base, ours = results["dependencies"], results["quality_ops"]
    print(
        f"\n=== load: {args.clients} clients x {args.seconds} s, --workers {args.workers} "
        f"--max-cron-threads 1, jobs {args.job_slots} at once"
        f"{f' on a job server of {args.job_server} workers' if args.job_server else ''}, "
        f"{args.tickets} tickets of "
        f"history, crons triggered every "
        f"{args.cron_every} s (the measurement every {args.measure_every} s), "
        f"{args.breaches} clocks coming due ===",
        flush=True,
    )
    print(
        f"{'operation':12}{'calls':>7}{'p50 ms':>9}{'p95 ms':>9}   {'calls':>7}{'p50 ms':>9}"
        f"{'p95 ms':>9}   {'p95 ratio':>9}"
    )
    print(f"{'':12}{'dependencies':>25}   {'+ quality_ops':>25}")
    over = []
    for op in OPERATIONS:
        line = f"{op:12}"
        p95 = {}
        for result in (base, ours):
            values = result["samples"][op]
            p95[result["variant"]] = percentile(values, 95) * 1000
            line += (
                f"{len(values):7d}{percentile(values, 50) * 1000:9.0f}"
                f"{p95[result['variant']]:9.0f}   "
            )
        ratio = p95["quality_ops"] / p95["dependencies"] if p95["dependencies"] else float("nan")
        line += f"{ratio:9.2f}"
        if not ratio <= 1.1:
            over.append(op)
        print(line)
    for result in (base, ours):
        calls = sum(len(v) for v in result["samples"].values())
        print(
            f"{result['variant']:13}: {calls} calls in {result['elapsed']:.0f} s = "
            f"{calls / result['elapsed']:.1f} calls/s, {len(result['tickets'])} tickets worked, "
            f"{len(result['errors'])} errors, {len(result['log_errors'])} errors in the "
            f"server log ({result['retried']} retried: serialization conflicts, mail queue "
            "overlaps), gevent worker "
            + (
                f"{'up' if all(result['gevent_listening']) else 'DOWN'} "
                f"({len(result['gevent'])} tracebacks), "
                if args.gevent
                else "off, "
            )
            + f"{result['triggers']} cron triggers, machine load average "
            f"{statistics.fmean(result['loadavg']):.1f} on {os.cpu_count()} cores"
            + (f", queue_job jobs {result['jobs']}" if result["queue_job"] else "")
        )
        for error in result["errors"][:5]:
            print(f"    {error}")
        for entry in result["log_errors"][:3]:
            print("    log: " + entry[:500].replace("\n", "\n         "))
    report_cpu(base, ours)
    print(f"quality_ops: {ours['breach_summary']}")
    for problem in ours["checks"]:
        print(f"CHECK FAILED: {problem}")
    if not ours["checks"]:
        print(
            "checks: every ticket has exactly its clocks, every breach one notification "
            "and one escalation"
        )
    print(
        "goal (p95 of quality_ops <= 1.1x the dependencies' per operation): "
        + ("met" if not over else f"NOT met for {', '.join(over)}")
    )
    failed_jobs = ours["jobs"].get("failed", 0) + base["jobs"].get("failed", 0)
    failed = (
        base["errors"]
        or ours["errors"]
        or ours["checks"]
        or failed_jobs
        or base["log_errors"]
        or ours["log_errors"]
    )
    return 1 if failed else 0


def main():
    parser = bench_parser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--breaches", type=int, default=100)
    parser.add_argument("--cron-every", type=int, default=15)
    parser.add_argument(
        "--measure-every",
        type=int,
        default=None,
        help="the measurement cron's pace (hourly in production; default: --cron-every)",
    )
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--gevent",
        choices=["auto", "on", "off"],
        default="auto",
        help="the gevent worker (bus); auto: off when it cannot start in this virtualenv",
    )
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--job-slots", type=int, default=None)
    parser.add_argument(
        "--job-server",
        type=int,
        default=0,
        metavar="WORKERS",
        help="run the jobs on a job server of their own with this many workers (no cron, "
        "no runner), as a deployment with job servers does; its workers are also the "
        "default --job-slots (default 0: the jobs run in the HTTP workers)",
    )
    args = parser.parse_args()
    if args.clients > AGENTS:
        parser.error(f"at most {AGENTS} clients")
    if args.measure_every is None:
        args.measure_every = args.cron_every
    if args.job_slots is None:
        args.job_slots = args.job_server or max(1, args.workers - 1)
    if args.job_slots < 1:
        parser.error("--job-slots must be at least 1")

    load_odoo(args)
    if args.gevent == "auto":
        args.gevent = "on" if gevent_works() else "off"
        if args.gevent == "off":
            log("the gevent worker cannot start in this virtualenv: an idle stand-in replaces it")
    args.gevent = args.gevent == "on"
    for variant in VARIANTS:
        if args.rebuild or not db_exists(template_name(variant, args.tickets)):
            build_template(args, variant)
        refresh_template(args, variant)
    smtp = start_smtp_sink()
    results = {variant: new_result(variant) for variant in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for number in range(args.rounds):
                # alternate the order: a load elsewhere on the machine hits both alike
                order = VARIANTS if number % 2 == 0 else VARIANTS[::-1]
                for variant in order:
                    run_round(args, variant, number, smtp.server_address[1], tmp, results[variant])
        finally:
            for log_file in Path(tmp).glob("*.log"):
                shutil.copy(log_file, Path(tempfile.gettempdir()) / f"bench_{log_file.name}")
    ours = results["quality_ops"]
    ours["checks"] = check_clocks(work_name("quality_ops"), ours)
    code = report(args, results)
    smtp.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())

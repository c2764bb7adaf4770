"""Queries of the agents' operations (not a test): ``python3 .ci/dev.py bench hot_path``.

The load bench (bench_load.py) times the agents' calls under concurrency,
where a ratio of p95s moves with whatever else runs on the machine.  This
script counts what does not move: the SQL queries (and their time) of each
call, one client at a time, on a server in one process without crons, for
the same databases (the load bench's templates, copied) and the same calls
(``list``, ``create``, ``create_mail``, ``reply``, ``progress``, ``pause``,
``resume``, ``close``), with the dependencies of quality_ops only and with
quality_ops.  Odoo logs each request with its query count, query time and
the remaining (Python) time; the medians per operation are printed.

Options: --tickets N (the load bench's template of that size, built when
missing), --cycles N (tickets per variant after 4 untimed ones, default 20),
--db VARIANT=NAME (measure an existing database instead of a copy of the
template, e.g. ``--db quality_ops=mydb`` after updating quality_ops in it:
the templates keep the quality_ops of the day they were built), --sql-log
(also write each variant's SQL of two cycles, ``debug_sql``, into the
temporary folder), --keep (keep the copies).
"""

import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from bench_agents import (
    OPERATIONS,
    TICKET_PREFIX,
    Agent,
    gateway,
    list_open_tickets,
    stage_moves,
)
from bench_common import bench_parser, config_text, incident_mail, load_odoo, server_options
from bench_load_data import (
    EMAIL_DOMAIN,
    SUFFIX,
    build_template,
    copy_database,
    db_exists,
    drop_db,
    log,
    read_setup,
    refresh_template,
    template_name,
)
from bench_server import free_port, start_smtp_sink

VARIANTS = ("dependencies", "quality_ops")
LINE = r'"(?:POST|GET) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)'
WARMUP = 4
# the first reply to a ticket from the mail gateway also mails its customer
# (a follower): counted apart from the reply to a ticket an agent created
ROWS = (*OPERATIONS[:4], "reply_mail", *OPERATIONS[4:])


def start_server(args, db, port, smtp_port, logfile, level):
    conf = Path(logfile).with_suffix(".conf")
    options = server_options(
        db, port, smtp_port, logfile, workers=0, max_cron_threads=0, log_level=level
    )
    conf.write_text(config_text(options))
    proc = subprocess.Popen(
        [sys.executable, str(Path(args.odoo_src) / "odoo-bin"), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"Odoo stopped at start: see {logfile}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{url}/web/health", timeout=5).status_code == 200:
                return proc, url
        time.sleep(1)
    raise SystemExit("Odoo did not answer within 300 s")


def stop_server(proc):
    proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=60)
        return
    proc.kill()


def drive(url, db, setup, cycles):
    """The agent's calls, one after the other; returns the operation of each
    request in order (None for requests that are not measured)."""
    ops = [None]  # the session's authentication
    agent = Agent(url, db, "load_agent_00")
    for cycle in range(cycles):
        tag = f"HOT-{cycle}"
        team = setup["teams"][cycle % len(setup["teams"])]
        contact = setup["contacts"][cycle % len(setup["contacts"])]
        list_open_tickets(agent)
        ops.append("list")
        if cycle % 2:
            ticket = agent.call(
                "helpdesk.ticket",
                "create",
                [
                    {
                        "name": f"{TICKET_PREFIX} {tag}: printer jams",
                        "description": "<p>The printer on floor 3 jams on every page.</p>",
                        "team_id": team,
                        "partner_id": contact[0],
                        "priority": str(cycle % 4),
                        "user_id": agent.uid,
                    }
                ],
            )[0]
            ops.append("create")
        else:
            mail_tag = f"{tag}-{time.time_ns()}"
            raw = incident_mail(
                contact[1],
                contact[2],
                EMAIL_DOMAIN,
                f"{TICKET_PREFIX} {mail_tag}",
                mail_tag,
                time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
                cycle % 17,
            )
            ticket = gateway(url, db, setup["admin"], raw, {"team_id": team, "user_id": agent.uid})
            ops.append("create_mail")
        agent.reply(ticket)
        ops.append("reply" if cycle % 2 else "reply_mail")
        for op, stage in stage_moves(setup):
            agent.move(ticket, stage)
            ops.append(op)
    return ops


def parse(logfile, ops):
    import re

    lines = [
        m.groups()
        for m in re.finditer(LINE, Path(logfile).read_text(errors="replace"))
        if not m.group(1).startswith(("/web/health", "/websocket"))
    ]
    if len(lines) != len(ops):
        raise SystemExit(f"{logfile}: {len(lines)} requests logged, {len(ops)} made")
    samples = {op: [] for op in ROWS}
    seen = {}
    for op, (_path, status, count, sql, rest) in zip(ops, lines, strict=True):
        if op is None:
            continue
        if status != "200":
            raise SystemExit(f"{op}: HTTP {status}")
        seen[op] = seen.get(op, 0) + 1
        # the first calls of each kind fill the caches
        if seen[op] > WARMUP // (2 if op.startswith(("create", "reply")) else 1):
            samples[op].append((int(count), float(sql) * 1000, float(rest) * 1000))
    return samples


def run_variant(args, variant, smtp_port, tmp):
    db = args.databases.get(variant)
    if not db:
        template = template_name(variant, args.tickets)
        if not db_exists(template):
            build_template(args, variant)
        refresh_template(args, variant)  # this run's code on its schema
        db = f"qo_hot_path_{'deps' if variant == 'dependencies' else 'qo'}{SUFFIX}"
        copy_database(template, db)
    result = {}
    try:
        setup = read_setup(db)
        logfile = str(Path(tmp) / f"{db}.log")
        proc, url = start_server(args, db, free_port(), smtp_port, logfile, "info")
        try:
            ops = drive(url, db, setup, WARMUP + args.cycles)
        finally:
            stop_server(proc)
        result = parse(logfile, ops)
        if args.sql_log:
            sql_file = str(Path(tmp) / f"{db}.sql.log")
            proc, url = start_server(args, db, free_port(), smtp_port, sql_file, "debug_sql")
            try:
                drive(url, db, setup, 2)
            finally:
                stop_server(proc)
            log(f"{variant}: SQL of two cycles in {sql_file}")
    finally:
        if not args.keep and variant not in args.databases:
            drop_db(db)
    return result


def report(results):
    def median(values):
        return statistics.median(values) if values else 0

    print()
    print("| operation | queries | SQL ms | other ms | queries | SQL ms | other ms | extra q |")
    print("|---|---|---|---|---|---|---|---|")
    print("| | **dependencies** | | | **+ quality_ops** | | | |")
    for op in ROWS:
        cells = []
        counts = []
        for variant in VARIANTS:
            samples = results[variant][op]
            count = median([s[0] for s in samples])
            counts.append(count)
            span = f"{min(s[0] for s in samples)}-{max(s[0] for s in samples)}" if samples else "-"
            cells += [
                f"{count:g} ({span})",
                f"{median([s[1] for s in samples]):.1f}",
                f"{median([s[2] for s in samples]):.1f}",
            ]
        print(f"| {op} | " + " | ".join(cells) + f" | {counts[1] - counts[0]:+g} |")


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--cycles", type=int, default=20)
    parser.add_argument("--sql-log", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--db", action="append", default=[], metavar="VARIANT=NAME")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    args.databases = dict(item.split("=", 1) for item in args.db)

    load_odoo(args)
    smtp = start_smtp_sink()
    tmp = tempfile.mkdtemp(prefix="qo_hot_path_")
    results = {}
    for variant in VARIANTS:
        log(f"{variant}: {args.cycles} tickets")
        results[variant] = run_variant(args, variant, smtp.server_address[1], tmp)
    smtp.shutdown()
    report(results)
    log(f"logs in {tmp}")


if __name__ == "__main__":
    main()

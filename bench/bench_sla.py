"""SLA engine benchmark (not a test): run with `python3 .ci/dev.py bench sla`.

Builds three databases of the same tickets (3 teams, 200 customers) and times,
in the same run:

* ticket creation and stage changes with plain helpdesk_mgmt (the baseline),
  with quality_ops' SLA clocks, and with OCA helpdesk_mgmt_sla instead;
  queries per ticket are counted from the cursor;
* the warning/breach sweep over the open tickets against the bare SQL UPDATE
  that flags the same rows;
* two sweeps started at the same moment on separate connections: every
  clock must be notified exactly once per threshold.

Usage: bench_sla.py --config odoo.conf --tickets 20000 [--tickets 100000]
"""

import argparse
import datetime
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

BATCH = 500
DEPENDENCIES = "helpdesk_mgmt,helpdesk_mgmt_rating,helpdesk_mgmt_project,project,survey,report_xlsx"
# the baseline for the ratios is "dependencies": the same modules as quality_ops
# pulls in (helpdesk_mgmt_rating alone costs a query per created ticket)
VARIANTS = {
    "helpdesk_mgmt": "helpdesk_mgmt",
    "dependencies": DEPENDENCIES,
    "quality_ops": "quality_ops",
    "oca_sla": DEPENDENCIES + ",helpdesk_mgmt_sla",
}


def build_db(args, variant):
    name = f"qo_bench_{variant}"
    subprocess.run(
        [
            sys.executable,
            str(Path(args.odoo_src) / "odoo-bin"),
            "-c",
            args.config,
            "-d",
            name,
            "-i",
            VARIANTS[variant],
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return name


def drop_db(args, name):
    import psycopg2

    from odoo.tools import config

    conn = psycopg2.connect(
        dbname="postgres",
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"] or None,
    )
    conn.autocommit = True
    conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_data(env, variant):
    company = env.company
    teams = env["helpdesk.ticket.team"].create([{"name": f"Bench team {i}"} for i in range(3)])
    partners = env["res.partner"].create(
        [{"name": f"Customer {i:03d}", "is_company": True} for i in range(200)]
    )
    if variant == "quality_ops":
        company.quality_manager_id = env.ref("base.user_admin")
        env["quality_ops.sla.policy"].create(
            {
                "name": "Bench SLA",
                "team_ids": [(6, 0, teams.ids)],
                "calendar_id": company.resource_calendar_id.id,
                "pause_stage_ids": [
                    (6, 0, env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").ids)
                ],
                "excluded_stage_ids": [
                    (6, 0, env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled").ids)
                ],
                "line_ids": [
                    (0, 0, {"priority": p, "response_hours": h, "resolution_hours": 4 * h})
                    for p, h in (("0", 8), ("1", 4), ("2", 2), ("3", 1))
                ],
            }
        )
    elif variant == "oca_sla":
        teams.write({"use_sla": True})
        env["helpdesk.sla"].create(
            {
                "name": "Bench SLA",
                "team_ids": [(6, 0, teams.ids)],
                "hours": 8,
                "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
    env.flush_all()
    return teams, partners


def timed(cr, func):
    queries = cr.sql_log_count
    start = time.perf_counter()
    func()
    return time.perf_counter() - start, cr.sql_log_count - queries


def bench_variant(args, variant, count):
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    name = build_db(args, variant)
    registry = Registry(name)
    results = {}
    with registry.cursor() as cr:
        env = api.Environment(
            cr,
            odoo.SUPERUSER_ID,
            {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
        )
        teams, partners = setup_data(env, variant)
        rng = random.Random(42)
        Ticket = env["helpdesk.ticket"]
        ids = []

        def create_all():
            for start in range(0, count, BATCH):
                vals = [
                    {
                        "name": f"Incident {start + i}",
                        "description": "<p>bench</p>",
                        "team_id": teams[rng.randrange(3)].id,
                        "partner_id": partners[rng.randrange(200)].id,
                        "priority": rng.choice("0123"),
                    }
                    for i in range(min(BATCH, count - start))
                ]
                ids.extend(Ticket.create(vals).ids)
                env.flush_all()
                env.invalidate_all()

        results["create"] = timed(cr, create_all)
        cr.commit()
        progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

        def move_all():
            for start in range(0, len(ids), BATCH):
                Ticket.browse(ids[start : start + BATCH]).write({"stage_id": progress.id})
                env.flush_all()
                env.invalidate_all()

        results["stage"] = timed(cr, move_all)
        cr.commit()
        done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        closing = ids[::5]

        def close_some():
            for start in range(0, len(closing), BATCH):
                Ticket.browse(closing[start : start + BATCH]).write({"stage_id": done.id})
                env.flush_all()
                env.invalidate_all()

        results["close"] = timed(cr, close_some)
        results["closed"] = len(closing)
        cr.commit()
    registry.delete(name)
    return name, results


def bench_sweep(args, count):
    """Sweep over `count` open clocks in the quality_ops database built above."""
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry
    from odoo.tools import SQL

    registry = Registry("qo_bench_quality_ops")
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Clock = env["quality_ops.ticket.sla"]
        open_clocks = Clock.search_count([("state", "in", ("running", "warning"))])
        # spread the stored instants so that 1 % of the clocks are due now
        now = datetime.datetime(2030, 1, 1)
        cr.execute(
            SQL(
                """UPDATE quality_ops_ticket_sla
                  SET warning_level = 2, state = 'running',
                      deadline = CASE WHEN id %% 100 = 0 THEN %s ELSE %s END
                WHERE state IN ('running', 'warning')""",
                now - datetime.timedelta(hours=1),
                now + datetime.timedelta(days=30),
            )
        )
        cr.execute("ANALYZE quality_ops_ticket_sla")
        cr.commit()

        bare_sql = SQL(
            """UPDATE quality_ops_ticket_sla SET state = 'breached', breached_at = deadline
                WHERE state IN ('running', 'warning') AND deadline <= %s RETURNING id""",
            now,
        )
        # baseline: the bare UPDATE, rolled back so that both see the same rows
        start = time.perf_counter()
        cr.execute(bare_sql)
        due = len(cr.fetchall())
        bare = time.perf_counter() - start
        cr.rollback()
        # ours, without and with the notifications (chatter note + activity)
        start = time.perf_counter()
        cr.execute(
            SQL(
                """UPDATE quality_ops_ticket_sla SET state = 'breached', breached_at = deadline,
                      write_date = %s
                WHERE id IN (SELECT id FROM quality_ops_ticket_sla
                              WHERE state IN ('running', 'warning') AND deadline <= %s
                              LIMIT 1000000 FOR UPDATE SKIP LOCKED)
                  AND state IN ('running', 'warning') RETURNING id""",
                now,
                now,
            )
        )
        claimed = len(cr.fetchall())
        claim = time.perf_counter() - start
        cr.rollback()
        start = time.perf_counter()
        swept = Clock._cron_sweep(now=now)
        env.flush_all()
        full = time.perf_counter() - start
        cr.rollback()
        # nothing due: the sweep every five minutes on a quiet desk
        start = time.perf_counter()
        Clock._cron_sweep(now=now - datetime.timedelta(days=1))
        idle = time.perf_counter() - start
        cr.execute(
            SQL(
                """SELECT id FROM quality_ops_ticket_sla
                           WHERE state IN ('running', 'warning') AND deadline <= %s""",
                now - datetime.timedelta(days=1),
            )
        )
        start = time.perf_counter()
        cr.execute(
            SQL(
                """SELECT id FROM quality_ops_ticket_sla
                           WHERE state IN ('running', 'warning') AND deadline <= %s""",
                now - datetime.timedelta(days=1),
            )
        )
        cr.fetchall()
        idle_bare = time.perf_counter() - start
        cr.rollback()
    print(f"\nsweep over {open_clocks} open clocks, {due} due now")
    print(f"  bare SQL UPDATE of the due rows        {bare * 1000:8.1f} ms")
    print(
        f"  our claiming UPDATE (SKIP LOCKED)      {claim * 1000:8.1f} ms"
        f"  ratio {claim / bare:.2f}x  ({claimed} rows)"
    )
    print(
        f"  full sweep incl. {swept} notifications {full * 1000:8.1f} ms"
        f"  ({full / max(swept, 1) * 1000:.2f} ms per notified clock)"
    )
    print(
        f"  idle sweep (nothing due)               {idle * 1000:8.1f} ms"
        f"  vs bare SELECT {idle_bare * 1000:.1f} ms"
    )
    concurrent_sweeps(registry, now)


def concurrent_sweeps(registry, now):
    """Two sweeps at the same instant on two connections: one notification each."""
    import odoo
    from odoo import api

    barrier = threading.Barrier(2)
    counts = []

    def worker():
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            cr.execute("SELECT 1")  # both snapshots start before either sweep
            barrier.wait()
            counts.append(env["quality_ops.ticket.sla"]._cron_sweep(now=now, batch=200))
            cr.commit()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with registry.cursor() as cr:
        cr.execute("""SELECT count(*), count(DISTINCT res_id) FROM mail_activity
                       WHERE res_model = 'helpdesk.ticket' AND summary LIKE 'SLA breached%%'""")
        activities, tickets = cr.fetchone()
    print(
        f"\ntwo sweeps at once: {counts[0]} + {counts[1]} clocks claimed, "
        f"{activities} breach activities on {tickets} tickets "
        f"({'each exactly once' if activities == sum(counts) == tickets else 'DUPLICATES'})"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--tickets", type=int, action="append")
    args = parser.parse_args()
    import odoo  # noqa: F401
    from odoo.tools import config

    config.parse_config(["-c", args.config])
    odoo.modules.module.initialize_sys_path()
    for count in args.tickets or [20000]:
        print(f"\n=== {count} tickets, 3 teams, 200 customers, batches of {BATCH} ===")
        rows = {}
        for variant in VARIANTS:
            drop_db(args, f"qo_bench_{variant}")
            _name, rows[variant] = bench_variant(args, variant, count)
        base = rows["dependencies"]
        closed = base["closed"]
        print("ratios against 'dependencies' (helpdesk_mgmt + the modules quality_ops needs)")
        print(
            f"{'':16}{'create s':>9}{'q/tkt':>7}{'ratio':>7}"
            f"{'move s':>9}{'q/tkt':>7}{'ratio':>7}{'close s':>9}{'q/tkt':>7}{'ratio':>7}"
        )
        for variant, res in rows.items():
            line = f"{variant:16}"
            for phase, n in (("create", count), ("stage", count), ("close", closed)):
                seconds, queries = res[phase]
                line += f"{seconds:9.2f}{queries / n:7.2f}{seconds / base[phase][0]:7.2f}"
            print(line)
        for phase, n in (("create", count), ("stage", count), ("close", closed)):
            extra = (rows["quality_ops"][phase][1] - base[phase][1]) / n
            print(f"quality_ops extra queries per ticket, {phase}: {extra:.3f}")
        bench_sweep(args, count)


if __name__ == "__main__":
    main()

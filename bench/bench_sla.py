"""SLA engine benchmark (not a test): run with `python3 .ci/dev.py bench sla`.

Builds four databases of the same tickets (3 teams, 200 customers) and times,
in the same run:

* the batch path: tickets created, moved to a working stage and closed in
  batches of 500 with mail and tracking off, for plain helpdesk_mgmt, its
  dependencies (the baseline), quality_ops and OCA helpdesk_mgmt_sla instead;
  the variants alternate batch by batch and the table gives the medians;
  queries per ticket are counted from the cursor;
* the live path (bench_sla_live.py): one ticket per transaction with mail and
  tracking on, created by an internal user and by the mail gateway, answered,
  moved, paused and resumed, closed;
* the warning/breach sweep over ``--sweep-clocks`` open clocks (tickets are
  added to reach that many) of which 1 % chosen at random are due, against the
  bare SQL UPDATE that flags the same rows, and two sweeps started at the same
  moment on separate connections: every due clock must be notified exactly
  once.

Usage: bench_sla.py --config odoo.conf --odoo-src ODOO --tickets 20000
       [--rounds 3] [--live-tickets 150] [--sweep-clocks 100000]
       [--only batch|live|sweep ...]
"""

import datetime
import random
import statistics
import time

from bench_common import (
    bench_parser,
    connect,
    db_exists,
    drop_db,
    install,
    load_odoo,
    twice_at_once,
)

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
PHASES = (("create", "create"), ("stage", "move"), ("close", "close"))
SWEEP_SEED = 20260929


def db_name(variant):
    return f"qo_bench_{variant}"


def build_db(args, variant):
    return install(args, db_name(variant), VARIANTS[variant])


def ensure_db(args, variant):
    """The bench database of a variant, built when missing."""
    if db_exists(db_name(variant)):
        return db_name(variant)
    return build_db(args, variant)


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


BATCH_CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def timed(cr, func):
    queries = cr.sql_log_count
    start = time.perf_counter()
    func()
    return time.perf_counter() - start, cr.sql_log_count - queries


def create_batches(env, count, rng, teams, partners):
    Ticket = env["helpdesk.ticket"]
    ids = []
    for start in range(0, count, BATCH):
        vals = [
            {
                "name": f"Incident {start + i}",
                "description": "<p>bench</p>",
                "team_id": teams[rng.randrange(len(teams))],
                "partner_id": partners[rng.randrange(len(partners))],
                "priority": rng.choice("0123"),
            }
            for i in range(min(BATCH, count - start))
        ]
        ids.extend(Ticket.create(vals).ids)
        env.flush_all()
        env.invalidate_all()
    return ids


def batch_slice(registry, count, seed):
    """One slice of the batch path: (seconds, queries, tickets) per phase."""
    import odoo
    from odoo import api

    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, BATCH_CONTEXT)
        teams = env["helpdesk.ticket.team"].search([("name", "like", "Bench team")], order="id")
        partners = env["res.partner"].search(
            [("is_company", "=", True), ("name", "like", "Customer ")], order="id"
        )
        cr.commit()
        rng = random.Random(seed)
        ids = []
        seconds, queries = timed(
            cr, lambda: ids.extend(create_batches(env, count, rng, teams.ids, partners.ids))
        )
        results["create"] = (seconds, queries, count)
        cr.commit()
        Ticket = env["helpdesk.ticket"]

        def write_all(todo, stage):
            def run():
                Ticket.browse(todo).write({"stage_id": stage.id})
                env.flush_all()
                env.invalidate_all()

            return run

        progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        results["stage"] = (*timed(cr, write_all(ids, progress)), count)
        cr.commit()
        closing = ids[::5]
        done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        results["close"] = (*timed(cr, write_all(closing, done)), len(closing))
        cr.commit()
    return results


def run_batch(registries, count):
    """``count`` tickets per variant in slices of one batch each; the variants
    alternate slice by slice (in a rotating order), so that a load elsewhere on
    the machine hits them all alike, and the table gives the medians."""
    variants = list(registries)
    samples = {variant: {phase: [] for phase, _label in PHASES} for variant in variants}
    for number, start in enumerate(range(0, count, BATCH)):
        size = min(BATCH, count - start)
        shift = number % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            # the same tickets in every variant
            result = batch_slice(registries[variant], size, seed=42 + number)
            for phase, (seconds, queries, tickets) in result.items():
                samples[variant][phase].append((seconds * 1000 / tickets, queries / tickets))
    print(
        f"\nbatch path: {count} tickets in batches of {BATCH} (one slice per batch, variants "
        "alternating), mail and tracking off; ms per ticket (median of the slices), queries "
        "per ticket, ratio against 'dependencies' (helpdesk_mgmt + the modules quality_ops "
        "needs; median of the ratios slice by slice); closing: a fifth of each slice"
    )
    header = f"{'':16}"
    for _phase, label in PHASES:
        header += f"{label + ' ms':>10}{'q/tkt':>7}{'ratio':>7}"
    print(header)
    base = samples["dependencies"]
    medians = {}
    for variant in variants:
        line = f"{variant:16}"
        for phase, _label in PHASES:
            values = samples[variant][phase]
            pairs = list(zip(values, base[phase], strict=True))
            medians[variant, phase] = (
                statistics.median(v[0] for v in values),
                statistics.median(v[1] for v in values),
                # paired with the dependencies' slice of the same tickets
                statistics.median(ours[0] / theirs[0] for ours, theirs in pairs),
                statistics.median(ours[0] - theirs[0] for ours, theirs in pairs),
                statistics.median(ours[1] - theirs[1] for ours, theirs in pairs),
            )
            ms, queries, ratio, _extra, _extra_queries = medians[variant, phase]
            line += f"{ms:10.3f}{queries:7.2f}{ratio:7.2f}"
        print(line)
    for phase, label in PHASES:
        _ms, _queries, _ratio, extra, extra_queries = medians["quality_ops", phase]
        print(
            f"quality_ops extra per ticket, {label:6}: {extra:+.3f} ms, "
            f"{extra_queries:+.3f} queries (medians of the paired differences)"
        )
    return medians


def top_up(registry, clocks):
    """Add tickets until ``clocks`` clocks run (mail and tracking off)."""
    import odoo
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, BATCH_CONTEXT)
        Clock = env["quality_ops.ticket.sla"]
        running = Clock.search_count([("state", "in", ("running", "warning"))])
        missing = max(clocks - running, 0)
        if missing:
            teams = env["helpdesk.ticket.team"].search([("name", "like", "Bench team")])
            partners = env["res.partner"].search(
                [("is_company", "=", True), ("name", "like", "Customer ")]
            )
            create_batches(env, (missing + 1) // 2, random.Random(7), teams.ids, partners.ids)
            cr.commit()
        return Clock.search_count([("state", "in", ("running", "warning"))])


def bench_sweep(registry, clocks, rounds):
    """Sweep over ``clocks`` running clocks of which 1 % at random are due."""
    import odoo
    from odoo import api
    from odoo.tools import SQL

    from odoo.addons.quality_ops.quality_ops.models.quality_ticket_sla_sweep import SWEEP_BATCH

    open_clocks = top_up(registry, clocks)
    now = datetime.datetime(2030, 1, 1)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        Clock = env["quality_ops.ticket.sla"]
        # earlier runs: forget their notifications, every running clock back to running
        cr.execute("DELETE FROM mail_activity WHERE summary LIKE 'SLA breached%%'")
        cr.execute(
            SQL(
                "SELECT id, kind FROM quality_ops_ticket_sla "
                "WHERE state IN ('running', 'warning', 'breached') AND reached_at IS NULL "
                "  AND paused_since IS NULL ORDER BY id"
            )
        )
        candidates = cr.fetchall()
        due_rows = random.Random(SWEEP_SEED).sample(candidates, len(candidates) // 100)
        due_ids = sorted(row[0] for row in due_rows)
        kinds = {kind for _id, kind in due_rows}
        assert due_ids and kinds == {"response", "resolution"}, "the sweep bench needs due clocks"
        cr.execute(
            SQL(
                """UPDATE quality_ops_ticket_sla
                      SET warning_level = 2, state = 'running', breached_at = NULL,
                          deadline = CASE WHEN id = ANY(%s) THEN %s ELSE %s END
                    WHERE state IN ('running', 'warning', 'breached') AND reached_at IS NULL
                      AND paused_since IS NULL""",
                due_ids,
                now - datetime.timedelta(hours=1),
                now + datetime.timedelta(days=30),
            )
        )
        cr.commit()
        # the set-up rewrote every running clock: clean up as autovacuum would
        vacuum = connect(registry.db_name)
        vacuum.cursor().execute("VACUUM ANALYZE quality_ops_ticket_sla")
        vacuum.close()
        bare_sql = SQL(
            """UPDATE quality_ops_ticket_sla SET state = 'breached', breached_at = deadline
                WHERE state IN ('running', 'warning') AND deadline <= %s RETURNING id""",
            now,
        )
        # the sweep's own claiming UPDATE of its breach step, for every due clock
        _level, condition, assignment = Clock._sweep_thresholds(now)[2]
        claim_sql = Clock._sweep_claim(condition, assignment, now, len(due_ids) + 1)
        bares, claims = [], []
        for _round in range(max(rounds, 5)):
            for sql, times in ((bare_sql, bares), (claim_sql, claims)):
                start = time.perf_counter()
                cr.execute(sql)
                ids = sorted(row[0] for row in cr.fetchall())
                times.append(time.perf_counter() - start)
                cr.rollback()
                assert ids == due_ids, "bare and claiming UPDATE must flag the due clocks"
        bare, claim = statistics.median(bares), statistics.median(claims)
        # ours with the notifications (chatter note + activity), rolled back
        fulls = []
        for _round in range(rounds):
            start = time.perf_counter()
            swept = Clock._cron_sweep(now=now)
            env.flush_all()
            fulls.append(time.perf_counter() - start)
            cr.rollback()
            env.invalidate_all()
            assert swept == len(due_ids), f"swept {swept} of {len(due_ids)} due clocks"
        full = statistics.median(fulls)
        # nothing due: the sweep every five minutes on a quiet desk
        idles, idle_bares = [], []
        for _round in range(max(rounds, 5)):
            start = time.perf_counter()
            Clock._cron_sweep(now=now - datetime.timedelta(days=1))
            idles.append(time.perf_counter() - start)
            start = time.perf_counter()
            cr.execute(
                SQL(
                    """SELECT id FROM quality_ops_ticket_sla
                        WHERE state IN ('running', 'warning') AND deadline <= %s""",
                    now - datetime.timedelta(days=1),
                )
            )
            cr.fetchall()
            idle_bares.append(time.perf_counter() - start)
            cr.rollback()
    print(
        f"\nsweep over {open_clocks} running clocks, {len(due_ids)} due now (1 % at random, "
        f"response and resolution); medians of {max(rounds, 5)} rounds"
    )
    print(f"  bare SQL UPDATE of the due rows        {bare * 1000:8.1f} ms")
    print(
        f"  our claiming UPDATE (SKIP LOCKED)      {claim * 1000:8.1f} ms"
        f"  ratio {claim / bare:.2f}x"
    )
    print(
        f"  full sweep incl. {len(due_ids)} notifications {full * 1000:8.1f} ms"
        f"  ({full / len(due_ids) * 1000:.2f} ms per notified clock, batches of {SWEEP_BATCH})"
    )
    print(
        f"  idle sweep (nothing due)               {statistics.median(idles) * 1000:8.1f} ms"
        f"  vs bare SELECT {statistics.median(idle_bares) * 1000:.1f} ms"
    )
    concurrent_sweeps(registry, now, due_ids)


def concurrent_sweeps(registry, now, due_ids):
    """Two sweeps at the same instant on two connections: one notification each."""

    # both snapshots start before either sweep
    counts = twice_at_once(
        registry,
        lambda env: env["quality_ops.ticket.sla"]._cron_sweep(now=now, batch=200),
        snapshot_first=True,
    )
    with registry.cursor() as cr:
        cr.execute("""SELECT count(*), count(DISTINCT (res_id, summary)) FROM mail_activity
                       WHERE res_model = 'helpdesk.ticket' AND summary LIKE 'SLA breached%%'""")
        activities, distinct = cr.fetchone()
        cr.execute(
            "SELECT count(*) FROM quality_ops_ticket_sla WHERE id = ANY(%s) AND state = 'breached'",
            [due_ids],
        )
        breached = cr.fetchone()[0]
    once = activities == sum(counts) == breached == len(due_ids) == distinct
    print(
        f"\ntwo sweeps at once: {counts[0]} + {counts[1]} clocks claimed of {len(due_ids)} due, "
        f"{activities} breach activities, {breached} clocks breached "
        f"({'each exactly once' if once else 'DUPLICATES OR MISSES'})"
    )
    assert once, "concurrent sweeps must notify each due clock exactly once"


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--live-tickets", type=int, default=150)
    parser.add_argument("--sweep-clocks", type=int, default=100000)
    parser.add_argument(
        "--only", action="append", choices=["batch", "live", "sweep"], help="default: all three"
    )
    args = parser.parse_args()
    only = set(args.only or ["batch", "live", "sweep"])
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    load_odoo(args)
    from bench_sla_live import LIVE_VARIANTS, run_live

    variants = list(VARIANTS) if "batch" in only else list(LIVE_VARIANTS)
    if "batch" in only:
        for variant in variants:
            drop_db(db_name(variant))
    registries = {}
    for variant in variants:
        name = ensure_db(args, variant)
        registries[variant] = Registry(name)
        if "batch" in only:
            with registries[variant].cursor() as cr:
                setup_data(api.Environment(cr, odoo.SUPERUSER_ID, BATCH_CONTEXT), variant)
    if "batch" in only:
        print(f"\n=== {args.tickets} tickets, 3 teams, 200 customers ===")
        run_batch(registries, args.tickets)
    if "live" in only:
        run_live(args, {v: registries[v] for v in LIVE_VARIANTS}, args.live_tickets, args.rounds)
    if "sweep" in only:
        bench_sweep(registries["quality_ops"], args.sweep_clocks, args.rounds)


if __name__ == "__main__":
    main()

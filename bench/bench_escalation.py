"""Escalation benchmark (not a test): `python3 .ci/dev.py bench escalation -- --tickets 100000`.

Builds a database with a year of O&M data (the generator of bench_indicators.py:
tickets of 5 teams, 20 projects and 300 customers with their SLA clocks, about
half of the response clocks breached), moved so that the year ends now, then
times in the same run, rounds in alternating order, medians (and fastest):

* a new ``sla_breached`` rule's first run: the whole year breached before the
  rule existed, so nothing to escalate, against the bare SQL that selects the
  same candidate rows (breached, current, since the rule's activation, not in
  its log);
* a rule made active since 30 days ago, first run: it escalates (log rows,
  chatter notes, activities) the breaches of those 30 days, against the bare
  SELECT of those rows and the bare INSERT ... SELECT of their log rows;
* the steady run that follows (nothing new) against the same bare SELECT, and
  the whole 15-minute cron (six triggers);
* two runs of a third rule started at the same moment on separate
  connections: every breach must be escalated exactly once.

Usage: bench_escalation.py --config odoo.conf --odoo-src PATH --tickets 100000 [--tickets 400000]
"""

import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_indicators  # noqa: E402  (the year of data and the database build)
from bench_common import (  # noqa: E402
    bench_parser,
    drop_db,
    load_odoo,
    twice_at_once,
    workspace_db,
)

DB = workspace_db("qo_bench_escalation")
MODEL = "quality_ops.ticket.sla"

BARE_SELECT = """
    SELECT s.id, s.breached_at
      FROM quality_ops_ticket_sla s
     WHERE s.state = 'breached' AND s.is_current AND s.company_id = %(company)s
       AND s.breached_at >= %(since)s
       AND NOT EXISTS (SELECT 1 FROM quality_ops_escalation e
                        WHERE e.rule_id = %(rule)s AND e.res_model = %(model)s
                          AND e.res_id = s.id)
"""
BARE_INSERT = f"""
    INSERT INTO quality_ops_escalation (rule_id, res_model, res_id, level, company_id,
           escalated_at, create_uid, create_date, write_uid, write_date)
    SELECT %(rule)s, %(model)s, c.id, 1, %(company)s, now(), 1, now(), 1, now()
      FROM ({BARE_SELECT}) c
        ON CONFLICT (rule_id, res_model, res_id) DO NOTHING
"""


def move_year_to_now(env):
    """The generator writes 2026; the year of clocks is moved to end now."""
    cr = env.cr
    cr.execute("SELECT now() AT TIME ZONE 'UTC' - timestamp '2027-01-01'")
    shift = cr.fetchone()[0]
    cr.execute(
        """
        UPDATE quality_ops_ticket_sla
           SET start_at = start_at + %(s)s, segment_start = segment_start + %(s)s,
               deadline = deadline + %(s)s, reached_at = reached_at + %(s)s,
               breached_at = breached_at + %(s)s
        """,
        {"s": shift},
    )
    cr.execute("ANALYZE quality_ops_ticket_sla")


def bare(env, sql, rule, since):
    env.cr.execute(
        sql, {"company": env.company.id, "since": since, "rule": rule.id, "model": MODEL}
    )


def timed(func):
    start = time.perf_counter()
    result = func()
    return (time.perf_counter() - start) * 1000, result


def paired(rounds, baseline, ours):
    """Both timed in each round, in alternating order; ``ours`` must escalate nothing."""
    base_ms, ours_ms = [], []
    for turn in range(rounds):
        for which in (0, 1) if turn % 2 else (1, 0):
            if which:
                base_ms.append(timed(baseline)[0])
            else:
                ms, created = timed(ours)
                assert not created, f"escalated {len(created)}"
                ours_ms.append(ms)
    return base_ms, ours_ms


def queries(env, func):
    env.flush_all()
    before = env.cr.sql_log_count
    func()
    return env.cr.sql_log_count - before


def line(label, samples, base=None, extra=""):
    """Median (and fastest) of the rounds; ratios of both to the baseline's.

    The machine is shared: the fastest round is the one least disturbed."""
    med, low = statistics.median(samples), min(samples)
    ratio = ""
    if base:
        ratio = f"  ratio {med / statistics.median(base):5.2f}x ({low / min(base):4.2f}x)"
    print(f"  {label:<46} {med:9.2f} ms ({low:8.2f}){ratio}{extra}")


def concurrent_runs(registry, rule_id):
    """Two runs of the same rule at the same moment, each on its connection."""
    return twice_at_once(
        registry, lambda env: len(env["quality_ops.escalation.rule"]._escalate("sla_breached"))
    )


def bench(registry, count, rounds):
    import odoo
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        bench_indicators.generate(env, count)
        move_year_to_now(env)
        env.company.quality_manager_id = env.ref("base.user_admin")
        cr.commit()
        cr.execute(
            "SELECT count(*), min(breached_at), max(breached_at) FROM quality_ops_ticket_sla"
            " WHERE state = 'breached' AND is_current"
        )
        breaches, first, last = cr.fetchone()
        print(
            f"\n=== {count} tickets over a year, {breaches} breached clocks "
            f"({first:%Y-%m-%d} .. {last:%Y-%m-%d}), generated in "
            f"{time.perf_counter() - started:.0f} s ==="
        )
        Rule = env["quality_ops.escalation.rule"]
        Log = env["quality_ops.escalation"]
        vals = {"trigger": "sla_breached", "recipient": "quality_manager", "level": 2}

        # 1. a new rule: the whole history predates it
        new = Rule.create({**vals, "name": "New rule"})
        cr.commit()
        cold, created = timed(lambda: Rule._escalate("sla_breached"))
        assert not created, "a new rule escalated history"
        base, ours = paired(
            rounds,
            lambda: bare(env, BARE_SELECT, new, new.active_since),
            lambda: Rule._escalate("sla_breached"),
        )
        print(f"new rule, first run (active since now; {breaches} breaches before, none after)")
        line("bare SELECT of the candidate rows", base)
        line(
            "quality_ops first run",
            ours,
            base,
            f"  (cold {cold:.2f} ms, {queries(env, lambda: Rule._escalate('sla_breached'))}"
            " queries, 0 escalated)",
        )
        new.active = False

        # 2. a rule active since 30 days ago: its first run escalates them
        since = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        month = Rule.create(
            {**vals, "name": "Since a month", "active_since": since - datetime.timedelta(days=30)}
        )
        cr.commit()
        since = month.active_since
        ours, base, insert, escalated = [], [], [], 0
        for _round in range(3):  # each escalates thousands: three rounds
            base.append(timed(lambda: bare(env, BARE_SELECT, month, since))[0])
            insert.append(timed(lambda: bare(env, BARE_INSERT, month, since))[0])
            cr.rollback()
            ms, created = timed(lambda: Rule._escalate("sla_breached"))
            ours.append(ms)
            escalated = len(created)
            cr.rollback()
        print(f"rule active since 30 days, first run ({escalated} breaches to escalate)")
        line("bare SELECT of the candidate rows", base)
        line("bare INSERT ... SELECT of their log rows", insert)
        line(
            "quality_ops first run (log, notes, activities)",
            ours,
            base,
            f"  ({statistics.median(ours) / max(escalated, 1):.3f} ms per escalation)",
        )
        created = Rule._escalate("sla_breached")
        cr.commit()
        cr.execute("ANALYZE quality_ops_escalation")  # as autovacuum would, for both
        activities = env["mail.activity"].search_count([("summary", "=", month.name)])
        assert len(created) == escalated == activities, (len(created), escalated, activities)

        # 3. the steady run: nothing new since
        base, ours = paired(
            rounds,
            lambda: bare(env, BARE_SELECT, month, since),
            lambda: Rule._escalate("sla_breached"),
        )
        cron = [timed(Rule._cron_escalate)[0] for _round in range(rounds)]
        print(f"steady run ({escalated} logged since the rule's activation, nothing new)")
        line("bare SELECT of the candidate rows", base)
        line(
            "quality_ops steady run",
            ours,
            base,
            f"  ({queries(env, lambda: Rule._escalate('sla_breached'))} queries)",
        )
        line(
            "whole cron, six triggers",
            cron,
            extra=f"  ({queries(env, Rule._cron_escalate)} queries)",
        )
        month.active = False

        # 4. two runs at the same moment
        race = Rule.create({**vals, "name": "Raced", "active_since": since})
        cr.commit()
        counts = concurrent_runs(registry, race.id)
        cr.rollback()
        logged = Log.search_count([("rule_id", "=", race.id)])
        activities = env["mail.activity"].search_count([("summary", "=", race.name)])
        once = logged == escalated == activities == sum(counts)
        print(
            f"two runs at once: {counts[0]} + {counts[1]} escalated, {logged} logged, "
            f"{activities} activities for {escalated} breaches: "
            f"{'each exactly once' if once else 'NOT ONCE'}"
        )
        return once


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, action="append")
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--keep-db", action="store_true", help="keep the last database")
    args = parser.parse_args()
    from odoo.modules.registry import Registry

    load_odoo(args)
    bench_indicators.DB = DB  # build ours, not the indicator bench's
    failed_runs = 0
    for count in args.tickets or [100000]:
        bench_indicators.build_db(args)
        registry = Registry(DB)
        failed_runs += not bench(registry, count, args.rounds)
        Registry.delete(DB)
        if not args.keep_db:
            drop_db(DB)
    return 1 if failed_runs else 0


if __name__ == "__main__":
    sys.exit(main())

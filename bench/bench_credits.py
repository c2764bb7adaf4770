"""Service credit statements benchmark (not a test): `python3 .ci/dev.py bench credits`.

Builds a database with a year of tickets (generated in SQL: 20 projects, each
a contract with its credit scheme, their response and resolution clocks, some
breached, some of those exempted), then times, in the same run and over
several rounds, drafting every contract's 12 monthly statements (the grouped
query over the stored clocks, the statements and their lines created) against
one hand-written SQL that computes the same figures without storing anything,
and checks that both give identical figures.

Usage: bench_credits.py --config odoo.conf --odoo-src PATH [--tickets 100000] [--rounds 3]
"""

import datetime
import statistics
import sys
import time

from bench_common import bench_parser, db_exists, install, load_odoo, workspace_db

DB = workspace_db("qo_bench_credits")
# a year that has ended: statements are drawn up for months that are over
YEAR = datetime.date.today().year - 1
CONTRACTS = 20


def build_db(args):
    install(args, DB, "quality_ops", "--without-demo")


def generate(env, count):
    cr = env.cr
    company = env.company
    company.partner_id.tz = "Asia/Shanghai"
    partners = env["res.partner"].create(
        [{"name": f"Customer {i:02d}", "is_company": True} for i in range(CONTRACTS)]
    )
    projects = env["project.project"].create(
        [{"name": f"Contract {i}", "partner_id": partners[i].id} for i in range(CONTRACTS)]
    )
    team = env["helpdesk.ticket.team"].create({"name": "Bench desk"})
    Scheme = env["quality_ops.sla.credit.scheme"]
    for i, project in enumerate(projects):
        Scheme.create(
            {
                "name": f"Scheme {i}",
                "project_id": project.id,
                "partner_id": project.partner_id.id,
                "date_start": f"{YEAR}-01-01",
                "monthly_fee": 20000 + 1000 * i,
                "cap_type": "fee_percent" if i % 2 else "fixed",
                "cap_value": 10 if i % 2 else 2500,
                "bonus_target": 90 if i % 3 == 0 else 0,
                "bonus_value": 500,
                "line_ids": [
                    (0, 0, {"priority": str(p), "kind": kind, "credit": (p + 1) * base})
                    for p in range(4)
                    for kind, base in (("response", 50), ("resolution", 100))
                ],
            }
        )
    done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id
    env.flush_all()
    params = {
        "n": count,
        "company": company.id,
        "team": team.id,
        "projects": projects.ids,
        "partners": partners.ids,
        "done": done,
        # local midnight of 1 January of the year in Shanghai (UTC+8), in UTC
        "first": f"{YEAR - 1}-12-31 16:00:00",
    }
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (number, name, description, company_id, team_id,
                                     project_id, partner_id, commercial_partner_id, stage_id,
                                     priority, create_date, closed_date, rating_status, active)
        SELECT 'B' || g, 'Incident ' || g, '<p>x</p>', %(company)s, %(team)s,
               (%(projects)s::int[])[1 + g %% 20], (%(partners)s::int[])[1 + g %% 20],
               (%(partners)s::int[])[1 + g %% 20], %(done)s, (g %% 4)::text,
               c, c + interval '6 hours', 'stage_change', true
          FROM generate_series(1, %(n)s) g,
               LATERAL (SELECT %(first)s::timestamp + (g::float / %(n)s)
                               * interval '365 days' AS c) t
        """,
        params,
    )
    for kind, hours in (("response", 2), ("resolution", 8)):
        cr.execute(
            """
            INSERT INTO quality_ops_ticket_sla (ticket_id, company_id, kind, target_hours,
                   start_at, segment_start, deadline, consumed_hours, paused_hours, state,
                   reached_at, breached_at, cycle, is_current, warning_level, quality_exempted)
            SELECT t.id, t.company_id, %(kind)s, %(hours)s, t.create_date, t.create_date,
                   t.create_date + %(hours)s * interval '1 hour', x.used, 0,
                   CASE WHEN t.id %% 31 = 0 THEN 'cancelled'
                        WHEN x.used <= %(hours)s THEN 'met' ELSE 'breached' END,
                   CASE WHEN t.id %% 31 = 0 THEN NULL
                        ELSE t.create_date + x.used * interval '1 hour' END,
                   CASE WHEN t.id %% 31 <> 0 AND x.used > %(hours)s
                        THEN t.create_date + %(hours)s * interval '1 hour' END,
                   1, true, 0, t.id %% 7 = 0
              FROM helpdesk_ticket t,
                   LATERAL (SELECT (t.id %% 13) * (%(hours)s / 10.0) AS used) x
             WHERE t.number LIKE 'B%%'
            """,
            {"kind": kind, "hours": hours},
        )
    cr.execute("ANALYZE helpdesk_ticket; ANALYZE quality_ops_ticket_sla")


def months():
    return [datetime.date(YEAR, m, 1) for m in range(1, 13)]


def hand_sql(env):
    """Every contract's figures of the 12 months with bare SELECTs."""
    from odoo.tools import SQL

    company = env.company
    bounds = []
    for month in months():
        last = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        start, end = company._quality_utc_bounds(month, last)
        bounds.append(SQL("(%s::date, %s::timestamp, %s::timestamp)", month, start, end))
    env.cr.execute(
        SQL(
            """
            WITH b (month, start_at, end_at) AS (VALUES %(bounds)s),
            c AS (
                SELECT s.id AS scheme_id, b.month, t.priority, r.kind,
                       COUNT(*) AS verdicts,
                       COUNT(*) FILTER (WHERE r.state = 'met' AND r.quality_exempted IS NOT TRUE)
                           AS met,
                       COUNT(*) FILTER (WHERE r.state = 'breached') AS breached,
                       COUNT(*) FILTER (WHERE r.quality_exempted IS TRUE) AS exempted,
                       COUNT(*) FILTER (WHERE r.state = 'breached'
                                          AND r.quality_exempted IS TRUE) AS exempted_breached
                  FROM quality_ops_sla_credit_scheme s
                  JOIN helpdesk_ticket t ON t.project_id = s.project_id
                   AND t.company_id = s.company_id
                  JOIN quality_ops_ticket_sla r ON r.ticket_id = t.id
                  JOIN b ON COALESCE(r.breached_at, r.reached_at) >= b.start_at
                        AND COALESCE(r.breached_at, r.reached_at) < b.end_at
                 WHERE r.state IN ('met', 'breached')
                 GROUP BY 1, 2, 3, 4
            ),
            g AS (
                SELECT c.scheme_id, c.month, SUM(c.verdicts) AS verdicts, SUM(c.met) AS met,
                       SUM(c.breached) AS breached, SUM(c.exempted) AS exempted,
                       SUM(c.exempted_breached) AS exempted_breached,
                       SUM((c.breached - c.exempted_breached) * COALESCE(l.credit, 0)) AS gross
                  FROM c LEFT JOIN quality_ops_sla_credit_scheme_line l
                    ON l.scheme_id = c.scheme_id AND l.priority = c.priority
                   AND l.kind = c.kind
                 GROUP BY 1, 2
            )
            SELECT g.scheme_id, g.month, g.breached, g.exempted_breached,
                   g.breached - g.exempted_breached, round(g.gross::numeric, 2)::float,
                   round(LEAST(g.gross, CASE s.cap_type
                       WHEN 'fee_percent' THEN s.monthly_fee * s.cap_value / 100.0
                       WHEN 'fixed' THEN s.cap_value ELSE g.gross END)::numeric, 2)::float
                       AS capped,
                   CASE WHEN s.bonus_target > 0 AND g.verdicts > g.exempted
                         AND round(100.0 * g.met / (g.verdicts - g.exempted), 2)
                             >= s.bonus_target
                        THEN s.bonus_value ELSE 0 END AS bonus
              FROM g JOIN quality_ops_sla_credit_scheme s ON s.id = g.scheme_id
            """,
            bounds=SQL(", ").join(bounds),
        )
    )
    return {
        (scheme, month): (breached, exempted, charged, gross, capped, round(capped - bonus, 2))
        for scheme, month, breached, exempted, charged, gross, capped, bonus in env.cr.fetchall()
    }


def drafted(env, statements):
    return {
        (s.scheme_id.id, s.date_from): (
            s.breach_count,
            s.exempted_count,
            s.charged_count,
            s.gross_credit,
            s.capped_credit,
            s.net_credit,
        )
        for s in statements
        if s.verdict_count
    }


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep-db", action="store_true", help="reuse and keep the database")
    parser.add_argument("--profile", action="store_true", help="profile one drafting run")
    args = parser.parse_args()
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    load_odoo(args)
    if not args.keep_db or not db_exists(DB):
        build_db(args)
        fresh = True
    else:
        fresh = False
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        if fresh:
            generate(env, args.tickets)
            cr.commit()
        print(
            f"\n=== {args.tickets} tickets over {YEAR}, {CONTRACTS} contracts "
            f"(generated in {time.perf_counter() - started:.0f} s) ==="
        )
        bare_times, ours_times, query_times = [], [], []
        baseline = ours = None
        Statement = env["quality_ops.sla.statement"]
        for _round in range(args.rounds):
            start = time.perf_counter()
            baseline = hand_sql(env)
            bare_times.append(time.perf_counter() - start)
            schemes = env["quality_ops.sla.credit.scheme"].search([])
            start = time.perf_counter()
            Statement._gather([(s, m) for m in months() for s in schemes])
            query_times.append(time.perf_counter() - start)
            env.invalidate_all()
            start = time.perf_counter()
            statements = Statement._draft_statements(months())
            env.flush_all()
            ours_times.append(time.perf_counter() - start)
            ours = drafted(env, statements)
            count, lines = len(statements), len(statements.line_ids)
            cr.rollback()
            env.invalidate_all()
        if args.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.enable()
            Statement._draft_statements(months())
            env.flush_all()
            profile.disable()
            cr.rollback()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        bare, mine = statistics.median(bare_times), statistics.median(ours_times)
        print(f"hand-written SQL, figures only       {bare:8.3f} s (median of {args.rounds})")
        print(
            f"drafting every contract's statements {mine:8.3f} s  ratio {mine / bare:.2f}x"
            f"  ({count} statements, {lines} lines stored)"
        )
        print(
            f"  of which the grouped query over the clocks {statistics.median(query_times):.3f} s"
        )
        same = bool(baseline) and ours == baseline  # nothing compared is no proof
        print(f"identical figures: {'yes' if same else 'NO'} ({len(baseline)} contract-months)")
        if not same:
            for key in sorted(set(ours) | set(baseline))[:10]:
                if ours.get(key) != baseline.get(key):
                    print(f"  {key}: drafted {ours.get(key)} vs hand-written {baseline.get(key)}")
            sys.exit(1)
    if not args.keep_db:
        registry.delete(DB)


if __name__ == "__main__":
    main()

"""Indicator engine benchmark (not a test): `python3 .ci/dev.py bench indicators`.

Builds a database with a year of O&M data generated in SQL (tickets of 5 teams,
20 projects and 300 customers, their SLA clocks with reopened cycles, ratings,
complaints, survey answers, corrective actions, audit lines and a year of
daily inspections per project), then times,
in the same run, the full-year recomputation of every built-in indicator
(months, quarters, halves and the year, every scope) against the hand-written
SQL that computes the same numbers without storing them, checks that both give
identical numbers, and reports the peak memory of the process.

Usage: bench_indicators.py --config odoo.conf --odoo-src PATH --tickets 100000 [--tickets 400000]
"""

import collections
import datetime
import resource
import sys
import time
import zoneinfo

from bench_common import bench_parser, insert_clocks, install, load_odoo, workspace_db

# one database per workspace (QO_WORKSPACE), as the test databases
DB = workspace_db("qo_bench_indicators")


def build_db(args):
    install(args, DB, "quality_ops")


def generate(env, count):
    """A year of data in SQL: the engine reads stored rows, however they came."""
    cr = env.cr
    company = env.company
    teams = env["helpdesk.ticket.team"].create([{"name": f"Team {i}"} for i in range(5)])
    partners = env["res.partner"].create(
        [{"name": f"Customer {i:03d}", "is_company": True} for i in range(300)]
    )
    projects = env["project.project"].create(
        [{"name": f"Project {i}", "partner_id": partners[i * 15].id} for i in range(20)]
    )
    done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id
    progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id
    env.flush_all()
    params = {
        "n": count,
        "company": company.id,
        "teams": teams.ids,
        "partners": partners.ids,
        "projects": projects.ids,
        "done": done,
        "progress": progress,
    }
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (number, name, description, company_id, team_id,
                                     project_id, partner_id, commercial_partner_id, stage_id,
                                     priority, create_date, closed_date, rating_status, active,
                                     quality_reassigned)
        SELECT 'B' || g, 'Incident ' || g, '<p>x</p>', %(company)s,
               (%(teams)s::int[])[1 + g %% 5], (%(projects)s::int[])[1 + g %% 20],
               (%(partners)s::int[])[1 + g %% 300], (%(partners)s::int[])[1 + g %% 300],
               CASE WHEN g %% 7 = 0 THEN %(progress)s ELSE %(done)s END,
               (g %% 4)::text,
               c, CASE WHEN g %% 7 = 0 THEN NULL ELSE c + interval '6 hours' END,
               'stage_change', true, g %% 11 = 0
          FROM generate_series(1, %(n)s) g,
               LATERAL (SELECT timestamp '2026-01-01' + (g::float / %(n)s) * interval '364 days'
                       AS c) t
    """,
        params,
    )
    insert_clocks(cr, "B%", second_cycle_every=20)
    model = env["ir.model"]._get_id("helpdesk.ticket")
    cr.execute(
        """
        INSERT INTO rating_rating (res_model_id, res_model, res_id, rating, consumed,
                                   partner_id, access_token, create_date, write_date)
        SELECT %(model)s, 'helpdesk.ticket', t.id, (ARRAY[5, 5, 5, 3, 1])[1 + t.id %% 5], true,
               t.partner_id, md5(t.id::text), t.closed_date, t.closed_date
          FROM helpdesk_ticket t WHERE t.number LIKE 'B%%' AND t.closed_date IS NOT NULL
           AND t.id %% 5 < 2
    """,
        {"model": model},
    )
    level = env.ref("quality_ops.complaint_level_general").id
    closed = env.ref("quality_ops.complaint_stage_closed").id
    cr.execute(
        """
        INSERT INTO quality_ops_complaint (reference, name, company_id, level_id, stage_id,
               is_closed, team_id, project_id, partner_id, create_date, closed_at,
               close_deadline, closed_on_time)
        SELECT 'CPB' || t.id, t.name, t.company_id, %(level)s, %(closed)s, true, t.team_id,
               t.project_id, t.partner_id, t.create_date, t.create_date + interval '2 days',
               t.create_date + interval '3 days', t.id %% 3 > 0
          FROM helpdesk_ticket t WHERE t.number LIKE 'B%%' AND t.id %% 200 = 0
    """,
        {"level": level, "closed": closed},
    )
    cr.execute(
        """
        INSERT INTO quality_ops_action (reference, name, company_id, owner_id, action_type,
               state, due_date, date_done, closed_on_time, project_id)
        SELECT 'CAB' || g, 'Action ' || g, %(company)s, %(uid)s, 'corrective', 'done',
               date '2026-01-01' + (g %% 360), date '2026-01-01' + (g %% 360) + (g %% 5 - 2),
               (g %% 5 - 2) <= 0, (%(projects)s::int[])[1 + g %% 20]
          FROM generate_series(1, %(n)s / 50) g
    """,
        {**params, "uid": env.uid},
    )
    audit = env["quality_ops.audit"].create(
        {
            "name": "Bench audit",
            "planned_date": "2026-06-15",
            "template_id": env.ref("quality_ops.checklist_organisation").id,
        }
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO quality_ops_audit_line (audit_id, company_id, audit_date, question, weight,
               result, is_applicable, is_conforming, sequence)
        SELECT %(audit)s, %(company)s, date '2026-01-01' + (g %% 360), 'Q' || g, 1,
               (ARRAY['conform', 'conform', 'minor', 'not_applicable'])[1 + g %% 4],
               g %% 4 <> 3, g %% 4 < 2, g
          FROM generate_series(1, 2000) g
    """,
        {"audit": audit.id, "company": company.id},
    )
    campaign = env["quality_ops.survey.campaign"].create(
        {"name": "Bench survey", "date_from": "2026-01-01", "date_to": "2026-12-31"}
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO survey_user_input (survey_id, partner_id, quality_campaign_id, state,
               access_token, end_datetime, quality_score, quality_nps_value,
               quality_nps_answered)
        SELECT %(survey)s, (%(partners)s::int[])[1 + g %% 300], %(campaign)s, 'done',
               md5('s' || g), timestamp '2026-01-01' + (g %% 360) * interval '1 day',
               50 + (g %% 51), g %% 11, true
          FROM generate_series(1, 600) g
    """,
        {
            "survey": env.ref("quality_ops.survey_satisfaction").id,
            "partners": partners.ids,
            "campaign": campaign.id,
        },
    )
    # a year of planned inspections: one daily plan per project (its engineer,
    # a team), recorded on time, a day late or never, as SQL like the rest
    plans = env["quality_ops.inspection.plan"].create(
        [
            {
                "name": f"Room {i}",
                "target": f"Room {i}",
                "project_id": project.id,
                "team_id": teams[i % 5].id,
                "user_id": env.uid,
                "frequency": "daily",
                "start_date": "2027-01-01",
            }
            for i, project in enumerate(projects)
        ]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO quality_ops_inspection (reference, plan_id, is_planned, target, project_id,
               team_id, company_id, user_id, due_date, date_done, on_time, state,
               abnormal_count)
        SELECT 'INB' || p.id || '-' || d::date, p.id, true, p.target, p.project_id,
               p.team_id, p.company_id, p.user_id, d::date,
               CASE WHEN (p.id + extract(doy FROM d)::int) %% 10 = 0 THEN NULL
                    ELSE d::date + ((p.id + extract(doy FROM d)::int) %% 7 = 0)::int END,
               (p.id + extract(doy FROM d)::int) %% 10 <> 0
                   AND (p.id + extract(doy FROM d)::int) %% 7 <> 0,
               CASE WHEN (p.id + extract(doy FROM d)::int) %% 10 = 0 THEN 'planned'
                    WHEN (p.id + extract(doy FROM d)::int) %% 31 = 0 THEN 'cancelled'
                    ELSE 'done' END,
               0
          FROM quality_ops_inspection_plan p,
               generate_series(date '2026-01-01', date '2026-12-31', interval '1 day') d
         WHERE p.id = ANY(%(plans)s)
    """,
        {"plans": plans.ids},
    )
    cr.execute("ANALYZE")


# The baseline: one hand-written query per built-in source, rows of (company,
# team, project, customer, numerator, denominator) for the period
# [%(start)s, %(end)s), written apart from the engine's registry.
TICKET_DIMENSIONS = "t.company_id, t.team_id, t.project_id, t.commercial_partner_id"
SLA_CLOCKS = "quality_ops_ticket_sla s JOIN helpdesk_ticket t ON t.id = s.ticket_id"
# a clock's verdict counts under the team it fell under (stamped then)
CLOCK_DIMENSIONS = (
    "t.company_id, CASE WHEN s.verdict_stamped THEN s.verdict_team_id ELSE t.team_id END,"
    " t.project_id, t.commercial_partner_id"
)


def judged_clocks(kind):
    """The clocks of ``kind`` judged in the period (met or breached at its
    instant, not exempted): the met ones over them."""
    return f"""
        SELECT {CLOCK_DIMENSIONS}, (s.state = 'met')::int AS num, 1 AS den
          FROM {SLA_CLOCKS}
         WHERE s.kind = '{kind}' AND s.state IN ('met', 'breached')
           AND s.quality_exempted IS NOT TRUE
           AND COALESCE(s.breached_at, s.reached_at) >= %(start)s
           AND COALESCE(s.breached_at, s.reached_at) < %(end)s"""


def reached_clocks(kind, num):
    """The current clocks of ``kind`` reached in the period (met or
    breached), each counting ``num``."""
    return f"""
        SELECT {CLOCK_DIMENSIONS}, {num} AS num, 1 AS den
          FROM {SLA_CLOCKS}
         WHERE s.kind = '{kind}' AND s.is_current AND s.reached_at IS NOT NULL
           AND s.state IN ('met', 'breached')
           AND s.reached_at >= %(start)s AND s.reached_at < %(end)s"""


SOURCE_QUERIES = {
    "resp_sla": judged_clocks("response"),
    "reso_sla": judged_clocks("resolution"),
    "resp_avg": reached_clocks("response", "s.consumed_hours"),
    "reso_avg": reached_clocks("resolution", "s.consumed_hours"),
    "backlog": f"""
        SELECT {CLOCK_DIMENSIONS}, 1 AS num, 1 AS den
          FROM {SLA_CLOCKS}
         WHERE s.kind = 'resolution' AND s.is_current AND s.state <> 'cancelled'
           AND s.start_at < %(end)s AND s.deadline < %(end)s
           AND (s.reached_at IS NULL OR s.reached_at >= %(end)s)""",
    "tickets_closed": f"""
        SELECT {TICKET_DIMENSIONS}, 1 AS num, 1 AS den
          FROM helpdesk_ticket t
         WHERE t.closed_date >= %(start)s AND t.closed_date < %(end)s""",
    "tickets_open": f"""
        SELECT {TICKET_DIMENSIONS}, 1 AS num, 1 AS den
          FROM helpdesk_ticket t LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
         WHERE t.create_date < %(end)s
           AND (t.closed_date IS NULL OR t.closed_date >= %(end)s
                OR (NOT COALESCE(st.closed, FALSE) AND t.last_stage_update < %(end)s))""",
    "reopen": reached_clocks("resolution", "(s.cycle > 1)::int"),
    "fcr": reached_clocks(
        "resolution", "(s.cycle = 1 AND NOT COALESCE(t.quality_reassigned, FALSE))::int"
    ),
    "reassign": reached_clocks("resolution", "COALESCE(t.quality_reassigned, FALSE)::int"),
    "csat": f"""
        SELECT {TICKET_DIMENSIONS}, (r.rating >= 4)::int AS num, 1 AS den
          FROM rating_rating r JOIN helpdesk_ticket t ON t.id = r.res_id
         WHERE r.res_model = 'helpdesk.ticket' AND r.consumed AND r.rating > 0
           AND COALESCE(t.closed_date, r.write_date) >= %(start)s
           AND COALESCE(t.closed_date, r.write_date) < %(end)s""",
    "complaint": f"""
        SELECT c.company_id, c.team_id, c.project_id, p.commercial_partner_id,
               1 AS num, 0 AS den
          FROM quality_ops_complaint c LEFT JOIN res_partner p ON p.id = c.partner_id
         WHERE c.create_date >= %(start)s AND c.create_date < %(end)s
        UNION ALL
        SELECT {TICKET_DIMENSIONS}, 0, 1
          FROM helpdesk_ticket t
         WHERE t.create_date >= %(start)s AND t.create_date < %(end)s""",
    "complaint_close": """
        SELECT c.company_id, c.team_id, c.project_id, p.commercial_partner_id,
               c.closed_on_time::int AS num, 1 AS den
          FROM quality_ops_complaint c LEFT JOIN res_partner p ON p.id = c.partner_id
         WHERE c.closed_at >= %(start)s AND c.closed_at < %(end)s""",
    "action_ontime": """
        SELECT a.company_id, NULL::int, a.project_id, pp.partner_id,
               a.closed_on_time::int AS num, 1 AS den
          FROM quality_ops_action a LEFT JOIN project_project pp ON pp.id = a.project_id
         WHERE a.due_date >= %(day_from)s AND a.due_date <= %(day_to)s""",
    "audit_conf": """
        SELECT l.company_id, NULL::int, l.project_id, pp.partner_id,
               l.is_conforming::int AS num, 1 AS den
          FROM quality_ops_audit_line l LEFT JOIN project_project pp ON pp.id = l.project_id
         WHERE l.is_applicable
           AND l.audit_date >= %(day_from)s AND l.audit_date <= %(day_to)s""",
    "inspection": """
        SELECT i.company_id, i.team_id, i.project_id, pp.partner_id,
               (i.state = 'done' AND i.date_done <= i.due_date)::int AS num, 1 AS den
          FROM quality_ops_inspection i LEFT JOIN project_project pp ON pp.id = i.project_id
         WHERE i.is_planned AND i.state IN ('done', 'planned')
           AND (i.state = 'done' OR i.due_date < %(local_today)s)
           AND i.due_date >= %(day_from)s AND i.due_date <= %(day_to)s""",
    # hours attended over the people invited (each once) to the sessions held
    "training_hours": """
        SELECT r.company_id, NULL::int, NULL::int, NULL::int,
               CASE WHEN r.attended THEN COALESCE(r.hours, 0) ELSE 0 END AS num, 0 AS den
          FROM quality_ops_training_attendance r
          JOIN quality_ops_training_session s ON s.id = r.session_id
         WHERE s.state = 'done'
           AND r.session_date >= %(day_from)s AND r.session_date <= %(day_to)s
        UNION ALL
        SELECT r.company_id, NULL::int, NULL::int, NULL::int, 0, 1
          FROM quality_ops_training_attendance r
          JOIN quality_ops_training_session s ON s.id = r.session_id
         WHERE s.state = 'done' AND r.user_id IS NOT NULL
           AND r.session_date >= %(day_from)s AND r.session_date <= %(day_to)s
         GROUP BY r.company_id, r.user_id""",
    # the key positions with a holder at the period's end, covered when the
    # holder has a verified certificate of a required type valid on the last day
    "key_position_cover": """
        SELECT r.company_id, NULL::int, r.project_id, pp.partner_id,
               (SELECT COUNT(*) > 0 FROM quality_ops_certificate c
                  JOIN quality_ops_key_position_certificate_type_rel rel
                    ON rel.quality_ops_certificate_type_id = c.type_id
                 WHERE rel.quality_ops_key_position_id = r.id AND c.user_id = r.user_id
                   AND c.state = 'verified'
                   AND COALESCE(c.expiry_date, %(day_to)s) >= %(day_to)s
                   AND COALESCE(c.issued_on, %(day_to)s) <= %(day_to)s)::int AS num,
               1 AS den
          FROM quality_ops_key_position r JOIN project_project pp ON pp.id = r.project_id
         WHERE r.active AND r.user_id IS NOT NULL AND r.create_date < %(end)s""",
    "survey": """
        SELECT c.company_id, NULL::int, NULL::int, p.commercial_partner_id,
               i.quality_score AS num, 1 AS den
          FROM survey_user_input i
          JOIN quality_ops_survey_campaign c ON c.id = i.quality_campaign_id
          LEFT JOIN res_partner p ON p.id = i.partner_id
         WHERE i.state = 'done' AND i.end_datetime >= %(start)s AND i.end_datetime < %(end)s""",
    "nps": """
        SELECT c.company_id, NULL::int, NULL::int, p.commercial_partner_id,
               (i.quality_nps_value >= 9)::int - (i.quality_nps_value <= 6)::int AS num,
               1 AS den
          FROM survey_user_input i
          JOIN quality_ops_survey_campaign c ON c.id = i.quality_campaign_id
          LEFT JOIN res_partner p ON p.id = i.partner_id
         WHERE i.state = 'done' AND i.quality_nps_answered
           AND i.end_datetime >= %(start)s AND i.end_datetime < %(end)s""",
}


def hand_sql(env, year):
    """The same numbers with bare SELECTs, nothing stored: the baseline."""
    from odoo.tools import SQL

    from odoo.addons.quality_ops.quality_ops.choices import PERIODICITIES
    from odoo.addons.quality_ops.quality_ops.indicators import scope_of
    from odoo.addons.quality_ops.quality_ops.periods import period_bounds, utc_bounds

    zone = env.company.partner_id.tz or env.company.resource_calendar_id.tz or "UTC"

    results = {}
    indicators = env["quality_ops.indicator"].search([("source", "!=", "manual")])
    for month in range(1, 13):
        day = datetime.date(year, month, 1)
        for periodicity, _label in PERIODICITIES:
            date_from, date_to = period_bounds(periodicity, day)
            if date_from != day:
                continue
            start, end = utc_bounds(date_from, date_to, zone)
            local_today = datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()
            for indicator in indicators:
                env.cr.execute(
                    SQL(
                        f"""SELECT GROUPING(b.team_id, b.project_id, b.partner_id), b.company_id,
                               b.team_id, b.project_id, b.partner_id, SUM(b.num), SUM(b.den)
                          FROM ({SOURCE_QUERIES[indicator.source]})
                               AS b(company_id, team_id, project_id, partner_id, num, den)
                         WHERE b.company_id IS NOT NULL
                         GROUP BY GROUPING SETS ((b.company_id), (b.company_id, b.team_id),
                                  (b.company_id, b.project_id), (b.company_id, b.partner_id))""",
                        start=start,
                        end=end,
                        day_from=date_from,
                        day_to=date_to,
                        local_today=local_today,
                    )
                )
                for g, company, team, project, partner, num, den in env.cr.fetchall():
                    scope = scope_of((g << 1) | 1)  # no engineer column here
                    key = {"company": 0, "team": team, "project": project, "customer": partner}[
                        scope
                    ]
                    if scope != "company" and not key:
                        continue
                    results[(indicator.id, periodicity, date_from, scope, key, company)] = (
                        round(float(num or 0), 2),
                        round(float(den or 0), 2),
                    )
    return results


def stored_figures(cr):
    """``{(indicator, periodicity, date_from, scope, key, company): (num, den)}``
    of the year the bench recomputes (the demo's measurements of other years
    are neither recomputed nor counted by hand), without the engineer scope
    (the bare SELECTs have no engineer column) and without the cells that read
    "no data" (0 / 0 on the engine's side, simply absent from the bare
    SELECTs)."""
    cr.execute("""SELECT indicator_id, periodicity, date_from, scope, scope_key,
                         company_id, round(numerator::numeric, 2)::float,
                         round(denominator::numeric, 2)::float
                    FROM quality_ops_measurement
                   WHERE source <> 'manual' AND scope <> 'engineer'
                     AND date_from >= '2026-01-01' AND date_to <= '2026-12-31'""")
    return {tuple(r[:6]): (r[6], r[7]) for r in cr.fetchall() if r[6] or r[7]}


def time_pieces(env, stored):
    """The full-year recomputation as the jobs' pieces (one per indicator),
    on figures made wrong first so that every piece writes; each piece is
    committed as its job would be. Returns whether the numbers are the same."""
    cr = env.cr
    cr.execute("""UPDATE quality_ops_measurement SET numerator = -1, denominator = -1
                   WHERE source <> 'manual' AND date_from >= '2026-01-01'
                     AND date_to <= '2026-12-31'""")
    cr.commit()
    env.invalidate_all()
    Measurement = env["quality_ops.measurement"]
    durations = {}
    for indicator in Measurement._builtin_indicators():
        start = time.perf_counter()
        Measurement._quality_measure_year(2026, indicator.id)
        env.flush_all()
        cr.commit()
        durations[indicator.code] = time.perf_counter() - start
    again = stored_figures(cr)
    total = sum(durations.values())
    longest = max(durations, key=durations.get)
    print(
        f"as {len(durations)} job pieces (one per indicator) {total:8.2f} s in all; longest "
        f"{longest} {durations[longest]:.2f} s; on N workers at best max(longest, sum / N)"
    )
    print("  " + ", ".join(f"{code} {t:.2f}" for code, t in sorted(durations.items())))
    same = again == stored
    print(f"pieces give the same numbers: {'yes' if same else 'NO'}")
    return same and time_period_pieces(env, stored)


def time_period_pieces(env, stored):
    """The scheduled action's pieces (a batch of indicators × the current and
    previous periods of one year, on 15 December 2026), on figures made wrong
    first, each committed as its job would be: the longest, their sum, and the
    same numbers as the full-year recomputation for the periods of 2026."""
    cr = env.cr
    Measurement = env["quality_ops.measurement"]
    periods = Measurement._scheduled_periods(datetime.date(2026, 12, 15))
    for periodicity, date_from, _date_to in periods:
        cr.execute(
            """UPDATE quality_ops_measurement SET numerator = -1, denominator = -1
                WHERE source <> 'manual' AND periodicity = %s AND date_from = %s""",
            [periodicity, date_from],
        )
    cr.commit()
    env.invalidate_all()
    pieces = Measurement._quality_period_pieces(periods)
    durations = {}
    for of_year, ids in pieces:
        start = time.perf_counter()
        Measurement._quality_measure_periods(of_year, ids)
        env.flush_all()
        cr.commit()
        durations[(of_year[0][1].year, len(of_year), ids[0])] = time.perf_counter() - start
    measured = {(periodicity, date_from) for periodicity, date_from, _date_to in periods}
    again = {
        key: value for key, value in stored_figures(cr).items() if (key[1], key[2]) in measured
    }
    expected = {key: value for key, value in stored.items() if (key[1], key[2]) in measured}
    total = sum(durations.values())
    longest = max(durations, key=durations.get)
    print(
        f"the scheduled action as {len(durations)} job pieces (batches of indicators x the "
        f"{len(periods)} periods' years) {total:8.2f} s in all; longest: {longest[1]} periods "
        f"of {longest[0]}, {durations[longest]:.2f} s"
    )
    same = bool(expected) and again == expected
    print(f"scheduled pieces give the same numbers: {'yes' if same else 'NO'}")
    return same


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, action="append")
    parser.add_argument(
        "--pieces",
        action="store_true",
        help="then the same recomputation as its queue_job pieces (one per indicator), "
        "each performed and committed in turn as a job would be: the longest piece, "
        "their sum, and the same numbers",
    )
    args = parser.parse_args()
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    load_odoo(args)
    differing_runs = 0
    for count in args.tickets or [100000]:
        build_db(args)
        registry = Registry(DB)
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            started = time.perf_counter()
            generate(env, count)
            cr.commit()
            print(
                f"\n=== {count} tickets over 2026, 5 teams, 20 projects, 300 customers "
                f"(generated in {time.perf_counter() - started:.0f} s) ==="
            )
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            baseline = hand_sql(env, 2026)
            bare = time.perf_counter() - start
            start = time.perf_counter()
            env["quality_ops.measurement"]._compute_year(2026)
            env.flush_all()
            ours = time.perf_counter() - start
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            cr.commit()
            stored = stored_figures(cr)
            baseline = {key: value for key, value in baseline.items() if any(value)}
            # nothing compared is no proof
            same = bool(baseline) and stored == baseline
            differing_runs += not same
            print(f"hand-written SQL, numbers only      {bare:8.2f} s")
            print(
                f"quality_ops full-year recomputation {ours:8.2f} s  ratio {ours / bare:.2f}x"
                f"  ({len(stored)} measurements stored, evaluated against targets)"
            )
            print(f"identical numbers: {'yes' if same else 'NO'} ({len(baseline)} cells)")
            codes = dict(env["quality_ops.indicator"].search([]).mapped(lambda i: (i.id, i.code)))
            per_code = collections.Counter(codes.get(key[0]) for key in baseline)
            print(
                "  cells per indicator: "
                + ", ".join(f"{c} {n}" for c, n in sorted(per_code.items()))
            )
            if not same:
                differing = sorted(
                    key
                    for key in set(stored) | set(baseline)
                    if stored.get(key) != baseline.get(key)
                )
                by_code = collections.Counter(codes.get(key[0]) for key in differing)
                print(
                    f"  {len(differing)} cells differ ("
                    + ", ".join(f"{c} {n}" for c, n in sorted(by_code.items()))
                    + "), e.g. (stored vs hand-written):"
                )
                for key in differing[:12]:
                    print(
                        f"  {codes.get(key[0])} {key[1:]}: {stored.get(key)} vs {baseline.get(key)}"
                    )
            print(
                f"peak memory of the process: {rss_after / 1024:.0f} MB "
                f"(before the recomputation {rss_before / 1024:.0f} MB)"
            )
            if args.pieces:
                differing_runs += not time_pieces(env, stored)
        registry.delete(DB)
    return 1 if differing_runs else 0


if __name__ == "__main__":
    sys.exit(main())

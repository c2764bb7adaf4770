"""Onboarding benchmark (not a test): `python3 .ci/dev.py bench onboarding`.

A helpdesk that lived a year without quality_ops: a database with helpdesk_mgmt,
helpdesk_mgmt_rating and helpdesk_mgmt_project only, and a year of tickets in 3
teams with their history in the rows the ORM's tracking writes (a creation
message, one tracking value per stage change, public replies by staff). The
shape of those rows is first recorded from tickets lived through the ORM
itself, then the year is generated in SQL in that same shape. Then, timed:

1. installing quality_ops on it;
2. the first SLA policy for the three teams (covers the open tickets at once);
3. the rebuild of the year's SLA history, with the process's memory growth.

The rebuilt clocks are checked against an independent count of the history:
resolution clocks reached per local month = entries into the closing stage per
month, response clocks reached per month = first staff replies per month.
The run fails when they differ.

Usage: bench_onboarding.py --config odoo.conf --odoo-src PATH --tickets 100000 [--tickets 400000]
"""

import datetime
import resource
import sys
import time

import bench_common
from bench_common import bench_parser, drop_db, load_odoo, workspace_db

DB = workspace_db("qo_bench_onboarding")
YEAR = 2026
GOALS = {"policy": 10.0, "rebuild_100k": 60.0, "rebuild_400k": 240.0, "install": 120.0}


def odoo_bin(args, *extra):
    # the helpdesk's own year, not demo data
    return bench_common.odoo_bin(args, DB, *extra, "--without-demo")


def live_shape(env, agent, team, stages):
    """One ticket lived through the ORM: the message rows its tracking and a
    reply wrote, to be copied by the generator (message type, subtype, model,
    the tracked field and its char values)."""
    ticket = env["helpdesk.ticket"].create(
        {"name": "shape", "description": "<p>x</p>", "team_id": team.id, "user_id": agent.id}
    )
    env.cr.flush()  # a later transaction: changes of a new record are not tracked
    ticket.write({"stage_id": stages["progress"]})
    ticket.with_user(agent).message_post(
        body="ok", message_type="comment", subtype_xmlid="mail.mt_comment"
    )
    env.cr.flush()
    env.cr.execute(
        """SELECT m.message_type, m.subtype_id, v.field_id
             FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id
            WHERE m.model = 'helpdesk.ticket' AND m.res_id = %s""",
        [ticket.id],
    )
    tracking = env.cr.fetchone()
    env.cr.execute(
        """SELECT message_type, subtype_id FROM mail_message
            WHERE model = 'helpdesk.ticket' AND res_id = %s AND author_id = %s
              AND message_type = 'comment'""",
        [ticket.id, agent.partner_id.id],
    )
    reply = env.cr.fetchone()
    ticket.unlink()
    return {"tracking": tracking, "reply": reply}


def generate(env, count):
    """A year of tickets and their history in SQL, in the ORM's shape."""
    cr = env.cr
    cr.execute("SELECT setseed(0.42)")
    teams = env["helpdesk.ticket.team"].create([{"name": f"Desk {i}"} for i in range(3)])
    agents = env["res.users"].create(
        [
            {
                "name": f"Engineer {i}",
                "login": f"bench_engineer_{i}",
                "group_ids": [(6, 0, env.ref("helpdesk_mgmt.group_helpdesk_user").ids)],
            }
            for i in range(6)
        ]
    )
    ref = env.ref
    stages = {
        "new": ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
        "progress": ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
        "waiting": ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").id,
        "done": ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
        "cancelled": ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled").id,
    }
    shape = live_shape(env, agents[0], teams[0], stages)
    (tracking_type, tracking_subtype, field_id), (reply_type, reply_subtype) = (
        shape["tracking"],
        shape["reply"],
    )
    env.flush_all()
    # each ticket's story, as instants (UTC): created in office hours of a
    # weekday (Shanghai), replied, maybe waiting, closed (or open, cancelled,
    # reopened); the same random draws feed the tickets and their history
    cr.execute(
        """
        CREATE TEMP TABLE story AS
        SELECT g,
               timestamp %(start)s + floor(random() * 336) * interval '1 day'
                   + interval '1 hour' * (1 + floor(random() * 9))
                   + random() * interval '55 minutes' AS created,
               random() AS r1, random() AS r2, random() AS r3, random() AS r4
          FROM generate_series(1, %(n)s) g
        """,
        {"n": count, "start": f"{YEAR}-01-01"},
    )
    cr.execute(
        """
        CREATE TEMP TABLE story2 AS
        SELECT s.*, r.replied, w.waited, w.resumed,
               CASE WHEN s.r4 < 0.88
                    THEN COALESCE(w.resumed, r.replied) + (2 + s.r3 * 50) * interval '1 hour'
               END AS done,
               s.r4 >= 0.88 AND s.r4 < 0.91 AS cancelled,
               s.r4 < 0.05 AS reopened
          FROM story s,
               LATERAL (SELECT s.created + (0.2 + s.r1 * 5) * interval '1 hour' AS replied) r,
               LATERAL (SELECT CASE WHEN s.r2 < 0.2 THEN r.replied + interval '30 minutes' END
                               AS waited,
                               CASE WHEN s.r2 < 0.2
                                    THEN r.replied + (1.5 + s.r1 * 30) * interval '1 hour' END
                               AS resumed) w
        """
    )
    # tickets: number, stage, dates as helpdesk_mgmt keeps them
    cr.execute(
        """
        INSERT INTO helpdesk_ticket (number, name, description, company_id, team_id, user_id,
               stage_id, priority, create_date, write_date, last_stage_update, closed_date,
               active, rating_status)
        SELECT 'OB' || g, 'Incident ' || g, '<p>x</p>', %(company)s,
               (%(teams)s::int[])[1 + g %% 3], (%(agents)s::int[])[1 + g %% 6],
               CASE WHEN cancelled AND replied + interval '10 minutes' < now() THEN %(cancelled)s
                    WHEN cancelled OR done IS NULL OR done > now()
                    THEN CASE WHEN waited < now() AND resumed > now() THEN %(waiting)s
                              WHEN replied < now() THEN %(progress)s ELSE %(new)s END
                    WHEN NOT reopened OR done + interval '30 hours' < now() THEN %(done)s
                    WHEN done + interval '20 hours' < now() THEN %(progress)s
                    ELSE %(done)s END,
               (g %% 3)::text, created, created, created,
               CASE WHEN NOT cancelled AND done < now()
                    THEN CASE WHEN reopened AND done + interval '30 hours' < now()
                              THEN done + interval '30 hours'
                              WHEN reopened AND done + interval '20 hours' < now() THEN NULL
                              ELSE done END END,
               true, 'stage_change'
          FROM story2
        """,
        {
            "company": env.company.id,
            "teams": teams.ids,
            "agents": agents.ids,
            **stages,
        },
    )
    cr.execute(
        "CREATE TEMP TABLE ticket_of AS SELECT id, substr(number, 3)::int AS g "
        "FROM helpdesk_ticket WHERE number LIKE 'OB%%'"
    )
    # the history: (ticket, instant, stage left, stage entered), past events only
    cr.execute(
        """
        CREATE TEMP TABLE moves AS
        SELECT t.id AS ticket_id, e.at, e.old, e.new
          FROM story2 s JOIN ticket_of t ON t.g = s.g,
               LATERAL (VALUES
                 (s.replied, %(new)s, %(progress)s),
                 (s.waited, %(progress)s, %(waiting)s),
                 (s.resumed, %(waiting)s, %(progress)s),
                 (CASE WHEN s.cancelled THEN s.replied + interval '10 minutes' END,
                  %(progress)s, %(cancelled)s),
                 (CASE WHEN NOT s.cancelled THEN s.done END, %(progress)s, %(done)s),
                 (CASE WHEN s.reopened AND NOT s.cancelled THEN s.done + interval '20 hours' END,
                  %(done)s, %(progress)s),
                 (CASE WHEN s.reopened AND NOT s.cancelled THEN s.done + interval '30 hours' END,
                  %(progress)s, %(done)s)
               ) AS e(at, old, new)
         WHERE e.at IS NOT NULL AND e.at < now()
           AND NOT (s.cancelled AND e.new IN (%(waiting)s, %(done)s))
        """,
        stages,
    )
    cr.execute(
        """
        WITH m AS (
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, date, author_id,
                                      create_date, write_date, body)
            SELECT 'helpdesk.ticket', ticket_id, %(type)s, %(subtype)s, at, %(author)s, at, at,
                   ticket_id::text || '|' || new::text || '|' || old::text
              FROM moves
            RETURNING id, body
        )
        INSERT INTO mail_tracking_value (field_id, old_value_integer, new_value_integer,
                                         mail_message_id, create_date, write_date)
        SELECT %(field)s, split_part(body, '|', 3)::int, split_part(body, '|', 2)::int, id,
               now(), now()
          FROM m
        """,
        {
            "type": tracking_type,
            "subtype": tracking_subtype,
            "author": env.user.partner_id.id,
            "field": field_id,
        },
    )
    cr.execute(
        "UPDATE mail_message SET body = '' WHERE model = 'helpdesk.ticket' "
        "AND message_type = %s AND body LIKE '%%|%%'",
        [tracking_type],
    )
    # public replies by the assigned engineer
    cr.execute(
        """
        INSERT INTO mail_message (model, res_id, message_type, subtype_id, date, author_id,
                                  create_date, write_date, body)
        SELECT 'helpdesk.ticket', t.id, %(type)s, %(subtype)s, s.replied, p.partner_id,
               s.replied, s.replied, '<p>On it</p>'
          FROM story2 s JOIN ticket_of t ON t.g = s.g
          JOIN helpdesk_ticket h ON h.id = t.id JOIN res_users p ON p.id = h.user_id
         WHERE s.replied < now()
        """,
        {"type": reply_type, "subtype": reply_subtype},
    )
    cr.execute("ANALYZE helpdesk_ticket; ANALYZE mail_message; ANALYZE mail_tracking_value")
    return teams, stages


def independent_counts(cr, stages, tz="Asia/Shanghai"):
    """Per local month: entries into the closing stage, first staff replies."""
    cr.execute(
        """
        SELECT to_char(m.date AT TIME ZONE 'UTC' AT TIME ZONE %s, 'YYYY-MM'), count(*)
          FROM mail_tracking_value v JOIN mail_message m ON m.id = v.mail_message_id
         WHERE m.model = 'helpdesk.ticket' AND v.new_value_integer = %s
         GROUP BY 1
        """,
        [tz, stages["done"]],
    )
    closed = dict(cr.fetchall())
    cr.execute(
        """
        SELECT to_char(first AT TIME ZONE 'UTC' AT TIME ZONE %s, 'YYYY-MM'), count(*)
          FROM (SELECT m.res_id, min(m.date) AS first FROM mail_message m
                  JOIN helpdesk_ticket t ON t.id = m.res_id AND t.stage_id <> %s
                 WHERE m.model = 'helpdesk.ticket' AND m.message_type = 'comment'
                 GROUP BY m.res_id) f
         GROUP BY 1
        """,
        [tz, stages["cancelled"]],
    )
    return closed, dict(cr.fetchall())


def rebuilt_counts(cr, stages, tz="Asia/Shanghai"):
    """Per local month: clocks reached, of the tickets not cancelled (a breach
    before the cancellation stays a breach: compared on the same tickets)."""
    cr.execute(
        """
        SELECT c.kind, to_char(c.reached_at AT TIME ZONE 'UTC' AT TIME ZONE %s, 'YYYY-MM'),
               count(*)
          FROM quality_ops_ticket_sla c JOIN helpdesk_ticket t ON t.id = c.ticket_id
         WHERE c.reached_at IS NOT NULL AND t.stage_id <> %s
         GROUP BY 1, 2
        """,
        [tz, stages["cancelled"]],
    )
    result = {"response": {}, "resolution": {}}
    for kind, month, number in cr.fetchall():
        result[kind][month] = number
    return result["resolution"], result["response"]


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(args, count):
    import odoo
    from odoo import api, fields
    from odoo.modules.registry import Registry

    drop_db(DB)
    odoo_bin(args, "-i", "helpdesk_mgmt_project,helpdesk_mgmt_rating")
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        teams, stages = generate(env, count)
        cr.commit()
        cr.execute("SELECT count(*) FROM helpdesk_ticket WHERE closed_date IS NULL")
        open_tickets = cr.fetchone()[0]
        generated = time.perf_counter() - started
    print(
        f"\n=== {count} tickets of {YEAR} in 3 teams, {open_tickets} open, history in the "
        f"ORM's tracking rows (generated in {generated:.0f} s) ==="
    )
    Registry.delete(DB)  # the registry of the database without quality_ops
    install = odoo_bin(args, "-i", "quality_ops")
    goal = GOALS["install"]
    print(f"install quality_ops                      {install:8.1f} s   goal <= {goal:.0f} s")
    registry = Registry(DB)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tz": "Asia/Shanghai"})
        calendar = env.ref("quality_ops.calendar_china_office", raise_if_not_found=False)
        if not calendar:
            calendar = env["resource.calendar"].create(
                {
                    "name": "China Office",
                    "tz": "Asia/Shanghai",
                    "attendance_ids": [
                        (0, 0, {"name": n, "dayofweek": str(d), "hour_from": f, "hour_to": t})
                        for d in range(5)
                        for n, f, t in (("AM", 9, 12), ("PM", 13.5, 18))
                    ],
                }
            )
        env["quality_ops.holiday.import.wizard"].create(
            {"source": "official", "year": YEAR, "calendar_id": calendar.id}
        ).action_import()
        cr.commit()
        rss0 = rss_mb()
        started = time.perf_counter()
        env["quality_ops.sla.policy"].create(
            {
                "name": "Standard",
                "team_ids": [(6, 0, teams.ids)],
                "calendar_id": calendar.id,
                "pause_stage_ids": [(6, 0, [stages["waiting"]])],
                "excluded_stage_ids": [(6, 0, [stages["cancelled"]])],
                "line_ids": [
                    (0, 0, {"priority": "2", "response_hours": 2, "resolution_hours": 16}),
                    (0, 0, {"priority": "1", "response_hours": 4, "resolution_hours": 24}),
                    (0, 0, {"priority": "0", "response_hours": 8, "resolution_hours": 40}),
                ],
            }
        )
        cr.commit()  # the policy covers the open tickets before the commit
        policy = time.perf_counter() - started
        cr.execute("SELECT count(DISTINCT ticket_id) FROM quality_ops_ticket_sla")
        covered = cr.fetchone()[0]
        print(
            f"policy covers the open tickets           {policy:8.1f} s   goal <= "
            f"{GOALS['policy']:.0f} s for 10,000 ({covered} tickets covered)"
        )
        Rebuild = env["quality_ops.sla.rebuild"]
        started = time.perf_counter()
        ids = Rebuild._tickets_without_clocks(env.company, date_from=datetime.date(YEAR, 1, 1))
        counts = Rebuild._rebuild(ids, now=fields.Datetime.now())
        cr.commit()
        rebuild = time.perf_counter() - started
        goal = GOALS["rebuild_100k"] if count <= 100000 else GOALS["rebuild_400k"]
        print(
            f"rebuild of the year's SLA history        {rebuild:8.1f} s   goal <= {goal:.0f} s "
            f"({counts['tickets']} tickets, {counts['clocks']} clocks, "
            f"{counts['breached']} breached); memory growth {rss_mb() - rss0:.0f} MB "
            "(goal <= 200)"
        )
        closed, replies = independent_counts(cr, stages)
        rebuilt_closed, rebuilt_replies = rebuilt_counts(cr, stages)
        same = closed == rebuilt_closed and replies == rebuilt_replies
        print(
            f"rebuilt figures = independent count of the history: {'yes' if same else 'NO'} "
            f"({sum(closed.values())} closings, {sum(replies.values())} first replies "
            f"over {len(closed)} months)"
        )
        if not same:
            for month in sorted(set(closed) | set(rebuilt_closed)):
                if closed.get(month) != rebuilt_closed.get(month):
                    print(
                        f"  closings {month}: history {closed.get(month)}, "
                        f"rebuilt {rebuilt_closed.get(month)}"
                    )
            for month in sorted(set(replies) | set(rebuilt_replies)):
                if replies.get(month) != rebuilt_replies.get(month):
                    print(
                        f"  replies {month}: history {replies.get(month)}, "
                        f"rebuilt {rebuilt_replies.get(month)}"
                    )
        return same


def main():
    parser = bench_parser()
    parser.add_argument("--tickets", type=int, action="append")
    args = parser.parse_args()

    load_odoo(args)
    ok = all(run(args, count) for count in args.tickets or [100000])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

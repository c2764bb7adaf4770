"""Databases of the load benchmark (bench_load.py): the template databases
with a year of ticket history (one per variant and size), their copies for a
run, the crons made to fire often, the clocks coming due during the run, and
the checks of the clocks, notifications and escalations afterwards."""

import ast
import contextlib
import datetime
import hashlib
import os
import shutil
from pathlib import Path

from bench_common import WORKSPACE, connect, db_exists, drop_db, insert_clocks, odoo_bin

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = f"_{WORKSPACE}" if WORKSPACE else ""
TEAMS = 3
CUSTOMERS = 200
CONTACTS = 40
AGENTS = 12
EMAIL_DOMAIN = "load.example"
# crons the bench makes fire often (xml ids of quality_ops)
FAST_CRONS = ("cron_sla_sweep", "cron_escalation", "cron_measurement")
# the code a template's quality_ops was installed or updated with
CODE_PARAMETER = "quality_ops.bench_code"
CODE_SUFFIXES = {".py", ".xml", ".csv", ".po", ".js", ".scss"}
NOT_INSTALLED = {"tests", "bench", ".ci", ".git"}


def log(msg):
    print(f"[load] {msg}", flush=True)


def dependencies():
    """The modules quality_ops depends on, from its manifest."""
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    return list(manifest["depends"])


def template_name(variant, tickets):
    short = "deps" if variant == "dependencies" else "qo"
    return f"qo_load_tpl_{short}_{tickets}{SUFFIX}"


def work_name(variant):
    short = "deps" if variant == "dependencies" else "qo"
    return f"qo_load_{short}{SUFFIX}"


# --------------------------------------------------------------------------
# template databases: modules, users, a year of history
# --------------------------------------------------------------------------
def build_template(args, variant):
    """Install the modules into a scratch database (kept when the set-up
    fails, so the next run only sets up), set up, rename it the template."""
    from odoo.tools import config

    name = template_name(variant, args.tickets)
    scratch = f"{name}_part"
    drop_db(name)
    modules = ",".join(dependencies()) if variant == "dependencies" else "quality_ops"
    if args.rebuild or not db_exists(scratch):
        drop_db(scratch)
        log(f"building {name}: installing {modules} (minutes)")
        odoo_bin(args, scratch, "-i", modules)
    import odoo
    from odoo import api
    from odoo.modules.registry import Registry

    registry = Registry(scratch)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        setup_users(env)
        teams = setup_history(env, variant, args.tickets)
        if variant == "quality_ops":
            setup_quality(env, teams)
        env.flush_all()
        cr.commit()
    Registry.delete(scratch)
    odoo.sql_db.close_all()
    with contextlib.closing(connect(scratch)) as conn:
        conn.cursor().execute("VACUUM ANALYZE")
    if variant == "quality_ops":
        set_code_fingerprint(scratch)
    with contextlib.closing(connect()) as conn:
        conn.cursor().execute(f'ALTER DATABASE "{scratch}" RENAME TO "{name}"')
    if os.path.isdir(config.filestore(scratch)):
        shutil.move(config.filestore(scratch), config.filestore(name))
    log(f"{name}: ready")


def code_fingerprint():
    """The addon as Odoo installs it (its code, data, views, translations)."""
    digest = hashlib.sha256()
    # the installed folders only (not walking .git, the tests or the benches)
    paths = (
        path
        for top in ROOT.iterdir()
        if top.name not in NOT_INSTALLED
        for path in ([top] if top.is_file() else top.rglob("*"))
    )
    for path in sorted(paths):
        relative = path.relative_to(ROOT)
        if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in relative.parts:
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def set_code_fingerprint(db):
    with contextlib.closing(connect(db)) as conn:
        conn.cursor().execute(
            "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date,"
            " write_date) VALUES (%s, %s, 1, 1, now(), now())"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [CODE_PARAMETER, code_fingerprint()],
        )


def refresh_template(args, variant):
    """A quality_ops template built with other code is updated first: a run
    measures the code of the run on its schema and data, not the new code
    on an old schema."""
    if variant != "quality_ops":
        return
    name = template_name(variant, args.tickets)
    with contextlib.closing(connect(name)) as conn:
        cr = conn.cursor()
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [CODE_PARAMETER])
        row = cr.fetchone()
    if row and row[0] == code_fingerprint():
        return
    log(f"{name}: updating quality_ops to the code of this run")
    odoo_bin(args, name, "-u", "quality_ops")
    set_code_fingerprint(name)


def setup_users(env):
    """Admin's password, agents (password = login), customers and contacts."""
    env.ref("base.user_admin").write({"password": "admin", "email": "admin@" + EMAIL_DOMAIN})
    env.company.write({"email": "helpdesk@" + EMAIL_DOMAIN})
    groups = [env.ref("base.group_user").id, env.ref("helpdesk_mgmt.group_helpdesk_user").id]
    env["res.users"].with_context(no_reset_password=True).create(
        [
            {
                "name": f"Load Agent {i:02d}",
                "login": f"load_agent_{i:02d}",
                "password": f"load_agent_{i:02d}",
                "email": f"agent{i:02d}@{EMAIL_DOMAIN}",
                "tz": "Asia/Shanghai",
                "group_ids": [(6, 0, groups)],
            }
            for i in range(AGENTS)
        ]
    )
    companies = env["res.partner"].create(
        [{"name": f"Customer {i:03d}", "is_company": True} for i in range(CUSTOMERS)]
    )
    env["res.partner"].create(
        [
            {
                "name": f"Contact {i:02d}",
                "email": f"contact{i:02d}@{EMAIL_DOMAIN}",
                "parent_id": companies[i % CUSTOMERS].id,
            }
            for i in range(CONTACTS)
        ]
    )


def setup_history(env, variant, count):
    """A year of closed tickets (2 % still open) in SQL, and their clocks."""
    agents = env["res.users"].search([("login", "=like", "load_agent_%")], order="login")
    teams = env["helpdesk.ticket.team"].create(
        [{"name": f"Load team {i}", "user_ids": [(6, 0, agents.ids)]} for i in range(TEAMS)]
    )
    partners = env["res.partner"].search(
        [("is_company", "=", True), ("name", "=like", "Customer %")], order="id"
    )
    ref = env.ref
    env.flush_all()
    ours = variant == "quality_ops"
    env.cr.execute(
        f"""
        INSERT INTO helpdesk_ticket (number, name, description, company_id, team_id,
               partner_id, commercial_partner_id, stage_id, priority, create_date,
               write_date, closed_date, last_stage_update, active, rating_status
               {", quality_reassigned" if ours else ""})
        SELECT 'LH' || g, 'Incident ' || g, '<p>history</p>', %(company)s,
               (%(teams)s::int[])[1 + g %% {TEAMS}],
               (%(partners)s::int[])[1 + g %% {CUSTOMERS}],
               (%(partners)s::int[])[1 + g %% {CUSTOMERS}],
               CASE WHEN g %% 50 = 0 THEN %(progress)s ELSE %(done)s END,
               (g %% 4)::text, c, c,
               CASE WHEN g %% 50 = 0 THEN NULL ELSE c + interval '6 hours' END, c, true,
               'stage_change'
               {", false" if ours else ""}
          FROM generate_series(1, %(n)s) g,
               LATERAL (SELECT now() at time zone 'UTC' - interval '365 days'
                               + (g::float / %(n)s) * interval '364 days' AS c) t
        """,
        {
            "n": count,
            "company": env.company.id,
            "teams": teams.ids,
            "partners": partners.ids,
            "progress": ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress").id,
            "done": ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
        },
    )
    if ours:
        policy = env["quality_ops.sla.policy"].create(
            {
                "name": "Load SLA",
                "team_ids": [(6, 0, teams.ids)],
                "calendar_id": env.company.resource_calendar_id.id,
                "pause_stage_ids": [
                    (6, 0, ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting").ids)
                ],
                "excluded_stage_ids": [
                    (6, 0, ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled").ids)
                ],
                "notify_breach": "quality_manager",
                "line_ids": [
                    (0, 0, {"priority": p, "response_hours": h, "resolution_hours": 4 * h})
                    for p, h in (("0", 8), ("1", 4), ("2", 2), ("3", 1))
                ],
            }
        )
        env.flush_all()
        insert_clocks(
            env.cr,
            "LH%",
            policy_id=policy.id,
            calendar_id=env.company.resource_calendar_id.id,
            warning_level=2,
        )
    return teams


def setup_quality(env, teams):
    """The quality manager hears of breaches; an escalation rule on breaches."""
    admin = env.ref("base.user_admin")
    env.company.quality_manager_id = admin
    env["quality_ops.escalation.rule"].create(
        {
            "name": "Load: SLA breached",
            "trigger": "sla_breached",
            "delay_hours": 0,
            "recipient": "quality_manager",
            "notify_by": "activity",
        }
    )


def copy_database(template, name):
    from odoo.tools import config

    drop_db(name)
    with contextlib.closing(connect()) as conn:
        conn.cursor().execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    if os.path.isdir(config.filestore(template)):
        shutil.copytree(config.filestore(template), config.filestore(name))


def installed(db, module):
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
        row = cr.fetchone()
    return bool(row and row[0] == "installed")


# --------------------------------------------------------------------------
# crons
# --------------------------------------------------------------------------
def fast_crons(db, measure_every=60):
    """The SLA sweep, escalation and measurement crons of quality_ops, every
    minute from now; returns their ids (none without quality_ops). With a
    measurement slower than that (``measure_every`` seconds), the measurement
    cron's own interval is a day: the bench's triggers alone pace it."""
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        cr.execute(
            """SELECT name, res_id FROM ir_model_data
                WHERE module = 'quality_ops' AND model = 'ir.cron' AND name = ANY(%s)""",
            [list(FAST_CRONS)],
        )
        by_name = dict(cr.fetchall())
        ids = [by_name[name] for name in FAST_CRONS if name in by_name]
        if ids:
            cr.execute(
                """UPDATE ir_cron SET interval_number = 1, interval_type = 'minutes',
                          nextcall = now() at time zone 'UTC', active = true
                    WHERE id = ANY(%s)""",
                [ids],
            )
        if measure_every > 60 and "cron_measurement" in by_name:
            cr.execute(
                "UPDATE ir_cron SET interval_type = 'days' WHERE id = %s",
                [by_name["cron_measurement"]],
            )
        # the daily (and rarer) crons run at night, not during the bench
        cr.execute(
            """UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day'
                WHERE interval_type IN ('days', 'weeks', 'months') AND NOT id = ANY(%s)""",
            [ids],
        )
    return ids


# --------------------------------------------------------------------------
# one run of one variant
# --------------------------------------------------------------------------
def read_setup(db):
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()

        def xmlid(module, name):
            cr.execute(
                "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, name]
            )
            return cr.fetchone()[0]

        cr.execute(
            "SELECT id FROM helpdesk_ticket_team"
            " WHERE name->>'en_US' LIKE 'Load team %%' ORDER BY id"
        )
        teams = [row[0] for row in cr.fetchall()]
        cr.execute(
            "SELECT id, name, email FROM res_partner"
            " WHERE email LIKE %s AND name LIKE 'Contact %%'",
            [f"%@{EMAIL_DOMAIN}"],
        )
        contacts = cr.fetchall()
        return {
            "teams": teams,
            "contacts": contacts,
            "admin": xmlid("base", "user_admin"),
            "progress": xmlid("helpdesk_mgmt", "helpdesk_ticket_stage_in_progress"),
            "awaiting": xmlid("helpdesk_mgmt", "helpdesk_ticket_stage_awaiting"),
            "done": xmlid("helpdesk_mgmt", "helpdesk_ticket_stage_done"),
        }


def come_due(db, count, seconds):
    """``count`` open clocks of the history fall due during the run (every
    other open clock far later), and the escalation rule watches breaches
    from now."""
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        cr.execute("SELECT now() at time zone 'UTC'")
        now = cr.fetchone()[0]
        # every open clock far later (the history's, the demo's tickets' and
        # those of earlier rounds), so that what breaches during the run is
        # what is made to come due below: a clock due before the run and
        # swept in it would be notified in the run but breached (at its
        # deadline) before it
        cr.execute(
            """UPDATE quality_ops_ticket_sla SET deadline = %s, warning_level = 2
                WHERE state IN ('running', 'warning') AND reached_at IS NULL""",
            [now + datetime.timedelta(days=30)],
        )
        cr.execute(
            """WITH due AS (
                   SELECT id, row_number() OVER (ORDER BY id) AS n
                     FROM quality_ops_ticket_sla
                    WHERE state = 'running' AND is_current AND paused_since IS NULL
                      AND ticket_id IN (SELECT id FROM helpdesk_ticket WHERE number LIKE 'LH%%')
                    ORDER BY id LIMIT %s)
               UPDATE quality_ops_ticket_sla c
                  SET deadline = %s + (due.n * %s / %s) * interval '1 second'
                 FROM due WHERE c.id = due.id""",
            [count, now, seconds * 0.9, max(count, 1)],
        )
        due = cr.rowcount
        cr.execute("UPDATE quality_ops_escalation_rule SET active_since = %s", [now])
    return now, due


# --------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------
def check_clocks(db, result):
    """Lost or duplicated clocks, notifications and escalations: a list of problems."""
    problems = []
    tickets = result["tickets"]
    with contextlib.closing(connect(db)) as conn:
        cr = conn.cursor()
        # every ticket of the policy's teams: one response clock, resolution
        # clocks numbered 1..n, one current clock of each kind
        cr.execute(
            """SELECT t.id,
                      count(*) FILTER (WHERE c.kind = 'response'),
                      count(*) FILTER (WHERE c.kind = 'resolution'),
                      count(DISTINCT c.cycle) FILTER (WHERE c.kind = 'resolution'),
                      max(c.cycle) FILTER (WHERE c.kind = 'resolution'),
                      count(*) FILTER (WHERE c.is_current AND c.kind = 'response'),
                      count(*) FILTER (WHERE c.is_current AND c.kind = 'resolution'),
                      bool_and(c.reached_at IS NOT NULL) FILTER (WHERE c.kind = 'response'),
                      bool_and(c.reached_at IS NOT NULL)
                          FILTER (WHERE c.kind = 'resolution' AND c.is_current)
                 FROM helpdesk_ticket t
                 JOIN helpdesk_ticket_team tm
                   ON tm.id = t.team_id AND tm.name->>'en_US' LIKE 'Load team %%'
            LEFT JOIN quality_ops_ticket_sla c ON c.ticket_id = t.id
             GROUP BY t.id"""
        )
        rows = cr.fetchall()
        bad = [
            row
            for row in rows
            if row[1] != 1
            or row[2] < 1
            or row[3] != row[2]
            or row[4] != row[2]
            or row[5] != 1
            or row[6] != 1
        ]
        if bad:
            problems.append(f"{len(bad)} tickets without exactly their clocks, e.g. {bad[:3]}")
        by_id = {row[0]: row for row in rows}
        unreached = [
            ticket
            for ticket, done in tickets.items()
            if ticket in by_id
            and (
                ("reply" in done and not by_id[ticket][7])
                or ("close" in done and not by_id[ticket][8])
            )
        ]
        if unreached:
            problems.append(f"{len(unreached)} answered/closed tickets whose clock did not stop")
        missing = [ticket for ticket in tickets if ticket not in by_id]
        if missing:
            problems.append(f"{len(missing)} tickets created in the run not found: {missing[:5]}")
        # breaches during the run: one activity per breached clock, one escalation each
        cr.execute(
            """SELECT c.ticket_id, count(*) FROM quality_ops_ticket_sla c
                WHERE c.state = 'breached' AND c.breached_at >= %s GROUP BY c.ticket_id""",
            [result["run_start"]],
        )
        breached = dict(cr.fetchall())
        cr.execute(
            """SELECT res_id, count(*) FROM mail_activity
                WHERE res_model = 'helpdesk.ticket' AND summary LIKE 'SLA breached%%'
                  AND create_date >= %s GROUP BY res_id""",
            [result["run_start"]],
        )
        activities = dict(cr.fetchall())
        lost = sum(max(n - activities.get(t, 0), 0) for t, n in breached.items())
        extra = sum(max(n - breached.get(t, 0), 0) for t, n in activities.items())
        cr.execute(
            """SELECT count(*), count(e.id), count(*) FILTER (WHERE e.n > 1)
                 FROM quality_ops_ticket_sla c
            LEFT JOIN (SELECT res_id, min(id) AS id, count(*) AS n FROM quality_ops_escalation
                        WHERE res_model = 'quality_ops.ticket.sla' GROUP BY res_id) e
                   ON e.res_id = c.id
                WHERE c.state = 'breached' AND c.is_current AND c.breached_at >= %s""",
            [result["run_start"]],
        )
        escalatable, escalated, escalated_twice = cr.fetchone()
        cr.execute(
            """SELECT count(*) FROM quality_ops_ticket_sla
                WHERE state IN ('running', 'warning') AND paused_since IS NULL
                  AND reached_at IS NULL AND deadline < %s""",
            [result["last_sweep"] - datetime.timedelta(seconds=1)],
        )
        overdue = cr.fetchone()[0]
    total_breached = sum(breached.values())
    result["breach_summary"] = (
        f"{total_breached} clocks breached during the run ({result['due']} came due), "
        f"{sum(activities.values())} breach activities ({lost} missing, {extra} extra), "
        f"{escalated} of {escalatable} escalated ({escalated_twice} twice), "
        f"{overdue} due and not breached"
    )
    if lost or extra:
        problems.append(f"breach notifications: {lost} missing, {extra} duplicated")
    if escalated != escalatable or escalated_twice:
        problems.append(
            f"escalations: {escalatable - escalated} missing, {escalated_twice} duplicated"
        )
    if overdue:
        problems.append(f"{overdue} clocks due before the last sweep and not breached")
    if not result["settled"]:
        problems.append("the crons did not run after the load within 10 minutes")
    return problems

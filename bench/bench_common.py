"""What every bench does: take the Odoo configuration and source on its
command line and load Odoo from them; and to its database: connect to the
private server, know whether a database exists, drop it (with its
filestore), install modules into it with odoo-bin, name it per workspace,
and write the configuration of an Odoo server started on it."""

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

WORKSPACE = re.sub(r"[^a-z0-9_]", "_", os.environ.get("QO_WORKSPACE", "").lower())


def bench_parser(description=None):
    """The command line of a bench: the Odoo configuration file and source
    every bench needs (the bench adds its own options)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--config", required=True)
    parser.add_argument("--odoo-src", required=True)
    return parser


def load_odoo(args):
    """Odoo configured from ``args.config``, its addons importable."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config])
    odoo.modules.module.initialize_sys_path()


def workspace_db(name):
    """The bench database `name`, kept apart per QO_WORKSPACE."""
    return name + (f"_{WORKSPACE}" if WORKSPACE else "")


def connect(dbname="postgres"):
    import psycopg2

    from odoo.tools import config

    conn = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        password=config["db_password"] or None,
    )
    conn.autocommit = True
    return conn


def db_exists(name):
    with contextlib.closing(connect()) as conn:
        cr = conn.cursor()
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_db(name):
    from odoo.tools import config

    with contextlib.closing(connect()) as conn:
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def odoo_bin(args, db, *extra):
    """Run odoo-bin on `db` until its initialisation ends; the seconds it took."""
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(Path(args.odoo_src) / "odoo-bin"),
            "-c",
            args.config,
            "-d",
            db,
            *extra,
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def install(args, db, modules, *extra):
    """A new database `db` (dropped first) with `modules` installed."""
    drop_db(db)
    odoo_bin(args, db, "-i", modules, *extra)
    return db


def server_options(db, port, smtp_port, logfile, **options):
    """The options of an Odoo server a bench starts on ``db``: the database
    server and addons of the bench's configuration, HTTP on 127.0.0.1
    ``port``, mails to the bench's SMTP sink on ``smtp_port``, its log in
    ``logfile``; ``options`` add the server's own (workers, crons, log level)."""
    from odoo.tools import config

    paths = config["addons_path"]
    return {
        "db_host": config["db_host"],
        "db_port": config["db_port"],
        "db_user": config["db_user"],
        "db_password": config["db_password"] or "",
        "addons_path": paths if isinstance(paths, str) else ",".join(paths),
        "data_dir": config["data_dir"],
        "http_interface": "127.0.0.1",
        "http_port": port,
        "db_name": db,
        "dbfilter": f"^{db}$",
        "list_db": "False",
        "smtp_server": "127.0.0.1",
        "smtp_port": smtp_port,
        "logfile": logfile,
        **options,
    }


def config_text(options):
    """``options`` as an Odoo configuration file (empty values left out)."""
    return "[options]\n" + "".join(f"{k} = {v}\n" for k, v in options.items() if v != "")


def twice_at_once(registry, work, snapshot_first=False):
    """``work(env)`` run by two transactions at the same moment (a barrier
    between them), each on its connection and committed: their results, in
    the order they ended. ``snapshot_first``: both snapshots are taken before
    either works."""
    import odoo
    from odoo import api

    barrier = threading.Barrier(2)
    results = []

    def run():
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            if snapshot_first:
                cr.execute("SELECT 1")
            barrier.wait()
            results.append(work(env))
            cr.commit()

    threads = [threading.Thread(target=run) for _i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def insert_clocks(
    cr, number_like, policy_id=None, calendar_id=None, second_cycle_every=None, warning_level=0
):
    """A response clock (2 h) and a resolution clock (8 h), current, for each
    ticket whose number is LIKE ``number_like``, as the SLA clock leaves them:
    running while the ticket is open, else met or breached by the hours it
    took (half an hour per unit of its id modulo 13), reached when it closed.
    ``second_cycle_every``: every so many tickets' clocks (by id) are of
    their second cycle; ``warning_level``: the warnings already sent."""
    for kind, hours in (("response", 2), ("resolution", 8)):
        cr.execute(
            """
            INSERT INTO quality_ops_ticket_sla (ticket_id, company_id, policy_id, calendar_id,
                   kind, target_hours, start_at, segment_start, deadline, consumed_hours,
                   paused_hours, state, reached_at, breached_at, cycle, is_current,
                   warning_level)
            SELECT t.id, t.company_id, %(policy)s, %(calendar)s, %(kind)s, %(hours)s,
                   t.create_date, t.create_date,
                   t.create_date + %(hours)s * interval '1 hour',
                   CASE WHEN t.closed_date IS NULL THEN 0 ELSE (t.id %% 13) * 0.5 END, 0,
                   CASE WHEN t.closed_date IS NULL THEN 'running'
                        WHEN (t.id %% 13) * 0.5 <= %(hours)s THEN 'met' ELSE 'breached' END,
                   t.closed_date,
                   CASE WHEN t.closed_date IS NOT NULL AND (t.id %% 13) * 0.5 > %(hours)s
                        THEN t.create_date + %(hours)s * interval '1 hour' END,
                   CASE WHEN t.id %% %(every)s = 0 THEN 2 ELSE 1 END, true, %(warning)s
              FROM helpdesk_ticket t WHERE t.number LIKE %(number)s
            """,
            {
                "kind": kind,
                "hours": hours,
                "policy": policy_id,
                "calendar": calendar_id,
                # NULL: no ticket's clocks of a second cycle
                "every": second_cycle_every,
                "warning": warning_level,
                "number": number_like,
            },
        )


INCIDENT_MAIL = """From: {name} <{email}>
To: helpdesk@{domain}
Subject: {title}: VPN down at branch {branch}
Message-Id: <{message_id}@{domain}>
Date: {date}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hello,

the VPN of branch {branch} is down since this morning, please have a look.

Regards,
{name}
"""


def incident_mail(name, email, domain, title, message_id, date, branch):
    """A customer's e-mail to the helpdesk of ``domain`` (the mail gateway
    reads it): the VPN of a branch is down."""
    return INCIDENT_MAIL.format(
        name=name,
        email=email,
        domain=domain,
        title=title,
        message_id=message_id,
        date=date,
        branch=branch,
    )

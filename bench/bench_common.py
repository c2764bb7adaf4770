"""What every bench does to its database: connect to the private server,
know whether a database exists, drop it (with its filestore), install
modules into it with odoo-bin, and name it per workspace."""

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

WORKSPACE = re.sub(r"[^a-z0-9_]", "_", os.environ.get("QO_WORKSPACE", "").lower())


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

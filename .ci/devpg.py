"""The private PostgreSQL (primary and replica), Odoo configuration files and
the prefork serving options.

Only the standard library is used here (see dev.py)."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from devcommon import (
    CACHE,
    DEFAULT_PG_PORT,
    MODULE,
    SUFFIX,
    log,
    run,
)
from devodoo import (
    apt_install,
    ensure_system_packages,
    find_pg_bindir,
)


def configured_db():
    if os.environ.get("QO_DB_HOST"):
        return {
            "db_host": os.environ["QO_DB_HOST"],
            "db_port": os.environ.get("QO_DB_PORT", "5432"),
            "db_user": os.environ.get("QO_DB_USER", "odoo"),
            "db_password": os.environ.get("QO_DB_PASSWORD", ""),
        }
    return None


def port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def ensure_postgres():
    """Start (or reuse) a private cluster on 127.0.0.1; return Odoo db options."""
    db = configured_db()
    if db:
        return db
    port = int(os.environ.get("QO_PG_PORT", DEFAULT_PG_PORT))
    bindir = find_pg_bindir()
    if not bindir:
        ensure_system_packages()
        bindir = find_pg_bindir()
    if not bindir:
        sys.exit("[dev] PostgreSQL not found: install it or set QO_DB_HOST")
    as_root = os.geteuid() == 0
    # PostgreSQL refuses to run as root: as root, the cluster belongs to a
    # system user and lives outside root's home, which that user cannot enter.
    pg_user = None
    if as_root:
        pg_user = "postgres"
        try:
            pwd.getpwnam(pg_user)
        except KeyError:
            run(["useradd", "--system", "--no-create-home", "--shell", "/bin/false", pg_user])
        data = Path("/var/lib") / f"{MODULE}-pg" / "data"
    else:
        data = CACHE / "pg" / "data"

    def as_pg(cmd):
        cmd = [str(c) for c in cmd]
        return ["runuser", "-u", pg_user, "--", *cmd] if as_root else cmd

    if not (data / "PG_VERSION").is_file():
        log(f"initdb {data}")
        data.mkdir(parents=True, exist_ok=True)
        if as_root:
            shutil.chown(data.parent, pg_user)
            shutil.chown(data, pg_user)
            data.chmod(0o700)
        run(
            as_pg(
                [
                    bindir / "initdb",
                    "-D",
                    data,
                    "-U",
                    "odoo",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
    if not port_open(port):
        log(f"starting PostgreSQL on 127.0.0.1:{port}")
        opts = (
            f"-p {port} -k {data} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        run(
            as_pg(
                [
                    bindir / "pg_ctl",
                    "-D",
                    data,
                    "-l",
                    data / "server.log",
                    "-o",
                    opts,
                    "-w",
                    "start",
                ]
            ),
            stdout=subprocess.DEVNULL,
        )
    return {"db_host": "127.0.0.1", "db_port": str(port), "db_user": "odoo"}


def write_config(db, addons_holder, name, extra=None):
    conf = CACHE / f"{name}{SUFFIX}.conf"
    options = {
        **db,
        "addons_path": str(addons_holder),
        "data_dir": str(CACHE / "filestore"),
        "http_interface": "127.0.0.1",
        "without_demo": "False",
        "max_cron_threads": "0",
        **(extra or {}),
    }
    conf.write_text("[options]\n" + "".join(f"{k} = {v}\n" for k, v in options.items() if v))
    return conf


# --------------------------------------------------------------------------
# production-like: prefork workers, the bus's gevent worker, a replica
# --------------------------------------------------------------------------
DEFAULT_PG_REPLICA_PORT = DEFAULT_PG_PORT + 1


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prefork_options(workers, http_port=None, gevent_port=None, cron_threads=1):
    """Odoo options for prefork mode: ``workers`` HTTP workers, ``cron_threads``
    cron workers and the gevent worker (the bus's websockets) on its own port.
    Odoo's default limits apply (a request killed after 120 s of real time).
    A bench may import this file and use it."""
    options = {
        "workers": str(workers),
        "max_cron_threads": str(cron_threads),
        "gevent_port": str(gevent_port or free_port()),
    }
    if http_port:
        options["http_port"] = str(http_port)
    return options


def split_proxy(port, http_port, gevent_port):
    """For local use without nginx: listen on ``port`` and pass each connection
    to the gevent worker when its first request is ``/websocket``, to the HTTP
    workers otherwise (what the reverse proxy does in production, see README).
    The web client opens its websocket on the page's own origin. Returns the
    listening socket; the connections are served by daemon threads."""
    server = socket.create_server(("127.0.0.1", port))

    def pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_WR)

    def serve(client):
        head = b""
        with client:
            while b"\r\n" not in head and len(head) < 65536:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            parts = head.split(b"\r\n", 1)[0].split(b" ")
            path = parts[1].split(b"?", 1)[0] if len(parts) > 1 else b""
            target = gevent_port if path == b"/websocket" else http_port
            try:
                upstream = socket.create_connection(("127.0.0.1", target))
            except OSError:
                return
            with upstream:
                upstream.sendall(head)
                back = threading.Thread(target=pipe, args=(upstream, client), daemon=True)
                back.start()
                pipe(client, upstream)
                back.join()

    def accept():
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server


def pg_cluster_owner():
    """``(as_pg, root of the clusters)``: how to run PostgreSQL's programs
    (as its system user when we are root) and where the private clusters live."""
    if os.geteuid() == 0:
        return (
            lambda cmd: ["runuser", "-u", "postgres", "--", *map(str, cmd)],
            Path("/var/lib") / f"{MODULE}-pg",
        )
    return (lambda cmd: [str(c) for c in cmd]), CACHE / "pg"


def psql_value(bindir, port, sql, dbname="postgres"):
    res = subprocess.run(
        [bindir / "psql", "-h", "127.0.0.1", "-p", str(port), "-U", "odoo", "-d", dbname]
        + ["-Atc", sql],
        capture_output=True,
        text=True,
        check=False,
    )
    return res.stdout.strip() if res.returncode == 0 else None


def start_replica(bindir, as_pg, data, port, primary_port):
    """Copy the primary into ``data`` (unless a copy is there) and start it as
    a hot standby on ``port``."""
    if not (data / "standby.signal").is_file():
        log(f"copying the primary into {data} (pg_basebackup -R)")
        if data.exists():
            shutil.rmtree(data)
        data.parent.mkdir(parents=True, exist_ok=True)
        run(
            as_pg(
                [bindir / "pg_basebackup", "-h", "127.0.0.1", "-p", primary_port]
                + ["-U", "odoo", "-D", data, "-R", "-X", "stream", "-c", "fast"]
            )
        )
    log(f"starting the replica on 127.0.0.1:{port}")
    opts = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 "
        "-c hot_standby=on -c max_connections=200 -c fsync=off"
    )
    run(
        as_pg(
            [bindir / "pg_ctl", "-D", data, "-l", data / "server.log", "-o", opts, "-w", "start"]
        ),
        stdout=subprocess.DEVNULL,
    )


def replica_streams(bindir, port, wait=30):
    """Whether the replica on ``port`` receives the primary's WAL (waiting up
    to ``wait`` seconds for it to catch up and connect)."""
    deadline = time.time() + wait
    while True:
        status = psql_value(bindir, port, "SELECT status FROM pg_stat_wal_receiver")
        if status == "streaming" or time.time() > deadline:
            return status == "streaming"
        time.sleep(1)


def ensure_replica(db):
    """Start (or reuse) a streaming replica of the private cluster on
    127.0.0.1 (``QO_PG_REPLICA_PORT``, by default the primary's port + 1),
    one for every workspace (it replicates the whole cluster); return the
    ``db_replica_*`` options for Odoo."""
    if configured_db():
        sys.exit("[dev] --replica needs the private cluster (unset QO_DB_HOST)")
    port = int(os.environ.get("QO_PG_REPLICA_PORT", DEFAULT_PG_REPLICA_PORT))
    bindir = find_pg_bindir()
    if not bindir or not (bindir / "pg_basebackup").exists():
        apt_install(["postgresql"])
        bindir = find_pg_bindir()
    if not bindir or not (bindir / "pg_basebackup").exists():
        sys.exit("[dev] pg_basebackup not found: install PostgreSQL's server package")
    as_pg, clusters = pg_cluster_owner()
    data = clusters / "replica"
    if not port_open(port):
        start_replica(bindir, as_pg, data, port, db["db_port"])
    if psql_value(bindir, port, "SELECT pg_is_in_recovery()") != "t":
        sys.exit(f"[dev] 127.0.0.1:{port} answers but is not a replica")
    if not replica_streams(bindir, port) and (data / "standby.signal").is_file():
        # stopped for long, the replica needs WAL the primary has recycled
        # (no replication slot: a stopped replica must not fill the disk)
        log("the replica does not stream from the primary: copying it again")
        run(as_pg([bindir / "pg_ctl", "-D", data, "-m", "fast", "stop"]), check=False)
        shutil.rmtree(data)
        start_replica(bindir, as_pg, data, port, db["db_port"])
    if not replica_streams(bindir, port):
        sys.exit(f"[dev] the replica on 127.0.0.1:{port} does not stream: see its server.log")
    log(f"replica on 127.0.0.1:{port}, streaming from 127.0.0.1:{db['db_port']}")
    return {"db_replica_host": "127.0.0.1", "db_replica_port": str(port)}


# --------------------------------------------------------------------------
# commands
# --------------------------------------------------------------------------

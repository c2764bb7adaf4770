#!/usr/bin/env python3
"""Developer tooling for quality_ops: one place that prepares Odoo 19 and runs it.

    python3 .ci/dev.py test        run every test (pure, static, the Odoo suite of
                                   quality_ops under pytest-odoo and under Odoo's
                                   own runner, the OCA helpdesk suites)
    python3 .ci/dev.py demo        start Odoo with demo data on 127.0.0.1 (in Chinese);
                                   --workers N: prefork with cron workers and the
                                   bus; --replica: a PostgreSQL streaming replica
    python3 .ci/dev.py setup       only prepare the virtualenv and the database server

Odoo is found from ``ODOO_SRC`` (any Odoo 19 source tree, e.g. a clone of
odoo/odoo branch 19.0) and remembered in a per-user cache, so later runs on the
same machine (CI included) find it without the variable.  Everything the tooling
builds lives in that cache: a virtualenv with the tree's requirements and the
OCA dependencies from PyPI, and, when no database is configured through the
``QO_DB_*`` variables, a private PostgreSQL cluster that it starts itself.

Only the standard library is used here: this file must run on a bare machine.
"""

import argparse
import contextlib
import hashlib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE = "quality_ops"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / MODULE
ODOO_SRC_FILE = CACHE / "odoo_src"
HOW_TO_PROVIDE_ODOO = (
    "Odoo 19 not found: run once with ODOO_SRC=/path/to/odoo (a clone of "
    "https://github.com/odoo/odoo branch 19.0), e.g. "
    "'ODOO_SRC=~/src/odoo python3 .ci/dev.py test'; it is remembered afterwards."
)
# Odoo addons from PyPI (installed without their dependency on an 'odoo'
# distribution, since the Odoo source tree is put on the path instead).
OCA_ADDONS = [
    "odoo-addon-helpdesk_mgmt==19.0.*",
    "odoo-addon-helpdesk_mgmt_rating==19.0.*",
    "odoo-addon-helpdesk_mgmt_project==19.0.*",
    "odoo-addon-report_xlsx==19.0.*",
]
# OCA addons installed in the virtualenv but never in a database: read by a
# test (field labels quality_ops must not repeat) and by the SLA bench
# Python packages quality_ops needs beyond Odoo's (the manifest's external_dependencies)
PYTHON_DEPS = {"chinese_calendar": "chinesecalendar>=1.11"}
REFERENCE_ADDONS = {"helpdesk_mgmt_sla": "odoo-addon-helpdesk_mgmt_sla==19.0.*"}
# OCA queue_job (heavy work runs as its jobs): a dependency of quality_ops,
# installed --no-deps like OCA_ADDONS but outside the virtualenv's key, so that
# an existing virtualenv gains it (and its Python dependency) without a rebuild
JOB_ADDONS = {"queue_job": "odoo-addon-queue_job==19.0.*"}
PYTHON_DEPS["openupgradelib"] = "openupgradelib"  # queue_job's external_dependencies
# the demo runs queue_job's job runner (a server-wide module) with its channels
JOB_RUNNER_OPTIONS = {"server_wide_modules": "base,web,queue_job"}
JOB_RUNNER_SECTION = "\n[queue_job]\nchannels = root:2,root.quality_ops:2\n"
# OCA suites that must stay green with quality_ops installed
OCA_SUITES = ["helpdesk_mgmt", "helpdesk_mgmt_rating", "helpdesk_mgmt_project"]
DEV_TOOLS = [
    "pytest>=8,<9",
    "pytest-odoo==2.3.0",
    "websocket-client",
    "ruff",
    "pylint-odoo>=9.3",
    "xlsxwriter",
    "xlrd",
    "openpyxl",
    "whool",
]
# Pins over Odoo's requirements.txt. gevent before 23 (Odoo's pin for Python 3.10
# and 3.11) loads its plugins through pkg_resources, which does not recognise a
# distribution whose wheel names its metadata folder in the normalised form
# (zope_interface-8.x.dist-info): the gevent worker then dies at every start with
# "DistributionNotFound: The 'zope.interface' distribution was not found".  The
# last releases packaged with dotted folder names are pinned where that gevent is.
RUNTIME_PINS = [
    "zope.interface==7.2 ; python_version < '3.12'",
    "zope.event==5.0 ; python_version < '3.12'",
]
DEFAULT_PG_PORT = 55432
# QO_WORKSPACE names an isolated workspace (a second checkout or worktree run
# beside the first): its own test database, config, logs and HTTP port
WORKSPACE = re.sub(r"[^a-z0-9_]", "_", os.environ.get("QO_WORKSPACE", "").lower())
SUFFIX = f"_{WORKSPACE}" if WORKSPACE else ""
TEST_DB = f"quality_ops_test{SUFFIX}"
DEMO_DB = f"quality_ops_demo{SUFFIX}"
TEST_HTTP_PORT = 18069 + (
    int(hashlib.sha256(WORKSPACE.encode()).hexdigest(), 16) % 900 + 1 if WORKSPACE else 0
)


def log(msg):
    print(f"[dev] {msg}", flush=True)


def run(cmd, check=True, **kw):
    cmd = [str(c) for c in cmd]
    return subprocess.run(cmd, check=check, **kw)


# --------------------------------------------------------------------------
# Odoo source tree
# --------------------------------------------------------------------------
def is_odoo19(path):
    release = Path(path) / "odoo" / "release.py"
    if not release.is_file():
        return False
    text = release.read_text(errors="replace")
    return "version_info = (19, 0" in text or "version_info = (19,0" in text


def find_odoo_src():
    candidates = []
    if os.environ.get("ODOO_SRC"):
        candidates.append(Path(os.environ["ODOO_SRC"]).expanduser())
    if ODOO_SRC_FILE.is_file():
        candidates.append(Path(ODOO_SRC_FILE.read_text().strip()))
    for path in candidates:
        if is_odoo19(path):
            path = path.resolve()
            CACHE.mkdir(parents=True, exist_ok=True)
            ODOO_SRC_FILE.write_text(str(path) + "\n")
            return path
        log(f"not an Odoo 19 source tree: {path}")
    if os.environ.get("QO_CLONE_ODOO") == "1" and shutil.which("git"):
        target = CACHE / "odoo"
        if not is_odoo19(target):
            log("cloning odoo/odoo 19.0 (QO_CLONE_ODOO=1)")
            run(
                [
                    "git",
                    "clone",
                    "--depth",
                    "1",
                    "-b",
                    "19.0",
                    "https://github.com/odoo/odoo",
                    target,
                ],
                check=False,
            )
        if is_odoo19(target):
            ODOO_SRC_FILE.write_text(str(target) + "\n")
            return target
    return None


# --------------------------------------------------------------------------
# system packages (only installed when missing and when we may)
# --------------------------------------------------------------------------
def apt_install(packages):
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"please install these system packages: {' '.join(packages)}")
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    log(f"apt-get install {' '.join(packages)}")
    run(["apt-get", "update", "-qq"], check=False, env=env)
    res = run(
        ["apt-get", "install", "-y", "-qq", *packages],
        check=False,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return res.returncode == 0


def dpkg_has(package):
    if not shutil.which("dpkg-query"):
        return True  # not Debian: assume the user provided it
    res = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True, check=False
    )
    return "install ok installed" in res.stdout


def ensure_system_packages():
    wanted = [
        "libldap2-dev",
        "libsasl2-dev",
        "libpq-dev",
        "chromium",
        "fonts-noto-cjk",
        "wkhtmltopdf",
        # pdftotext: the PDF tests read the text of the reports back
        "poppler-utils",
    ]
    if not find_pg_bindir():
        wanted.append("postgresql")
    missing = [p for p in wanted if not dpkg_has(p)]
    if missing:
        apt_install(missing)


# --------------------------------------------------------------------------
# virtualenv
# --------------------------------------------------------------------------
def venv_dir(odoo_src):
    reqs = (odoo_src / "requirements.txt").read_bytes()
    key = hashlib.sha256(
        reqs + "\n".join(OCA_ADDONS + DEV_TOOLS + RUNTIME_PINS).encode() + sys.version.encode()
    ).hexdigest()[:12]
    return CACHE / f"venv-{key}"


def venv_python(venv):
    return venv / "bin" / "python"


def ensure_venv(odoo_src):
    venv = venv_dir(odoo_src)
    stamp = venv / ".quality_ops-ready"
    py = venv_python(venv)
    if not stamp.is_file():
        ensure_system_packages()
        log(f"building virtualenv {venv} (first run only)")
        if venv.exists():
            shutil.rmtree(venv)
        run([sys.executable, "-m", "venv", venv])
        constraint = CACHE / "build-constraints.txt"
        constraint.write_text("setuptools<70\n")
        env = dict(
            os.environ,
            PIP_BUILD_CONSTRAINT=str(constraint),
            PIP_CONSTRAINT="",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )
        # cbor2 5.4 does not build with a recent setuptools: build constraint
        pip = [py, "-m", "pip", "install", "-q"]
        run([*pip, "--upgrade", "pip", "wheel", "setuptools<70"], env=env)
        pins = CACHE / "runtime-pins.txt"
        pins.write_text("\n".join(RUNTIME_PINS) + "\n")
        run([*pip, "-r", odoo_src / "requirements.txt", "-c", pins], env=env)
        run([*pip, "--no-deps", *OCA_ADDONS], env=env)
        run([*pip, *DEV_TOOLS, "-c", pins], env=env)
        check_worker_types(py)
        stamp.write_text("ok\n")
    # point the venv at the Odoo tree (cheap; the tree may have moved)
    site = subprocess.run(
        [py, "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "odoo_src.pth").write_text(str(odoo_src) + "\n")
    absent = [
        spec
        for module, spec in PYTHON_DEPS.items()
        if subprocess.run([py, "-c", f"import {module}"], capture_output=True).returncode
    ]
    if absent:
        run([py, "-m", "pip", "install", "-q", *absent], check=False)
    missing = [
        spec
        for name, spec in REFERENCE_ADDONS.items()
        if not Path(site, "odoo", "addons", name, "__manifest__.py").is_file()
    ]
    if missing:
        run([py, "-m", "pip", "install", "-q", "--no-deps", *missing], check=False)
    # quality_ops depends on these: a failed install stops here
    missing_jobs = [
        spec
        for name, spec in JOB_ADDONS.items()
        if not Path(site, "odoo", "addons", name, "__manifest__.py").is_file()
    ]
    if missing_jobs:
        run([py, "-m", "pip", "install", "-q", "--no-deps", *missing_jobs])
    return venv


def check_worker_types(py):
    """Fail the build when a kind of Odoo process cannot start in the virtualenv.

    HTTP and cron workers need nothing beyond the imports the tests exercise;
    the gevent worker (the bus's websockets in prefork mode) patches the
    standard library and loads gevent's plugins first, as Odoo does on
    ``odoo-bin gevent``.
    """
    code = (
        "import warnings; warnings.simplefilter('ignore')\n"
        "import gevent.monkey; gevent.monkey.patch_all()\n"
        "import gevent.pywsgi, psycopg2\n"
        "print('gevent', gevent.__version__, 'ok')\n"
    )
    res = subprocess.run([py, "-c", code], capture_output=True, text=True, check=False)
    if res.returncode:
        sys.exit(f"[dev] the gevent worker cannot start in the virtualenv:\n{res.stderr}")
    log(res.stdout.strip())


def addons_link():
    """Odoo needs the addon in a folder named after it; the checkout may not be."""
    holder = CACHE / f"addons{SUFFIX}"
    holder.mkdir(parents=True, exist_ok=True)
    link = holder / MODULE
    if link.is_symlink() or link.exists():
        if link.is_symlink() and Path(os.readlink(link)) == ROOT:
            return holder
        link.unlink()
    link.symlink_to(ROOT, target_is_directory=True)
    return holder


# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------
def find_pg_bindir():
    if shutil.which("pg_config"):
        res = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        bindir = Path(res.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    for cand in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (cand / "initdb").exists():
            return cand
    if shutil.which("initdb"):
        return Path(shutil.which("initdb")).resolve().parent
    return None


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
def prepare():
    odoo_src = find_odoo_src()
    if not odoo_src:
        return None
    venv = ensure_venv(odoo_src)
    # cheap when nothing is missing; a package added here reaches old machines too
    ensure_system_packages()
    db = ensure_postgres()
    holder = addons_link()
    return odoo_src, venv, db, holder


def odoo_bin(odoo_src, venv, conf, *args, **kw):
    return run([venv_python(venv), odoo_src / "odoo-bin", "-c", conf, *args], **kw)


def drop_db(odoo_src, venv, conf, name):
    """Drop a database and its filestore (the tests always start afresh)."""
    code = (
        "import shutil, psycopg2, odoo\n"
        "from odoo.tools import config\n"
        f"config.parse_config(['-c', {str(conf)!r}])\n"
        "conn = psycopg2.connect(dbname='postgres', host=config['db_host'],"
        " port=config['db_port'], user=config['db_user'],"
        " password=config['db_password'] or None)\n"
        "conn.autocommit = True\n"
        f"conn.cursor().execute('DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)')\n"
        f"shutil.rmtree(config.filestore({name!r}), ignore_errors=True)\n"
    )
    run([venv_python(venv), "-c", code], env=dict(os.environ, PYTHONPATH=str(odoo_src)))


def run_pytest(label, python, paths, extra=(), env=None, cwd=ROOT):
    """Run one pytest suite; return (passed, failed, skipped) read from its JUnit file."""
    junit = CACHE / f"junit-{label}{SUFFIX}.xml"
    junit.unlink(missing_ok=True)
    log(f"suite: {label}")
    res = run(
        [
            python,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            *extra,
            *paths,
        ],
        check=False,
        env=env,
        cwd=cwd,
    )
    counts = [0, 0, 0]
    if junit.is_file():
        root = ET.parse(junit).getroot()
        for suite in root.iter("testsuite"):
            total = int(suite.get("tests", 0))
            bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            counts[0] += total - bad - skipped
            counts[1] += bad
            counts[2] += skipped
    if res.returncode not in (0, 5) and not counts[1]:
        counts[1] += 1  # pytest itself failed (collection, usage...)
    if not sum(counts):
        counts[1] += 1  # a suite that ran nothing is a failure
    return tuple(counts)


# "... INFO db odoo.addons.quality_ops.tests.test_audit: Starting TestAudit.test_x ..."
TEST_STARTED = re.compile(r" odoo\.addons\.(\w+)\.tests\.(\w+): Starting (\w+\.\w+) \.\.\.\s*$")
# "... ERROR db odoo.addons.quality_ops.tests.test_audit: FAIL: TestAudit.test_x" (or
# "ERROR: Subtest TestAudit.test_x (case=1)", "ERROR: setUpClass (odoo.addons....)")
TEST_FAILED = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) \S+ (\S+): (?:FAIL|ERROR): (.+)$")
NATIVE_TIMEOUT = int(os.environ.get("QO_NATIVE_TIMEOUT", "1800"))


def odoo_runner(odoo_src, venv, conf, modules):
    """Run the suites of ``modules`` with Odoo's own runner, as OCA CI and
    runboat do: update them (and so their dependents, quality_ops among them),
    then run the tests tagged for each.  Odoo's loader picks the tests the way
    each addon expects: only the modules ``tests/__init__.py`` imports (pytest
    would also collect the base classes an OCA suite imports).

    Returns ``{module: (tests, failures)}`` (sets of "file:Class.method"; a
    failure outside a test is named as Odoo names it), ``None`` for a module
    when the run ended before Odoo's closing count.
    """
    names = ",".join(modules)
    log(f"suite: {names} (Odoo test runner, updating them and their dependents)")
    out_file = CACHE / f"native-suite{SUFFIX}.log"
    cmd = [
        venv_python(venv),
        odoo_src / "odoo-bin",
        "-c",
        conf,
        "-d",
        TEST_DB,
        "-u",
        names,
        "--test-enable",
        "--test-tags=" + ",".join(f"/{m}" for m in modules),
        "--stop-after-init",
        "--log-level=test",
    ]
    with out_file.open("w") as out:
        # its own session: a hung run is stopped with wkhtmltopdf and Chromium
        proc = subprocess.Popen(
            [str(c) for c in cmd], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            returncode = proc.wait(timeout=NATIVE_TIMEOUT)
        except subprocess.TimeoutExpired:
            log(f"Odoo's runner still running after {NATIVE_TIMEOUT}s: stopped")
            for sig in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=30)
                    break
            returncode = None
    return parse_runner_log(out_file.read_text(errors="replace"), modules, returncode)


def parse_runner_log(text, modules, returncode):
    """Tests and failures per module from the log of Odoo's runner (see
    ``odoo_runner``); prints each failure with its traceback."""
    lines = text.splitlines()
    tests = {m: set() for m in modules}
    failures = {m: set() for m in modules}
    unattributed = []
    for i, line in enumerate(lines):
        if started := TEST_STARTED.search(line):
            if started[1] in tests:
                tests[started[1]].add(f"{started[2]}:{started[3]}")
        elif failed := TEST_FAILED.match(line):
            # the failure and its traceback, up to the next log line
            end = next(
                (
                    j
                    for j in range(i + 1, min(len(lines), i + 60))
                    if re.match(r"^\d{4}-", lines[j])
                ),
                min(len(lines), i + 60),
            )
            print("\n".join(lines[i:end]), flush=True)
            where = re.search(r"odoo\.addons\.(\w+)\.tests\.(\w+)", f"{failed[1]} {failed[2]}")
            name = re.sub(r"^Subtest (\S+) .*$", r"\1", failed[2])
            if where and where[1] in failures:
                failures[where[1]].add(f"{where[2]}:{name}")
            else:
                unattributed.append(failed[2])
    closing = re.search(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests", text)
    if not closing or returncode is None:
        print(text[-3000:], flush=True)
        log("Odoo's runner ended before its closing count")
        return dict.fromkeys(modules)
    counted = sum(len(t) for t in tests.values())
    if counted != int(closing[3]):
        unattributed.append(f"Odoo counted {closing[3]} tests, the log shows {counted}")
    if int(closing[1]) + int(closing[2]) and not any(failures.values()):
        unattributed.append(closing[0])
    if returncode and not any(failures.values()) and not unattributed:
        unattributed.append(f"odoo-bin exited with {returncode}")
    if unattributed:
        log(f"Odoo's runner: {'; '.join(unattributed)}")
        failures[modules[0]].update(unattributed)
    return {m: (tests[m], failures[m]) for m in modules}


def runner_counts(results, modules):
    """(passed, failed, skipped) of some modules of an ``odoo_runner`` run."""
    if any(results[m] is None for m in modules):
        return (0, 1, 0)
    tests = set().union(*(results[m][0] for m in modules))
    failures = set().union(*(results[m][1] for m in modules))
    counts = (len(tests - failures), len(failures), 0)
    return counts if sum(counts) else (0, 1, 0)  # a suite that ran nothing fails


def junit_tests(label):
    """The tests of a pytest run, as "file:Class.method" like ``odoo_runner``."""
    junit = CACHE / f"junit-{label}{SUFFIX}.xml"
    if not junit.is_file():
        return set()
    return {
        f"{case.get('classname').split('.')[-2]}:{case.get('classname').split('.')[-1]}"
        f".{case.get('name')}"
        for case in ET.parse(junit).getroot().iter("testcase")
    }


def same_tests(pytest_tests, native_tests):
    """Both runners ran the same test methods (a module missing from
    ``tests/__init__.py``, or a test Odoo's tags leave out, shows here)."""
    if native_tests is None:
        return (0, 1, 0)
    only_pytest = sorted(pytest_tests - native_tests[0])
    only_odoo = sorted(native_tests[0] - pytest_tests)
    for name in only_pytest:
        log(f"run by pytest-odoo only: {name}")
    for name in only_odoo:
        log(f"run by Odoo's runner only: {name}")
    log(f"both runners: {len(pytest_tests & native_tests[0])} tests in common")
    return (0, 1, 0) if only_pytest or only_odoo or not pytest_tests else (1, 0, 0)


def summary(results):
    for label, (passed, failed, skipped) in results:
        log(f"{label}: {passed} passed, {failed} failed, {skipped} skipped")
    passed = sum(r[1][0] for r in results)
    failed = sum(r[1][1] for r in results)
    skipped = sum(r[1][2] for r in results)
    print(f"{passed} passed, {failed} failed, {skipped} skipped", flush=True)
    return 1 if failed else 0


def lint(python, holder):
    """ruff, then pylint-odoo with the OCA checks that apply to a non-OCA addon."""
    log("static checks: ruff, pylint-odoo")
    bindir = Path(python).parent
    failed = run([bindir / "ruff", "check", "--no-cache", "."], check=False, cwd=ROOT).returncode
    failed |= run(
        [bindir / "ruff", "format", "--no-cache", "--check", "."], check=False, cwd=ROOT
    ).returncode
    # not an OCA repository: no OCA author, and the README is Markdown
    res = run(
        [
            bindir / "pylint",
            "--load-plugins=pylint_odoo",
            "--disable=all",
            "--enable=odoolint",
            "--valid-odoo-versions=19.0",
            "--score=n",
            "--disable=manifest-required-author,missing-readme",
            MODULE,
        ],
        check=False,
        cwd=holder,
    )
    with tempfile.TemporaryDirectory() as tmp:
        built, wheels = build_wheel(python, Path(tmp))
        if built:
            with zipfile.ZipFile(wheels[-1]) as wheel:
                built = f"odoo/addons/{MODULE}/__manifest__.py" in wheel.namelist()
        log(f"wheel {'built: ' + wheels[-1].name if built else 'NOT built'}")
    failed = failed or res.returncode or not built
    return (0, 1, 0) if failed else (1, 0, 0)


def build_wheel(python, dist):
    """Build the OCA-style wheel from a copy named like the addon (whool names
    the distribution after the folder, and a checkout may be named otherwise)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / MODULE
        files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
        if files.returncode == 0 and files.stdout.strip():
            for name in files.stdout.split("\n"):
                if name and (ROOT / name).is_file():
                    (src / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(ROOT / name, src / name)
        else:
            shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "__pycache__"))
        dist.mkdir(parents=True, exist_ok=True)
        res = run(
            [
                python,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                dist,
                src,
            ],
            check=False,
            env=dict(os.environ, PIP_NO_INDEX="1"),
        )
    wheels = sorted(dist.glob(f"odoo_addon_{MODULE}-19.0.*.whl"))
    return res.returncode == 0 and bool(wheels), wheels


def cmd_wheel(_args):
    odoo_src = find_odoo_src()
    python = venv_python(ensure_venv(odoo_src)) if odoo_src else sys.executable
    ok, wheels = build_wheel(python, ROOT / "dist")
    log(f"wheel: {wheels[-1] if wheels else 'not built'}")
    return 0 if ok else 1


def cmd_test(args):
    results = []
    # 1. pure tests first, with whatever Python has pytest: they need no Odoo
    prep = prepare() if find_odoo_src() else None
    python = venv_python(prep[1]) if prep else sys.executable
    # the pure tests need pytest and the XLSX libraries, nothing of Odoo
    probe = "import pytest, xlsxwriter, openpyxl"
    if subprocess.run([python, "-c", probe], capture_output=True).returncode:
        run(
            [python, "-m", "pip", "install", "-q", "pytest", "xlsxwriter", "openpyxl"],
            check=False,
        )
    # no pytest-odoo here: these tests need no database
    results.append(
        ("pure", run_pytest("pure", python, [ROOT / "tests" / "pure"], ["-p", "no:odoo"]))
    )
    if not prep:
        results.append(("Odoo suites (no Odoo 19 found)", (0, 1, 0)))
        summary(results)
        print(f"FAILED: {HOW_TO_PROVIDE_ODOO}", flush=True)
        return 1
    odoo_src, venv, db, holder = prep
    py = venv_python(venv)
    results.append(("static checks", lint(py, holder)))
    conf = write_config(
        db,
        holder,
        "test",
        {"db_name": TEST_DB, "http_port": str(TEST_HTTP_PORT), "log_level": "warn"},
    )
    # 2. a fresh database with quality_ops and its dependencies installed
    if not args.keep_db:
        drop_db(odoo_src, venv, conf, TEST_DB)
    # with demo data: the suites also check that the demo loads and what it shows
    log(f"installing {MODULE} with demo data into {TEST_DB}")
    install_log = CACHE / f"install{SUFFIX}.log"
    with install_log.open("w") as out:
        res = odoo_bin(
            odoo_src,
            venv,
            conf,
            "-d",
            TEST_DB,
            "-i",
            MODULE,
            # a kept database is brought up to date with the checkout
            *(["-u", MODULE] if args.keep_db else []),
            "--with-demo",
            "--stop-after-init",
            "--log-level=warn",
            check=False,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    text = install_log.read_text(errors="replace")
    # a warning is ours when it names the module (not merely the cache path)
    ours = [
        line
        for line in text.splitlines()
        if (" WARNING " in line or " ERROR " in line or " CRITICAL " in line)
        and MODULE in line.replace(str(CACHE), "")
    ]
    if res.returncode or ours:
        print(text[-5000:] if res.returncode else "\n".join(ours[:50]), flush=True)
        log(f"install of {MODULE} failed or logged warnings (see above)")
        results.append(("install", (0, 1, 0)))
        return summary(results)
    results.append(("install", (1, 0, 0)))
    # 3. the Odoo suite of quality_ops with pytest-odoo
    env = dict(os.environ, PYTHONPATH=str(odoo_src), ODOO_RC=str(conf))
    odoo_args = [
        f"--odoo-config={conf}",
        f"--odoo-database={TEST_DB}",
        "--odoo-log-level=warn",
        "--odoo-http",
        *args.pytest_args,
    ]
    # the Odoo suite only: the pure tests ran above, without Odoo
    ours = [holder / MODULE / "tests", f"--ignore={holder / MODULE / 'tests' / 'pure'}"]
    results.append(
        (
            f"{MODULE} (pytest-odoo)",
            run_pytest(MODULE, py, ours, odoo_args, env=env, cwd=holder / MODULE),
        )
    )
    # 4. the same suite with Odoo's own runner, and helpdesk_mgmt's with ours
    # installed, in one update; pytest arguments select part of our suite,
    # which Odoo's runner cannot do alike: then ours runs under pytest only
    native = ([] if args.pytest_args else [MODULE]) + ([] if args.only_ours else OCA_SUITES)
    if args.pytest_args:
        log("Odoo's runner skipped for quality_ops: pytest arguments select part of the suite")
    if native:
        runs = odoo_runner(odoo_src, venv, conf, native)
        if MODULE in native:
            results.append((f"{MODULE} (Odoo's runner)", runner_counts(runs, [MODULE])))
            results.append(
                (
                    "same tests under both runners",
                    same_tests(junit_tests(MODULE), runs[MODULE]),
                )
            )
        if not args.only_ours:
            results.append(
                ("OCA helpdesk suites (with quality_ops)", runner_counts(runs, OCA_SUITES))
            )
    return summary(results)


def cmd_demo(args):
    prep = prepare()
    if not prep:
        print(HOW_TO_PROVIDE_ODOO, flush=True)
        return 1
    odoo_src, venv, db, holder = prep
    served = demo_serving_options(args, db)
    conf = write_config(
        db,
        holder,
        "demo",
        {
            "http_port": str(args.port),
            "db_name": DEMO_DB,
            "dbfilter": f"^{DEMO_DB}$",
            "list_db": "False",
            "max_cron_threads": "1",
            **served,
            **JOB_RUNNER_OPTIONS,
        },
    )
    with conf.open("a") as out:
        out.write(JOB_RUNNER_SECTION)
    if args.reset:
        drop_db(odoo_src, venv, conf, DEMO_DB)
    log(f"installing {MODULE} with demo data into {DEMO_DB} (first start takes a few minutes)")
    odoo_bin(
        odoo_src,
        venv,
        conf,
        "-d",
        DEMO_DB,
        "-i",
        MODULE,
        # the demo company works in Chinese: every module's zh_CN terms, loaded
        # before the modules install (its users are zh_CN, the admin en_US)
        "--load-language",
        "zh_CN",
        "--stop-after-init",
        "--with-demo",
        "--log-level=warn",
        # installed by one process, whatever the demo then runs
        "--workers=0",
    )
    if args.workers:
        split_proxy(args.port, served["http_port"], served["gevent_port"])
        log(
            f"prefork: {args.workers} HTTP workers on :{served['http_port']}, "
            f"{served['max_cron_threads']} cron worker(s), the bus's gevent worker on "
            f":{served['gevent_port']}; :{args.port} passes /websocket to it"
        )
    log(f"Odoo on http://127.0.0.1:{args.port}  (login admin / admin; see README for role users)")
    proc = subprocess.Popen([venv_python(venv), odoo_src / "odoo-bin", "-c", conf, "-d", DEMO_DB])
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()


def demo_serving_options(args, db):
    """The demo's options for ``--workers`` (prefork, its HTTP workers behind
    the local split proxy on ``--port``) and ``--replica``."""
    options = {}
    if args.workers:
        options.update(
            prefork_options(args.workers, http_port=free_port(), cron_threads=args.cron_workers)
        )
    if args.replica:
        options.update(ensure_replica(db))
    return options


def cmd_setup(_args):
    prep = prepare()
    if not prep:
        print(HOW_TO_PROVIDE_ODOO, flush=True)
        return 1
    log(
        f"ready: Odoo {prep[0]}, venv {prep[1]}, database {prep[2]['db_host']}:{prep[2]['db_port']}"
    )
    return 0


def cmd_i18n(_args):
    """Refresh i18n/quality_ops.pot from a database and merge it into zh_CN.po."""
    prep = prepare()
    if not prep:
        print(HOW_TO_PROVIDE_ODOO, flush=True)
        return 1
    odoo_src, venv, db, holder = prep
    conf = write_config(db, holder, "i18n", {"db_name": TEST_DB})
    odoo_bin(
        odoo_src, venv, conf, "-d", TEST_DB, "-u", MODULE, "--stop-after-init", "--log-level=warn"
    )
    pot = ROOT / "i18n" / f"{MODULE}.pot"
    # subcommand options come after the subcommand
    run(
        [
            venv_python(venv),
            odoo_src / "odoo-bin",
            "i18n",
            "export",
            "-c",
            conf,
            "-d",
            TEST_DB,
            MODULE,
            "-o",
            pot,
        ]
    )
    po = ROOT / "i18n" / "zh_CN.po"
    if po.is_file() and shutil.which("msgmerge"):
        run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--update", "--backup=none", po, pot])
    log(f"updated {pot.name}; untranslated strings are listed by the pure tests")
    return 0


def cmd_bench(args):
    """Run bench/bench_<name>.py with the virtualenv, on the private server."""
    prep = prepare()
    if not prep:
        print(HOW_TO_PROVIDE_ODOO, flush=True)
        return 1
    odoo_src, venv, db, holder = prep
    conf = write_config(db, holder, "bench", {"log_level": "warn"})
    script = ROOT / "bench" / f"bench_{args.name}.py"
    env = dict(os.environ, PYTHONPATH=str(odoo_src))
    # the SLA bench compares with OCA helpdesk_mgmt_sla (REFERENCE_ADDONS), which
    # we do not depend on: prepare() installed it in the virtualenv
    return run(
        [venv_python(venv), script, "--config", conf, "--odoo-src", odoo_src, *args.bench_args],
        check=False,
        env=env,
    ).returncode


def cmd_python(_args):
    prep = prepare()
    print(venv_python(prep[1]) if prep else "")
    return 0 if prep else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    test = sub.add_parser("test", help="run every test")
    test.add_argument("--keep-db", action="store_true", help="reuse the test database")
    test.add_argument("--only-ours", action="store_true", help="skip helpdesk_mgmt's suites")
    test.add_argument(
        "pytest_args",
        nargs="*",
        help="extra pytest arguments (after --); with them, quality_ops runs under pytest only",
    )
    test.set_defaults(func=cmd_test)
    demo = sub.add_parser("demo", help="start Odoo with demo data on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--reset", action="store_true", help="recreate the demo database")
    demo.add_argument(
        "--workers", type=int, default=0, help="prefork mode with N HTTP workers (and the bus)"
    )
    demo.add_argument(
        "--cron-workers", type=int, default=1, help="cron workers in prefork mode (default 1)"
    )
    demo.add_argument(
        "--replica",
        action="store_true",
        help="start a streaming replica of the database server; read-only requests use it",
    )
    demo.set_defaults(func=cmd_demo)
    sub.add_parser("setup", help="prepare virtualenv and database").set_defaults(func=cmd_setup)
    sub.add_parser("wheel", help="build the wheel into dist/").set_defaults(func=cmd_wheel)
    bench = sub.add_parser("bench", help="run a benchmark of bench/ (not a test)")
    bench.add_argument("name", help="e.g. sla for bench/bench_sla.py")
    bench.add_argument("bench_args", nargs="*", help="arguments for the script (after --)")
    bench.set_defaults(func=cmd_bench)
    sub.add_parser("i18n", help="refresh the .pot and merge zh_CN.po").set_defaults(func=cmd_i18n)
    sub.add_parser("python", help="print the virtualenv's python").set_defaults(func=cmd_python)
    args = parser.parse_args()
    started = time.time()
    code = args.func(args)
    if args.command != "python":  # its output is the path alone, for $(...)
        log(f"done in {time.time() - started:.0f}s, exit {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())

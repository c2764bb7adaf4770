"""A prefork Odoo started for a bench (queue_job loaded server-wide when
installed, the gevent worker or an idle stand-in) and the SMTP sink its
mail goes to."""

import contextlib
import os
import re
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from bench_common import config_text, server_options
from bench_load_data import (
    installed,
)

# Odoo starts its gevent worker as ``python argv[0] gevent ...``: started from
# this launcher (odoo-bin's two lines; runpy would put odoo-bin in argv[0]),
# the server's gevent worker idles instead
LAUNCHER = """import sys, time
if sys.argv[1:2] == ["gevent"]:
    while True:  # the gevent worker, replaced by an idle stand-in
        time.sleep(3600)
import odoo.cli
odoo.cli.main()
"""


def gevent_works():
    """Whether the gevent worker can start in this virtualenv (it patches the
    standard library through gevent's plugins at start)."""
    probe = "from gevent import monkey; monkey.patch_all()"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True).returncode == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------
# --------------------------------------------------------------------------
# an SMTP sink: outgoing mail is accepted and forgotten
# --------------------------------------------------------------------------
class SmtpSink(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        data = False
        for line in self.rfile:
            if data:
                data = line != b".\r\n"
                if not data:
                    self.wfile.write(b"250 OK\r\n")
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                data = True
                self.wfile.write(b"354 go on\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 OK\r\n")


def start_smtp_sink():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --------------------------------------------------------------------------
# the server in prefork mode
# --------------------------------------------------------------------------
class Server:
    def __init__(self, args, db, smtp_port, tmp, number, job_port=None, role=""):
        """``job_port``: the port of a job server that runs the jobs (the
        runner calls it), else they run in this server's workers; ``role``
        "jobs": this is that job server (its workers, no cron, no runner)."""
        self.db = db
        self.port = free_port()
        self.gevent_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        name = f"{db}{'-jobs' if role else ''}-r{number + 1}"
        self.log_file = Path(tmp) / f"{name}.log"
        # what the processes print outside the log (a worker failing to start)
        self.out_file = Path(tmp) / f"{name}.out.log"
        self.queue_job = installed(db, "queue_job")
        options = server_options(
            db,
            self.port,
            smtp_port,
            self.log_file,
            gevent_port=self.gevent_port,
            workers=args.job_server if role else args.workers,
            max_cron_threads=0 if role else 1,
            log_level="warn",
        )
        text = config_text(options)
        if self.queue_job and not role:
            text = text.replace(
                "[options]\n", "[options]\nserver_wide_modules = base,rpc,web,queue_job\n"
            )
            # as the README's production configuration: the jobs' channels
            # total below the HTTP workers, so that agents find a free one,
            # or the jobs go to a job server of their own
            text += f"[queue_job]\nchannels = root:{args.job_slots}\n"
            if job_port:
                text += f"host = 127.0.0.1\nport = {job_port}\n"
        self.conf = Path(tmp) / f"{name}.conf"
        self.conf.write_text(text)
        self.proc = None
        self.args = args

    def start(self):
        odoo_bin = str(Path(self.args.odoo_src) / "odoo-bin")
        if not self.args.gevent:
            launcher = self.conf.with_suffix(".py")
            launcher.write_text(LAUNCHER)
            odoo_bin = str(launcher)
        with self.out_file.open("w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, odoo_bin, "-c", str(self.conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"Odoo stopped at start: see {self.log_file.name}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/web/health", timeout=5).status_code == 200:
                    return
            time.sleep(1)
        raise SystemExit("Odoo did not answer within 300 s")

    def wait_job_runner(self, timeout=60):
        """Wait until queue_job's runner holds this database: it sleeps 5 s
        after the server starts (``START_DELAY``), which a bench timing the
        jobs would otherwise count as theirs."""
        from bench_common import connect

        from odoo.addons.queue_job.jobrunner.runner import PG_ADVISORY_LOCK_ID

        deadline = time.time() + timeout
        with contextlib.closing(connect(self.db)) as conn:
            cr = conn.cursor()
            while time.time() < deadline:
                cr.execute(
                    """SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                        WHERE l.locktype = 'advisory' AND l.granted AND d.datname = %s
                          AND l.classid = %s AND l.objid = %s""",
                    # a bigint key shows as its high and low 32 bits
                    [self.db, PG_ADVISORY_LOCK_ID >> 32, PG_ADVISORY_LOCK_ID & 0xFFFFFFFF],
                )
                if cr.fetchone():
                    return
                time.sleep(0.2)
        raise SystemExit(f"queue_job's runner did not start within {timeout} s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=60)
                    break

    def gevent_listening(self):
        """Whether the gevent worker (the bus's websocket) accepts connections."""
        with socket.socket() as sock:
            sock.settimeout(2)
            return sock.connect_ex(("127.0.0.1", self.gevent_port)) == 0

    def log_problems(self):
        """(errors, gevent worker tracebacks) in the server's log and output."""

        def read(path):
            return path.read_text(errors="replace") if path.is_file() else ""

        entries = re.split(r"\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ )", read(self.log_file))
        problems = [e for e in entries if re.match(r"\S+ \S+ \d+ (ERROR|CRITICAL) ", e)]
        # a process failing before its logging is set up prints its traceback
        problems += [
            e for e in re.split(r"\n(?=Traceback )", read(self.out_file)) if "Traceback" in e
        ]
        gevent = [e for e in problems if "gevent" in e or "zope" in e]
        # a concurrent update: Odoo logs the query, rolls back and retries the request
        retried = [e for e in problems if "could not serialize access" in e]
        # Odoo's mail cron picked a mail that a request sent and deleted meanwhile:
        # logged, the rest of its batch goes at the next run, nothing is lost
        retried += [
            e for e in problems if "Failed processing mail queue" in e and "MissingError" in e
        ]
        retried += aborted_after_conflict(problems)
        return [e for e in problems if e not in gevent and e not in retried], gevent, retried


def aborted_after_conflict(problems):
    """Entries of a process whose transaction a concurrent update aborted just
    before (Odoo's mail cron, sending a mail a request sent meanwhile, goes on
    writing in the aborted transaction and fails): the cron's work is rolled
    back and done at its next run. Only right after that process's conflict."""
    conflicted, follow = set(), []
    for entry in problems:
        pid = entry.split(" ", 3)[2] if entry[:4].isdigit() else None
        if "could not serialize access" in entry:
            conflicted.add(pid)
        elif pid in conflicted and (
            "current transaction is aborted" in entry or "InFailedSqlTransaction" in entry
        ):
            follow.append(entry)
        else:
            conflicted.discard(pid)
    return follow

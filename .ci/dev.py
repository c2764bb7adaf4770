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
import os
import shutil
import signal
import subprocess
import sys
import time

from devcommon import (
    CACHE,
    DEMO_DB,
    HOW_TO_PROVIDE_ODOO,
    JOB_RUNNER_OPTIONS,
    JOB_RUNNER_SECTION,
    MANIFEST_PYTHON_DEPS,
    MODULE,
    OCA_SUITES,
    ROOT,
    SUFFIX,
    TEST_DB,
    TEST_HTTP_PORT,
    log,
    run,
)
from devodoo import (
    ensure_venv,
    find_odoo_src,
    venv_python,
)
from devpg import (
    ensure_replica,
    free_port,
    prefork_options,
    split_proxy,
    write_config,
)
from devsuite import (
    build_wheel,
    drop_db,
    junit_tests,
    lint,
    odoo_bin,
    odoo_runner,
    prepare,
    run_pytest,
    runner_counts,
    same_tests,
    summary,
)


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
    # the pure tests need pytest, the XLSX libraries and the plain-Python
    # dependencies of the manifest (the official holiday calendar), nothing of Odoo
    probe = "import pytest, xlsxwriter, openpyxl, " + ", ".join(MANIFEST_PYTHON_DEPS)
    if subprocess.run([python, "-c", probe], capture_output=True).returncode:
        run(
            [python, "-m", "pip", "install", "-q", "pytest", "xlsxwriter", "openpyxl"]
            + list(MANIFEST_PYTHON_DEPS.values()),
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

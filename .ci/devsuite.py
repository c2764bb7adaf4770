"""Running the suites: pytest, Odoo's own runner, their counts, the static
checks and the wheel.

Only the standard library is used here (see dev.py)."""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from devcommon import (
    CACHE,
    MODULE,
    ROOT,
    SUFFIX,
    TEST_DB,
    log,
    run,
)
from devodoo import (
    addons_link,
    ensure_system_packages,
    ensure_venv,
    find_odoo_src,
    venv_python,
)
from devpg import (
    ensure_postgres,
)


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
# "... INFO db odoo.addons.helpdesk_mgmt.tests.test_js: skipped TestX.test_y : reason"
TEST_SKIPPED = re.compile(r" odoo\.addons\.(\w+)\.tests\.(\w+): skipped (\w+\.\w+) : ")
NATIVE_TIMEOUT = int(os.environ.get("QO_NATIVE_TIMEOUT", "1800"))


def odoo_runner(odoo_src, venv, conf, modules):
    """Run the suites of ``modules`` with Odoo's own runner, as OCA CI and
    runboat do: update them (and so their dependents, quality_ops among them),
    then run the tests tagged for each.  Odoo's loader picks the tests the way
    each addon expects: only the modules ``tests/__init__.py`` imports (pytest
    would also collect the base classes an OCA suite imports).

    Returns ``{module: (tests, failures, skipped)}`` (sets of "file:Class.method"; a
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
    """Tests, failures and skipped tests per module from the log of Odoo's
    runner (see ``odoo_runner``); prints each failure with its traceback."""
    lines = text.splitlines()
    tests = {m: set() for m in modules}
    failures = {m: set() for m in modules}
    skipped = {m: set() for m in modules}
    unattributed = []
    for i, line in enumerate(lines):
        if started := TEST_STARTED.search(line):
            if started[1] in tests:
                tests[started[1]].add(f"{started[2]}:{started[3]}")
        elif skip := TEST_SKIPPED.search(line):
            # a skipped test is no pass (a browser that did not start, say)
            if skip[1] in skipped:
                skipped[skip[1]].add(f"{skip[2]}:{skip[3]}")
                log(f"Odoo's runner skipped {skip[2]}:{skip[3]}: {line.split(' : ', 1)[-1]}")
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
    return {m: (tests[m], failures[m], skipped[m]) for m in modules}


def runner_counts(results, modules):
    """(passed, failed, skipped) of some modules of an ``odoo_runner`` run."""
    if any(results[m] is None for m in modules):
        return (0, 1, 0)
    tests = set().union(*(results[m][0] for m in modules))
    failures = set().union(*(results[m][1] for m in modules))
    skipped = set().union(*(results[m][2] for m in modules)) - failures
    counts = (len(tests - failures - skipped), len(failures), len(skipped))
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

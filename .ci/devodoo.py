"""The Odoo source tree, the system packages and the virtualenv.

Only the standard library is used here (see dev.py)."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from devcommon import (
    CACHE,
    DEV_TOOLS,
    JOB_ADDONS,
    MODULE,
    OCA_ADDONS,
    ODOO_SRC_FILE,
    PYTHON_DEPS,
    REFERENCE_ADDONS,
    ROOT,
    RUNTIME_PINS,
    SUFFIX,
    log,
    run,
)


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

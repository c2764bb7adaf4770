"""What every part of the developer tooling shares: paths, names of the
workspace, logging and running commands.

Only the standard library is used here (see dev.py)."""

import hashlib
import os
import re
import subprocess
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
# Python packages quality_ops needs beyond Odoo's (the manifest's
# external_dependencies); the pure tests need them too
MANIFEST_PYTHON_DEPS = {"chinese_calendar": "chinesecalendar>=1.11"}
# OCA addons installed in the virtualenv but never in a database: read by a
# test (field labels quality_ops must not repeat) and by the SLA bench
REFERENCE_ADDONS = {"helpdesk_mgmt_sla": "odoo-addon-helpdesk_mgmt_sla==19.0.*"}
# OCA queue_job (heavy work runs as its jobs): a dependency of quality_ops,
# installed --no-deps like OCA_ADDONS but outside the virtualenv's key, so that
# an existing virtualenv gains it (and its Python dependency) without a rebuild
JOB_ADDONS = {"queue_job": "odoo-addon-queue_job==19.0.*"}
# and queue_job's external_dependencies
PYTHON_DEPS = {**MANIFEST_PYTHON_DEPS, "openupgradelib": "openupgradelib"}
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

"""What the CI reads of Odoo's own runner: a skipped test is counted as
skipped, never as passed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / ".ci"))

import devsuite  # noqa: E402

PREFIX = "2026-12-08 00:24:49,560 1 INFO db odoo"
LOG = "\n".join(
    [
        f"{PREFIX}.addons.helpdesk_mgmt.tests.test_js: Starting TestJs.test_tour ...",
        f"{PREFIX}.addons.helpdesk_mgmt.tests.test_js: skipped TestJs.test_tour : Failed to"
        " detect chrome devtools port after 10.0s.",
        f"{PREFIX}.addons.helpdesk_mgmt.tests.test_ticket: Starting TestTicket.test_a ...",
        f"{PREFIX}.tests.stats: 0 failed, 0 error(s) of 2 tests when loading database 'db'",
    ]
)


def test_a_skipped_test_is_no_pass():
    runs = devsuite.parse_runner_log(LOG, ["helpdesk_mgmt"], 0)
    tests, failures, skipped = runs["helpdesk_mgmt"]
    assert tests == {"test_js:TestJs.test_tour", "test_ticket:TestTicket.test_a"}
    assert (failures, skipped) == (set(), {"test_js:TestJs.test_tour"})
    assert devsuite.runner_counts(runs, ["helpdesk_mgmt"]) == (1, 0, 1)

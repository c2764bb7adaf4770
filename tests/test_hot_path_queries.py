"""The queries of an agent's hot operations (create, first public reply, stage moves):
upper bounds in the manner of Odoo's ``assertQueryCount``, and the exact queries
quality_ops adds to each (its clocks, its cache versions, the calendar)."""

import contextlib
import re
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged, users, warmup
from odoo.tools.misc import Callbacks

from odoo.addons.quality_ops.quality_ops.models import quality_cache_version as versions
from odoo.addons.quality_ops.quality_ops.models.quality_cache_version import forget_versions

from . import sla_common as fixture
from .common import utc_str

# the queries quality_ops itself sends on the hot path
OURS = re.compile(r"quality_ops_|FROM \"resource_calendar\"")


@tagged("post_install", "-at_install")
class TestHotPathQueries(fixture.SlaClocksCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # tracked as in production: the stage moves write their tracking
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ms Zhao", "email": "zhao@customer.example"}
        )

    def new_request(self):
        """Each operation is a request of its own: a new transaction (the
        cache versions are read again) and an empty record cache."""
        self.env.flush_all()
        self.env.invalidate_all()
        forget_versions(self.env.cr)

    @contextlib.contextmanager
    def ours(self, expected, what, warm=False):
        """Exactly ``expected`` queries of quality_ops' own tables (and of
        the calendar) while the block runs."""
        Cursor = type(self.env.cr)
        original = Cursor.execute
        queries = []

        def execute(cr, query, params=None, log_exceptions=True):
            text = str(getattr(query, "code", query))
            if OURS.search(text):
                queries.append(" ".join(text.split())[:120])
            return original(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", execute):
            yield
            self.env.flush_all()
        if warm or self.warm:
            self.assertEqual(len(queries), expected, f"{what}: {queries}")

    def tracked(self):
        """The tracking of the changes, as at the end of a request."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.flush_all()

    @users("qo_sla_agent")
    @warmup
    def test_agent_hot_operations(self):
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time(utc_str(2026, 9, 28, 9)):
            self.new_request()
            # the clocks' INSERT, the cache versions
            with self.assertQueryCount(qo_sla_agent=26), self.ours(2, "create"):
                ticket = Ticket.create(
                    {
                        "name": "VPN down",
                        "description": "<p>The VPN of the branch is down.</p>",
                        "team_id": self.team.id,
                        "partner_id": self.customer.id,
                        "priority": "2",
                        "user_id": self.agent.id,
                    }
                )
                self.tracked()
        with freeze_time(utc_str(2026, 9, 28, 9, 30)):
            self.new_request()
            # the response clock loaded and reached, the versions (its working time)
            with self.assertQueryCount(qo_sla_agent=17), self.ours(3, "reply"):
                ticket.message_post(
                    body="We are looking into it.",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        for hour, stage, bound, expected, what in (
            # between working stages: the versions only
            (10, self.stage_progress, 9, 1, "progress"),
            # the versions, the clocks loaded and written
            (11, self.stage_waiting, 11, 3, "pause"),
            (14, self.stage_progress, 11, 3, "resume"),
            (16, self.stage_done, 37, 3, "close"),
        ):
            with freeze_time(utc_str(2026, 9, 28, hour)):
                self.new_request()
                with self.assertQueryCount(qo_sla_agent=bound), self.ours(expected, what):
                    ticket.write({"stage_id": stage.id})
                    self.tracked()
        ticket.invalidate_recordset()
        states = {clock.kind: clock.state for clock in ticket.sudo().quality_sla_ids}
        self.assertEqual(states, {"response": "met", "resolution": "met"})
        self.assertEqual(len(ticket.sudo().quality_sla_ids), 2)

    def test_versions_read_once_per_transaction(self):
        Version = self.env["quality_ops.cache.version"].sudo()
        forget_versions(self.env.cr)
        with self.ours(1, "two reads", warm=True):
            first = Version._current("qo_test_thing", "qo_other_thing")
            self.assertEqual(Version._current("qo_test_thing"), first[:1])
        # its own bump: seen at once, and read again at every use afterwards
        Version._bump("qo_test_thing")
        with self.ours(2, "after a bump", warm=True):
            bumped = Version._current("qo_test_thing")[0]
            self.assertEqual(Version._current("qo_test_thing")[0], bumped)
        self.assertGreater(bumped, first[0])

    def test_the_end_of_a_transaction_forgets_its_versions(self):
        class Cursor:  # a cursor's commit and rollback hooks, as Odoo runs them
            def __init__(self):
                self.postcommit, self.postrollback = Callbacks(), Callbacks()

            def committed(self):
                self.postrollback.clear()
                self.postcommit.run()

            def rolled_back(self):
                self.postcommit.clear()
                self.postrollback.run()

        hooks = Cursor()
        read = {"sla_policy_book": 7}
        for end in ("committed", "rolled_back"):
            versions._remember(hooks, read)
            self.assertIs(versions._memo(hooks), read)
            getattr(hooks, end)()
            self.assertIsNone(versions._memo(hooks), end)
        # a commit hook that fails does not keep the memo into the next transaction
        versions._remember(hooks, read)
        hooks.postcommit.add(lambda: 1 / 0)
        with self.assertRaises(ZeroDivisionError):
            hooks.committed()
        self.assertIsNone(versions._memo(hooks))

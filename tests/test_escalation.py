import datetime as dt
import itertools

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import helpdesk_team, local, office_calendar, role_user

LOGGER = "odoo.addons.quality_ops.quality_ops.models.quality_escalation_rule"
_batches = itertools.count(1)


@tagged("post_install", "-at_install")
class TestEscalationAtScale(TransactionCase):
    """A rule escalates what entered its condition after it became active, once,
    in set-based statements whose count does not grow with the history."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.calendar = office_calendar(cls.env, "Escalation desk")
        cls.manager = role_user(cls.env, "qo_e_manager", "manager")
        cls.leader = role_user(cls.env, "qo_e_leader", "helpdesk_manager")
        cls.agent = role_user(cls.env, "qo_e_agent", "agent")
        cls.watcher = role_user(cls.env, "qo_e_watcher", groups="base.group_user")
        cls.env.company.quality_manager_id = cls.manager
        cls.team = helpdesk_team(
            cls.env, "Escalation desk", cls.leader, cls.agent, calendar=cls.calendar
        )
        cls.policy = cls.env["quality_ops.sla.policy"].create(
            {
                "name": "Escalated",
                "team_ids": [(6, 0, cls.team.ids)],
                "calendar_id": cls.calendar.id,
                "line_ids": [
                    (0, 0, {"priority": "1", "response_hours": 2, "resolution_hours": 16}),
                ],
            }
        )
        cls.Rule = cls.env["quality_ops.escalation.rule"]
        cls.Log = cls.env["quality_ops.escalation"]
        cls.Clock = cls.env["quality_ops.ticket.sla"]
        # the transaction's instant: what "now" is for a rule created in this test
        cls.base = cls.env.cr.now()
        # the breaches the database holds already (the demo's year runs up to
        # yesterday) are older history for these rules than any window they use
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE quality_ops_ticket_sla SET breached_at = %s "
            "WHERE state = 'breached' AND is_current AND breached_at > %s",
            [cls.base - dt.timedelta(days=60), cls.base - dt.timedelta(days=60)],
        )
        cls.env.invalidate_all()

    # ------------------------------------------------------------------
    def history(self, count, breached_at):
        """``count`` tickets of the team whose response clock breached at
        ``breached_at``, written by SQL as the demo writes its year of history."""
        self.env.flush_all()
        batch = next(_batches)
        self.env.cr.execute(
            SQL(
                """
                WITH t AS (
                    INSERT INTO helpdesk_ticket (number, name, description, company_id,
                           team_id, user_id, stage_id, priority, rating_status, active,
                           create_date, write_date)
                    SELECT 'ESC-' || %(batch)s || '-' || g, 'Late ' || g, '<p>x</p>',
                           %(company)s, %(team)s, %(user)s, %(stage)s, '1', 'stage_change',
                           true, %(at)s - interval '3 hours', %(at)s
                      FROM generate_series(1, %(n)s) g
                    RETURNING id, company_id, create_date)
                INSERT INTO quality_ops_ticket_sla (ticket_id, company_id, kind, target_hours,
                       start_at, segment_start, deadline, consumed_hours, paused_hours, state,
                       breached_at, cycle, is_current, warning_level, calendar_id)
                SELECT t.id, t.company_id, 'response', 2, t.create_date, t.create_date,
                       %(at)s, 3, 0, 'breached', %(at)s, 1, true, 3, %(calendar)s
                  FROM t
                RETURNING id
                """,
                batch=batch,
                company=self.env.company.id,
                team=self.team.id,
                user=self.agent.id,
                stage=self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
                at=breached_at,
                n=count,
                calendar=self.calendar.id,
            )
        )
        return self.Clock.browse([row[0] for row in self.env.cr.fetchall()])

    def sla_rule(self, **vals):
        values = {
            "name": "Breach to the watcher",
            "trigger": "sla_breached",
            "level": 2,
            "recipient": "users",
            "user_ids": [(6, 0, self.watcher.ids)],
        }
        values.update(vals)
        return self.Rule.create(values)

    def logged(self, rule):
        return self.Log.search([("rule_id", "=", rule.id)])

    def watcher_activities(self):
        return self.env["mail.activity"].search([("user_id", "=", self.watcher.id)])

    def queries(self, func):
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        result = func()
        return result, self.env.cr.sql_log_count - before

    # ------------------------------------------------------------------
    def test_an_escalation_is_due_on_the_company_s_today(self):
        # 17:00 UTC on 30 June is 1 July in Shanghai: the escalation is due
        # that day, not on the cron user's (New York's) 30 June
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.sla_rule()
        clock = self.history(1, dt.datetime(2027, 6, 30, 16, 50))
        with freeze_time("2027-06-30 17:00:00"):
            self.Rule.with_context(tz="America/New_York")._cron_escalate()
        activity = self.watcher_activities().filtered(lambda a: a.res_id == clock.ticket_id.id)
        self.assertEqual(activity.date_deadline, dt.date(2027, 7, 1))

    def test_new_rule_leaves_the_history_alone_and_escalates_a_new_breach_once(self):
        # a year of breaches before the rule, like the demo's (211 of them there)
        old = self.history(40, self.base - dt.timedelta(days=200))
        old |= self.history(40, self.base - dt.timedelta(minutes=5))
        self.assertGreaterEqual(
            self.Clock.search_count([("state", "=", "breached"), ("is_current", "=", True)]), 80
        )
        rule = self.sla_rule()
        self.assertFalse(self.Rule._escalate("sla_breached"))
        self.assertEqual(rule.active_since, self.base, "active from its creation")
        self.Rule._cron_escalate()
        self.assertFalse(self.logged(rule))
        self.assertFalse(self.watcher_activities())
        # a ticket breaching its response target after the rule was created
        with freeze_time(self.base + dt.timedelta(days=1)):
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": "Printer on fire",
                    "description": "<p>help</p>",
                    "team_id": self.team.id,
                    "priority": "1",
                    "user_id": self.agent.id,
                }
            )
        clock = ticket.quality_sla_ids.filtered(lambda c: c.kind == "response")
        self.Clock._cron_sweep(now=clock.deadline + dt.timedelta(minutes=1))
        self.assertEqual(clock.state, "breached")
        for _run in range(3):
            self.Rule._cron_escalate()
        # (the sweep may have breached other open tickets of the demo since: theirs too)
        logged = self.logged(rule)
        breached = self.Clock.browse(logged.mapped("res_id"))
        self.assertTrue(all(at >= rule.active_since for at in breached.mapped("breached_at")))
        log = logged.filtered(lambda e: e.res_id == clock.id)
        self.assertEqual((log.res_model, log.res_id), ("quality_ops.ticket.sla", clock.id))
        self.assertEqual(log.user_ids, self.watcher)
        self.assertEqual(log.level, 2)
        self.assertEqual(len(self.watcher_activities()), len(logged))
        activity = self.watcher_activities().filtered(lambda a: a.res_id == ticket.id)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_model, "helpdesk.ticket")
        self.assertIn(
            "Escalation Breach to the watcher",
            "".join(ticket.message_ids.mapped("body")),
        )
        self.assertFalse(self.Log.search([("res_id", "in", old.ids), ("rule_id", "=", rule.id)]))

    def test_moving_active_since_back_escalates_from_then_and_reactivation_restarts(self):
        before = self.history(5, self.base - dt.timedelta(days=30))
        since = self.history(3, self.base - dt.timedelta(days=5))
        rule = self.sla_rule(active_since=self.base - dt.timedelta(days=10))
        self.assertEqual(set(self.Rule._escalate("sla_breached").mapped("res_id")), set(since.ids))
        self.assertEqual(len(self.watcher_activities()), 3)
        # archived, then reactivated: a new start, the breaches in between are not its
        other = self.sla_rule(name="Second rung", active_since=self.base - dt.timedelta(days=10))
        other.active = False
        between = self.history(2, self.base - dt.timedelta(days=1))
        other.active = True
        self.assertEqual(other.active_since, self.base)
        # another trigger or company: a new rule too
        third = self.sla_rule(name="Third", active_since=self.base - dt.timedelta(days=10))
        third.trigger = "low_rating"
        self.assertEqual(third.active_since, self.base)
        created = self.Rule._escalate("sla_breached")
        self.assertEqual(created.rule_id, rule, "only the rule active all along")
        self.assertEqual(set(created.mapped("res_id")), set(between.ids))
        self.assertFalse(self.Log.search([("res_id", "in", before.ids)]))

    def test_delay_counts_working_hours_from_the_breach(self):
        # (in 2027: the demo's history is of 2026)
        rule = self.sla_rule(delay_hours=4, active_since=local(2027, 3, 1))
        # Friday 17:00 (Shanghai): 1 working hour on Friday, 3 on Monday morning
        clock = self.history(1, local(2027, 3, 5, 17))
        with freeze_time(local(2027, 3, 8, 11, 59)):
            self.assertFalse(self.Rule._escalate("sla_breached"))
        with freeze_time(local(2027, 3, 8, 12, 1)):
            self.assertEqual(self.Rule._escalate("sla_breached").res_id, clock.id)
            self.assertFalse(self.Rule._escalate("sla_breached"))
        self.assertEqual(len(self.logged(rule)), 1)

    def test_a_failing_record_is_logged_and_skipped_the_others_go_on(self):
        template = self.env["mail.template"].create(
            {
                "name": "Escalation naming the customer",
                "model_id": self.env["ir.model"]._get_id("quality_ops.complaint"),
                # raises for a complaint without customer
                "subject": "Escalation for {{ object.partner_id.name.upper() }}",
                "body_html": "<p>Look at it</p>",
            }
        )
        rule = self.Rule.create(
            {
                "name": "Complaint to the watcher",
                "trigger": "complaint_created",
                "level": 5,
                "recipient": "users",
                "user_ids": [(6, 0, self.watcher.ids)],
                "notify_by": "both",
                "mail_template_id": template.id,
            }
        )
        customer = self.env["res.partner"].create({"name": "Angry Bank", "is_company": True})
        tickets = self.env["helpdesk.ticket"].create(
            [
                {"name": "With customer", "description": "<p>x</p>", "partner_id": customer.id},
                {"name": "Anonymous", "description": "<p>x</p>"},
                {"name": "Also a customer", "description": "<p>x</p>", "partner_id": customer.id},
            ]
        )
        with self.assertLogs(LOGGER, "WARNING") as logs:
            complaints = self.env["quality_ops.complaint"].create(
                [{"ticket_id": ticket.id} for ticket in tickets]
            )
        good = complaints[0] | complaints[2]
        bad = complaints[1]
        self.assertFalse(bad.partner_id)
        errors = [line for line in logs.output if line.startswith("ERROR")]
        self.assertEqual(len(errors), 1, logs.output)
        self.assertIn(f"quality_ops.complaint,{bad.id} failed", errors[0])
        self.assertEqual(set(self.logged(rule).mapped("res_id")), set(good.ids))
        self.assertEqual(
            set(self.watcher_activities().mapped("res_id")), set(good.ids), "the others go on"
        )
        mails = self.env["mail.mail"].search([("subject", "=", "Escalation for ANGRY BANK")])
        self.assertEqual(sorted(mails.mapped("res_id")), sorted(good.ids))
        self.assertEqual(mails.recipient_ids, self.watcher.partner_id)
        self.assertEqual(mails.mapped("state"), ["outgoing", "outgoing"], "queued")
        # the failing record is tried again, the others are not notified twice
        with self.assertLogs(LOGGER, "ERROR"):
            self.Rule._cron_escalate()
        self.assertEqual(len(self.watcher_activities()), 2)
        # once it can be notified, it is
        bad.partner_id = customer
        self.Rule._cron_escalate()
        self.assertEqual(set(self.logged(rule).mapped("res_id")), set(complaints.ids))
        self.assertEqual(len(self.watcher_activities()), 3)

    def test_a_run_racing_another_notifies_only_what_it_inserted(self):
        rule = self.sla_rule(active_since=self.base - dt.timedelta(days=1))
        clocks = self.history(3, self.base - dt.timedelta(hours=2))
        now = self.base
        seen = self.Rule._due(self.Rule._candidates("sla_breached", now), now)
        self.assertEqual(len(seen), 3)
        # the other run claims two of them between our selection and our insert
        self.Rule._fire("sla_breached", seen[:2], now)
        self.assertEqual(len(self.watcher_activities()), 2)
        created = self.Rule._fire("sla_breached", seen, now)
        self.assertEqual(created.res_id, clocks[2].id)
        self.assertEqual(len(self.logged(rule)), 3)
        self.assertEqual(len(self.watcher_activities()), 3)

    def test_steady_run_inserts_nothing_in_queries_independent_of_history(self):
        rule = self.sla_rule(active_since=self.base - dt.timedelta(days=10))

        def grow(before, after):
            self.history(before, self.base - dt.timedelta(days=40))
            self.history(after, self.base - dt.timedelta(days=2))
            first = self.Rule._escalate("sla_breached")
            self.assertEqual(len(first), after)
            created, count = self.queries(lambda: self.Rule._escalate("sla_breached"))
            self.assertFalse(created)
            # the cron's first call in a process fills caches (companies' days,
            # the rules' fields) whatever the history: counted warm, as it runs
            self.Rule._cron_escalate()
            cron_created, cron_count = self.queries(self.Rule._cron_escalate)
            return count, cron_count

        small = grow(5, 3)
        large = grow(300, 120)
        self.assertEqual(len(self.logged(rule)), 123)
        self.assertEqual(small, large, "queries of a steady run, small and large history")
        self.assertLessEqual(small[0], 1, "one statement for the trigger")
        self.assertLessEqual(small[1], 6 * 3, "one statement (in a savepoint) per trigger")

    def test_first_run_queries_do_not_grow_with_the_escalations(self):
        self.sla_rule(active_since=self.base - dt.timedelta(days=10))
        self.history(3, self.base - dt.timedelta(days=2))
        _created, few = self.queries(lambda: self.Rule._escalate("sla_breached"))
        self.history(60, self.base - dt.timedelta(days=1))
        created, many = self.queries(lambda: self.Rule._escalate("sla_breached"))
        self.assertEqual(len(created), 60)
        self.assertEqual(len(self.watcher_activities()), 63)
        self.assertLessEqual(many, few + 2, f"{few} queries for 3, {many} for 60")

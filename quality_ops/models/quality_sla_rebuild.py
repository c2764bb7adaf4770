import datetime
import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from .. import sla_history
from ..groups import GROUP_HELPDESK_STAFF
from ..sla_clock import BREACHED, RESOLUTION, RESPONSE
from ..tools.calendars import working_calendar
from .resource_calendar import WorkTimeCache

_logger = logging.getLogger(__name__)

BATCH = 2000
PENDING = "quality_ops.sla.rebuild.policies"  # policies to cover before the commit


def _seconds(instant):
    """Instants as the clocks store them (whole seconds)."""
    return instant.replace(microsecond=0) if instant else instant


class QualitySlaRebuild(models.AbstractModel):
    """SLA clocks of tickets that have none, rebuilt from what the helpdesk
    recorded: creation, stage tracking, first public reply by staff, closing.

    Two callers: a policy that starts covering open tickets (created before it,
    or before quality_ops was installed), and the quality manager's *Rebuild
    SLA History* of a year. Tickets that have clocks are never touched, so a
    second run changes nothing and an interrupted one continues where it
    stopped. Every clock made here is marked ``reconstructed``."""

    _name = "quality_ops.sla.rebuild"
    _description = "SLA History Rebuild"

    # ------------------------------------------------------------------
    # which tickets
    # ------------------------------------------------------------------
    @api.model
    def _tickets_without_clocks(
        self, companies, date_from=None, teams=None, projects=None, open_only=False
    ):
        """Ids of the tickets of ``companies`` that have no clock, ordered:
        open ones, and with ``date_from`` those created or closed since."""
        self.env["quality_ops.ticket.sla"].flush_model(["ticket_id"])
        self.env["helpdesk.ticket"].flush_model(
            ["company_id", "stage_id", "create_date", "closed_date", "team_id", "project_id"]
        )
        conditions = [
            SQL("t.company_id = ANY(%s)", companies.ids),
            SQL("NOT EXISTS (SELECT 1 FROM quality_ops_ticket_sla c WHERE c.ticket_id = t.id)"),
        ]
        if open_only:
            conditions.append(SQL("NOT COALESCE(s.closed, FALSE)"))
        if date_from:
            start = datetime.datetime.combine(date_from, datetime.time.min)
            conditions.append(
                SQL(
                    "(t.create_date >= %s OR t.closed_date >= %s OR NOT COALESCE(s.closed, FALSE))",
                    start,
                    start,
                )
            )
        if teams:
            conditions.append(SQL("t.team_id = ANY(%s)", teams.ids))
        if projects:
            conditions.append(SQL("t.project_id = ANY(%s)", projects.ids))
        self.env.cr.execute(
            SQL(
                "SELECT t.id FROM helpdesk_ticket t "
                "LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id WHERE %s ORDER BY t.id",
                SQL(" AND ").join(conditions),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------
    # what the helpdesk recorded, for a batch of tickets (three queries)
    # ------------------------------------------------------------------
    def _ticket_rows(self, ticket_ids):
        tags = self.env["helpdesk.ticket"]._fields["tag_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT t.id, t.company_id, t.create_date, t.priority, t.team_id, t.project_id,
                       t.commercial_partner_id, t.category_id, t.stage_id, t.closed_date,
                       ARRAY(SELECT r.%(tag)s FROM %(rel)s r WHERE r.%(ticket)s = t.id)
                  FROM helpdesk_ticket t WHERE t.id = ANY(%(ids)s) ORDER BY t.id
                """,
                tag=SQL.identifier(tags.column2),
                rel=SQL.identifier(tags.relation),
                ticket=SQL.identifier(tags.column1),
                ids=ticket_ids,
            )
        )
        return self.env.cr.fetchall()

    def _stage_changes(self, ticket_ids):
        """ticket id -> [(instant, stage left, stage entered)] from the tracking."""
        field = self.env["ir.model.fields"]._get("helpdesk.ticket", "stage_id")
        self.env.cr.execute(
            SQL(
                """
                SELECT m.res_id, m.date, v.old_value_integer, v.new_value_integer
                  FROM mail_tracking_value v
                  JOIN mail_message m ON m.id = v.mail_message_id
                 WHERE v.field_id = %s AND m.model = 'helpdesk.ticket' AND m.res_id = ANY(%s)
                 ORDER BY m.res_id, m.date, m.id, v.id
                """,
                field.id,
                ticket_ids,
            )
        )
        changes = {}
        for ticket_id, at, old, new in self.env.cr.fetchall():
            changes.setdefault(ticket_id, []).append((_seconds(at), old or None, new or None))
        return changes

    def _first_replies(self, ticket_ids):
        """ticket id -> instant of its first public comment by the helpdesk's staff
        (what the live engine counts as the first response)."""
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        # the helpdesk's staff: the users of its groups (as the live engine)
        staff = self.env.ref(GROUP_HELPDESK_STAFF).sudo().all_implied_by_ids
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (m.res_id) m.res_id, m.date
                  FROM mail_message m
                 WHERE m.model = 'helpdesk.ticket' AND m.res_id = ANY(%s)
                   AND m.message_type = 'comment' AND m.subtype_id = %s
                   AND EXISTS (SELECT 1 FROM res_users u
                                 JOIN res_groups_users_rel g ON g.uid = u.id
                                WHERE u.partner_id = m.author_id AND NOT u.share
                                  AND g.gid = ANY(%s))
                 ORDER BY m.res_id, m.date, m.id
                """,
                ticket_ids,
                comment,
                staff.ids,
            )
        )
        return {ticket_id: _seconds(at) for ticket_id, at in self.env.cr.fetchall()}

    # ------------------------------------------------------------------
    # the rebuild
    # ------------------------------------------------------------------
    @api.model
    def _rebuild(self, ticket_ids, now=None, batch=BATCH):
        """Clocks for ``ticket_ids`` (tickets without clocks), in batches;
        returns ``{"tickets", "clocks", "breached", "open_breached"}``."""
        now = now or fields.Datetime.now()
        book = self.env["quality_ops.sla.policy"]._quality_book()
        counts = {"tickets": 0, "clocks": 0, "breached": 0, "open_breached": 0}
        cache = WorkTimeCache(self.env)
        stages = self.env["helpdesk.ticket.stage"].sudo().search_fetch([], ["closed"])
        closed_stages = frozenset(stages.filtered("closed").ids)
        for start in range(0, len(ticket_ids), batch):
            ids = ticket_ids[start : start + batch]
            inserted = self._rebuild_batch(ids, book, cache, closed_stages, now, counts)
            counts["clocks"] += inserted
            if self.env.context.get("cron_id"):
                self.env["ir.cron"]._commit_progress(len(ids))
        return counts

    def _rebuild_batch(self, ids, book, cache, closed_stages, now, counts):
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        rows = self._ticket_rows(ids)
        changes = self._stage_changes(ids)
        replies = self._first_replies(ids)
        calendars = self._calendars(rows)
        months_of = {}  # company id: the local month of an instant
        inserts = []
        for (
            ticket_id,
            company_id,
            created_at,
            priority,
            team_id,
            project_id,
            partner_id,
            category_id,
            stage_id,
            closed_date,
            tag_ids,
        ) in rows:
            created_at = _seconds(created_at)
            policy = book.match(
                company_id, priority, team_id, project_id, partner_id, category_id, tag_ids
            )
            if policy is None:
                continue
            history = changes.get(ticket_id, [])
            if (
                stage_id in closed_stages
                and closed_date
                and not any(new in closed_stages for _at, _old, new in history)
            ):
                # closed before stage tracking (imported): the closing date says when
                last = history[-1][2] if history else None
                history = [*history, (_seconds(closed_date), last or stage_id, stage_id)]
            first = sla_history.created_stage(stage_id, history)
            flags = lambda stage, policy=policy: policy.stage(stage, stage in closed_stages)  # noqa: E731
            first_flags, events = sla_history.events_of(
                first, history, replies.get(ticket_id), flags, closed_stages
            )
            calendar_id = policy.calendar_id or calendars.get((team_id, company_id))
            if not calendar_id:
                continue  # no working hours anywhere: nothing can be measured
            work = cache.work_of(calendar_id)
            if company_id not in months_of:
                months_of[company_id] = Clock._month_of(self.env["res.company"].browse(company_id))
            counts["tickets"] += 1
            for kind in (RESPONSE, RESOLUTION):
                target = policy.target(priority, kind)
                if not target:
                    continue
                cycles = sla_history.replay(
                    kind,
                    target,
                    created_at,
                    first_flags,
                    events,
                    work,
                    now,
                    policy.warnings,
                    month_of=months_of[company_id],
                )
                for number, clock in enumerate(cycles, start=1):
                    current = number == len(cycles)
                    inserts.append((ticket_id, company_id, policy.id, calendar_id, clock, current))
                    if clock.state == BREACHED:
                        counts["breached"] += 1
                        if current and clock.reached_at is None:
                            counts["open_breached"] += 1
        created = Clock._insert(inserts, reconstructed=True)
        self.env["helpdesk.ticket"].browse(ids).invalidate_recordset(
            ["quality_sla_ids", "quality_sla_history_ids"]
        )
        return len(created)

    def _calendars(self, rows):
        """(team, company) -> calendar id: the team's, else the company's."""
        Team = self.env["helpdesk.ticket.team"].sudo()
        teams = Team.browse({row[4] for row in rows if row[4]}).grouped("id")
        companies = self.env["res.company"].sudo().browse({row[1] for row in rows}).grouped("id")
        calendar = self.env["resource.calendar"]
        return {
            (team_id, company_id): working_calendar(
                calendar, teams.get(team_id, Team), companies[company_id]
            ).id
            or None
            for team_id, company_id in {(row[4], row[1]) for row in rows}
        }

    # ------------------------------------------------------------------
    # a policy covers the open tickets at once
    # ------------------------------------------------------------------
    @api.model
    def _cover_before_commit(self, policies):
        """Cover the open tickets of ``policies`` once, before the commit."""
        pending = self.env.cr.precommit.data.setdefault(PENDING, set())
        if not pending:
            self.env.cr.precommit.add(self.sudo()._cover_pending)
        pending.update(policies.ids)

    def _cover_pending(self):
        ids = self.env.cr.precommit.data.pop(PENDING, set())
        policies = self.env["quality_ops.sla.policy"].browse(sorted(ids)).exists()
        policies = policies.filtered("active")
        if policies:
            self._cover_open_tickets(policies)

    @api.model
    def _cover_open_tickets(self, policies):
        """After a policy is created or changes what it matches: open tickets of
        its companies without clocks get them (rebuilt from their history), and
        those with clocks are matched again. A clock already past its deadline
        enters as breached with no notification of its own: the quality manager
        gets one summary per policy instead."""
        companies = policies.company_id
        if not companies:
            return {}
        ids = self._tickets_without_clocks(companies, open_only=True)
        counts = self._rebuild(ids) if ids else {"tickets": 0, "open_breached": 0}
        covered = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search([("company_id", "in", companies.ids), ("stage_id.closed", "=", False)])
        )
        covered -= covered.browse(ids)
        # only the tickets these policies now match: a ticket that no longer
        # matches keeps what its clocks recorded (a breach stays a breach)
        matches = self.env["quality_ops.sla.policy"]._quality_match(covered)
        covered = covered.filtered(lambda t: (matches[t.id] and matches[t.id].id) in policies.ids)
        if covered:
            self.env["quality_ops.ticket.sla"].sudo()._apply_policies(covered)
        if counts["tickets"]:
            self._summarise(policies, counts)
        return counts

    def _summarise(self, policies, counts):
        for policy in policies:
            manager = policy.company_id.quality_manager_id
            lang = manager.partner_id.lang or self.env.lang
            text = self.with_context(lang=lang).env._(
                "%(tickets)s open tickets came under SLA, their clocks rebuilt from their "
                "history; %(breached)s were already past their deadline and enter as "
                "breached.",
                tickets=counts["tickets"],
                breached=counts["open_breached"],
            )
            policy.sudo().message_post(body=Markup("<p>%s</p>") % text)
            if manager:
                policy.sudo().activity_schedule(
                    "mail.mail_activity_data_todo", user_id=manager.id, summary=text
                )

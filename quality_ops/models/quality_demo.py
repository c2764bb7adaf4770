import base64
import datetime
import logging
import zoneinfo

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL, file_open

from ..holidays import OfficialCalendarUnavailable, official_days
from ..integrity import SEAL
from ..tools.workflow_pass import with_pass
from .resource_calendar import WorkTimeCache

_logger = logging.getLogger(__name__)


class QualityDemo(models.AbstractModel):
    """Demo data that XML cannot express: a year of ticket history."""

    _name = "quality_ops.demo"
    _description = "Quality Demo Data"

    @api.model
    def _demo_set(self, values):
        """Put demo records in the state a year of work left them in.

        Data files cannot write workflow fields (only the workflow steps do),
        so the demo goes through the same pass as the steps; ``values`` is a
        list of ``(xmlid, vals, seal)``, ``seal`` adding the record to its
        company's integrity chain as its approval would."""
        for xmlid, vals, seal in values:
            record = self.env.ref(xmlid)
            self.env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM mail_message"))
            (last_message,) = self.env.cr.fetchone()
            with_pass(record).write(vals)
            if seal:
                record._quality_add_seals(SEAL)
            self._demo_date_trail(record, vals, last_message)
        return True

    def _demo_date_trail(self, record, vals, last_message):
        """The chatter of a demo record dated when its year of work happened,
        not the day the demo was installed: its creation on its first date,
        the workflow's changes on its last (demo data only; no client writes
        a message's date)."""
        dates = sorted(
            value[:10]
            for value in vals.values()
            if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-"
        )
        if not dates or "message_ids" not in record._fields:
            return
        for when, older in ((dates[0], True), (dates[-1], False)):
            self.env.cr.execute(
                SQL(
                    "UPDATE mail_message SET date = %s WHERE model = %s AND res_id = %s "
                    "AND (id <= %s) = %s",
                    f"{when} 02:00:00",
                    record._name,
                    record.id,
                    last_message,
                    older,
                )
            )
        self.env["mail.message"].invalidate_model(["date"])

    @api.model
    def _demo_new_version(self, previous_xmlid, xmlid, vals):
        """The next version of a demo document, made as *New Version* makes
        it (a copy linked to the version it supersedes), under ``xmlid``."""
        if self.env.ref(xmlid, raise_if_not_found=False):
            return False  # loaded already (module update)
        previous = self.env.ref(previous_xmlid)
        vals = dict(vals, previous_id=previous.id)
        if "file_path" in vals:  # the new version's own file, not the old one's
            with file_open(vals.pop("file_path"), "rb") as file:
                vals["file"] = base64.b64encode(file.read())
        new = previous._quality_copy_with_pass(vals)
        module, name = xmlid.split(".")
        self.env["ir.model.data"].create(
            {"module": module, "name": name, "model": new._name, "res_id": new.id, "noupdate": True}
        )
        return new.id

    @api.model
    def _demo_acknowledge(self, values):
        """Readers who acknowledged a demo document: ``(document xmlid, user
        xmlid, when)``, as their *Acknowledge* records it."""
        Ack = self.env["quality_ops.document.ack"]
        for document_xmlid, user_xmlid, when in values:
            document, user = self.env.ref(document_xmlid), self.env.ref(user_xmlid)
            if Ack.search_count([("document_id", "=", document.id), ("user_id", "=", user.id)]):
                continue
            with_pass(Ack, creating=True).create(
                {"document_id": document.id, "user_id": user.id, "acknowledged_at": when}
            )
        return True

    @api.model
    def _demo_inspections(self, plan_xmlids, date_from, date_to, missed=(), late=(), abnormal=()):
        """The inspections of the demo plans from ``date_from`` to the day
        before their company's today (through ``date_to`` at least), recorded
        as the engineers did: on their due day, except the ``missed`` ones
        (left planned), the ``late`` ones (recorded a day late) and the
        ``abnormal`` ones (an item abnormal, which opened a ticket). The last
        three are indexes of the day in the month (1 = the first).

        Each is dated as made on its due day and recorded on the day it was
        done, and the plans' inspections are numbered in the order of their
        days, as a plan running since ``date_from`` would have numbered them."""
        plans = self.env["quality_ops.inspection.plan"].browse(
            [self.env.ref(xmlid).id for xmlid in plan_xmlids]
        )
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        Inspection = self.env["quality_ops.inspection"]
        if Inspection.search_count(
            [("plan_id", "in", plans.ids), ("state", "=", "done"), ("due_date", ">=", date_from)],
            limit=1,
        ):
            return False  # loaded already (module update)
        inspections = Inspection.browse()
        for company, company_plans in plans.grouped("company_id").items():
            # the plans planned ahead from their company's today
            today = company._quality_today()
            last = max(date_to, today - datetime.timedelta(days=1))
            company_plans._materialise(date_from, last)
            inspections |= Inspection.search(
                [
                    ("plan_id", "in", company_plans.ids),
                    ("due_date", ">=", date_from),
                    ("due_date", "<=", last),
                ],
                order="due_date, id",
            )
        self._demo_number_by_date(Inspection.search([("plan_id", "in", plans.ids)]))
        # made in this transaction, their changes would not be tracked (mail
        # tracks what changes after a record's making): close their making
        Inspection._track_finalize()
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT COALESCE(MAX(id), 0) FROM mail_message"))
        (created,) = self.env.cr.fetchone()
        for inspection in inspections:
            day = inspection.due_date.day
            if day in missed:
                continue
            lines = with_pass(inspection).line_ids
            lines.write({"result": "ok"})
            if day in abnormal and lines:
                lines[-1:].write({"result": "abnormal", "note": "面板告警，已上报二线支持。"})
            done = inspection.due_date + datetime.timedelta(days=1 if day in late else 0)
            with_pass(inspection).write({"state": "done", "date_done": done})
            # the note of the tickets opened, in the engineer's language, as
            # had he recorded it
            inspection.with_context(lang=inspection.user_id.lang or "en_US")._open_tickets()
        # the done steps' tracking, by their engineers, posted now to be dated
        for user, recorded in (
            inspections.filtered(lambda i: i.state == "done").grouped("user_id").items()
        ):
            recorded._track_set_author(user.partner_id)
        Inspection._track_finalize()
        self._demo_date_inspections(inspections, created)
        return True

    def _demo_number_by_date(self, inspections):
        """Give each year's references of ``inspections`` again in the order
        of their due dates (the same numbers, none lost)."""
        by_year = {}
        for inspection in inspections.sorted(lambda i: (i.due_date, i.id)):
            by_year.setdefault(inspection.reference.rsplit("/", 1)[0], []).append(inspection)
        ids, references = [], []
        for year in by_year.values():
            ids += [inspection.id for inspection in year]
            references += sorted(inspection.reference for inspection in year)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_inspection i SET reference = v.reference "
                "FROM unnest(%s::int4[], %s::varchar[]) AS v(id, reference) WHERE i.id = v.id",
                ids,
                references,
            )
        )
        inspections.invalidate_recordset(["reference", "display_name"])

    def _demo_date_inspections(self, inspections, created):
        """Past planned inspections made on their due day (08:30) and, when
        recorded, recorded on the day done (17:30): their records, items and
        chatter (its messages up to ``created`` are those of their making),
        and the tickets their abnormal items opened, opened when they were
        recorded."""
        made, recorded, now = [], [], fields.Datetime.now()
        tickets, opened, engineers = self.env["helpdesk.ticket"], [], []
        for inspection in inspections:
            zone = zoneinfo.ZoneInfo(inspection.company_id.sudo()._quality_tz())
            made.append(self._demo_moment(inspection.due_date, datetime.time(8, 30), zone))
            day = inspection.date_done or inspection.due_date
            recorded.append(min(self._demo_moment(day, datetime.time(17, 30), zone), now))
            for ticket in inspection.line_ids.ticket_id:
                tickets |= ticket
                opened.append(recorded[-1])
                engineers.append(inspection.user_id.id)
        if tickets:
            self._demo_date_tickets(tickets.sudo(), opened)
            # opened by the engineer who recorded the inspection (the loading
            # records them as the system)
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket t SET last_stage_update = t.create_date,"
                    " user_id = COALESCE(v.user_id, t.user_id), assigned_date = t.create_date"
                    " FROM unnest(%s::int4[], %s::int4[]) AS v(id, user_id) WHERE t.id = v.id",
                    tickets.ids,
                    [engineer or None for engineer in engineers],
                )
            )
            tickets.invalidate_recordset(["user_id", "assigned_date", "last_stage_update"])
            self._demo_resolve_tickets(tickets.sudo(), opened, now - datetime.timedelta(days=1))
        self.env.flush_all()
        for table, key in (
            ("quality_ops_inspection", "id"),
            ("quality_ops_inspection_line", "inspection_id"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s t SET create_date = v.made, write_date = v.recorded "
                    "FROM unnest(%s::int4[], %s::timestamp[], %s::timestamp[]) "
                    "AS v(id, made, recorded) WHERE t.%s = v.id",
                    SQL.identifier(table),
                    inspections.ids,
                    made,
                    recorded,
                    SQL.identifier(key),
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message m SET date = CASE WHEN m.id <= %s THEN v.made "
                "ELSE v.recorded END "
                "FROM unnest(%s::int4[], %s::timestamp[], %s::timestamp[]) "
                "AS v(id, made, recorded) "
                "WHERE m.model = %s AND m.res_id = v.id",
                created,
                inspections.ids,
                made,
                recorded,
                inspections._name,
            )
        )
        self.env.invalidate_all()

    @api.model
    def _demo_answer_tickets(self, values):
        """Tickets (``(xmlid, working hours)``) answered that long after they
        were opened: their response clock reached then."""
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        calendar, cache = self.env.ref("quality_ops.calendar_china_office"), WorkTimeCache(self.env)
        for xmlid, hours in values:
            ticket = self.env.ref(xmlid).sudo()
            Clock._on_response(ticket, now=cache.add_hours(calendar, ticket.create_date, hours))
        return True

    def _demo_resolve_tickets(self, tickets, opened, before):
        """The tickets opened (``opened``: one moment each) before ``before``
        answered half an hour later and resolved within the next working day,
        their clocks stopped then by the product's clock logic (a past
        ticket still open would breach at the next sweep)."""
        self._demo_flush_trail("helpdesk.ticket")
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        calendar = self.env.ref("quality_ops.calendar_china_office")
        cache, done = (
            WorkTimeCache(self.env),
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
        )
        for ticket, moment in zip(tickets, opened, strict=True):
            if moment >= before:
                continue  # found today: still being handled
            answered = cache.add_hours(calendar, moment, 0.5)
            resolved = cache.add_hours(calendar, moment, 6)
            Clock._on_response(ticket, now=answered)
            left = {ticket.id: ticket.stage_id}
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET stage_id = %s, closed_date = %s,"
                    " last_stage_update = %s, write_date = %s WHERE id = %s",
                    done.id,
                    resolved,
                    resolved,
                    resolved,
                    ticket.id,
                )
            )
            ticket.invalidate_recordset()
            Clock._on_stage_change(ticket, left, now=resolved)
            note = ticket.with_user(ticket.user_id or self.env.user).message_post(
                body=Markup("<p>巡检发现的异常已现场处理并验证恢复正常。</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            self.env.cr.execute(
                SQL("UPDATE mail_message SET date = %s WHERE id = %s", resolved, note.id)
            )
        self.env["mail.message"].invalidate_model(["date"])

    @api.model
    def _demo_moment(self, day, time, zone):
        """The UTC (naive) moment of ``time`` on ``day`` in ``zone``."""
        local = datetime.datetime.combine(fields.Date.to_date(day), time, tzinfo=zone)
        return local.astimezone(datetime.UTC).replace(tzinfo=None)

    @api.model
    def _demo_import_official_holidays(self, calendar_id, year):
        """Import the official holidays of ``year`` into a calendar through the
        import wizard, as a user would; days imported already are skipped. A
        year the official calendar does not know yet is left out (the demo of
        early January may cover a year whose schedule is not published)."""
        calendar = self.env["resource.calendar"].browse(calendar_id)
        try:
            official_days(year)
        except OfficialCalendarUnavailable:
            _logger.info("Demo: no official holidays known for %s", year)
            return False
        wizard = self.env["quality_ops.holiday.import.wizard"].create(
            {
                "source": "official",
                "year": year,
                "calendar_id": calendar.id,
                "company_id": (calendar.company_id or self.env.company).id,
            }
        )
        wizard.action_import()
        return True

    @api.model
    def _demo_today(self):
        """The demo's today: the main company's (its records count its days),
        not the installing user's nor the server's."""
        return self.env.company._quality_today()

    @api.model
    def _demo_year(self):
        """The year of the last complete half-year, the demo's plan year
        (its plans, audits, reviews and trainings): the demo's this year
        from July, last year before."""
        today = self._demo_today()
        return today.year - (today.month <= 6)

    @api.model
    def _demo_half_start(self):
        """The first day of the last complete half-year before the demo's today."""
        today = self._demo_today()
        return datetime.date(self._demo_year(), 1 if today.month > 6 else 7, 1)

    @api.model
    def _generate_ticket_history(self, today=None):
        """A year of tickets before ``today``: see the demo's ``ticket_history``
        (imported here only, when the demo data is loaded)."""
        from odoo.addons.quality_ops.demo.ticket_history import DemoHistory

        return DemoHistory(self.env)._generate(today)

    @api.model
    def _demo_local_moment(self, day, working_hours=1.0):
        """A moment ``working_hours`` into the working time of the demo
        calendar from 09:00 (Shanghai) of ``day``: when the work was done."""
        calendar = self.env.ref("quality_ops.calendar_china_office")
        zone = zoneinfo.ZoneInfo(calendar.tz or "Asia/Shanghai")
        start = self._demo_moment(day, datetime.time(9), zone)
        return WorkTimeCache(self.env).add_hours(calendar, start, working_hours)

    def _demo_flush_trail(self, *models):
        """Write now the tracking messages of ``models`` that Odoo writes when
        the transaction commits (the install's end), so that dating the
        chatter dates them (only those: the commit's other work, such as a new
        policy covering the open tickets, keeps its turn)."""
        self.env.flush_all()
        for model in models:
            self.env[model]._track_finalize()

    @api.model
    def _demo_set_create_date(self, records, moments):
        """Date records as created when they were (``moments``: one each)."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE %s t SET create_date = v.at, write_date = v.at "
                "FROM unnest(%s::int4[], %s::timestamp[]) AS v(id, at) WHERE t.id = v.id",
                SQL.identifier(records._table),
                records.ids,
                list(moments),
            )
        )
        records.invalidate_recordset(["create_date", "write_date"])

    @api.model
    def _demo_date_live_tickets(self, values):
        """The open demo tickets (``(xmlid, hours ago)``) created before the
        install, as their vendor cases tell (see ``_demo_date_tickets``)."""
        now = fields.Datetime.now()
        tickets = self.env["helpdesk.ticket"]
        moments = []
        for xmlid, hours in values:
            tickets |= self.env.ref(xmlid)
            moments.append(now - datetime.timedelta(hours=hours))
        self._demo_date_tickets(tickets, moments)
        return True

    @api.model
    def _demo_date_tickets(self, tickets, moments):
        """Tickets made now for past ``moments`` (one each): their creation
        and its message dated then, and their clocks started then as the
        product starts them (the clocks made at the install are replaced)."""
        self._demo_flush_trail("helpdesk.ticket")
        self._demo_set_create_date(tickets, moments)
        self.env.cr.execute(
            SQL(
                "UPDATE mail_message m SET date = v.at FROM unnest(%s::int4[], %s::timestamp[])"
                " AS v(id, at) WHERE m.model = 'helpdesk.ticket' AND m.res_id = v.id",
                tickets.ids,
                list(moments),
            )
        )
        self.env["mail.message"].invalidate_model(["date"])
        self.env.cr.execute(
            SQL("DELETE FROM quality_ops_ticket_sla WHERE ticket_id = ANY(%s)", tickets.ids)
        )
        Clock = self.env["quality_ops.ticket.sla"].sudo()
        Clock.invalidate_model()
        tickets.invalidate_recordset(["quality_sla_ids", "quality_sla_history_ids"])
        for ticket, moment in zip(tickets, moments, strict=True):
            Clock._apply_policies(ticket.sudo(), now=moment, new=True)
        self.env.flush_all()
        self._demo_date_clocks(Clock.search([("ticket_id", "in", tickets.ids)]))

    @api.model
    def _demo_date_clocks(self, clocks):
        """Clocks made now for a past moment dated as made when they started,
        last written when they were reached (or started)."""
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_ticket_sla SET create_date = start_at,"
                " write_date = COALESCE(reached_at, start_at) WHERE id = ANY(%s)",
                clocks.ids,
            )
        )
        clocks.invalidate_recordset(["create_date", "write_date"])

    @api.model
    def _demo_date_survey_answers(self, values):
        """Survey answers received ``days`` before the end of their campaign."""
        for xmlid, days in values:
            answer = self.env.ref(xmlid)
            day = answer.quality_campaign_id.date_to - datetime.timedelta(days=days)
            moment = self._demo_local_moment(day, 1.0 + days % 6)
            self._demo_set_create_date(answer, [moment])
            self.env.cr.execute(
                "UPDATE survey_user_input SET start_datetime = %s, end_datetime = %s WHERE id = %s",
                [moment - datetime.timedelta(minutes=6), moment, answer.id],
            )
            answer.invalidate_recordset(["start_datetime", "end_datetime"])
        return True

    @api.model
    def _demo_date_findings(self, audit_xmlid):
        """The findings of an audit raised the day it was done, their actions
        planned two working days later."""
        audit = self.env.ref(audit_xmlid)
        findings = self.env["quality_ops.finding"].search([("audit_id", "=", audit.id)], order="id")
        day = audit.date_done or audit.planned_date
        self._demo_set_create_date(
            findings, [self._demo_local_moment(day, 4 + 0.25 * i) for i in range(len(findings))]
        )
        actions = findings.action_ids.sorted("id")
        self._demo_set_create_date(
            actions, [self._demo_local_moment(day, 16 + 0.5 * i) for i in range(len(actions))]
        )
        return True

    @api.model
    def _demo_credits(self, scheme_xmlid, today=None):
        """Exemption requests in every state on the breaches of the scheme's
        project, then a statement for every complete month of the scheme
        before ``today``: the early ones approved, the next confirmed, the
        last a draft."""
        ref = self.env.ref
        scheme = ref(scheme_xmlid)
        if scheme.statement_ids:
            return False  # loaded already (module update)
        lead = ref("quality_ops.user_project_lead")
        officer = ref("quality_ops.user_qa_officer")
        manager = ref("quality_ops.user_quality_manager")
        clocks = (
            self.env["quality_ops.ticket.sla"]
            .sudo()
            .search(
                [
                    ("ticket_id.project_id", "=", scheme.project_id.id),
                    ("kind", "=", "resolution"),
                    ("state", "=", "breached"),
                    ("is_current", "=", True),
                ],
                order="reached_at, id",
                limit=5,
            )
        )
        Exemption = self.env["quality_ops.sla.exemption"].with_user(lead)
        stories = [
            ("customer", "客户机房停电，现场无法处理（附客户停电通知）。"),
            ("third_party", "运营商专线中断，已附运营商故障单。"),
            ("maintenance", "双方约定的周六计划维护窗口内的工单。"),
            ("force_majeure", "台风导致交通中断，工程师无法到场。"),
            ("other", "客户要求暂缓处理。"),
        ]
        requests = [
            Exemption.create({"clock_id": clock.id, "reason": reason, "description": text})
            for clock, (reason, text) in zip(clocks, stories, strict=False)
        ]
        decisions = [
            lambda e: e.with_user(manager).action_approve(
                "客户停电通知已核实。", reason="演示数据：批准免责"
            ),
            lambda e: e.with_user(manager).action_approve(
                "运营商故障单已核实。", reason="演示数据：批准免责"
            ),
            lambda e: e.with_user(officer).action_reject("维护窗口未提前报备，不予免责。"),
            lambda e: e.with_user(lead).action_withdraw(),
            None,  # left to decide
        ]
        for exemption, decide in zip(requests, decisions, strict=False):
            if decide:
                decide(exemption.with_env(self.env))
        today = today or self._demo_today()
        months, month = [], scheme.date_start.replace(day=1)
        while month < today.replace(day=1):
            months.append(month)
            month += relativedelta(months=1)
        Statement = self.env["quality_ops.sla.statement"]
        statements = Statement._draft_statements(months, scheme).sorted("date_from")
        for statement in statements[:-1]:
            statement.with_user(lead).action_confirm()
        for statement in statements[:-2]:
            statement.with_user(manager).action_approve()
        return True

import datetime

from odoo import api, fields, models

from ..integrity import SEAL
from .quality_workflow_mixin import with_pass


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
            with_pass(record).write(vals)
            if seal:
                record._quality_add_seals(SEAL)
        return True

    @api.model
    def _demo_new_version(self, previous_xmlid, xmlid, vals):
        """The next version of a demo document, made as *New Version* makes
        it (a copy linked to the version it supersedes), under ``xmlid``."""
        if self.env.ref(xmlid, raise_if_not_found=False):
            return False  # loaded already (module update)
        previous = self.env.ref(previous_xmlid)
        new = previous._quality_copy_with_pass(dict(vals, previous_id=previous.id))
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
        """A month of inspections of the demo plans, recorded as the engineers
        did: on their due day, except the ``missed`` ones (left planned), the
        ``late`` ones (recorded a day late) and the ``abnormal`` ones (an item
        abnormal, which opened a ticket). The last three are indexes of the
        day in the month (1 = the first)."""
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
        plans._materialise(date_from, date_to)
        inspections = Inspection.search(
            [
                ("plan_id", "in", plans.ids),
                ("due_date", ">=", date_from),
                ("due_date", "<=", date_to),
            ],
            order="due_date, id",
        )
        for inspection in inspections:
            day = inspection.due_date.day
            if day in missed:
                continue
            lines = with_pass(inspection).line_ids
            lines.write({"result": "ok"})
            if day in abnormal and lines:
                lines[-1:].write(
                    {"result": "abnormal", "note": "Alarm on the panel, reported to L2 support."}
                )
            done = inspection.due_date + datetime.timedelta(days=1 if day in late else 0)
            with_pass(inspection).write({"state": "done", "date_done": done})
            inspection._open_tickets()
        return True

    @api.model
    def _demo_import_official_holidays(self, calendar_id, year):
        """Import the official holidays of ``year`` into a calendar through the
        import wizard, as a user would; days imported already are skipped."""
        calendar = self.env["resource.calendar"].browse(calendar_id)
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
    def _generate_ticket_history(self, year, count=360, last_month=10):
        """``count`` closed tickets spread from January to ``last_month`` of
        ``year`` over the demo teams, projects and customers, with their SLA
        clocks (some late, some reopened), so that every month has figures.

        Written by SQL: the clocks of a past year cannot be replayed through
        the ORM, whose timestamps are the transaction's."""
        ref = self.env.ref
        teams = [ref("quality_ops.team_service_desk").id, ref("quality_ops.team_l2_support").id]
        projects = [
            ref(f"quality_ops.project_{name}") for name in ("bank", "hospital", "logistics")
        ]
        company = ref("base.main_company").id
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT 1 FROM helpdesk_ticket WHERE number LIKE 'HIST-%%' LIMIT 1")
        if cr.fetchone():
            return False  # loaded already (module update)
        cr.execute(
            """
            INSERT INTO helpdesk_ticket (number, name, description, company_id, team_id,
                   project_id, partner_id, commercial_partner_id, stage_id, priority,
                   create_date, write_date, closed_date, last_stage_update, rating_status,
                   active, quality_reassigned)
            SELECT 'HIST-' || lpad(g::text, 4, '0'),
                   (ARRAY['打印机离线', 'VPN 断线', '磁盘使用率告警',
                          '密码重置', 'ERP 界面缓慢', '备份任务失败'])[1 + g %% 6],
                   '<p>历史工单</p>', %(company)s, (%(teams)s::int[])[1 + g %% 2],
                   (%(projects)s::int[])[1 + g %% 3], (%(partners)s::int[])[1 + g %% 3],
                   (%(partners)s::int[])[1 + g %% 3], %(done)s, (g %% 3)::text,
                   c, c + h, c + h, c + h, 'stage_change', true, g %% 17 = 0
              FROM generate_series(1, %(n)s) g,
                   LATERAL (SELECT (make_date(%(year)s, 1, 5)::timestamp + interval '9 hours'
                                    + ((g::float / %(n)s) * (make_date(%(year)s, %(last)s, 28)
                                       - make_date(%(year)s, 1, 5))) * interval '1 day') AS c,
                                   ((g * 7) %% 13 + 1) * interval '1 hour' AS h) x
            """,
            {
                "company": company,
                "teams": teams,
                "projects": [p.id for p in projects],
                "partners": [p.partner_id.id for p in projects],
                "done": ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                "n": count,
                "year": year,
                "last": last_month,
            },
        )
        for kind, hours in (("response", 2), ("resolution", 8)):
            cr.execute(
                """
                INSERT INTO quality_ops_ticket_sla (ticket_id, company_id, kind, target_hours,
                       start_at, segment_start, deadline, consumed_hours, paused_hours, state,
                       reached_at, breached_at, cycle, is_current, warning_level)
                SELECT t.id, t.company_id, %(kind)s, %(hours)s, t.create_date, t.create_date,
                       t.create_date + %(hours)s * interval '1 hour', x.used, 0,
                       CASE WHEN x.used <= %(hours)s THEN 'met' ELSE 'breached' END,
                       t.create_date + x.used * interval '1 hour',
                       CASE WHEN x.used > %(hours)s
                            THEN t.create_date + %(hours)s * interval '1 hour' END,
                       CASE WHEN t.id %% 11 = 0 THEN 2 ELSE 1 END, true, 0
                  FROM helpdesk_ticket t,
                       LATERAL (SELECT CASE WHEN %(kind)s = 'response'
                                            THEN (t.id %% 5) * 0.6
                                            ELSE EXTRACT(EPOCH FROM t.closed_date - t.create_date)
                                                 / 3600 END AS used) x
                 WHERE t.number LIKE 'HIST-%%'
                """,
                {"kind": kind, "hours": hours},
            )
        return True

    @api.model
    def _demo_credits(self, scheme_xmlid, year, last_month):
        """Exemption requests in every state on the breaches of the scheme's
        project, then a statement for every month of ``year`` to ``last_month``:
        the early ones approved, the next confirmed, the last a draft."""
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
        months = [datetime.date(year, month, 1) for month in range(1, last_month + 1)]
        Statement = self.env["quality_ops.sla.statement"]
        statements = Statement._draft_statements(months, scheme).sorted("date_from")
        for statement in statements[:-1]:
            statement.with_user(lead).action_confirm()
        for statement in statements[:-2]:
            statement.with_user(manager).action_approve()
        return True

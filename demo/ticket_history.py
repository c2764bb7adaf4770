import datetime
import random
import zoneinfo

from dateutil.relativedelta import relativedelta

from odoo import fields

from odoo.addons.quality_ops.quality_ops import sla_clock
from odoo.addons.quality_ops.quality_ops.models.resource_calendar import WorkTimeCache

# what the customers of each demo project call about: (title, category, team,
# weights of the priorities 0 (low) to 3 (urgent))
TITLES = {
    "bank": [
        ("核心交换机端口告警", "network", "l2", (1, 3, 4, 2)),
        ("网点 VPN 断线", "network", "desk", (2, 5, 3, 0)),
        ("柜面终端无法登录", "desktop", "desk", (3, 5, 2, 0)),
        ("存储阵列磁盘预警", "server", "l2", (1, 4, 4, 1)),
        ("数据库归档空间不足", "server", "l2", (1, 3, 5, 1)),
        ("ATM 前置机通讯中断", "application", "l2", (0, 2, 5, 3)),
        ("密码重置与账号解锁", "account", "desk", (6, 4, 0, 0)),
        ("备份任务告警", "server", "l2", (2, 5, 3, 0)),
    ],
    "hospital": [
        ("HIS 门诊模块响应缓慢", "application", "l2", (0, 3, 5, 2)),
        ("PACS 影像调阅失败", "application", "l2", (1, 3, 5, 1)),
        ("护士站打印机离线", "desktop", "desk", (4, 5, 1, 0)),
        ("住院部无线网络信号弱", "network", "desk", (3, 5, 2, 0)),
        ("LIS 接口数据延迟", "application", "l2", (1, 4, 4, 1)),
        ("新员工开通 HIS 账号", "account", "desk", (7, 3, 0, 0)),
        ("服务器补丁升级", "server", "l2", (5, 4, 1, 0)),
    ],
    "logistics": [
        ("仓库标签打印机离线", "desktop", "desk", (3, 5, 2, 0)),
        ("WMS 扫码枪无法连接", "desktop", "desk", (2, 5, 3, 0)),
        ("分拨中心专线中断", "network", "l2", (0, 2, 5, 3)),
        ("夜间备份任务失败", "server", "l2", (2, 5, 3, 0)),
        ("TMS 系统登录缓慢", "application", "l2", (2, 5, 3, 0)),
        ("邮箱容量不足", "account", "desk", (6, 4, 0, 0)),
    ],
}
PROJECT_WEIGHTS = {"bank": 40, "hospital": 35, "logistics": 25}
# rating values and how often customers give them
RATINGS = ((5, 68), (4, 24), (3, 5), (2, 2), (1, 1))
LOW_FEEDBACK = {
    3: "问题解决了，但等了比较久。",
    2: "处理过程中没有人主动告知进展。",
    1: "同一个问题反复出现，希望彻底解决。",
}
ON_CALL_SHARE = 0.08  # tickets raised out of hours, handled by the engineer on call
RATED_SHARE = 0.33


class DemoHistory:
    """A year of ticket history for the demo, relative to the day it is loaded
    (demo data only: this module is imported by the demo's loading step, never
    registered in a database)."""

    def __init__(self, env):
        self.env = env

    def _generate(self, today=None):
        """Closed tickets of the last twelve complete months and of the current
        month up to yesterday, raised and handled in the working time of the
        demo calendar (a few out of hours, taken by the engineer on call), with
        SLA clocks run by the product's clock logic (``sla_clock``) on that
        working time, engineers assigned, and ratings on about a third of them.

        Tickets and clocks are written in bulk (one INSERT each): the clocks of
        a past year cannot be replayed through the ORM, whose timestamps are
        the transaction's. Deterministic (a seeded random generator)."""
        self.env.flush_all()
        if self.env.ref("quality_ops.ticket_history_complained", raise_if_not_found=False):
            return False  # loaded already (module update)
        ref = self.env.ref
        today = today or self.env["quality_ops.demo"]._demo_today()
        first_day = today.replace(day=1) - relativedelta(months=12)
        calendar = ref("quality_ops.calendar_china_office")
        zone = zoneinfo.ZoneInfo(calendar.tz or "Asia/Shanghai")
        cutoff = self._utc(datetime.datetime.combine(today, datetime.time()), zone)
        now = fields.Datetime.now()
        cache = WorkTimeCache(self.env)
        work = cache.work(calendar)
        context = self._context_records()
        rng = random.Random(f"quality_ops-{first_day.isoformat()}")
        tickets, clocks = [], []
        day = first_day
        while day < today:
            start = self._utc(datetime.datetime.combine(day, datetime.time()), zone)
            hours = work.hours_between(start, start + datetime.timedelta(days=1))
            month_key = (day.year, day.month)
            count = rng.choice((1, 1, 2, 2, 2, 3)) if hours else 0
            for _index in range(count):
                created = work.add_hours(start, rng.uniform(0.05, hours - 0.05))
                tickets.append(self._ticket(rng, created, month_key, context, work, cutoff))
            if rng.random() < ON_CALL_SHARE * (2 if not hours else 1):
                local = datetime.datetime.combine(day, datetime.time(19)) + datetime.timedelta(
                    minutes=rng.randint(0, 200)
                )
                created = self._utc(local, zone)
                tickets.append(
                    self._ticket(rng, created, month_key, context, work, cutoff, on_call=True)
                )
            day += datetime.timedelta(days=1)
        tickets.sort(key=lambda ticket: ticket["created"])
        ids = self._insert_tickets(tickets, context, now)
        Sla = self.env["quality_ops.ticket.sla"]
        company = context["company"]
        for ticket_id, ticket in zip(ids, tickets, strict=True):
            for clock in ticket["clocks"]:
                clocks.append((ticket_id, company, ticket["policy"], calendar.id, clock))
        self.env["quality_ops.demo"]._demo_date_clocks(Sla._insert(clocks))
        self._rate(rng, ids, tickets, context)
        self._register_complained_ticket(ids, tickets, today)
        self.env.invalidate_all()
        return True

    def _utc(self, local, zone):
        return local.replace(tzinfo=zone).astimezone(datetime.UTC).replace(tzinfo=None)

    def _context_records(self):
        ref = self.env.ref
        desk, l2 = ref("quality_ops.team_service_desk"), ref("quality_ops.team_l2_support")
        engineers = {
            "desk": [ref("quality_ops.user_engineer"), ref("quality_ops.user_engineer2")],
            "l2": [ref("quality_ops.user_engineer3"), ref("quality_ops.user_engineer")],
        }
        policies = {
            "bank": ref("quality_ops.sla_policy_bank"),
            "other": ref("quality_ops.sla_policy_standard"),
        }
        targets = {
            key: {line.priority: line for line in policy.line_ids}
            for key, policy in policies.items()
        }
        projects = {name: ref(f"quality_ops.project_{name}") for name in TITLES}
        # how well each team did each month (set on first use)
        return {
            "company": ref("base.main_company").id,
            "teams": {"desk": desk.id, "l2": l2.id},
            "engineers": engineers,
            "oncall": ref("quality_ops.user_om_manager"),
            "policies": policies,
            "targets": targets,
            "projects": projects,
            "categories": {
                name: ref(f"quality_ops.ticket_category_{name}").id
                for name in ("network", "server", "desktop", "application", "account")
            },
            "channels": [
                ref("helpdesk_mgmt.helpdesk_ticket_channel_phone").id,
                ref("helpdesk_mgmt.helpdesk_ticket_channel_email").id,
                ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            ],
            "months": {},
        }

    def _ticket(self, rng, created, month_key, context, work, cutoff, on_call=False):
        """One ticket: who, what, and its two clocks as the clock logic runs them."""
        project_key = rng.choices(list(PROJECT_WEIGHTS), list(PROJECT_WEIGHTS.values()))[0]
        title, category, team, weights = rng.choice(TITLES[project_key])
        priority = rng.choices("0123", weights)[0]
        if on_call:
            priority = max(priority, "2")
        # a month of a team: how often it missed its targets (compliance varies)
        month = context["months"].setdefault(
            (month_key, team), (rng.uniform(0.02, 0.09), rng.uniform(0.04, 0.13))
        )
        policy_key = "bank" if project_key == "bank" else "other"
        line = context["targets"][policy_key][priority]
        user = rng.choice(context["engineers"][team])
        # the first response: a share of the target, late now and then
        response_share = (
            rng.uniform(1.1, 2.2) if rng.random() < month[0] else rng.triangular(0.05, 0.95, 0.3)
        )
        resolution_share = (
            rng.uniform(1.05, 1.9) if rng.random() < month[1] else rng.triangular(0.1, 1.0, 0.45)
        )
        start = sla_clock.start
        response = start("response", line.response_hours, created, work)
        resolution = start("resolution", line.resolution_hours, created, work)
        if on_call:
            user = context["oncall"]
            responded = created + datetime.timedelta(minutes=rng.randint(8, 40))
            resolved = responded + datetime.timedelta(minutes=rng.randint(40, 240))
        else:
            responded = work.add_hours(created, line.response_hours * response_share)
            resolved = work.add_hours(
                created,
                max(line.resolution_hours * resolution_share, line.response_hours * response_share)
                + 0.25,
            )
        stage = "done"
        if responded < cutoff:
            response = sla_clock.reach(response, responded, work)
        else:
            stage = "new"
        if resolved < cutoff:
            resolution = sla_clock.reach(resolution, resolved, work)
        else:
            stage = "in_progress" if stage == "done" else stage
            resolved = None
        return {
            "name": title,
            "project": context["projects"][project_key],
            "team": context["teams"][team],
            "category": context["categories"][category],
            "priority": priority,
            "user": user.id,
            "created": created,
            "responded": responded if responded < cutoff else None,
            "closed": resolved,
            "stage": stage,
            "policy": context["policies"][policy_key].id,
            "clocks": [response, resolution],
            "channel": rng.choice(context["channels"]),
        }

    def _insert_tickets(self, tickets, context, now):
        ref = self.env.ref
        stages = {
            name: ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{name}")
            for name in ("new", "in_progress", "done")
        }
        columns = {
            "number": self._numbers(tickets),
            "name": [t["name"] for t in tickets],
            "description": [f"<p>{t['name']}。</p>" for t in tickets],
            "team_id": [t["team"] for t in tickets],
            "project_id": [t["project"].id for t in tickets],
            "partner_id": [t["project"].partner_id.id for t in tickets],
            "category_id": [t["category"] for t in tickets],
            "channel_id": [t["channel"] for t in tickets],
            "stage_id": [stages[t["stage"]].id for t in tickets],
            "unattended": [stages[t["stage"]].unattended for t in tickets],
            "priority": [t["priority"] for t in tickets],
            "user_id": [t["user"] for t in tickets],
            "create_date": [t["created"] for t in tickets],
            "assigned_date": [t["created"] for t in tickets],
            "write_date": [t["closed"] or t["responded"] or t["created"] for t in tickets],
            "closed_date": [t["closed"] for t in tickets],
            "last_stage_update": [t["closed"] or t["responded"] or t["created"] for t in tickets],
            "quality_reassigned": [index % 17 == 0 for index in range(len(tickets))],
        }
        types = {
            "number": "varchar",
            "name": "varchar",
            "description": "text",
            "priority": "varchar",
            "unattended": "bool",
            "quality_reassigned": "bool",
            "create_date": "timestamp",
            "assigned_date": "timestamp",
            "write_date": "timestamp",
            "closed_date": "timestamp",
            "last_stage_update": "timestamp",
        }
        names = list(columns)
        uid = self.env.uid
        self.env.cr.execute(
            f"INSERT INTO helpdesk_ticket ({', '.join(names)}, commercial_partner_id, "
            "company_id, rating_status, active, create_uid, write_uid) "
            f"SELECT {', '.join('v.' + n for n in names)}, v.partner_id, %s, 'stage_change', "
            "true, %s, %s FROM unnest("
            + ", ".join(f"%s::{types.get(n, 'int4')}[]" for n in names)
            + f") AS v({', '.join(names)}) RETURNING id",
            [context["company"], uid, uid, *columns.values()],
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        # RETURNING keeps the order of the rows inserted from unnest
        return ids

    def _numbers(self, tickets):
        """Numbers of the month a ticket came in (HT2604-017: April 2026's 17th),
        apart from the helpdesk sequence, which numbers the tickets of today."""
        numbers, counts = [], {}
        for ticket in tickets:
            month = ticket["created"].strftime("%y%m")
            counts[month] = counts.get(month, 0) + 1
            numbers.append(f"HT{month}-{counts[month]:03d}")
        return numbers

    def _rate(self, rng, ids, tickets, context):
        """Ratings on about a third of the closed tickets, given a day or two
        after closing: mostly good, a few low with the customer's words."""
        model = self.env["ir.model"]._get_id("helpdesk.ticket")
        values, dates = [], []
        users = self.env["res.users"].browse({t["user"] for t in tickets})
        partner_of = {user.id: user.partner_id.id for user in users}
        for ticket_id, ticket in zip(ids, tickets, strict=True):
            if not ticket["closed"] or rng.random() >= RATED_SHARE:
                continue
            value = rng.choices([r for r, _w in RATINGS], [w for _r, w in RATINGS])[0]
            values.append(
                {
                    "res_model_id": model,
                    "res_id": ticket_id,
                    "partner_id": ticket["project"].partner_id.id,
                    "rated_partner_id": partner_of[ticket["user"]],
                    "rating": value,
                    "feedback": LOW_FEEDBACK.get(value, False),
                    "consumed": True,
                }
            )
            dates.append(ticket["closed"] + datetime.timedelta(hours=rng.randint(2, 40)))
        ratings = self.env["rating.rating"].sudo().create(values)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rating_rating r SET create_date = v.at, write_date = v.at "
            "FROM unnest(%s::int4[], %s::timestamp[]) AS v(id, at) WHERE r.id = v.id",
            [ratings.ids, dates],
        )

    def _register_complained_ticket(self, ids, tickets, today):
        """The bank ticket the portal customer complains about in the demo: a
        backup alarm closed two to six weeks ago."""
        lower = today - datetime.timedelta(days=42)
        upper = today - datetime.timedelta(days=14)
        bank = self.env.ref("quality_ops.project_bank")
        chosen = [
            ticket_id
            for ticket_id, t in zip(ids, tickets, strict=True)
            if t["project"] == bank and t["closed"] and lower <= t["closed"].date() <= upper
        ]
        backups = [
            ticket_id
            for ticket_id, t in zip(ids, tickets, strict=True)
            if ticket_id in chosen and t["name"] == "备份任务告警"
        ]
        self.env["ir.model.data"].create(
            {
                "module": "quality_ops",
                "name": "ticket_history_complained",
                "model": "helpdesk.ticket",
                "res_id": (backups or chosen)[-1],
                "noupdate": True,
            }
        )

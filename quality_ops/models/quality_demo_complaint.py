import datetime

from odoo import api, fields, models
from odoo.tools import SQL

from .resource_calendar import WorkTimeCache

COMPLAINT_SEQUENCE = "quality_ops.complaint"


class QualityDemo(models.AbstractModel):
    _inherit = "quality_ops.demo"

    @api.model
    def _demo_date_complaints(self, values):
        """Complaints received on past days (``(xmlid, day)``), their deadlines,
        answer and closing counted from then as the product counts them, and
        numbered in the order they were received."""
        cache = WorkTimeCache(self.env)
        # answered or closed in working hours after they came in, not later
        # than now (a complaint of last week, a holiday since)
        now = fields.Datetime.now()
        complaints = self.env["quality_ops.complaint"]
        days = {}
        today = self._demo_today()
        for index, (xmlid, day) in enumerate(values):
            complaint = self.env.ref(xmlid)
            complaints |= complaint
            day = fields.Date.to_date(day)
            received = self._demo_local_moment(day, 0.5 + index % 5)
            # a weekend or holiday moves to the next working day: a complaint
            # of the last days came in on the working day before today
            while self.env.company._quality_local_date(received) >= today:
                day -= datetime.timedelta(days=1)
                received = self._demo_local_moment(day, 0.5 + index % 5)
            days[complaint.id] = day
            self._demo_set_create_date(complaint, [received])
            complaint._set_deadlines(received)
            calendar, level = complaint._calendar(), complaint.level_id
            vals = {}
            if complaint.responded_at:
                vals["responded_at"] = min(
                    cache.add_hours(calendar, received, level.response_hours * 0.6), now
                )
            if complaint.closed_at:
                vals["closed_at"] = min(
                    cache.add_hours(calendar, received, level.close_hours * 0.7), now
                )
            if vals:
                complaint._quality_write(vals)
        self._demo_number_complaints(complaints, days)
        self._demo_date_complaint_trails(complaints)
        return True

    @api.model
    def _demo_walk_complaint(self, xmlid, stage_xmlid):
        """Move a complaint through each stage up to ``stage_xmlid``, one
        tracked move each (its trail shows the closed loop it went through,
        not a jump from acceptance to its stage)."""
        complaint = self.env.ref(xmlid)
        target = self.env.ref(stage_xmlid)
        stages = self.env["quality_ops.complaint.stage"].search(
            [
                ("sequence", ">", complaint.stage_id.sequence),
                ("sequence", "<=", target.sequence),
                ("company_id", "in", [complaint.company_id.id, False]),
            ],
            order="sequence, id",
        )
        # moved by its owner, each move's message in his name, as a real one reads
        owner = complaint.owner_id or self.env.user
        for stage in stages:
            complaint.with_user(owner).write({"stage_id": stage.id})
            self.with_user(owner)._demo_flush_trail(complaint._name)
        return True

    def _demo_received_by_owners(self, complaints):
        """Complaints received by their owners: their creation message and
        creator theirs, not the loader's (OdooBot)."""
        self.env.cr.execute(
            SQL(
                """UPDATE mail_message m SET author_id = u.partner_id
                     FROM quality_ops_complaint c
                     JOIN res_users u ON u.id = c.owner_id
                    WHERE c.id = ANY(%s) AND m.author_id = %s
                      AND m.id = (SELECT min(id) FROM mail_message
                                   WHERE model = 'quality_ops.complaint' AND res_id = c.id)""",
                complaints.ids,
                self.env.ref("base.partner_root").id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_complaint SET create_uid = owner_id"
                " WHERE id = ANY(%s) AND owner_id IS NOT NULL",
                complaints.ids,
            )
        )
        complaints.invalidate_recordset(["create_uid"])
        self.env["mail.message"].invalidate_model(["author_id"])

    def _demo_date_complaint_trails(self, complaints):
        """The trail of complaints made now for past days: their creation,
        escalation note and log dated when they came in, their moves through
        the stages from when they were answered to when they closed (halfway
        to now for an open one, in working hours), and the quality manager's
        escalation to-do done then for those taken beyond acceptance (the
        newest stays to do, due the day it came in)."""
        self._demo_flush_trail("quality_ops.complaint")
        cache, now = WorkTimeCache(self.env), fields.Datetime.now()
        accept = self.env.ref("quality_ops.complaint_stage_accept")
        Activity = self.env["mail.activity"]
        self._demo_received_by_owners(complaints)
        for complaint in complaints:
            received = complaint.create_date
            # answered (the escalation's to-do done), then moved on
            handled = complaint.responded_at or complaint.closed_at or received
            self.env.cr.execute(
                SQL(
                    """UPDATE mail_message m SET date = %s
                        WHERE m.model = 'quality_ops.complaint' AND m.res_id = %s""",
                    received,
                    complaint.id,
                )
            )
            # its moves, in order: the first when it was answered, the last
            # when it closed (or on a working day since, for an open one)
            moves = self.env["mail.message"].search(
                [
                    ("model", "=", complaint._name),
                    ("res_id", "=", complaint.id),
                    ("tracking_value_ids", "!=", False),
                ],
                order="id",
            )
            calendar = complaint._calendar()
            last = complaint.closed_at if complaint.is_closed else now
            # in working hours: an open one's last move halfway to now
            span = cache.hours_between(calendar, handled, last) * (
                1 if complaint.is_closed else 0.5
            )
            for step, move in enumerate(moves):
                share = step / max(len(moves) - 1, 1)
                at = min(cache.add_hours(calendar, handled, span * share), last)
                self.env.cr.execute(
                    SQL("UPDATE mail_message SET date = %s WHERE id = %s", at, move.id)
                )
            self.env.cr.execute(
                SQL(
                    "UPDATE quality_ops_escalation SET escalated_at = %s, create_date = %s"
                    " WHERE complaint_id = %s",
                    received,
                    received,
                    complaint.id,
                )
            )
            activities = Activity.search(
                [("res_model", "=", complaint._name), ("res_id", "=", complaint.id)]
            )
            if complaint.stage_id == accept:
                activities.write(
                    {"date_deadline": complaint.company_id._quality_local_date(received)}
                )
                continue
            for activity in activities:
                # done by its owner, in his language
                owner = activity.user_id
                done_by = activity.with_user(owner).with_context(lang=owner.lang)
                messages, _next = done_by._action_done(feedback="已受理，转交调查。")
                self.env.cr.execute(
                    SQL(
                        "UPDATE mail_message SET date = %s WHERE id = ANY(%s)",
                        handled,
                        messages.ids,
                    )
                )
        self.env["mail.message"].invalidate_model(["date"])

    def _demo_number_complaints(self, complaints, days):
        """Number ``complaints`` again as the register would have numbered
        them when they came in: in the order they were received, each from
        the sequence of the year of its day (``days``: the received day of
        each by id). The numbers their making took today, the last of their
        year, are given back first, so that none is missing; when others
        were taken since, the complaints keep theirs."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", COMPLAINT_SEQUENCE),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence.use_date_range:
            return False
        references = set(complaints.mapped("reference"))
        given_back = {}
        # read from the database sequences, not as the ranges were made
        sequence.date_range_ids.invalidate_recordset(["number_next_actual"])
        for date_range in sequence.date_range_ids:
            prefix, suffix = sequence._get_prefix_suffix(date_range=date_range.date_from)
            numbers = sorted(
                int(reference[len(prefix) : len(reference) - len(suffix)])
                for reference in references
                if reference.startswith(prefix) and reference.endswith(suffix)
            )
            if not numbers:
                continue
            if numbers != list(range(numbers[0], date_range.number_next_actual)):
                return False  # not the last numbers of their year: kept
            given_back[date_range] = numbers[0]
            in_range = sequence.with_context(ir_sequence_date_range=date_range.date_from)
            references -= {in_range.get_next_char(number) for number in numbers}
        if references:
            return False  # numbered otherwise: kept
        for date_range, number in given_back.items():
            date_range.number_next_actual = number
        received = complaints.sorted(lambda c: (c.create_date, c.id))
        renumbered = [sequence.next_by_id(sequence_date=days[c.id]) for c in received]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE quality_ops_complaint c SET reference = v.reference "
                "FROM unnest(%s::int4[], %s::varchar[]) AS v(id, reference) WHERE c.id = v.id",
                received.ids,
                renumbered,
            )
        )
        complaints.invalidate_recordset(["reference", "display_name"])
        return True

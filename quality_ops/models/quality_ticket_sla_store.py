import functools
from collections import namedtuple

from odoo import api, fields, models
from odoo.tools import SQL, float_round

from .. import sla_clock
from ..sla_clock import OUTCOME_STATES, TICKING_STATES, sql_states

# the states of a clock counting down, for SQL text
TICKING_SQL = sql_states(TICKING_STATES)

# a stored clock as loaded for an event: the model's links and the state
# machine's values
Row = namedtuple("Row", "id ticket_id policy_id calendar_id company_id clock")
ROW_COLUMNS = ("id", "ticket_id", "policy_id", "calendar_id", "company_id", *sla_clock.FIELDS)
# numbers as floats and no NULL where the state machine wants a value
ROW_SELECT = ", ".join(
    {
        "target_hours": "COALESCE(target_hours, 0)::float8",
        "consumed_hours": "COALESCE(consumed_hours, 0)::float8",
        "paused_hours": "COALESCE(paused_hours, 0)::float8",
        "warning_level": "COALESCE(warning_level, 0)",
        "cycle": "COALESCE(cycle, 1)",
    }.get(column, column)
    for column in ROW_COLUMNS
)
INSERT_COLUMNS = (
    "ticket_id",
    "company_id",
    "policy_id",
    "calendar_id",
    "is_current",
    "reconstructed",
)
INSERT_COLUMNS += sla_clock.FIELDS
# what a re-plan after a change of working time leaves on the clock
REPLAN_COLUMNS = ("replanned_at", "deadline_before_replan")


def verdict_people(clock, ticket):
    """The engineer and team a clock (``clock``: the SQL alias of its row) is
    counted under: those of its ticket (``ticket``) when its verdict fell,
    stamped then, so that handing the ticket on afterwards moves no verdict
    from one engineer or team to another; the ticket's own until then."""
    return {
        name: SQL(
            "CASE WHEN %s THEN %s ELSE %s END",
            SQL.identifier(clock, "verdict_stamped"),
            SQL.identifier(clock, f"verdict_{column}"),
            SQL.identifier(ticket, column),
        )
        for name, column in (("engineer", "user_id"), ("team", "team_id"))
    }


VERDICTS_SQL = sql_states(OUTCOME_STATES)


def _stamp_assignments(new_state):
    """The SET items of a clock UPDATE (``t``, its ticket ``h``) whose state
    becomes ``new_state`` (SQL): a verdict that falls is stamped with the
    ticket's engineer and team, one already stamped keeps them (a breach then
    reached), one withdrawn (reopened in place, cancelled) loses them."""
    judged = f"({new_state}) IN {VERDICTS_SQL}"
    kept = "COALESCE(t.verdict_stamped, FALSE)"
    return [
        f"verdict_user_id = CASE WHEN {judged} THEN"
        f" CASE WHEN {kept} THEN t.verdict_user_id ELSE h.user_id END END",
        f"verdict_team_id = CASE WHEN {judged} THEN"
        f" CASE WHEN {kept} THEN t.verdict_team_id ELSE h.team_id END END",
        f"verdict_stamped = {judged}",
    ]


# the sweep's breach stamps its clock as the ticket stands (verdict_people)
STAMP_AT_BREACH = SQL(
    "verdict_user_id = (SELECT user_id FROM helpdesk_ticket WHERE id = ticket_id), "
    "verdict_team_id = (SELECT team_id FROM helpdesk_ticket WHERE id = ticket_id), "
    "verdict_stamped = TRUE"
)


def _converters(model):
    """Per field, a function giving the SQL value the ORM would write."""
    cls = type(model)
    converters = cls.__dict__.get("_quality_converters")
    if converters is None:
        converters = {}
        for name in (*INSERT_COLUMNS, "company_id", *REPLAN_COLUMNS):
            field = model._fields[name]
            if field.type == "float":
                scale = field.get_digits(model.env)[1]
                converters[name] = functools.partial(_round, scale=scale)
            elif field.type == "datetime":
                converters[name] = _whole_seconds
            elif field.type == "integer":
                converters[name] = _integer
            elif field.type == "boolean":
                converters[name] = bool
            else:  # many2one, selection
                converters[name] = _or_null
        cls._quality_converters = converters
    return converters


def _round(value, scale):
    return float_round(value or 0.0, precision_digits=scale)


def _whole_seconds(value):
    return value.replace(microsecond=0) if value else None


def _integer(value):
    return int(value or 0)


def _or_null(value):
    return value or None


class QualityTicketSlaStore(models.AbstractModel):
    """Clocks loaded and stored in bulk, in SQL (one query per set of changed
    fields), with the values the ORM would write: the state machine
    (``sla_clock``) computes, this stores."""

    _name = "quality_ops.ticket.sla.store"
    _description = "SLA Clocks Stored in Bulk"

    # ------------------------------------------------------------------
    # loading and storing clocks in bulk (the state machine does the rest)
    # ------------------------------------------------------------------
    def _load(self, ticket_ids, condition=None):
        """The current clocks of tickets as :class:`Row` s: one query."""
        if not ticket_ids:
            return []
        self.flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM quality_ops_ticket_sla "
                "WHERE ticket_id = ANY(%s) AND is_current AND %s ORDER BY id",
                SQL(ROW_SELECT),
                list(ticket_ids),
                condition or SQL("TRUE"),
            )
        )
        return [Row(*values[:5], sla_clock.Clock(*values[5:])) for values in self.env.cr.fetchall()]

    def _write_changes(self, changes):
        """Store ``{clock id: {field: value}}``: one UPDATE per set of changed
        fields, whatever the number of clocks; a field with the same new value
        for all is set once, the others come as one array each (``unnest``).
        A change of state or reach stamps, in the same UPDATE, the engineer and
        team of a verdict that falls, and clears those of one withdrawn (see
        ``verdict_people``)."""
        if not changes:
            return
        groups = {}
        for clock_id, vals in changes.items():
            groups.setdefault(tuple(sorted(vals)), []).append((clock_id, vals))
        if any("state" in names or "reached_at" in names for names in groups):
            # the ticket as it stands in this transaction, handed on a moment ago too
            self.env["helpdesk.ticket"].flush_model(["user_id", "team_id"])
        convert = _converters(self)
        now = fields.Datetime.now()
        for names, items in groups.items():
            assignments, params = [], []
            arrays, aliases, array_params = ["%s::int4[]"], ["id"], [[cid for cid, _v in items]]
            new_state = "t.state"
            for name in names:
                column_type = self._fields[name].column_type[1]
                values = [convert[name](vals[name]) for _cid, vals in items]
                if all(value == values[0] for value in values):
                    assignments.append(f"{name} = %s::{column_type}")
                    params.append(values[0])
                    if name == "state":
                        new_state = sql_states([values[0]])
                else:
                    assignments.append(f"{name} = v.{name}")
                    arrays.append(f"%s::{column_type}[]")
                    aliases.append(name)
                    array_params.append(values)
                    if name == "state":
                        new_state = "v.state"
            tickets, judged = "", ""
            if "state" in names or "reached_at" in names:
                tickets, judged = ", helpdesk_ticket h", " AND h.id = t.ticket_id"
                assignments.extend(_stamp_assignments(new_state))
            self.env.cr.execute(
                f"UPDATE quality_ops_ticket_sla AS t SET {', '.join(assignments)}, "
                f"write_uid = %s, write_date = %s FROM unnest({', '.join(arrays)}) "
                f"AS v({', '.join(aliases)}){tickets} WHERE t.id = v.id{judged}",
                [*params, self.env.uid, now, *array_params],
            )
        self.browse(list(changes)).invalidate_recordset(flush=False)

    @api.model
    def _stamp_verdicts(self, clock_ids):
        """Stamp the engineer and team of new clocks inserted with their
        verdict (see ``verdict_people``): one query."""
        if not clock_ids:
            return
        # the ticket as it stands in this transaction, handed on a moment ago too
        self.env["helpdesk.ticket"].flush_model(["user_id", "team_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE quality_ops_ticket_sla r
                   SET verdict_user_id = CASE WHEN r.state IN %(verdicts)s THEN t.user_id END,
                       verdict_team_id = CASE WHEN r.state IN %(verdicts)s THEN t.team_id END,
                       verdict_stamped = r.state IN %(verdicts)s
                  FROM helpdesk_ticket t
                 WHERE t.id = r.ticket_id AND r.id = ANY(%(ids)s)
                   AND (r.state IN %(verdicts)s) <> COALESCE(r.verdict_stamped, FALSE)
                """,
                verdicts=OUTCOME_STATES,
                ids=list(clock_ids),
            )
        )

    @api.model
    def _insert(self, rows, reconstructed=False):
        """Bulk INSERT of new clocks, given as ``(ticket id, company id, policy
        id, calendar id, Clock)`` (a sixth item False: an earlier cycle, not the
        current clock): one query, ticket creation is the hot path.

        Clocks have no computed stored field and no constraint to check, so the
        ORM's per-record create work buys nothing here; the tickets' rows exist
        already, so nothing needs flushing first but pending clock changes.
        A column with one value for every row is sent once, the others as one
        array each (``unnest``), which keeps a batch of 1,000 clocks cheap.
        """
        if not rows:
            return self.browse()
        self.flush_model(["is_current"])
        convert = _converters(self)
        now = fields.Datetime.now()
        uid = self.env.uid
        # tickets created together share their clocks: convert each one once
        converted = {}
        records = []
        for ticket_id, company_id, policy_id, calendar_id, clock, *current in rows:
            values = converted.get(id(clock))
            if values is None:
                values = converted[id(clock)] = tuple(
                    convert[name](value)
                    for name, value in zip(sla_clock.FIELDS, clock, strict=True)
                )
            records.append(
                (
                    ticket_id,
                    company_id or None,
                    policy_id or None,
                    calendar_id or None,
                    current[0] if current else True,
                    reconstructed,
                )
                + values
            )
        selected, arrays, params, array_params = [], [], [], []
        for name, values in zip(INSERT_COLUMNS, zip(*records, strict=True), strict=True):
            field = self._fields[name]
            if len(set(values)) == 1:
                selected.append(f"%s::{field.column_type[1]}")
                params.append(values[0])
            else:
                selected.append(f"v.{name}")
                arrays.append((f"%s::{field.column_type[1]}[]", name))
                array_params.append(list(values))
        if not arrays:  # one row: unnest something all the same
            arrays.append(("%s::int4[]", "row_number"))
            array_params.append(list(range(len(rows))))
        self.env.cr.execute(
            f"INSERT INTO quality_ops_ticket_sla ({', '.join(INSERT_COLUMNS)}, create_uid, "
            f"create_date, write_uid, write_date) SELECT {', '.join(selected)}, %s, %s, %s, %s "
            f"FROM unnest({', '.join(cast for cast, _name in arrays)}) "
            f"AS v({', '.join(name for _cast, name in arrays)}) RETURNING id",
            [*params, uid, now, uid, now, *array_params],
        )
        created = self.browse([row[0] for row in self.env.cr.fetchall()])
        if any(row[4].state in OUTCOME_STATES for row in rows):
            self._stamp_verdicts(created.ids)
        return created

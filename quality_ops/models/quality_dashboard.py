"""The one-screen quality dashboard: figures read from the stored records.

Nothing here computes an indicator or judges a value: each figure is a stored
measurement (value, target in force and status, as the engine and
``targets.evaluate`` left them) or a count of records read with the user's
rights, and comes with what opens the records behind it.
"""

import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

from ..arguments import INT_MAX
from ..groups import GROUP_OFFICER
from ..indicators import BY_KEY, SLA, sources_of
from ..periods import add_months
from ..tools.argument_guard import arguments
from .quality_indicator_registry import Period

DASHBOARD_GROUP = ANALYSIS_GROUP = GROUP_OFFICER
# below this many tickets, ratings or answers a value is shown as a small sample
MIN_SAMPLE = 10
MEASUREMENT_FIELDS = [
    "indicator_id",
    "date_from",
    "scope_key",
    "team_id",
    "numerator",
    "denominator",
    "value",
    "has_value",
    "target_value",
    "warning_value",
    "target_id",
    "status",
    "state",
]


class QualityDashboard(models.AbstractModel):
    _name = "quality_ops.dashboard"
    _description = "Quality Dashboard"

    @api.readonly
    @api.model
    @arguments(year="any", team_id="any", project_id="any", partner_id="any", month="any")
    def get_dashboard_data(
        self, year=None, team_id=None, project_id=None, partner_id=None, month=None
    ):
        """Every figure of the dashboard for a month (by default the last
        complete one), the trend of its year and a scope (the company, or one
        team, project or customer), for the current company.

        Measurements are kept per scope (a team's, a project's, a customer's),
        so one scope filter applies at a time."""
        if not self.env.user.has_group(DASHBOARD_GROUP):
            raise AccessError(
                self.env._(
                    "The quality dashboard is for the quality department and the "
                    "management representative."
                )
            )
        company = self.env.company
        today = company._quality_today()
        this_month = today.replace(day=1)
        year, selected = self._dashboard_month(year, month, this_month)
        scope, key = self._dashboard_scope(team_id, project_id, partner_id)
        months = [datetime.date(year, number, 1) for number in range(1, 13)]
        Measurement = self.env["quality_ops.measurement"]
        base_list = [
            ("company_id", "=", company.id),
            ("periodicity", "=", "month"),
            ("date_from", ">=", months[0].isoformat()),
            ("date_from", "<=", months[-1].isoformat()),
        ]
        base = Domain(base_list)
        scoped = [*base_list, ("scope", "=", scope), ("scope_key", "=", key)]
        # the user's own rules apply: nothing is read with sudo; last year's
        # months too, for the comparison with the same month a year earlier
        measurements = Measurement.search_fetch(
            Domain(
                [
                    ("company_id", "=", company.id),
                    ("periodicity", "=", "month"),
                    ("date_from", ">=", datetime.date(year - 1, 1, 1).isoformat()),
                    ("date_from", "<=", months[-1].isoformat()),
                    ("scope", "=", scope),
                    ("scope_key", "=", key),
                ]
            ),
            [*MEASUREMENT_FIELDS, "computed_at"],
            order="date_from",
        )
        statuses = dict(Measurement._fields["status"]._description_selection(self.env))
        indicators = self.env["quality_ops.indicator"].search(
            [("company_id", "in", [company.id, False])]
        )
        indicators |= measurements.indicator_id
        by_indicator = measurements.grouped("indicator_id")
        previous_month = self._dashboard_shift(selected, -1)
        last_year = self._dashboard_shift(selected, -12)
        analyses = self.env["quality_ops.indicator.analysis"]._dashboard_analyses(
            company, selected, scope, key
        )
        kpis = []
        for indicator in indicators.sorted(lambda i: (i.sequence, i.code)):
            rows = by_indicator.get(indicator, Measurement)
            by_month = {m.date_from: m for m in rows}
            trend = self._dashboard_series(
                rows.filtered(lambda m: m.date_from.year == year), months, statuses
            )
            current = trend[selected.month - 1]
            kpis.append(
                {
                    "indicator_id": indicator.id,
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "source": indicator.source,
                    # the section it belongs to, as its source declares it
                    "grouping": getattr(BY_KEY.get(indicator.source), "grouping", False),
                    "current": current,
                    "previous": self._dashboard_compare(
                        current, by_month.get(previous_month), indicator.direction
                    ),
                    "last_year": self._dashboard_compare(
                        current, by_month.get(last_year), indicator.direction
                    ),
                    "analysis": analyses.get(indicator.id),
                    "measurements_domain": [*scoped, ("indicator_id", "=", indicator.id)],
                    "trend": trend,
                }
            )
        in_month = measurements.filtered(lambda m: m.date_from == selected and m.computed_at)
        as_of = (
            company._quality_local_date(max(in_month.mapped("computed_at"))) if in_month else today
        )
        month_to_date = selected == this_month
        return {
            "year": year,
            "month": selected.isoformat(),
            "month_to_date": month_to_date,
            "this_month": this_month.isoformat(),
            "as_of": min(as_of, today).isoformat() if month_to_date else False,
            "tickets": (
                self._dashboard_tickets(company, selected, today, scope, key)
                if month_to_date
                else False
            ),
            "min_sample": MIN_SAMPLE,
            "no_data_label": statuses.get("no_data", ""),
            "analysis_editable": self.env.user.has_group(ANALYSIS_GROUP),
            "scope": scope,
            "scope_key": key,
            "company": company.name,
            "months": [m.isoformat() for m in months],
            "month_options": [m.isoformat() for m in months if m <= this_month],
            "kpis": kpis,
            "sla": self._dashboard_sla(base, scope, key, months, statuses),
            "complaints": self._dashboard_complaints(company, year, scope, key),
            "improvement": self._dashboard_improvement(company, scope, key),
            "filters": self._dashboard_filters(base, company, year, this_month),
        }

    # ------------------------------------------------------------------
    @api.model
    def _dashboard_shift(self, month, months):
        """The first day of the month ``months`` away from ``month``."""
        return add_months(month.replace(day=1), months)

    @api.model
    def _dashboard_month(self, year, month, this_month):
        """``(year, first day of the month shown)``: the month asked for, else
        the last complete month (of the year asked for, else of today)."""
        last_complete = self._dashboard_shift(this_month, -1)
        if year in (None, False, "") and month in (None, False, ""):
            return last_complete.year, last_complete
        year = self._dashboard_year(this_month.year if year in (None, False, "") else year)
        if month in (None, False, ""):
            if year < this_month.year:
                month = 12
            elif year == last_complete.year:
                month = last_complete.month
            else:
                month = 1
        try:
            month = int(month)
        except (TypeError, ValueError):
            month = 0
        if not 1 <= month <= 12:
            raise UserError(self.env._("Choose a month of the year."))
        selected = datetime.date(year, month, 1)
        if selected > this_month:
            raise UserError(self.env._("This month has not begun: choose a month until today."))
        return year, selected

    @api.model
    def _dashboard_compare(self, current, other, direction):
        """A measured value beside the same indicator's value of another
        month: the other value, the change, and whether it is better given
        the indicator's direction (None when either has no value)."""
        if not current or not current["has_value"] or not other or not other.has_value:
            return None
        delta = round(current["value"] - other.value, 2)
        if not delta:
            trend = "same"
        elif (delta > 0) == (direction != "lower"):
            trend = "better"
        else:
            trend = "worse"
        return {
            "measurement_id": other.id,
            "month": other.date_from.isoformat(),
            "value": other.value,
            "delta": delta,
            "trend": trend,
        }

    @api.model
    def _dashboard_tickets(self, company, month, today, scope, key):
        """Tickets received from the first of the month until today (local
        time), in the scope, that the user may read (False when the user
        reads no ticket at all): the complaint rate's denominator."""
        Ticket = self.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return False
        restrict = {"helpdesk.ticket": Ticket._search([])}
        return len(
            self._dashboard_counted("complaint", company, month, today, scope, key, restrict)
        )

    @api.model
    def _dashboard_counted(
        self, source, company, date_from, date_to, scope, key, restrict, which="denominator"
    ):
        """Ids of the records a registry source counts over local days in a
        scope (in its denominator, or numerator), among those of ``restrict``
        (the user's: ``Model._search``)."""
        period = Period(*company._quality_utc_bounds(date_from, date_to), date_from, date_to)
        found = self.env["quality_ops.indicator.registry"]._record_ids(
            source, period, company.id, scope, key, which=which, restrict=restrict
        )
        return [record_id for model, ids in found if model in restrict for record_id in ids]

    # ------------------------------------------------------------------
    @api.model
    def _dashboard_year(self, year):
        if year in (None, False, ""):
            return fields.Date.context_today(self).year
        try:
            year = int(year)
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            raise UserError(self.env._("Choose a year between 2000 and 2100."))
        return year

    @api.model
    def _dashboard_scope(self, team_id, project_id, partner_id):
        given = [
            (scope, key)
            for scope, key in (
                ("team", team_id),
                ("project", project_id),
                ("customer", partner_id),
            )
            if key
        ]
        if len(given) > 1:
            raise UserError(
                self.env._(
                    "Indicators are measured per team, per project or per customer: "
                    "filter on one of them at a time."
                )
            )
        if not given:
            return "company", 0
        scope, key = given[0]
        if not isinstance(key, int) or isinstance(key, bool) or not 0 < key <= INT_MAX:
            raise UserError(self.env._("Choose the team, project or customer from the list."))
        return scope, key

    @api.model
    def _dashboard_cell(self, measurement, statuses):
        # how many tickets, ratings or answers a value stands on: the
        # denominator of a rate, a mean or a score (a count has none)
        sample = None
        if measurement.has_value and measurement.indicator_id.unit != "count":
            if measurement.denominator or measurement.indicator_id.source != "manual":
                sample = int(round(measurement.denominator))
        return {
            "measurement_id": measurement.id,
            "month": measurement.date_from.isoformat(),
            "value": measurement.value if measurement.has_value else None,
            "has_value": measurement.has_value,
            "numerator": measurement.numerator if sample is not None else None,
            "denominator": measurement.denominator if sample is not None else None,
            "sample": sample,
            "small_sample": sample is not None and sample < MIN_SAMPLE,
            "target": measurement.target_value if measurement.target_id else None,
            "warning": measurement.warning_value if measurement.target_id else None,
            "status": measurement.status,
            "status_label": statuses.get(measurement.status, ""),
            "locked": measurement.state == "locked",
        }

    @api.model
    def _dashboard_series(self, measurements, months, statuses):
        """One cell per month of the year (None when nothing is stored)."""
        by_month = {m.date_from: m for m in measurements}
        return [
            self._dashboard_cell(by_month[month], statuses) if month in by_month else None
            for month in months
        ]

    @api.model
    def _dashboard_sla(self, base, scope, key, months, statuses):
        """Response and resolution SLA compliance by team and month: the
        stored measurements of the SLA indicators for each team (or for the
        scope filtered on, when it is a project or a customer)."""
        Measurement = self.env["quality_ops.measurement"]
        if scope in ("company", "team"):
            domain = [("scope", "=", "team")]
            if key:
                domain.append(("scope_key", "=", key))
        else:
            domain = [("scope", "=", scope), ("scope_key", "=", key)]
        measurements = Measurement.search_fetch(
            base & Domain(domain) & Domain("source", "in", sources_of(SLA)),
            [*MEASUREMENT_FIELDS, "source", "project_id", "partner_id"],
            order="date_from",
        )
        rows = []
        for (row_key, _indicator), group in sorted(
            measurements.grouped(lambda m: (m.scope_key, m.indicator_id)).items(),
            key=lambda item: (item[0][0], item[0][1].sequence, item[0][1].code),
        ):
            first = group[0]
            holder = first.team_id or first.project_id or first.partner_id
            rows.append(
                {
                    "key": row_key,
                    "name": holder.display_name,
                    "indicator_id": first.indicator_id.id,
                    "code": first.indicator_id.code,
                    "indicator": first.indicator_id.name,
                    "source": first.source,
                    "cells": self._dashboard_series(group, months, statuses),
                }
            )
        rows.sort(key=lambda row: (row["name"] or "", row["source"]))
        return {"by": "team" if scope in ("company", "team") else scope, "rows": rows}

    @api.model
    def _dashboard_complaints(self, company, year, scope, key):
        """Complaints received in the year (local time) by level, and of them
        those still open: the records of the complaint rate's numerator."""
        Complaint = self.env["quality_ops.complaint"]
        ids = self._dashboard_counted(
            "complaint",
            company,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            scope,
            key,
            {"quality_ops.complaint": Complaint._search([])},
            which="numerator",
        )
        domain = [("id", "in", ids)]
        received = dict(Complaint._read_group(domain, ["level_id"], ["__count"]))
        still_open = dict(
            Complaint._read_group([*domain, ("is_closed", "=", False)], ["level_id"], ["__count"])
        )
        levels = []
        for level in sorted(
            set(received) | set(still_open), key=lambda lv: (lv.sequence, lv.id or 0)
        ):
            level_domain = [*domain, ("level_id", "=", level.id)]
            levels.append(
                {
                    "level_id": level.id,
                    "name": level.name or self.env._("No level"),
                    "received": received.get(level, 0),
                    "open": still_open.get(level, 0),
                    "domain": level_domain,
                    "open_domain": [*level_domain, ("is_closed", "=", False)],
                }
            )
        # open past their closing deadline: late already, though the on-time
        # rate counts a complaint only once it is closed
        overdue_domain = [
            *domain,
            *Complaint._close_overdue_domain(fields.Datetime.to_string(fields.Datetime.now())),
        ]
        return {
            "model": "quality_ops.complaint",
            "received": sum(received.values()),
            "open": sum(still_open.values()),
            "overdue": Complaint.search_count(overdue_domain),
            "domain": domain,
            "open_domain": [*domain, ("is_closed", "=", False)],
            "overdue_domain": overdue_domain,
            "levels": levels,
        }

    @api.model
    def _dashboard_improvement(self, company, scope, key):
        """Overdue corrective actions and open findings, today. They belong to
        projects (a customer's through its projects), not to teams: filtered
        on a team, they are the company's."""
        project_domain = {
            "project": [("project_id", "=", key)],
            "customer": [("project_id.partner_id", "=", key)],
        }.get(scope, [])
        Action = self.env["quality_ops.action"]
        Finding = self.env["quality_ops.finding"]
        company_domain = [("company_id", "=", company.id), *project_domain]
        overdue = [*company_domain, *Action._overdue_domain()]
        open_findings = [*company_domain, *Finding._open_domain()]
        return {
            "scoped": scope != "team",
            "overdue_actions": {
                "count": Action.search_count(overdue),
                "model": "quality_ops.action",
                "domain": overdue,
            },
            "open_findings": {
                "count": Finding.search_count(open_findings),
                "model": "quality_ops.finding",
                "domain": open_findings,
            },
        }

    @api.model
    def _dashboard_filters(self, base, company, year, this_month):
        """The teams, projects and customers measured in the year, to choose
        from (those the user may read)."""
        Measurement = self.env["quality_ops.measurement"]
        options = {}
        for scope, field in (
            ("team", "team_id"),
            ("project", "project_id"),
            ("customer", "partner_id"),
        ):
            groups = Measurement._read_group(base & Domain("scope", "=", scope), [field])
            records = self.env[Measurement._fields[field].comodel_name].union(
                *(record for (record,) in groups)
            )
            options[scope] = [
                {"id": record.id, "name": record.display_name}
                for record in records.sorted(lambda r: (r.display_name or "").lower())
            ]
        this_year = this_month.year
        options["years"] = sorted({this_year, year, *range(this_year - 4, this_year + 1)})
        return options

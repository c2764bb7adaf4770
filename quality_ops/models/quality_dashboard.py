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

DASHBOARD_GROUP = "quality_ops.group_quality_officer"
SLA_SOURCES = ("resp_sla", "reso_sla")
MEASUREMENT_FIELDS = [
    "indicator_id",
    "date_from",
    "scope_key",
    "team_id",
    "value",
    "has_value",
    "target_value",
    "warning_value",
    "target_id",
    "status",
]


class QualityDashboard(models.AbstractModel):
    _name = "quality_ops.dashboard"
    _description = "Quality Dashboard"

    @api.model
    def get_dashboard_data(self, year=None, team_id=None, project_id=None, partner_id=None):
        """Every figure of the dashboard for a year and a scope (the company,
        or one team, project or customer), for the current company.

        Measurements are kept per scope (a team's, a project's, a customer's),
        so one scope filter applies at a time."""
        if not self.env.user.has_group(DASHBOARD_GROUP):
            raise AccessError(
                self.env._(
                    "The quality dashboard is for the quality department and the "
                    "management representative."
                )
            )
        year = self._dashboard_year(year)
        scope, key = self._dashboard_scope(team_id, project_id, partner_id)
        company = self.env.company
        months = [datetime.date(year, month, 1) for month in range(1, 13)]
        Measurement = self.env["quality_ops.measurement"]
        base_list = [
            ("company_id", "=", company.id),
            ("periodicity", "=", "month"),
            ("date_from", ">=", months[0].isoformat()),
            ("date_from", "<=", months[-1].isoformat()),
        ]
        base = Domain(base_list)
        scoped = [*base_list, ("scope", "=", scope), ("scope_key", "=", key)]
        # the user's own rules apply: nothing is read with sudo
        measurements = Measurement.search_fetch(
            Domain(scoped),
            MEASUREMENT_FIELDS,
            order="date_from",
        )
        statuses = dict(Measurement._fields["status"]._description_selection(self.env))
        indicators = self.env["quality_ops.indicator"].search(
            [("company_id", "in", [company.id, False])]
        )
        indicators |= measurements.indicator_id
        by_indicator = measurements.grouped("indicator_id")
        kpis = []
        for indicator in indicators.sorted(lambda i: (i.sequence, i.code)):
            rows = by_indicator.get(indicator, Measurement)
            trend = self._dashboard_series(rows, months, statuses)
            measured = [cell for cell in trend if cell and cell["has_value"]]
            kpis.append(
                {
                    "indicator_id": indicator.id,
                    "code": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "direction": indicator.direction,
                    "source": indicator.source,
                    "latest": measured[-1] if measured else None,
                    "measurements_domain": [*scoped, ("indicator_id", "=", indicator.id)],
                    "trend": trend,
                }
            )
        return {
            "year": year,
            "scope": scope,
            "scope_key": key,
            "company": company.name,
            "months": [month.isoformat() for month in months],
            "kpis": kpis,
            "sla": self._dashboard_sla(base, scope, key, months, statuses),
            "complaints": self._dashboard_complaints(company, year, scope, key),
            "improvement": self._dashboard_improvement(company, scope, key),
            "filters": self._dashboard_filters(base, company, year),
        }

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
        if not isinstance(key, int) or isinstance(key, bool) or key <= 0:
            raise UserError(self.env._("Choose the team, project or customer from the list."))
        return scope, key

    @api.model
    def _dashboard_cell(self, measurement, statuses):
        return {
            "measurement_id": measurement.id,
            "month": measurement.date_from.isoformat(),
            "value": measurement.value if measurement.has_value else None,
            "has_value": measurement.has_value,
            "target": measurement.target_value if measurement.target_id else None,
            "warning": measurement.warning_value if measurement.target_id else None,
            "status": measurement.status,
            "status_label": statuses.get(measurement.status, ""),
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
            base & Domain(domain) & Domain("source", "in", SLA_SOURCES),
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
    def _complaint_scope_domain(self, scope, key):
        # the dimensions the complaint indicators count them by (the registry's)
        return {
            "company": [],
            "team": [("team_id", "=", key)],
            "project": [("project_id", "=", key)],
            "customer": [("partner_id.commercial_partner_id", "=", key)],
        }[scope]

    @api.model
    def _dashboard_complaints(self, company, year, scope, key):
        """Complaints received in the year (local time) by level, and of them
        those still open."""
        start, end = company._quality_utc_bounds(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )
        domain = [
            ("company_id", "=", company.id),
            ("create_date", ">=", fields.Datetime.to_string(start)),
            ("create_date", "<", fields.Datetime.to_string(end)),
            *self._complaint_scope_domain(scope, key),
        ]
        Complaint = self.env["quality_ops.complaint"]
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
        return {
            "model": "quality_ops.complaint",
            "received": sum(received.values()),
            "open": sum(still_open.values()),
            "domain": domain,
            "open_domain": [*domain, ("is_closed", "=", False)],
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
    def _dashboard_filters(self, base, company, year):
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
        this_year = fields.Date.context_today(self).year
        options["years"] = sorted({this_year, year, *range(this_year - 4, this_year + 1)})
        return options

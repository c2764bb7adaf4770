import re

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.query import Query

from ..arguments import BadArgument, require_domain, require_ids
from ..tools.argument_guard import bad_argument_error
from ..tools.year_field import is_year_field
from ..xlsx_writing import Column, SheetWriter, workbook_formats

# rows read per query: large enough to amortise the round trip, small enough
# that an export of any size holds only one batch in memory
BATCH = 5000
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name):
    return SHEET_NAME_FORBIDDEN.sub(" ", name)[:31] or "Sheet"


class QualityXlsxExport(models.AbstractModel):
    """Streamed XLSX export of any model using ``quality_ops.xlsx.mixin``.

    The records to export come as ``ids`` (the selection) or a ``domain`` (the
    current search), both under the user's access rules. Each batch of rows is
    one SQL query (labels of selections and booleans, names of many2one
    targets and local times computed by PostgreSQL), written to a workbook
    opened with ``constant_memory``: memory stays flat whatever the size.
    """

    _name = "report.quality_ops.xlsx_export"
    _inherit = "report.report_xlsx.abstract"
    _description = "Quality XLSX Export"

    @api.private
    def get_workbook_options(self):
        return {"constant_memory": True, "strings_to_formulas": False}

    def _get_objs_for_report(self, docids, data):
        # the report is also reachable through report_xlsx's public
        # create_xlsx_report: what a client sends is checked
        data = data if isinstance(data, dict) else {}
        model = data.get("model") or self.env.context.get("active_model")
        if not isinstance(model, str) or model not in self.env:
            raise UserError(self.env._("Choose what to export."))
        Model = self.env[model]
        if not getattr(Model, "_quality_xlsx_fields", None):
            raise UserError(self.env._("%(model)s has no XLSX export.", model=Model._description))
        try:
            ids = require_ids(docids or [])
            if data.get("ids") is not None:
                require_ids(data["ids"])
            if data.get("domain") is not None:
                require_domain(data["domain"])
        except BadArgument as error:
            raise bad_argument_error(self.env, error, Model._description) from None
        return Model.browse(ids)

    # called by report_xlsx with a workbook, never over RPC
    @api.private
    def generate_xlsx_report(self, workbook, data, objs):
        data = data or {}
        Model = self.env[objs._name]
        if not getattr(Model, "_quality_xlsx_fields", None):
            raise UserError(self.env._("%(model)s has no XLSX export.", model=Model._description))
        if data.get("domain") is not None:
            domain = data["domain"]
        else:
            domain = [("id", "in", data.get("ids") or objs.ids)]
        formats = workbook_formats(workbook)
        ids = self._quality_search_ids(Model, domain)
        self._quality_write_sheet(workbook, formats, Model, Model._quality_xlsx_fields, ids)
        for fname in Model._quality_xlsx_children:
            field = Model._fields[fname]
            Child = self.env[field.comodel_name]
            if not getattr(Child, "_quality_xlsx_fields", None):
                raise UserError(
                    self.env._("%(model)s has no XLSX export.", model=Child._description)
                )
            child_ids = self._quality_search_ids(Child, [(field.inverse_name, "in", ids)])
            self._quality_write_sheet(
                workbook,
                formats,
                Child,
                Child._quality_xlsx_fields,
                child_ids,
                field._description_string(self.env),
            )

    def _quality_search_ids(self, Model, domain):
        """Ids in the model's order, under the user's record rules."""
        Model.check_access("read")
        if hasattr(Model, "_quality_xlsx_readable"):
            domain = [*domain, *Model._quality_xlsx_readable()]
        query = Model._search(domain)
        query.order = Model._order_to_sql(Model._order, query)
        self.env.cr.execute(query.select())
        return [row[0] for row in self.env.cr.fetchall()]

    def _quality_write_sheet(self, workbook, formats, Model, spec, ids, title=None):
        name = title or self.env["ir.model"]._get(Model._name).name or Model._description
        columns = [self._quality_column(Model, item)[0] for item in spec]
        writer = SheetWriter(workbook, sheet_name(name), columns, formats)
        cr = self.env.cr
        for start in range(0, len(ids), BATCH):
            cr.execute(self._quality_rows_sql(Model, spec, ids[start : start + BATCH]))
            writer.add_rows(cr.fetchall())
        writer.finish()
        return writer

    def _quality_rows_sql(self, Model, spec, ids):
        """One SELECT of the given rows, in the given order (the unnested ids are
        the column "o"."o", their position "o"."ordinality")."""
        query = Query(self.env, "o", SQL("unnest(%s::int[]) WITH ORDINALITY", ids))
        alias = Model._table
        query.add_join(
            "JOIN",
            alias,
            Model._table_sql,
            SQL('%s = "o"."o"', SQL.identifier(alias, "id")),
        )
        query.order = SQL('"o"."ordinality"')
        expressions = [self._quality_column(Model, item, alias, query)[1] for item in spec]
        return query.select(*expressions)

    def _quality_column(self, Model, item, alias=None, query=None):
        """``(Column, SQL expression or None)`` of one exported field."""
        fname, target_name = item if isinstance(item, (tuple, list)) else (item, None)
        field = Model._fields[fname]
        header = field._description_string(self.env)
        env = self.env
        if field.type == "many2one":
            comodel = env[field.comodel_name]
            if target_name:
                # an explicit field of the target: say which
                header = f"{header} / {comodel._fields[target_name]._description_string(env)}"
            target_name = target_name or self._quality_name_field(comodel)
            target = comodel._fields[target_name]
            column = self._quality_kind(target, header)
            if query is None:
                return column, None
            join_alias = Query.make_alias(alias, fname)
            query.add_join(
                "LEFT JOIN",
                join_alias,
                comodel._table,
                # the condition Odoo writes for the same join (related fields)
                SQL("%s = %s", Model._field_to_sql(alias, fname), SQL.identifier(join_alias, "id")),
            )
            # the name of a linked record, as the list view shows it
            expression = comodel.sudo()._field_to_sql(join_alias, target_name, query)
            return column, self._quality_cast(target, expression)
        if field.type in ("one2many", "many2many", "binary", "properties", "json"):
            raise UserError(env._("%(field)s cannot be exported as a column.", field=field.string))
        column = self._quality_kind(field, header)
        if query is None:
            return column, None
        return column, self._quality_cast(field, Model._field_to_sql(alias, fname, query))

    def _quality_name_field(self, comodel):
        for name in (comodel._rec_name, "name", "display_name"):
            field = comodel._fields.get(name)
            if field and field.store and field.type not in ("many2one", "one2many"):
                return name
        return "id"

    def _quality_kind(self, field, header):
        if is_year_field(field):
            return Column(header, "year")
        if field.type == "integer":
            return Column(header, "integer")
        if field.type in ("float", "monetary"):
            digits = field.get_digits(self.env) if field.type == "float" else None
            return Column(header, "float", digits=digits[1] if digits else 2)
        if field.type in ("date", "datetime"):
            return Column(header, field.type)
        return Column(header, "text", width=40 if field.type in ("text", "html") else None)

    def _quality_cast(self, field, expression):
        env = self.env
        if field.type == "selection":
            labels = dict(field._description_selection(env))
            if not labels:
                return expression
            cases = SQL(" ").join(
                SQL("WHEN %s THEN %s", key, str(label)) for key, label in labels.items()
            )
            return SQL("CASE %s %s ELSE %s::text END", expression, cases, expression)
        if field.type == "boolean":
            return SQL("CASE WHEN %s THEN %s ELSE %s END", expression, env._("Yes"), env._("No"))
        if field.type == "datetime":
            # local time of the user, computed by PostgreSQL
            return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)", expression, env.user.tz or "UTC")
        if field.type == "html":
            return SQL("regexp_replace(%s, '<[^>]*>', '', 'g')", expression)
        return expression

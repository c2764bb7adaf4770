from odoo import api, fields, models
from odoo.tools import SQL


class QualityCacheVersion(models.Model):
    """Versions of what quality_ops keeps in the registry cache (the SLA policy
    book, the complaint rules), so that a change invalidates exactly that.

    A version is read in the reader's transaction and bumped in the writer's:
    a worker reading before the change committed keeps the old version (and
    builds what it reads under the old key); numbers come from a sequence, so
    a rolled-back bump is never reused by another change. ``registry.clear_cache``
    would drop every model's cache in every worker instead.
    """

    _name = "quality_ops.cache.version"
    _description = "Cache Version"
    _log_access = False

    name = fields.Char(required=True, readonly=True)
    version = fields.Integer(required=True, readonly=True)

    _name_unique = models.UniqueIndex("(name)", "One version per cached thing.")

    def init(self):
        self.env.cr.execute("CREATE SEQUENCE IF NOT EXISTS quality_ops_cache_version_seq")

    @api.model
    def _current(self, *names):
        """The versions of ``names`` this transaction sees (0 before any
        change), as a tuple in their order: one query."""
        self.env.cr.execute(
            SQL(
                "SELECT name, version FROM quality_ops_cache_version WHERE name IN %s",
                tuple(names),
            )
        )
        versions = dict(self.env.cr.fetchall())
        return tuple(versions.get(name, 0) for name in names)

    @api.model
    def _bump(self, *names):
        """New versions of ``names``: what was cached under the old ones is no
        longer read, by this worker or by any other once this transaction
        commits."""
        if not names:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO quality_ops_cache_version (name, version)
                   SELECT name, nextval('quality_ops_cache_version_seq')
                     FROM unnest(%s::varchar[]) AS name
                   ON CONFLICT (name)
                   DO UPDATE SET version = nextval('quality_ops_cache_version_seq')""",
                sorted(set(names)),
            )
        )

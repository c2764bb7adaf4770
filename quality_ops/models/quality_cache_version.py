from odoo import api, fields, models
from odoo.tools import SQL

# the versions one transaction has read, kept in the data of both its commit
# and its rollback hooks: a commit clears the rollback hooks' data and a
# rollback the commit hooks' before running any hook, so a memo found in both
# was read by the transaction under way
MEMO_KEY = "quality_ops.cache.version"
# a transaction that bumped a version reads them again each time: a savepoint
# rolled back after the bump would otherwise leave it a version it undid
BUMPED = "bumped"


def _real_cursor(cr):
    """The cursor that holds the transaction: a test cursor (HTTP requests
    in tests) shares its test's transaction, and so its memo."""
    return vars(cr).get("_cursor", cr)


def _memo(cr):
    memo = cr.postcommit.data.get(MEMO_KEY)
    return memo if memo is not None and cr.postrollback.data.get(MEMO_KEY) is memo else None


def _remember(cr, versions):
    cr.postcommit.data[MEMO_KEY] = cr.postrollback.data[MEMO_KEY] = versions


def forget_versions(cr):
    """Read the versions again at their next use (as a new transaction would)."""
    cr = _real_cursor(cr)
    cr.postcommit.data.pop(MEMO_KEY, None)
    cr.postrollback.data.pop(MEMO_KEY, None)


class QualityCacheVersion(models.Model):
    """Versions of what quality_ops keeps in the registry cache (the SLA policy
    book, the complaint rules), so that a change invalidates exactly that.

    A version is read in the reader's transaction and bumped in the writer's:
    a worker reading before the change committed keeps the old version (and
    builds what it reads under the old key); numbers come from a sequence, so
    a rolled-back bump is never reused by another change. ``registry.clear_cache``
    would drop every model's cache in every worker instead.

    A transaction reads the (few) versions once, the first time it needs one:
    its snapshot (Odoo's transactions are REPEATABLE READ) shows it no other
    transaction's bump until it ends, so the versions it read stay the ones it
    sees until it commits, rolls back or bumps one itself (then it reads them
    again each time).
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
        change), as a tuple in their order: one query per transaction."""
        cr = _real_cursor(self.env.cr)
        versions = _memo(cr)
        if versions is None or versions is BUMPED:
            self.env.cr.execute(SQL("SELECT name, version FROM quality_ops_cache_version"))
            fetched = dict(self.env.cr.fetchall())
            if versions is None:
                _remember(cr, fetched)
            versions = fetched
        return tuple(versions.get(name, 0) for name in names)

    @api.model
    def _bump(self, *names):
        """New versions of ``names``: what was cached under the old ones is no
        longer read, by this worker or by any other once this transaction
        commits."""
        if not names:
            return
        _remember(_real_cursor(self.env.cr), BUMPED)
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

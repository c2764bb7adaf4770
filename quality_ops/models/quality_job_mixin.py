from odoo import api, models

# the channel of quality_ops' jobs (data/quality_job_data.xml); the job runner
# gives it its capacity (``[queue_job] channels = root:2,root.quality_ops:2``)
JOB_CHANNEL = "root.quality_ops"
# every identity key of quality_ops starts with it: the keys say what a piece
# is, so that the same piece is never queued twice and the progress of a
# request is counted from them
KEY_PREFIX = "quality_ops"


def job_key(*parts):
    """``quality_ops:<part>:<part>…``: the identity key of one piece."""
    return ":".join([KEY_PREFIX, *(str(part) for part in parts)])


class QualityJobMixin(models.AbstractModel):
    """Heavy work as OCA queue_job jobs cut into pieces of seconds.

    Each piece is queued with an identity key naming it (a piece already
    waiting is not queued again), on the channel ``root.quality_ops`` (the job
    functions declared in data say so, with their retry pattern; queue_job
    retries a piece that failed on a serialization failure or a lock by
    itself). The computing methods stay callable synchronously: a job only
    calls them."""

    _name = "quality_ops.job.mixin"
    _description = "Quality Background Jobs"

    def _quality_delay(self, key, description, priority=None):
        return self.with_delay(identity_key=key, description=description, priority=priority)

    @api.model
    def _quality_job_progress(self, prefix, since=None):
        """``{"pending", "done", "failed", "total"}``: the pieces whose identity
        key starts with ``prefix`` (created since ``since``)."""
        domain = [("identity_key", "=like", f"{prefix}%")]
        if since:
            domain.append(("date_created", ">=", since))
        counts = {"pending": 0, "done": 0, "failed": 0}
        for state, count in (
            self.env["queue.job"].sudo()._read_group(domain, ["state"], ["__count"])
        ):
            if state == "done":
                counts["done"] += count
            elif state in ("failed", "cancelled"):
                counts["failed"] += count
            else:
                counts["pending"] += count
        counts["total"] = sum(counts.values())
        return counts

"""CPU time of process trees, from /proc: what a round of the load bench
cost each side (Odoo's processes, PostgreSQL's, the bench's clients), less
moved by the machine's noise than a p95 under saturation."""

import contextlib
import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid):
    """``(parent pid, own CPU s, reaped children's CPU s)`` of ``pid``."""
    text = Path(f"/proc/{pid}/stat").read_text()
    # the command name may hold spaces and parentheses: fields follow the last ')'
    fields = text[text.rindex(")") + 2 :].split()
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return int(fields[1]), (utime + stime) / TICKS, (cutime + cstime) / TICKS


def tree_cpu(root):
    """CPU seconds of ``root``, its live descendants and the descendants
    that ended (counted in their parent's reaped time once it waited for
    them; a worker Odoo recycles is)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                stats[int(entry.name)] = _stat(entry.name)
    children = {}
    for pid, (parent, _own, _reaped) in stats.items():
        children.setdefault(parent, []).append(pid)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            _parent, own, reaped = stats[pid]
            total += own + reaped
        todo += children.get(pid, [])
    return total


def postmaster_pid(conn):
    """The PostgreSQL server's main process, parent of this connection's backend."""
    cr = conn.cursor()
    cr.execute("SELECT pg_backend_pid()")
    return _stat(cr.fetchone()[0])[0]


def self_cpu():
    """CPU seconds of this process (the bench's clients and SMTP sink)."""
    times = os.times()
    return times.user + times.system

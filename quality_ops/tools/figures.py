"""A measured figure as its reader sees it: the reader's number format and
the indicator's unit, a dash when nothing was measured. One definition for
the review's lines, the measurements' cards and lists."""

from odoo.tools import formatLang

NOTHING = "—"


def figure_text(env, known, value, unit):
    """``value`` in ``unit`` (count, percent, hours, score, nps) for the
    reader of ``env``; ``NOTHING`` when not ``known``."""
    if not known:
        return NOTHING
    if unit == "count":
        return formatLang(env, value, digits=0)
    text = formatLang(env, value, digits=2)
    if unit == "percent":
        return f"{text} %"
    if unit == "hours":
        return env._("%(value)s h", value=text)
    return text

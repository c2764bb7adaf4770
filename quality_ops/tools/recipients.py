"""Who a recipient choice names (``choices.RECIPIENTS``): one answer for every
reminder, warning, breach notification and escalation."""

from ..choices import ASSIGNEE, NAMED_USERS, QUALITY_MANAGER, REPRESENTATIVE, TEAM_LEADER


def recipients(who, company, assignee=None, team=None, users=None):
    """The users ``who`` names for a record of ``company`` assigned to
    ``assignee`` in ``team``: assignee → team leader → quality manager, each
    falling back on the next when unset (nobody is left untold); the
    management representative; the named ``users``."""
    if who == ASSIGNEE and assignee:
        return assignee
    if who in (ASSIGNEE, TEAM_LEADER) and team and team.user_id:
        return team.user_id
    if who in (ASSIGNEE, TEAM_LEADER, QUALITY_MANAGER):
        return company.quality_manager_id
    if who == REPRESENTATIVE:
        return company.quality_representative_id
    if who == NAMED_USERS and users:
        return users
    return company.env["res.users"]

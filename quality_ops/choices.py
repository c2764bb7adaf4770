"""The choice lists every model shares (plain Python, no Odoo): one
definition each, so a status, a periodicity or a recipient reads the same on
every screen (the scopes are ``indicators.SCOPES``)."""

from .periods import PERIODICITIES as PERIODICITY_KEYS

# traffic light of a figure against its target
MET = "met"
WARNING = "warning"
MISSED = "missed"
NO_TARGET = "no_target"
NO_DATA = "no_data"
STATUSES = [
    (MET, "Met"),
    (WARNING, "Warning"),
    (MISSED, "Missed"),
    (NO_TARGET, "No Target"),
    (NO_DATA, "No Data"),
]
TRENDS = [("better", "Better"), ("worse", "Worse"), ("same", "Same")]

# the calendar periods a figure is measured over (see periods.py)
PERIODICITIES = list(zip(PERIODICITY_KEYS, ("Month", "Quarter", "Half-year", "Year"), strict=True))

# who is told of a warning, a breach or an escalation: assignee → team leader
# → quality manager, each falling back on the next (see tools/recipients.py)
ASSIGNEE = "assignee"
TEAM_LEADER = "team_leader"
QUALITY_MANAGER = "quality_manager"
REPRESENTATIVE = "representative"
NAMED_USERS = "users"
NOBODY = "none"
RECIPIENTS = [
    (ASSIGNEE, "Assignee / Owner"),
    (TEAM_LEADER, "Team Leader"),
    (QUALITY_MANAGER, "Quality Manager"),
    (REPRESENTATIVE, "Management Representative"),
    (NAMED_USERS, "Named Users"),
]
# an SLA warning or breach notifies one of the chain, or nobody
SLA_RECIPIENTS = [(NOBODY, "Nobody"), *RECIPIENTS[:3]]

# how many days before an expiry (certificate, supplier contract) its
# reminders go, the earliest first: from the first one on, the record is
# "expiring", in its list and in the audit's evidence alike
EXPIRY_REMINDER_DAYS = (60, 30)

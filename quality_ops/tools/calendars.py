"""The working calendar a ticket's clock or a quality record counts in: one
rule, in Python and in SQL."""


def working_calendar(own, team, company):
    """``own`` (a policy's or the record's calendar), else the team's, else
    the company's (``resource.calendar`` records, maybe empty)."""
    return own or team.quality_calendar_id or company.resource_calendar_id


def working_calendar_sql(own, team, company):
    """:func:`working_calendar` in SQL: ``own`` a calendar column (or
    ``NULL``), ``team`` and ``company`` the aliases of the row's joined
    ``helpdesk_ticket_team`` and ``res_company`` (names from the code, never
    from a user)."""
    return f"COALESCE({own}, {team}.quality_calendar_id, {company}.resource_calendar_id)"

"""The quality_ops security groups, by role (one definition for every model)."""

GROUP_ENGINEER = "quality_ops.group_quality_engineer"
GROUP_LEAD = "quality_ops.group_quality_project_lead"
GROUP_OFFICER = "quality_ops.group_quality_officer"
GROUP_MANAGER = "quality_ops.group_quality_manager"
GROUP_REPRESENTATIVE = "quality_ops.group_quality_representative"
# who answers for the helpdesk (helpdesk_mgmt's lowest group; the others imply it)
GROUP_HELPDESK_STAFF = "helpdesk_mgmt.group_helpdesk_user_own"
# the O&M manager (运行维护部经理): helpdesk_mgmt's manager group; his teams are
# the helpdesk teams he leads (the team's leader, ``helpdesk.ticket.team.user_id``)
GROUP_OM_MANAGER = "helpdesk_mgmt.group_helpdesk_manager"

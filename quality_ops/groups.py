"""The quality_ops security groups, by role (one definition for every model)."""

GROUP_ENGINEER = "quality_ops.group_quality_engineer"
GROUP_LEAD = "quality_ops.group_quality_project_lead"
GROUP_OFFICER = "quality_ops.group_quality_officer"
GROUP_MANAGER = "quality_ops.group_quality_manager"
GROUP_REPRESENTATIVE = "quality_ops.group_quality_representative"
# who answers for the helpdesk (helpdesk_mgmt's lowest group; the others imply it)
GROUP_HELPDESK_STAFF = "helpdesk_mgmt.group_helpdesk_user_own"

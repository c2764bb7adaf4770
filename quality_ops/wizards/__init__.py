from . import quality_plan_reset_wizard

from . import quality_plan_reset_wizard
from . import quality_holiday_import_wizard
from . import quality_measurement_recompute_wizard
from . import quality_integrity_check
from . import quality_integrity_check_chain
from . import quality_integrity_check_line
from . import quality_complaint_reopen_wizard
from . import quality_review_reopen_wizard

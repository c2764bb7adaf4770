from . import res_company
from . import res_config_settings
from . import project_project
from . import quality_indicator
from . import quality_plan
from . import quality_target

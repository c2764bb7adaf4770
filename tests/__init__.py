from . import test_plan_workflow
from . import test_target_constraints
from . import test_access
from . import test_tour
from . import test_sla

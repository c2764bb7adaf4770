from . import test_plan_workflow
from . import test_target_constraints
from . import test_access
from . import test_tour
from . import test_sla
from . import test_demo
from . import test_audit
from . import test_improvement

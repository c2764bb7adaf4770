from . import test_access, test_plan_workflow, test_sla, test_target_constraints, test_tour

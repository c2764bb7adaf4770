"""Pure tests: the plain-Python modules of quality_ops, no Odoo needed.

The folder has no ``__init__.py`` on purpose: pytest imports these files as
top-level modules, so the addon's root ``__init__`` (which imports Odoo) is
never executed.  The inner ``quality_ops`` package is put on the path instead.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

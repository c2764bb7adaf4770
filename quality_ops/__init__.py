"""quality_ops Python package.

Kept free of Odoo imports: the plain-Python computation modules in this
package are imported by pure unit tests; the Odoo layer lives in the
``models``, ``wizards`` and ``reports`` sub-packages, which the addon's root
``__init__`` imports.
"""

"""Helpers of the Odoo layer that are not models.

Guards, the workflow pass and the field checks every model of ``models``
and ``wizards`` uses; they import Odoo but declare no model, so they do not
live among the models.
"""

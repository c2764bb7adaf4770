from .quality_ops import controllers, models, reports, wizards

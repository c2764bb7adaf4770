from .quality_ops import models, reports, wizards

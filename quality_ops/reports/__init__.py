from . import quality_xlsx_export
from . import quality_report_xlsx
from . import quality_service_report_xlsx

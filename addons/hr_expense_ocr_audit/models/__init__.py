# Odoo builds the models in this order: the mixin first.
from . import hr_ocr_mixin
from . import hr_ocr_history
from . import hr_expense
from . import hr_employee
from . import hr_expense_sheet
from . import hr_expense_split_wizard
from . import ir_attachment
from . import queue_job
from . import res_company
from . import res_config_settings
from . import res_currency_rate

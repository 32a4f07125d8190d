from . import test_ocr_client
from . import test_config
from . import test_expense_queue
from . import test_expense_job
from . import test_employee_passport
from . import test_security
from . import test_e2e_service

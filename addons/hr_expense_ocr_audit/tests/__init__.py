from . import (
    test_config,
    test_e2e_service,
    test_employee_passport,
    test_expense_audit_edits,
    test_expense_currency,
    test_expense_job,
    test_expense_queue,
    test_expense_vendor_tax,
    test_ocr_client,
    test_security,
    test_tours,
    test_views,
)

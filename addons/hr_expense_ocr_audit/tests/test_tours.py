# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The three user paths in a browser, with the real OCR service.

Odoo's own browser tests (``HttpCase.start_tour``, headless Chromium) drive
the web client as the person would. The OCR job each path queues is run the
way the queue_job runner runs it: the job is marked enqueued and Odoo's
``/queue_job/runjob`` route performs it, while the form waits and shows
what was read. ``scripts/test-odoo.sh`` starts the OCR service and passes
its URL in ``OCR_TEST_API_URL``; without it these tests are skipped, and say
so. The final state of each path is saved as a screenshot in
``OCR_TEST_SCREENSHOT_DIR`` (or Odoo's screenshots folder).
"""

import base64
import json
import logging
import os
import pathlib
import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

import requests

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests import common as odoo_test_common
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, new_test_user
from odoo.tools import config

from ..models.hr_ocr_mixin import OCR_CHANNEL, PARAM_PREFIX, ocr_writing
from .documents import TOUR_RECEIPT_LINES, render_passport, render_receipt

_logger = logging.getLogger(__name__)

E2E_URL = os.environ.get("OCR_TEST_API_URL")
E2E_TOKEN = os.environ.get("OCR_TEST_API_TOKEN") or ""
SKIP_MESSAGE = "TOURS SKIPPED: set OCR_TEST_API_URL to a running OCR service (scripts/test-odoo.sh does it)"
# read by the tours (static/tests/tours/hr_expense_ocr_audit_tours.esm.js)
DOCUMENT_KEY = "hr_expense_ocr_audit.tour_document"
SERVICE_URL_KEY = "hr_expense_ocr_audit.tour_service_url"
TOUR_TIMEOUT_S = 600
# a job waits this long before the runner takes it, as behind a busy channel:
# the person sees the request queued before it is read
RUNNER_LATENCY = timedelta(seconds=3)


class QueueRunner:
    """What the queue_job runner does for the OCR channel, beside the tour.

    It cannot run as its own process here: the test's transaction is never
    committed. So a thread takes the pending OCR jobs whose time has come,
    marks them enqueued and asks Odoo's ``/queue_job/runjob`` route to run
    them, as the runner does, with the test's cookie. It shares the test's
    database connection, so it runs only while the browser drives the tour
    (the test itself does not touch the database then).
    """

    def __init__(self, test):
        self.test = test
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._loop, name="ocr-queue-runner", daemon=True)
        self.ran = []
        self.errors = []

    def start(self):
        if not self.thread.is_alive() and not self.stopped.is_set():
            self.thread.start()

    def stop(self):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(TOUR_TIMEOUT_S)

    def _loop(self):
        while not self.stopped.wait(0.5):
            try:
                for uuid in self._enqueue_due():
                    self._run(uuid)
            except Exception as exc:  # pylint: disable=broad-except
                # the tour then fails waiting; the test reports this
                self.errors.append(repr(exc))
                _logger.exception("OCR queue runner in the tour test")

    def _enqueue_due(self):
        # the clock, not the database's now(): the test's transaction never ends
        now = fields.Datetime.now()
        with self.test.registry.cursor() as cr:
            cr.execute(
                """UPDATE queue_job
                      SET state = 'enqueued', date_enqueued = %s
                    WHERE state = 'pending' AND channel = %s
                      AND date_created <= %s AND (eta IS NULL OR eta <= %s)
                RETURNING uuid""",
                [now, OCR_CHANNEL, now - RUNNER_LATENCY, now],
            )
            return [row[0] for row in cr.fetchall()]

    def _run(self, uuid):
        response = requests.get(
            f"{self.test.base_url()}/queue_job/runjob",
            params={"db": self.test.env.cr.dbname, "job_uuid": uuid},
            cookies={TEST_CURSOR_COOKIE_NAME: self.test.http_request_key},
            timeout=TOUR_TIMEOUT_S,
        )
        response.raise_for_status()
        self.ran.append(uuid)


@tagged("post_install", "-at_install", "hr_expense_ocr_audit_e2e")
class TestTours(HttpCase):
    browser_size = "1400x1050"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not E2E_URL:
            return
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param(PARAM_PREFIX + "ocr_api_url", E2E_URL)
        params.set_param(PARAM_PREFIX + "ocr_api_token", E2E_TOKEN)
        params.set_param(PARAM_PREFIX + "ocr_timeout", "120")
        # off: the tours' receipt is dated 2024-05-02, more than a year before the tours' expenses,
        # and they expect its date filled
        params.set_param(PARAM_PREFIX + "max_receipt_age_days", "0")
        cls.product = cls.env["product.product"].create(
            {"name": "Tour Meals", "can_be_expensed": True, "standard_price": 0.0, "type": "service"}
        )
        cls.env.ref("base.USD").active = True

    def setUp(self):
        super().setUp()
        if not E2E_URL:
            _logger.info(SKIP_MESSAGE)
            self.skipTest(SKIP_MESSAGE)

    def set_param(self, key, value):
        self.env["ir.config_parameter"].sudo().set_param(PARAM_PREFIX + key, value)

    def run_tour(self, tour, start_url, login, screenshot, storage):
        """Start the tour with values in the page's session storage, run the
        OCR queue meanwhile, and save a screenshot of the final state."""
        options = {
            "stepDelay": 0,
            "keepWatchBrowser": False,
            "debug": False,
            "startUrl": start_url,
            "delayToCheckUndeterminisms": 0,
        }
        code = "".join(
            f"sessionStorage.setItem({json.dumps(key)}, {json.dumps(value)});"
            for key, value in storage.items()
        )
        code += f"odoo.startTour({tour!r}, {json.dumps(options)})"
        runner = QueueRunner(self)
        with self.tour_browser(runner, screenshot) as path:
            self.start_tour(start_url, tour, login=login, code=code, timeout=TOUR_TIMEOUT_S)
        # the tour wrote through its own requests: read afresh
        self.env.invalidate_all()
        self.assertFalse(runner.errors)
        self.assertTrue(path.is_file(), f"no screenshot at {path}")
        self.assertEqual(path.read_bytes()[:8], b"\x89PNG\r\n\x1a\n")
        _logger.info("tour %s: screenshot of the final state in %s", tour, path)
        return runner

    @contextmanager
    def tour_browser(self, runner, screenshot):
        """Odoo's browser, running the OCR queue while it drives the tour and
        saving what it shows once the tour has succeeded."""
        folder = pathlib.Path(
            os.environ.get("OCR_TEST_SCREENSHOT_DIR")
            or pathlib.Path(config["screenshots"]) / "hr_expense_ocr_audit"
        )
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{screenshot}.png"
        if path.exists():
            path.unlink()
        base = odoo_test_common.ChromeBrowser

        class TourBrowser(base):
            def navigate_to(self, url, wait_stop=False):
                res = super().navigate_to(url, wait_stop=wait_stop)
                runner.start()
                return res

            def stop(self):
                runner.stop()
                result = self._result
                if result.done() and not result.cancelled() and result.exception() is None:
                    future = self._websocket_send("Page.captureScreenshot", with_future=True)
                    path.write_bytes(base64.b64decode(future.result(timeout=30)["data"]))
                return super().stop()

        try:
            with patch.object(odoo_test_common, "ChromeBrowser", TourBrowser):
                yield path
        finally:
            runner.stop()

    @staticmethod
    def document(name, content, mimetype="image/png"):
        return json.dumps({"name": name, "type": mimetype, "data": base64.b64encode(content).decode()})

    def test_receipt_tour(self):
        """An employee creates an expense, attaches the receipt, scans it and
        sees what was read and the audit."""
        self.set_param("digitize_mode", "on_demand")
        user = new_test_user(
            self.env, login="ocr_tour_employee", groups="base.group_user", name="Tour Employee"
        )
        employee = self.env["hr.employee"].create({"name": "Tour Employee", "user_id": user.id})
        receipt = render_receipt(TOUR_RECEIPT_LINES)
        runner = self.run_tour(
            "hr_expense_ocr_audit_receipt_tour",
            "/odoo/action-hr_expense.hr_expense_actions_my_all",
            user.login,
            "receipt_scan",
            {DOCUMENT_KEY: self.document("breakfast.png", receipt)},
        )
        expense = self.env["hr.expense"].search([("employee_id", "=", employee.id)])
        self.assertEqual(len(expense), 1)
        self.assertIn(expense.ocr_job_uuid, runner.ran, "the job ran through the queue")
        job = self.env["queue.job"].search([("uuid", "=", expense.ocr_job_uuid)])
        self.assertEqual(job.state, "done")
        self.assertEqual(job.channel, OCR_CHANNEL)
        self.assertEqual(expense.ocr_state, "done", expense.ocr_error)
        self.assertAlmostEqual(expense.ocr_total, 15.66, places=2)
        # the amount typed stayed beside the receipt's (the tour saw the mismatch), until the
        # employee put it right: the audit then compared it again
        self.assertEqual(expense.total_amount_currency, 15.66)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "ok")
        history = self.env["hr.ocr.history"].search(
            [("res_model", "=", "hr.expense"), ("res_id", "=", expense.id)]
        )
        self.assertEqual(history.state, "done")
        self.assertEqual(history.user_id, user)

    def test_passport_tour(self):
        """An HR officer uploads a passport scan on an employee and accepts the review."""
        self.set_param("digitize_mode", "auto")
        user = new_test_user(
            self.env, login="ocr_tour_hr", groups="base.group_user,hr.group_hr_user", name="Tour HR Officer"
        )
        # (the date of birth recorded: a passport of another number fills the holder's values only
        # beside it)
        employee = self.env["hr.employee"].create(
            {"name": "Anna Maria Eriksson", "passport_id": "OLD12345", "birthday": "1974-08-12"}
        )
        runner = self.run_tour(
            "hr_expense_ocr_audit_passport_tour",
            "/odoo/action-hr.open_view_employee_list_my",
            user.login,
            "passport_scan",
            {DOCUMENT_KEY: self.document("passport-anna.png", render_passport())},
        )
        self.assertIn(employee.ocr_job_uuid, runner.ran)
        self.assertEqual(employee.passport_id, "L898902C3")
        self.assertEqual(employee.passport_mrz_valid, "valid")
        self.assertEqual(employee.gender, "female")
        self.assertFalse(employee.ocr_passport_review)
        self.assertEqual(employee.ocr_state, "done")

    def test_approver_tour(self):
        """An expense approver lists the reports and keeps those whose receipts had findings."""
        user = new_test_user(
            self.env,
            login="ocr_tour_approver",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
            name="Tour Approver",
        )
        employee = self.env["hr.employee"].create({"name": "Tour Claimant"})
        for name, flag in (("Tour Report Findings", True), ("Tour Report Clean", False)):
            expense = self.env["hr.expense"].create(
                {
                    "name": name,
                    "employee_id": employee.id,
                    "product_id": self.product.id,
                    "total_amount_currency": 9,
                }
            )
            # what a scan leaves (the scan itself is the receipt tour's)
            with ocr_writing():
                expense.write({"ocr_state": "done", "ocr_total": 9, "ocr_flag_amount": flag})
            self.env["hr.expense.sheet"].create(
                {"name": name, "employee_id": employee.id, "expense_line_ids": [(6, 0, expense.ids)]}
            )
        sheets = self.env["hr.expense.sheet"].search([("name", "like", "Tour Report")])
        self.assertEqual(
            {sheet.name: sheet.ocr_audit_findings for sheet in sheets},
            {"Tour Report Findings": 1, "Tour Report Clean": 0},
        )
        self.run_tour(
            "hr_expense_ocr_audit_approver_tour",
            "/odoo/action-hr_expense.action_hr_expense_sheet_all",
            user.login,
            "approver_report_findings",
            {},
        )

    def test_settings_tour(self):
        """An administrator sets the service URL and tests the connection."""
        self.set_param("ocr_api_url", "http://127.0.0.1:8000")
        self.run_tour(
            "hr_expense_ocr_audit_settings_tour",
            "/odoo/action-hr_expense.action_hr_expense_configuration",
            "admin",
            "settings_test_connection",
            {SERVICE_URL_KEY: E2E_URL},
        )
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_config()["ocr_api_url"], E2E_URL)

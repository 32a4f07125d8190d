# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import contextlib
import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.tests import common as odoo_test_common
from odoo.tests.common import TransactionCase, new_test_user

if not hasattr(odoo_test_common, "SETATTR_SOURCES"):
    # Odoo 18.0 sources older than queue_job's test helpers lack this
    # registry of known patchers; the helpers only add an entry to it.
    odoo_test_common.SETATTR_SOURCES = {}

# pylint: disable=wrong-import-position
from odoo.addons.queue_job.job import Job
from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: F401

from ..models.hr_ocr_mixin import PARAM_PREFIX, ocr_writing


def receipt_fields(
    vendor="Corner Bakery",
    date="2024-03-15",
    total="42.50",
    currency="USD",
    confidence=0.97,
    receipt_number=None,
):
    """A receipt answer of the OCR service, as documented in its API; no receipt number read
    unless one is given (two receipts of one number are one, of two numbers two)."""
    values = {
        "vendor": vendor,
        "date": date,
        "total": total,
        "tax": "3.86",
        "subtotal": "38.64",
        "currency": currency,
        "receipt_number": receipt_number,
    }
    return {
        "doc_type": "receipt",
        "pages": [],
        "text": "",
        "fields": {key: {"value": value, "confidence": confidence} for key, value in values.items()},
        "engine": {"name": "paddleocr", "version": "2.10.0", "models": {}},
        "processing_ms": 321,
        "warnings": [],
    }


# what the OCR service answers as ``iso2`` for the ICAO codes these tests use
SERVICE_ISO2 = {"SWE": "SE", "D": "DE", "FRA": "FR", "GBR": "GB", "UTO": None, "XXA": None, "": None}


def passport_fields(**overrides):
    """A passport answer of the OCR service (ICAO specimen values)."""
    values = {
        "document_type": "P",
        "issuing_country": "UTO",
        "document_number": "L898902C3",
        "surname": "ERIKSSON",
        "given_names": "ANNA MARIA",
        "nationality": "UTO",
        "birth_date": "1974-08-12",
        "sex": "F",
        "expiry_date": "2032-04-15",
        "personal_number": "ZE184226B",
        "mrz_format": "TD3",
        "valid": True,
    }
    values.update(overrides)
    # every field verified, as the service says of a clean read (tests mark one unverified)
    fields = {key: {"value": value, "confidence": 0.99, "valid": True} for key, value in values.items()}
    # the service gives ISO 3166 alpha-2 beside each ICAO code (none for UTO, XXA ...)
    for key in ("nationality", "issuing_country"):
        fields[key]["iso2"] = SERVICE_ISO2.get(values[key])
    fields["check_digits"] = {"value": {"composite": True}, "confidence": 0.99}
    return {
        "doc_type": "passport",
        "pages": [],
        "text": "",
        "fields": fields,
        "engine": {"name": "paddleocr", "version": "2.10.0", "models": {}},
        "processing_ms": 210,
        "warnings": [],
    }


class FakeOcrService:
    """A tiny HTTP server speaking the OCR service's API, on loopback.

    Tests push (status, body[, headers]) answers; every request is recorded
    so tests can check what was sent.
    """

    READY = (200, {"status": "ready", "ready": True, "ready_after_s": 1.5})

    def __init__(self):
        self.answers = []
        self.requests = []
        # GET /health/ready's answer: (status, body)
        self.readiness = self.READY
        # the token GET /ocr asks for, as the service started with OCR_API_TOKEN (None: none)
        self.token = None
        service = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self, status, body, headers=None):
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                if self.path == "/health/ready":
                    self._reply(*service.readiness)
                elif self.path == "/ocr":  # as the service: its token checked first, then POST only
                    if service.token and self.headers.get("Authorization") != f"Bearer {service.token}":
                        self._reply(401, {"error": {"code": "unauthorized", "message": "-"}})
                    else:
                        self._reply(405, {"error": {"code": "method_not_allowed", "message": "-"}})
                else:
                    self._reply(200, {"status": "ok", "version": "test", "engine": "fake"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                service.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                status, answer, headers = (
                    service.answers.pop(0) if service.answers else (200, receipt_fields(), {})
                )
                self._reply(status, answer, headers)

            def log_message(self, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def push(self, status, body, headers=None):
        self.answers.append((status, body, headers or {}))


def png_bytes(color="white", size=(64, 64)):
    """A small valid PNG, with a color so checksums differ per call."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


class OcrCommon(TransactionCase):
    """Users, an expense category and a fake OCR service for every test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # jobs log failed attempts through a second cursor; in test mode it
        # shares the test transaction instead of committing
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.service = FakeOcrService().start()
        cls.addClassCleanup(cls.service.stop)
        cls.set_param("ocr_api_url", cls.service.url)
        cls.set_param("ocr_timeout", "10")
        cls.set_param("digitize_mode", "auto")
        # off: the fixtures' receipts are dated 2024 (SROIE's 2017 and 2018), years before the
        # expenses the tests create, and the tests expect their dates filled; the setting's own
        # tests (TestOldReceiptDate) turn it on
        cls.set_param("max_receipt_age_days", "0")
        cls.company = cls.env.company
        cls.usd = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        cls.usd.active = True
        cls.eur.active = True
        cls.product = cls.env["product.product"].create(
            {
                "name": "Meals (OCR test)",
                "can_be_expensed": True,
                "standard_price": 0.0,
                "type": "service",
            }
        )
        cls.user_employee = new_test_user(
            cls.env, login="ocr_employee", groups="base.group_user", name="Anna Maria Eriksson"
        )
        cls.user_employee_2 = new_test_user(
            cls.env, login="ocr_employee_2", groups="base.group_user", name="Bob Other"
        )
        cls.user_hr = new_test_user(
            cls.env, login="ocr_hr", groups="base.group_user,hr.group_hr_user", name="HR Officer"
        )
        cls.user_expense_manager = new_test_user(
            cls.env,
            login="ocr_expense_manager",
            groups="base.group_user,hr_expense.group_hr_expense_manager",
            name="Expense Manager",
        )
        Employee = cls.env["hr.employee"]
        cls.employee = Employee.create({"name": "Anna Maria Eriksson", "user_id": cls.user_employee.id})
        cls.employee_2 = Employee.create({"name": "Bob Other", "user_id": cls.user_employee_2.id})

    def setUp(self):
        super().setUp()
        self.service.answers.clear()
        self.service.requests.clear()
        self.service.readiness = FakeOcrService.READY

    @staticmethod
    def reader_writes(records, vals):
        """Set what the reader writes (a state, a request time) as the addon itself does."""
        with ocr_writing():
            records.write(vals)

    @classmethod
    def set_param(cls, key, value):
        cls.env["ir.config_parameter"].sudo().set_param(PARAM_PREFIX + key, value)

    @contextlib.contextmanager
    def committed(self, make):
        """Records seen by real transactions other than the test's, for two-transaction tests:
        ``make(env)`` creates them (a recordset or a list of them, in order of creation) in a
        transaction of its own, committed. Yields the database (``database.cursor()`` opens a
        transaction on it), a function giving an environment on such a cursor, and the
        records' ids, a list per recordset; the records are removed after, committed."""
        from odoo import api
        from odoo.sql_db import db_connect

        database = db_connect(self.env.cr.dbname)

        def env_of(cr):
            return api.Environment(cr, self.env.uid, {})

        with database.cursor() as cr:
            made = make(env_of(cr))
            made = made if isinstance(made, list) else [made]
            records = [(recordset._name, recordset.ids) for recordset in made]
            cr.commit()  # pylint: disable=invalid-commit
        try:
            yield database, env_of, [ids for _model, ids in records]
        finally:
            with database.cursor() as cr:
                for model, ids in reversed(records):
                    env_of(cr)[model].browse(ids).unlink()
                cr.commit()  # pylint: disable=invalid-commit

    def create_expense(self, employee=None, **vals):
        values = {
            "name": "Lunch",
            "employee_id": (employee or self.employee).id,
            "product_id": self.product.id,
            "total_amount_currency": 0.0,
        }
        values.update(vals)
        return self.env["hr.expense"].create(values)

    def attach(self, record, content=None, name="receipt.png", mimetype="image/png"):
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "res_model": record._name,
                "res_id": record.id,
                "raw": content if content is not None else png_bytes(),
                "mimetype": mimetype,
            }
        )

    def run_job(self, record):
        """Run the record's OCR job body as the queue runner would."""
        return record._ocr_job_scan(record.ocr_attachment_id.id)

    def job_fails(self, record, exc_name, exc_message="x"):
        """What the runner does when the record's job fails for good: the job is stored failed,
        then its failure hook runs (queue_job's controller, in this order)."""
        if self.job_of(record):  # (a job queued under trap_jobs is never stored)
            job = Job.load(self.env, record.ocr_job_uuid)
            job.set_failed(exc_name=exc_name, exc_message=exc_message)
            job.store()
        record._ocr_job_on_fail(exc_name=exc_name, exc_message=exc_message)

    def job_of(self, record):
        """The stored queue job of the record's current OCR request."""
        return self.env["queue.job"].search([("uuid", "=", record.ocr_job_uuid)])

    def b64(self, content):
        return base64.b64encode(content)


@contextlib.contextmanager
def unreachable_host():
    """A URL whose host takes no connection: a listening socket with a full accept queue, so
    a connect waits until its timeout (ConnectTimeout), as with a host that drops packets."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))  # in progress: never waited for
            fillers.append(filler)
        time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        for filler in fillers:
            filler.close()
        server.close()


@contextlib.contextmanager
def hanging_service():
    """A URL whose service takes the connection and the request and never answers (a process
    or a proxy that hangs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
                held.append(conn)
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()

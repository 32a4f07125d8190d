# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import os
import sys

from odoo.tests.common import BaseCase

from .common import FakeOcrService, receipt_fields


def load_client_by_path():
    """Load tools/ocr_client.py the way deployment checks do: no Odoo."""
    path = os.path.join(os.path.dirname(__file__), "..", "tools", "ocr_client.py")
    spec = importlib.util.spec_from_file_location("standalone_ocr_client", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestOcrClient(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_module = load_client_by_path()
        cls.service = FakeOcrService().start()
        cls.addClassCleanup(cls.service.stop)

    def setUp(self):
        super().setUp()
        self.service.answers.clear()
        self.service.requests.clear()

    def client(self, **kwargs):
        return self.client_module.OcrClient(self.service.url, **kwargs)

    def test_module_has_no_odoo_import(self):
        self.assertNotIn("odoo", self.client_module.requests.__name__)
        path = os.path.join(os.path.dirname(__file__), "..", "tools", "ocr_client.py")
        with open(path, encoding="utf-8") as handle:
            source = handle.read()
        self.assertNotIn("import odoo", source)
        self.assertNotIn("from odoo", source)
        self.assertNotIn("standalone_ocr_client", sys.modules)

    def test_health_and_scan(self):
        self.assertEqual(self.client().health()["status"], "ok")
        self.service.push(200, receipt_fields())
        result = self.client(token="s3cret").scan(
            b"\x89PNG fake", "receipt.png", doc_type="receipt", mimetype="image/png"
        )
        self.assertEqual(result["fields"]["total"]["value"], "42.50")
        request = self.service.requests[-1]
        self.assertEqual(request["path"], "/ocr")
        self.assertEqual(request["headers"]["Authorization"], "Bearer s3cret")
        self.assertIn(b'name="doc_type"', request["body"])
        self.assertIn(b"receipt", request["body"])
        self.assertIn(b'name="file"', request["body"])

    def test_no_token_no_header(self):
        self.service.push(200, receipt_fields())
        self.client().scan(b"x", "a.png")
        self.assertNotIn("Authorization", self.service.requests[-1]["headers"])
        self.assertNotIn("s3cret", repr(self.client(token="s3cret")))

    def test_permanent_errors(self):
        mod = self.client_module
        for status, code in (
            (400, "bad_request"),
            (401, "unauthorized"),
            (413, "file_too_large"),
            (415, "unsupported_media_type"),
            (422, "no_mrz_found"),
        ):
            self.service.push(
                status,
                {"error": {"code": code, "message": "ERIKSSON L898902C3 passport.png"}},
            )
            with self.assertRaises(mod.OcrPermanentError) as caught:
                self.client().scan(b"x", "ERIKSSON-passport.png", doc_type="passport")
            self.assertEqual(caught.exception.status, status)
            self.assertEqual(caught.exception.code, code)
            message = str(caught.exception)
            # status and code only: never OCR text nor the file name
            self.assertIn(str(status), message)
            self.assertNotIn("ERIKSSON", message)
            self.assertNotIn("L898902C3", message)
            self.assertNotIn("passport.png", message)
            self.assertIsInstance(caught.exception, mod.OcrError)

    def test_retryable_errors(self):
        mod = self.client_module
        for status in (429, 500, 503, 504):
            self.service.push(status, {"error": {"code": "busy", "message": "x"}})
            with self.assertRaises(mod.OcrRetryableError) as caught:
                self.client().scan(b"x", "a.png")
            self.assertEqual(caught.exception.status, status)
        # nothing listens on port 9 of loopback
        with self.assertRaises(mod.OcrRetryableError) as caught:
            mod.OcrClient("http://127.0.0.1:9", timeout=2).health()
        self.assertEqual(caught.exception.code, "connection_error")

    def test_weird_error_code_not_echoed(self):
        self.service.push(422, {"error": {"code": "ANNA MARIA <script>", "message": "x"}})
        with self.assertRaises(self.client_module.OcrPermanentError) as caught:
            self.client().scan(b"x", "a.png")
        self.assertEqual(caught.exception.code, "http_422")

    def test_arguments(self):
        mod = self.client_module
        with self.assertRaises(ValueError):
            self.client().scan(b"x", "a.png", doc_type="invoice")
        with self.assertRaises(mod.OcrPermanentError):
            self.client().scan(b"", "a.png")
        client = mod.OcrClient("https://ocr.example/", verify="/etc/ssl/ca.pem", timeout=5)
        self.assertEqual(client.base_url, "https://ocr.example")
        self.assertEqual(client.verify, "/etc/ssl/ca.pem")
        self.assertEqual(client.timeout, 5.0)

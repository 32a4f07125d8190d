# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo.exceptions import UserError, ValidationError

from odoo.addons.server_environment import serv_config

from ..models.hr_ocr_mixin import SERVER_ENV_SECTION
from .common import OcrCommon


@contextmanager
def server_env(**values):
    """Temporarily put values in the [hr_expense_ocr_audit] section."""
    created = not serv_config.has_section(SERVER_ENV_SECTION)
    if created:
        serv_config.add_section(SERVER_ENV_SECTION)
    try:
        # as a file holds them: a '%' written in the file is read, not refused
        lines = "".join(f"{key} = {value}\n" for key, value in values.items())
        serv_config.read_string(f"[{SERVER_ENV_SECTION}]\n{lines}")
        yield
    finally:
        for key in values:
            serv_config.remove_option(SERVER_ENV_SECTION, key)
        if created:
            serv_config.remove_section(SERVER_ENV_SECTION)


class TestConfig(OcrCommon):
    def test_defaults(self):
        params = self.env["ir.config_parameter"].sudo()
        params.search([("key", "=like", "hr_expense_ocr_audit.%")]).unlink()
        config = self.env["hr.ocr.mixin"]._ocr_config()
        self.assertEqual(config["ocr_api_url"], "http://127.0.0.1:8000")
        self.assertEqual(config["digitize_mode"], "on_demand")
        client = self.env["hr.ocr.mixin"]._ocr_client()
        self.assertIs(client.verify, True)
        self.assertIsNone(client.token)
        self.assertEqual(client.timeout, 75.0)
        self.assertEqual(client.max_upload_bytes, 20 * 1024 * 1024)
        # a number out of its range is its default, in the jobs as in the settings form
        self.set_param("date_tolerance_days", "-1")
        self.assertEqual(
            self.env["hr.ocr.mixin"]._ocr_config_float(
                self.env["hr.ocr.mixin"]._ocr_config(), "date_tolerance_days"
            ),
            3.0,
        )
        # a limit of zero is none; a negative one (it refused every document) is the default
        self.set_param("ocr_max_upload_mb", "0")
        self.assertIsNone(self.env["hr.ocr.mixin"]._ocr_client().max_upload_bytes)
        self.set_param("ocr_max_upload_mb", "-5")
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_client().max_upload_bytes, 20 * 1024 * 1024)

    def test_settings_roundtrip(self):
        settings = self.env["res.config.settings"].create(
            {
                "ocr_api_url": " https://ocr.example.internal ",
                "ocr_api_token": "tok",
                "ocr_timeout": 30,
                "ocr_tls_verify": False,
                "ocr_digitize_mode": "on_demand",
                "ocr_amount_tolerance_pct": 2.5,
            }
        )
        settings.execute()
        config = self.env["hr.ocr.mixin"]._ocr_config()
        self.assertEqual(config["ocr_api_url"], "https://ocr.example.internal")
        self.assertEqual(config["digitize_mode"], "on_demand")
        client = self.env["hr.ocr.mixin"]._ocr_client()
        self.assertIs(client.verify, False)
        self.assertEqual(client.token, "tok")
        self.assertEqual(client.timeout, 30.0)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.ocr_tls_verify)
        self.assertEqual(settings.ocr_amount_tolerance_pct, 2.5)
        settings.ocr_tls_verify = True
        settings.ocr_ca_bundle = "/etc/ssl/private-ca.pem"
        settings.execute()
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_client().verify, "/etc/ssl/private-ca.pem")

    def test_a_tolerance_saved_as_zero_is_zero_not_the_default(self):
        # Odoo removes a number parameter saved as 0: no tolerance (flag every difference) came
        # back as the default's 3 days and 1 %, every reading trusted as 0.8
        mixin = self.env["hr.ocr.mixin"]
        settings = self.env["res.config.settings"].create(
            {"ocr_amount_tolerance_pct": 0.0, "ocr_date_tolerance_days": 0, "ocr_min_confidence": 0.0}
        )
        settings.execute()
        config = mixin._ocr_config()
        for key in ("amount_tolerance_pct", "date_tolerance_days", "min_confidence"):
            self.assertEqual(mixin._ocr_config_float(config, key), 0.0, key)
        again = self.env["res.config.settings"].create({})
        self.assertEqual(again.ocr_amount_tolerance_pct, 0.0)
        self.assertEqual(again.ocr_date_tolerance_days, 0)
        self.assertEqual(again.ocr_min_confidence, 0.0)

    def test_server_environment_wins(self):
        self.set_param("ocr_api_url", "http://db-value:8000")
        with server_env(ocr_api_url="https://ocr.from-env", ocr_api_token="env-token"):
            config = self.env["hr.ocr.mixin"]._ocr_config()
            self.assertEqual(config["ocr_api_url"], "https://ocr.from-env")
            self.assertEqual(config["ocr_api_token"], "env-token")
            settings = self.env["res.config.settings"].create({})
            self.assertIn("ocr_api_url", settings.ocr_server_env_keys)
        config = self.env["hr.ocr.mixin"]._ocr_config()
        self.assertEqual(config["ocr_api_url"], "http://db-value:8000")

    def test_a_percent_sign_doubled_in_the_server_environment_is_one(self):
        """server_environment reads its files with interpolation ('%' alone stops Odoo from
        loading the database): a token holding one is written '%%' (CONFIGURE.md), and the
        service gets it with one."""
        with server_env(ocr_api_token="ab%%cd"):
            self.assertEqual(self.env["hr.ocr.mixin"]._ocr_client().token, "ab%cd")
            self.env["res.config.settings"].create({})

    def test_the_settings_form_shows_what_the_server_environment_sets(self):
        """The form showed the database's values, which the environment overrides (a URL nothing
        uses), editable, and a save was kept and ignored. It shows the values in effect now, the
        fields read-only, and a save leaves the database's values as they were."""
        self.set_param("ocr_api_url", "http://db-value:8000")
        self.set_param("ocr_timeout", "30")
        with server_env(ocr_api_url="https://ocr.from-env", ocr_timeout="90", ocr_api_token="env-token"):
            settings = self.env["res.config.settings"].create({})
            self.assertEqual(settings.ocr_api_url, "https://ocr.from-env")
            self.assertEqual(settings.ocr_timeout, 90)
            self.assertNotEqual(settings.ocr_api_token, "env-token", "a secret is not sent to a browser")
            settings.ocr_min_confidence = 0.6  # not set by the environment: saved as before
            settings.execute()
            arch = self.env["res.config.settings"].get_view(view_type="form")["arch"]
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("hr_expense_ocr_audit.ocr_api_url"), "http://db-value:8000")
        self.assertEqual(params.get_param("hr_expense_ocr_audit.ocr_timeout"), "30")
        self.assertEqual(params.get_param("hr_expense_ocr_audit.min_confidence"), "0.6")
        self.assertIn("'ocr_api_url' in (ocr_server_env_keys or '')", arch)

    def test_a_misspelled_mode_in_the_database_does_not_block_every_settings_save(self):
        """Set under System Parameters or over RPC: the jobs took the default, the settings form
        loaded the typo and every settings save failed."""
        self.set_param("digitize_mode", "automatic")
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_digitize_mode(), "on_demand")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.ocr_digitize_mode, "on_demand")
        settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("hr_expense_ocr_audit.digitize_mode"),
            "on_demand",
        )

    def test_a_typo_in_the_server_environment_does_not_block_every_settings_save(self):
        """A value of the environment the form cannot hold (a mode that does not exist, a URL
        without its scheme) made every application's settings fail to save."""
        self.set_param("ocr_api_url", "http://db-value:8000")
        self.set_param("digitize_mode", "auto")
        with server_env(
            digitize_mode="automatic",
            ocr_api_url="ocr.example.internal:8000",
            ocr_timeout="inf",
            ocr_max_upload_mb="3e9",
            amount_tolerance_pct="nan",
        ):
            mixin = self.env["hr.ocr.mixin"]
            self.assertEqual(mixin._ocr_config_float(mixin._ocr_config(), "ocr_timeout"), 75.0)
            self.assertEqual(mixin._ocr_digitize_mode(), "on_demand")
            settings = self.env["res.config.settings"].create({})
            self.assertEqual(settings.ocr_api_url, "http://db-value:8000")
            self.assertEqual(settings.ocr_digitize_mode, "on_demand")
            settings.ocr_min_confidence = 0.7
            settings.execute()
        self.assertEqual(
            self.env["ir.config_parameter"].sudo().get_param("hr_expense_ocr_audit.min_confidence"), "0.7"
        )

    def test_test_connection(self):
        self.service.token = "fake-token"
        self.addCleanup(setattr, self.service, "token", None)
        settings = self.env["res.config.settings"].create({"ocr_api_token": "fake-token"})
        action = settings.action_ocr_test_connection()
        self.assertEqual(action["params"]["type"], "success")
        message = action["params"]["message"]
        self.assertIn(self.service.url, message)
        self.assertIn("ready", message)
        self.assertIn("fake", message)
        self.assertIn("takes the API token", message)

    def test_test_connection_to_a_service_that_asks_for_no_token(self):
        """A service started without a token takes any: "It takes the API token." with a green
        notification hid that anyone who can reach it can use it."""
        for token in ("set-here-only", False):
            settings = self.env["res.config.settings"].create({"ocr_api_token": token})
            action = settings.action_ocr_test_connection()["params"]
            self.assertEqual(action["type"], "warning", token)
            self.assertIn("asks for no API token", action["message"], token)
            self.assertNotIn("takes the API token", action["message"], token)

    def test_test_connection_uses_the_form(self):
        # the stored URL is dead; the one typed in the form is tested
        self.set_param("ocr_api_url", "http://127.0.0.1:9")
        settings = self.env["res.config.settings"].create({"ocr_api_url": self.service.url})
        self.assertIn("ready", settings.action_ocr_test_connection()["params"]["message"])
        settings = self.env["res.config.settings"].create({"ocr_api_url": "http://127.0.0.1:9"})
        with self.assertRaises(UserError) as caught:
            settings.action_ocr_test_connection()
        self.assertIn("cannot be reached", str(caught.exception))

    def test_test_connection_says_why_the_service_is_not_ready(self):
        settings = self.env["res.config.settings"].create({})
        for state, says in (
            ("failed", "failed to load"),
            ("saturated", "busy"),
            ("stuck", "stuck"),
            ("loading", "loading"),
        ):
            self.service.readiness = (503, {"status": state, "ready": False})
            action = settings.action_ocr_test_connection()
            self.assertEqual(action["params"]["type"], "warning", state)
            self.assertIn(says, action["params"]["message"], state)

    def test_test_connection_with_a_ca_bundle_that_is_no_file(self):
        settings = self.env["res.config.settings"].create(
            {
                "ocr_api_url": "https://127.0.0.1:9",
                "ocr_tls_verify": True,
                "ocr_ca_bundle": "/nonexistent/ca.pem",
            }
        )
        with self.assertRaises(UserError) as caught:
            settings.action_ocr_test_connection()
        self.assertIn("CA bundle", str(caught.exception))
        self.assertNotIn("/nonexistent", str(caught.exception))

    def test_url_scheme(self):
        for url in ("file:///etc/passwd", "ftp://ocr.example.internal", "ocr.example.internal:8000"):
            with self.assertRaises(ValidationError, msg=url) as caught:
                self.env["res.config.settings"].create({"ocr_api_url": url}).execute()
            self.assertIn("http://", str(caught.exception))
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_config()["ocr_api_url"], self.service.url)
        for url in ("http://127.0.0.1:8000", "https://ocr.example.internal", "HTTPS://ocr.example.internal/"):
            self.env["res.config.settings"].create({"ocr_api_url": url}).execute()

    def test_a_url_no_request_can_be_sent_to_is_refused(self):
        for url in ("http://127.0.0.1:99999", "http://127.0.0.1:80a", "http://ocr:8000 /"):
            with self.assertRaises(ValidationError, msg=url):
                self.env["res.config.settings"].create({"ocr_api_url": url}).execute()
        self.assertEqual(self.env["hr.ocr.mixin"]._ocr_config()["ocr_api_url"], self.service.url)

    def test_token_over_plain_http_warned(self):
        Settings = self.env["res.config.settings"]
        warned = Settings.create({"ocr_api_url": "http://ocr.example.internal:8000", "ocr_api_token": "t"})
        self.assertIn("https://", warned.ocr_api_url_warning)
        for vals in (
            {"ocr_api_url": "https://ocr.example.internal", "ocr_api_token": "t"},
            {"ocr_api_url": "http://127.0.0.1:8000", "ocr_api_token": "t"},
            {"ocr_api_url": "http://localhost:8000", "ocr_api_token": "t"},
            {"ocr_api_url": "http://ocr.example.internal:8000", "ocr_api_token": False},
        ):
            self.assertFalse(Settings.create(vals).ocr_api_url_warning, vals)
        # the token may also come from the server environment
        with server_env(ocr_api_token="env-token"):
            self.assertTrue(
                Settings.create({"ocr_api_url": "http://ocr.example.internal"}).ocr_api_url_warning
            )

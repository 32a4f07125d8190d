# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import html

from odoo.exceptions import UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import PoFileReader, code_translations

from ..models.hr_ocr_mixin import PARAM_PREFIX, ocr_writing

MODULE = "hr_expense_ocr_audit"
LANGS = {"de_DE": "de", "fr_FR": "fr"}


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    """The addon's German and French translations (i18n/de.po, fr.po), loaded as Odoo loads a
    language: field labels, selection labels, views and the messages its Python code raises.
    English (the source) is checked beside them, so that a label left untranslated fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        module = cls.env["ir.module.module"].search([("name", "=", MODULE)])
        module._update_translations(list(LANGS))
        cls.env["ir.config_parameter"].sudo().set_param(PARAM_PREFIX + "digitize_mode", "on_demand")
        employee = cls.env["hr.employee"].create({"name": "Translation Test Employee"})
        product = cls.env["product.product"].create(
            {"name": "Meals (translation test)", "can_be_expensed": True, "type": "service"}
        )
        cls.expense = cls.env["hr.expense"].create(
            {
                "name": "Lunch",
                "employee_id": employee.id,
                "product_id": product.id,
                "total_amount_currency": 10.0,
            }
        )

    def test_field_label(self):
        expected = {"en_US": "Amount Mismatch", "de_DE": "Betragsabweichung", "fr_FR": "Écart de montant"}
        for code, label in expected.items():
            with self.subTest(lang=code):
                fields = (
                    self.env["hr.expense"].with_context(lang=code).fields_get(["ocr_flag_amount"], ["string"])
                )
                self.assertEqual(fields["ocr_flag_amount"]["string"], label)

    def test_selection_label(self):
        expected = {
            "en_US": "VAT ID of Several Contacts",
            "de_DE": "USt-IdNr. mehrerer Kontakte",
            "fr_FR": "N° de TVA de plusieurs contacts",
        }
        for code, label in expected.items():
            with self.subTest(lang=code):
                fields = (
                    self.env["hr.expense"]
                    .with_context(lang=code)
                    .fields_get(["ocr_vendor_match"], ["selection"])
                )
                self.assertIn(
                    ("vat_ambiguous", label),
                    [tuple(item) for item in fields["ocr_vendor_match"]["selection"]],
                )

    def test_view_strings(self):
        expected = {
            "en_US": ("<strong>Receipt audit: </strong>", 'string="Scan Receipt"'),
            "de_DE": ("<strong>Belegprüfung: </strong>", 'string="Beleg scannen"'),
            "fr_FR": ("<strong>Contrôle du reçu : </strong>", 'string="Scanner le reçu"'),
        }
        for code, texts in expected.items():
            with self.subTest(lang=code):
                views = self.env["hr.expense"].with_context(lang=code).get_views([(False, "form")])
                arch = views["views"]["form"]["arch"]
                for text in texts:
                    self.assertIn(text, arch)

    def test_search_filter_strings(self):
        """The search's filters for what the audit flags are translated as the fields they filter."""
        expected = {
            "en_US": ("Records No Payment", "Several Receipts on One Page"),
            "de_DE": ("Belegt keine Zahlung", "Mehrere Belege auf einer Seite"),
            "fr_FR": ("N'atteste aucun paiement", "Plusieurs reçus sur une page"),
        }
        for code, labels in expected.items():
            with self.subTest(lang=code):
                views = self.env["hr.expense"].with_context(lang=code).get_views([(False, "search")])
                for label in labels:
                    self.assertIn(f'string="{label}"', views["views"]["search"]["arch"])

    def test_employee_view_string(self):
        expected = {"en_US": "Passport No", "de_DE": "Pass-Nr.", "fr_FR": "N° de passeport"}
        for code, label in expected.items():
            with self.subTest(lang=code):
                views = self.env["hr.employee"].with_context(lang=code).get_views([(False, "form")])
                self.assertIn(f'string="{label}"', views["views"]["form"]["arch"])

    def test_python_message(self):
        expected = {
            "en_US": "Attach a receipt before scanning it.",
            "de_DE": "Hängen Sie einen Beleg an, bevor Sie ihn scannen.",
            "fr_FR": "Joignez un reçu avant de le scanner.",
        }
        for code, message in expected.items():
            with self.subTest(lang=code):
                with self.assertRaises(UserError) as caught:
                    self.expense.with_context(lang=code).action_ocr_scan()
                self.assertEqual(caught.exception.args[0], message)

    def test_no_payment_finding_and_label(self):
        """The audit's words for a quote, and the kind's label, in the reader's language."""
        with ocr_writing():
            self.expense.write({"ocr_state": "needs_review", "ocr_no_payment": "quote"})
        expected = {
            "en_US": (
                "Quote or estimate",
                "the attachment reads as a quote or an estimate, which records no payment: "
                "nothing read was filled in",
            ),
            "de_DE": (
                "Angebot oder Kostenvoranschlag",
                "der Anhang ist offenbar ein Angebot oder ein Kostenvoranschlag und belegt keine "
                "Zahlung: Nichts Gelesenes wurde eingetragen",
            ),
            "fr_FR": (
                "Devis ou estimation",
                "la pièce jointe semble être un devis ou une estimation, qui n'atteste aucun "
                "paiement : rien de ce qui a été lu n'a été rempli",
            ),
        }
        for code, (label, words) in expected.items():
            with self.subTest(lang=code):
                expense = self.expense.with_context(lang=code)
                selection = expense.fields_get(["ocr_no_payment"], ["selection"])["ocr_no_payment"][
                    "selection"
                ]
                self.assertIn(["quote", label], [list(item) for item in selection])
                self.assertEqual(expense.ocr_audit_summary, words)

    def test_every_message_of_the_po_files_is_loaded(self):
        """Each entry of de.po and fr.po comes out translated where Odoo shows it: the records'
        translated fields (labels, helps, selections, model and action names), the views' and
        the action's terms (a term whose source no longer matches its view stays English), and
        the Python code's messages."""
        for code, name in LANGS.items():
            python = code_translations.get_python_translations(MODULE, code)
            checked = 0
            for entry in PoFileReader(f"{get_module_path(MODULE)}/i18n/{name}.po"):
                with self.subTest(lang=code, src=entry["src"], name=entry["name"]):
                    # (Odoo's reader merges the .pot in: a message missing from the .po is empty)
                    self.assertTrue(entry["value"], "not translated")
                    if entry["type"] == "code":
                        self.assertEqual(python.get(entry["src"]), entry["value"])
                    else:
                        record = self.env.ref(f"{entry['module']}.{entry['imd_name']}").with_context(
                            lang=code
                        )
                        shown = record[entry["name"].split(",")[1]]
                        if entry["type"] == "model":
                            self.assertEqual(shown, entry["value"])
                        else:
                            self.assertIn(entry["value"], html.unescape(str(shown)))
                    checked += 1
            self.assertGreater(checked, 379)

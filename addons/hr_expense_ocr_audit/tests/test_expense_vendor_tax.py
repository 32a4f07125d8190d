# Copyright 2026 hr_expense_ocr_audit authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from .common import OcrCommon, png_bytes, receipt_fields


def european_receipt(vendor="HIER BIN ICH MENSCH", vat=None, vat_confidence=0.96, **values):
    """A receipt answer with the fields a service with tax lines and VAT ids sends.

    ``values`` sets ``total``, ``tax``, ``net`` (strings or None) and
    ``tax_lines`` (a list of dicts as the service sends them).
    """
    answer = receipt_fields(vendor=vendor, total=values.get("total", "23.80"), currency="EUR")
    fields = answer["fields"]
    fields["tax"]["value"] = values.get("tax", "3.80")
    fields["subtotal"]["value"] = None
    fields["net"] = {"value": values.get("net", "20.00"), "confidence": 0.93}
    fields["tax_lines"] = values.get(
        "tax_lines",
        [{"rate": "19", "base": "20.00", "amount": "3.80", "confidence": 0.92}],
    )
    fields["vendor_vat"] = {"value": vat, "confidence": vat_confidence if vat else 0.0}
    return answer


class TestExpenseVendorTax(OcrCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        germany = cls.env.ref("base.de")
        # the VAT id as people type it, with spaces and dots
        cls.market = Partner.create(
            {
                "name": "Markt Süd GmbH",
                "is_company": True,
                "vat": "DE 123.456.789",
                "country_id": germany.id,
            }
        )
        # a contact of the company shares its VAT id (a commercial field)
        cls.market_cashier = Partner.create({"name": "Kasse 3", "parent_id": cls.market.id})
        cls.bakery = Partner.create({"name": "Corner Bakery", "is_company": True})
        cls.aldi = Partner.create(
            {"name": "Discount Markt", "is_company": True, "vat": "DE111111111", "country_id": germany.id}
        )
        # the category's input VAT is the rate the receipts charge
        group = cls.env["account.tax.group"].create({"name": "VAT (OCR test)"})
        Tax = cls.env["account.tax"]
        cls.vat_19, cls.vat_7 = (
            Tax.create(
                {
                    "name": f"{rate} % input VAT (OCR test)",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "purchase",
                    "tax_group_id": group.id,
                }
            )
            for rate in (19, 7)
        )
        # the euro's rate of the receipts' week: the amount reimbursed in dollars is checked
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.eur.id, "name": "2024-03-14", "rate": 0.9, "company_id": cls.company.id}
        )
        cls.product.supplier_taxes_id = cls.vat_19

    def scan(self, answer, **vals):
        expense = self.create_expense(**vals)
        self.attach(expense, png_bytes((len(self.service.requests), 7, 11)))
        self.service.push(200, answer)
        self.run_job(expense)
        return expense

    def history_of(self, record):
        return self.env["hr.ocr.history"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)], order="id desc", limit=1
        )

    # ------------------------------------------------------------------
    # Vendor: VAT id first, then name
    # ------------------------------------------------------------------
    def test_vat_id_matches_the_company_whatever_the_name_read(self):
        self.assertEqual(self.market_cashier.vat, self.market.vat)
        partners_before = self.env["res.partner"].search_count([])
        expense = self.scan(european_receipt(vat="DE123456789"))
        self.assertEqual(expense.ocr_vendor_vat, "DE123456789")
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.ocr_vendor_match, "vat")
        self.assertEqual(expense.vendor_id, self.market)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertEqual(self.history_of(expense).vendor_match, "vat")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_vendor_read_with_doubt_is_shown_not_filled(self):
        # a sure total and date say nothing of the name: a line the service doubts names the
        # seller (a slogan, a mall above the shop) is matched and shown, and waits for a person
        answer = receipt_fields()
        answer["fields"]["vendor"]["confidence"] = 0.55
        expense = self.scan(answer)
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")
        self.assertAlmostEqual(expense.ocr_vendor_confidence, 0.55)
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.total_amount_currency, 42.50)  # the sure values are filled
        self.assertNotIn(expense._fields["vendor_id"].string, expense.ocr_filled_fields or "")
        expense.action_ocr_apply_values()
        self.assertEqual(expense.vendor_id, self.bakery)
        # a VAT id read sure enough vouches for the seller whatever the name line's confidence
        answer = european_receipt(vat="DE123456789")
        answer["fields"]["vendor"]["confidence"] = 0.3
        expense = self.scan(answer)
        self.assertEqual(expense.ocr_vendor_match, "vat")
        self.assertEqual(expense.vendor_id, self.market)

    def test_vat_id_without_country_prefix(self):
        # a German tax number, as the service gives it, against one typed with spaces
        office = self.env["res.partner"].create(
            {"name": "Bäckerei Kunz", "is_company": True, "vat": "12 345 67890"}
        )
        expense = self.scan(european_receipt(vendor="Backstube", vat="12/345/67890"))
        self.assertEqual(expense.ocr_vendor_id, office)
        self.assertEqual(expense.ocr_vendor_match, "vat")
        # a prefix on one side only holds when it is the partner's country
        french = self.env["res.partner"].create(
            {
                "name": "Boulangerie Paul",
                "is_company": True,
                "vat": "444555666",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        expense = self.scan(european_receipt(vendor="Backstube", vat="DE444555666"))
        self.assertNotEqual(expense.ocr_vendor_id, french)
        self.assertEqual(expense.ocr_vendor_match, "none")
        expense = self.scan(european_receipt(vendor="Backstube", vat="FR444555666"))
        self.assertEqual(expense.ocr_vendor_id, french)

    def test_vat_id_of_two_companies_matches_none(self):
        Partner = self.env["res.partner"]
        kiosk = Partner.create({"name": "Kiosk Nord", "is_company": True, "vat": "DE 999 888 777"})
        Partner.create({"name": "Kiosk Nord Filiale", "is_company": True, "vat": "DE999888777"})
        partners_before = Partner.search_count([])
        # the name would pick one of them: it must not
        expense = self.scan(european_receipt(vendor="Kiosk Nord", vat="DE999888777"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "vat_ambiguous")
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("several contacts", expense.ocr_audit_summary)
        self.assertEqual(self.history_of(expense).vendor_match, "vat_ambiguous")
        self.assertEqual(Partner.search_count([]), partners_before)
        self.assertTrue(kiosk.exists())

    def test_vat_id_of_another_company_is_not_seen(self):
        other_company = self.env["res.company"].create({"name": "Other Company (OCR test)"})
        self.env["res.partner"].create(
            {
                "name": "Markt Süd (other company)",
                "is_company": True,
                "vat": "DE123456789",
                "company_id": other_company.id,
            }
        )
        expense = self.scan(european_receipt(vat="DE123456789"))
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.ocr_vendor_match, "vat")

    def test_older_service_without_new_fields(self):
        answer = receipt_fields()
        for key in ("net", "tax_lines", "vendor_vat"):
            self.assertNotIn(key, answer["fields"])
        expense = self.scan(answer)
        self.assertEqual(expense.ocr_state, "done")
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")
        self.assertEqual(expense.vendor_id, self.bakery)
        self.assertFalse(expense.ocr_vendor_vat)
        self.assertFalse(expense.ocr_net)
        self.assertFalse(expense.ocr_tax_lines)
        self.assertFalse(expense.ocr_tax_lines_summary)
        self.assertFalse(expense.ocr_flag_tax)
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertEqual(self.history_of(expense).vendor_match, "name")

    def test_unknown_vat_id_falls_back_to_the_name(self):
        expense = self.scan(european_receipt(vendor="Corner Bakery", vat="DE555555555"))
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")
        self.assertEqual(expense.ocr_vendor_vat, "DE555555555")

    def test_the_name_of_a_companys_contact_proposes_the_company(self):
        # the receipt prints a person's name (the owner, a till's account): the seller may be
        # the company that person is a contact of, or someone else of that name (a taxi driver
        # named like a supplier's employee): the company is proposed, not filled
        expense = self.scan(european_receipt(vendor="Kasse 3"))
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.ocr_vendor_match, "contact_name")
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("contact of Markt Süd GmbH", expense.ocr_audit_summary)
        # a person who says who the seller is ends the question: that company, or another
        expense.vendor_id = self.market
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertFalse(expense.ocr_audit_summary)
        expense.vendor_id = self.bakery
        self.assertEqual(expense.ocr_audit_status, "ok")
        # "Apply" takes the proposal as a person's choice (another receipt: not a duplicate)
        lines = [{"rate": "19", "base": "10.00", "amount": "1.90", "confidence": 0.92}]
        receipt = european_receipt(vendor="Kasse 3", total="11.90", tax="1.90", net="10.00", tax_lines=lines)
        expense = self.scan(receipt)
        self.assertEqual(expense.ocr_audit_status, "review")
        expense.action_ocr_apply_values()
        self.assertEqual(expense.vendor_id, self.market)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # a person who is a contact of no company is the seller itself, as a company is
        loner = self.env["res.partner"].create({"name": "Lali Bittner"})
        expense = self.scan(european_receipt(vendor="Lali Bittner"))
        self.assertEqual(expense.ocr_vendor_id, loner)
        self.assertEqual(expense.vendor_id, loner)
        self.assertEqual(expense.ocr_vendor_match, "name")

    def test_a_contact_of_an_archived_or_other_companys_vendor_matches_nothing(self):
        # Odoo keeps a company's contacts active when the company is archived
        taxi = self.env["res.partner"].create({"name": "Taxi Adler", "is_company": True})
        self.env["res.partner"].create({"name": "Hans Adler", "parent_id": taxi.id})
        taxi.active = False
        expense = self.scan(european_receipt(vendor="Hans Adler"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)
        # the company belongs to another company of the database: not this expense's vendor
        other = self.env["res.company"].create({"name": "Other Company"})
        taxi.write({"active": True, "company_id": other.id})
        expense = self.scan(european_receipt(vendor="Hans Adler"))
        self.assertFalse(expense.ocr_vendor_id)

    def test_name_of_a_contact_with_another_vat_id_is_not_matched(self):
        # same name, but the receipt's VAT id says it is another seller
        expense = self.scan(european_receipt(vendor="Discount Markt", vat="DE222222222"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "none")

    def test_the_company_or_the_employee_an_invoice_is_addressed_to_is_no_vendor(self):
        # a hotel invoice addressed to the employer: its name, its VAT id, the guest's name
        company = self.env.company.partner_id
        company.write({"name": "Apimeister Consulting GmbH", "vat": "DE 987 654 321"})
        for answer in (
            european_receipt(vendor="APIMEISTER CONSULTING GMBH"),
            european_receipt(vendor="Somewhere", vat="DE987654321"),
            european_receipt(vendor=self.employee.work_contact_id.name),
            european_receipt(vendor=self.user_employee.partner_id.name),
        ):
            expense = self.scan(answer)
            self.assertFalse(expense.ocr_vendor_id)
            self.assertFalse(expense.vendor_id)
            self.assertEqual(expense.ocr_vendor_match, "addressee")
            self.assertEqual(expense.ocr_audit_status, "review")
            self.assertIn("addressee", expense.ocr_audit_summary)
            self.assertEqual(self.history_of(expense).vendor_match, "addressee")
        # the customer's VAT id printed beside a seller whose name is known: the seller
        expense = self.scan(european_receipt(vendor="Corner Bakery", vat="DE987654321"))
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")
        # two invoices addressed to the company on one day for one amount are not one receipt
        first = self.scan(
            european_receipt(vendor="APIMEISTER CONSULTING GMBH", vat="DE987654321", total="99.00")
        )
        second = self.scan(
            european_receipt(vendor="APIMEISTER CONSULTING GMBH", vat="DE987654321", total="99.00")
        )
        self.assertEqual(second.ocr_vendor_match, "addressee")
        self.assertFalse(first.ocr_flag_duplicate or second.ocr_flag_duplicate)
        # a contact of the company's (its own cashier) is the company too
        cashier = self.env["res.partner"].create({"name": "Hotel Desk Account", "parent_id": company.id})
        expense = self.scan(european_receipt(vendor=cashier.name))
        self.assertEqual(expense.ocr_vendor_match, "addressee")
        # a colleague (their work contact, their user) and another company of the database too
        sister = self.env["res.company"].create({"name": "Apimeister Services AG"})
        for name in (self.employee_2.work_contact_id.name, self.user_employee_2.partner_id.name, sister.name):
            expense = self.scan(european_receipt(vendor=name))
            self.assertEqual(expense.ocr_vendor_match, "addressee", name)
            self.assertFalse(expense.vendor_id)
        # a portal user's company (a supplier) is a vendor as any other contact
        supplier = self.env["res.partner"].create({"name": "Portal Supplier GmbH", "is_company": True})
        self.env["res.users"].create(
            {
                "name": "Portal Person",
                "login": "portal_person_ocr",
                "parent_id": supplier.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        expense = self.scan(european_receipt(vendor="Portal Supplier GmbH"))
        self.assertEqual(expense.ocr_vendor_id, supplier)
        # another company is matched as before
        expense = self.scan(european_receipt(vendor="Corner Bakery"))
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")

    def test_the_archived_addressees_are_no_vendors_either(self):
        # a former employee's contact, an archived user's, a closed subsidiary's (their contacts
        # stay active): an invoice addressed to them prints their names and VAT id
        former = self.env["hr.employee"].create({"name": "Frieda Former"})
        former.action_archive()
        self.assertTrue(former.work_contact_id.active)
        archived_user = new_test_user(self.env, login="ocr_archived", name="Ulrich Archived")
        archived_user.action_archive()
        self.assertTrue(archived_user.partner_id.active)
        closed = self.env["res.company"].create({"name": "Closed Subsidiary GmbH"})
        closed.partner_id.write({"vat": "DE 555 666 777", "country_id": self.env.ref("base.de").id})
        closed.action_archive()
        self.assertTrue(closed.partner_id.active)
        for answer in (
            european_receipt(vendor="Frieda Former"),
            european_receipt(vendor="Ulrich Archived"),
            european_receipt(vendor="Closed Subsidiary GmbH"),
            european_receipt(vendor="Somewhere", vat="DE555666777"),
        ):
            with self.subTest(vendor=answer["fields"]["vendor"]["value"]):
                expense = self.scan(answer)
                self.assertEqual(expense.ocr_vendor_match, "addressee")
                self.assertFalse(expense.ocr_vendor_id)
                self.assertFalse(expense.vendor_id)

    def test_vat_id_read_with_doubt_is_not_used(self):
        self.set_param("min_confidence", "0.8")
        expense = self.scan(european_receipt(vendor="Somewhere", vat="DE123456789", vat_confidence=0.5))
        self.assertEqual(expense.ocr_vendor_vat, "DE123456789")
        self.assertAlmostEqual(expense.ocr_vendor_vat_confidence, 0.5)
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "none")

    def test_name_matches_a_company_with_the_legal_form_set_aside(self):
        Partner = self.env["res.partner"]
        grotta = Partner.create({"name": "La Grotta GmbH", "is_company": True})
        Partner.create({"name": "La Grotta Pizzeria GmbH", "is_company": True})
        rewe = Partner.create({"name": "REWE Markt", "is_company": True})
        # the receipt leaves the form out, or prints it where the contact has none
        expense = self.scan(european_receipt(vendor="LA GROTTA"))
        self.assertEqual(expense.ocr_vendor_id, grotta)
        self.assertEqual(expense.ocr_vendor_match, "name_legal_form")
        self.assertEqual(self.history_of(expense).vendor_match, "name_legal_form")
        expense = self.scan(european_receipt(vendor="REWE Markt GmbH"))
        self.assertEqual(expense.ocr_vendor_id, rewe)
        # a name read with its spacing wider than the contact's, no form on either side
        expense = self.scan(european_receipt(vendor="REWE  Markt"))
        self.assertEqual(expense.ocr_vendor_id, rewe)
        # two different forms are two companies: "Markt Süd GmbH" is not "Markt Süd AG"
        expense = self.scan(european_receipt(vendor="Markt Süd AG"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "none")
        # a form that is a word as well, on one side only, may be another business: the
        # restaurant "Golden Lotus" is not the spa "Golden Lotus Spa", nor the other way round
        lotus = Partner.create({"name": "Golden Lotus", "is_company": True})
        expense = self.scan(european_receipt(vendor="GOLDEN LOTUS SPA"))
        self.assertFalse(expense.ocr_vendor_id)
        expense = self.scan(european_receipt(vendor="Golden Lotus S.p.A."))
        self.assertEqual(expense.ocr_vendor_id, lotus)
        Partner.create({"name": "Tea Garden Co", "is_company": True})
        expense = self.scan(european_receipt(vendor="Tea Garden"))
        self.assertFalse(expense.ocr_vendor_id)
        # the name as printed still wins, as it did
        expense = self.scan(european_receipt(vendor="Markt Süd GmbH"))
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.ocr_vendor_match, "name")

    def test_name_without_its_form_matching_two_companies_matches_none(self):
        Partner = self.env["res.partner"]
        Partner.create({"name": "Bella Vista GmbH", "is_company": True})
        Partner.create({"name": "Bella Vista Ltd", "is_company": True})
        expense = self.scan(european_receipt(vendor="Bella Vista"))
        self.assertFalse(expense.ocr_vendor_id)
        self.assertEqual(expense.ocr_vendor_match, "none")
        # a name of three letters once its form is gone is too short to go by
        Partner.create({"name": "Bio GmbH", "is_company": True})
        expense = self.scan(european_receipt(vendor="BIO"))
        self.assertFalse(expense.ocr_vendor_id)

    def test_a_company_whose_name_begins_the_vendors_is_proposed(self):
        Partner = self.env["res.partner"]
        dean = Partner.create({"name": "dean and david", "is_company": True})
        Partner.create({"name": "dean", "is_company": True})
        skyward = Partner.create({"name": "Skyward Air Ltd", "is_company": True})
        # the branch and the legal entity printed after the chain's name: the most words that
        # name a company, proposed, not filled; the expense waits for a person
        expense = self.scan(european_receipt(vendor="dean and david HH Jungfernstieg GmbH"))
        self.assertEqual(expense.ocr_vendor_id, dean)
        self.assertEqual(expense.ocr_vendor_match, "name_start")
        self.assertEqual(self.history_of(expense).vendor_match, "name_start")
        self.assertFalse(expense.vendor_id)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("begins with the name of dean and david", expense.ocr_audit_summary)
        # a person who sets the vendor ends the question, and "Apply" takes the proposal
        expense.vendor_id = self.bakery
        self.assertEqual(expense.ocr_audit_status, "ok")
        self.assertFalse(expense.ocr_flag_vendor)
        expense = self.scan(european_receipt(vendor="Skyward Air Ltd · Dublin Airport", total="11.00"))
        self.assertEqual((expense.ocr_vendor_id, expense.ocr_vendor_match), (skyward, "name_start"))
        expense.action_ocr_apply_values()
        self.assertEqual(expense.vendor_id, skyward)
        # the legal form aside on the contact's side too ("Skyward Air" begins the name), a
        # comma after the name's last word
        expense = self.scan(european_receipt(vendor="SKYWARD AIR Cork", total="12.00"))
        self.assertEqual(expense.ocr_vendor_id, skyward)
        expense = self.scan(european_receipt(vendor="Skyward Air Ltd, Dublin Airport", total="12.50"))
        self.assertEqual(expense.ocr_vendor_id, skyward)
        # a name read far too long is matched as kept (its first 256 characters)
        expense = self.scan(european_receipt(vendor="Corner Bakery " + "Altona " * 800, total="12.70"))
        self.assertEqual((expense.ocr_vendor_id, expense.ocr_vendor_match), (self.bakery, "name_start"))
        # a typed vendor is not compared with a proposal: no mismatch
        expense = self.scan(
            european_receipt(vendor="Corner Bakery Altona", total="13.00"), vendor_id=self.aldi.id
        )
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertFalse(expense.ocr_flag_vendor)
        self.assertNotIn("begins with", expense.ocr_audit_summary or "")

    def test_no_company_is_proposed_when_the_start_of_the_name_does_not_tell_which(self):
        Partner = self.env["res.partner"]
        Partner.create({"name": "Bella Vista GmbH", "is_company": True})
        Partner.create({"name": "Bella Vista Ltd", "is_company": True})
        Partner.create({"name": "Bio GmbH", "is_company": True})
        Partner.create({"name": "Sunset", "is_company": False})
        for name in ("Bella", "Müller", "Golden Lotus", "dean"):
            Partner.create({"name": name, "is_company": True})
        for vendor in (
            "Bella Vista Hamburg",  # two companies of that name
            "Bella Vista",  # the whole name is two companies': no shorter name's either
            "BIO Frischmarkt",  # three letters: too short to go by
            "BIO GmbH Frischmarkt",  # three letters once the legal form is aside
            "Sunset Boulevard Diner",  # a person's name, not a company's
            "Corner Bakery",  # the whole name: matched as the name, not as its start
            "Markt Süd AG",  # a start that is no company's whole name ("Markt")
            "Markt Süd AG Filiale 12",  # its legal form ends the name: not "Markt Süd GmbH"
            "Golden Lotus Spa Massage",  # a spa, not the restaurant "Golden Lotus"
            "Müller & Sohn Bäckerei",  # a name joined to more: not "Müller"
            "dean and david Hamburg",  # nor "dean" of "dean and david"
        ):
            with self.subTest(vendor=vendor):
                expense = self.scan(european_receipt(vendor=vendor))
                self.assertNotEqual(expense.ocr_vendor_match, "name_start")
        self.assertEqual(self.scan(european_receipt(vendor="Bella Vista Hamburg")).ocr_vendor_match, "none")
        # the database's own company at the start of a seller's name does not make the invoice
        # addressed to it: no contact, and the name still finds duplicates
        own = self.scan(european_receipt(vendor=f"{self.env.company.name} Filiale Nord", total="31.00"))
        self.assertEqual((own.ocr_vendor_match, own.ocr_vendor_id), ("none", Partner.browse()))
        self.assertFalse(own._ocr_name_is_own())

    def test_legal_forms_are_split_from_names(self):
        from ..models.hr_expense import legal_form_is_a_word, split_legal_form

        self.assertEqual(split_legal_form("Aldi GmbH & Co. KG"), ("Aldi", "gmbh&cokg"))
        self.assertEqual(split_legal_form("XUCUER AGAIV S.L."), ("XUCUER AGAIV", "sl"))
        self.assertEqual(split_legal_form("MARE VENTUS d.o.o."), ("MARE VENTUS", "doo"))
        self.assertEqual(split_legal_form("99 SPEED MART S/B"), ("99 SPEED MART", "s/b"))
        self.assertEqual(split_legal_form("Ben & Jerry's"), ("Ben & Jerry's", ""))
        self.assertTrue(legal_form_is_a_word("GOLDEN LOTUS SPA"))
        self.assertTrue(legal_form_is_a_word("Tea Garden Co"))
        self.assertFalse(legal_form_is_a_word("Esselunga S.p.A."))
        self.assertFalse(legal_form_is_a_word("Esselunga SpA"))
        self.assertFalse(legal_form_is_a_word("Müller & Co"))
        self.assertFalse(legal_form_is_a_word("Golden Lotus"))
        # a form alone is a name, not a form
        self.assertEqual(split_legal_form("GmbH"), ("GmbH", ""))

    def test_typed_vendor_is_kept(self):
        expense = self.scan(european_receipt(vat="DE123456789"), vendor_id=self.bakery.id)
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.vendor_id, self.bakery)

    def test_typed_vendor_contradicting_the_receipts_is_a_mismatch(self):
        # the receipt's VAT id names one company, the expense another: never "Matches Receipt"
        expense = self.scan(
            european_receipt(vendor="Some Hotel", vat="DE123456789"), vendor_id=self.bakery.id
        )
        self.assertEqual(expense.ocr_vendor_id, self.market)
        self.assertEqual(expense.total_amount_currency, 23.80)  # the rest agrees: filled
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        self.assertTrue(expense.ocr_flag_vendor)
        self.assertIn("vendor differs from the receipt's, Markt Süd GmbH", expense.ocr_audit_summary)
        # a contact of the receipt's company is that company: put right, the flag is cleared
        expense.vendor_id = self.market_cashier
        self.assertFalse(expense.ocr_flag_vendor)
        self.assertEqual(expense.ocr_audit_status, "ok")
        expense.vendor_id = self.aldi
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # re-scanned, the reading and its flag start over
        expense.action_ocr_scan()
        self.assertFalse(expense.ocr_flag_vendor)
        # a name read with at least the minimum confidence names the seller too
        expense = self.scan(european_receipt(vendor="Corner Bakery"), vendor_id=self.aldi.id)
        self.assertEqual(expense.ocr_vendor_match, "name")
        self.assertTrue(expense.ocr_flag_vendor)
        self.assertEqual(expense.ocr_audit_status, "mismatch")
        # a name read with doubt, or matched to no contact, says nothing of the vendor typed
        answer = european_receipt(vendor="Corner Bakery")
        answer["fields"]["vendor"]["confidence"] = 0.55
        answer["fields"]["date"]["value"] = "2024-03-16"  # (another receipt: no duplicate)
        expense = self.scan(answer, vendor_id=self.aldi.id)
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertFalse(expense.ocr_flag_vendor)
        self.assertEqual(expense.ocr_audit_status, "ok")
        expense = self.scan(european_receipt(vendor="Nobody Known Here"), vendor_id=self.aldi.id)
        self.assertFalse(expense.ocr_vendor_id)
        self.assertFalse(expense.ocr_flag_vendor)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_same_vat_id_date_and_total_is_a_duplicate(self):
        # two photos of one receipt whose logo was read two ways
        first = self.scan(european_receipt(vendor="ROSSMANN", vat="DE123456789"))
        second = self.create_expense(employee=self.employee_2)
        self.attach(second, png_bytes("teal"))
        self.service.push(200, european_receipt(vendor="RSSMANN", vat="DE123456789"))
        self.run_job(second)
        self.assertTrue(second.ocr_flag_duplicate)
        self.assertTrue(first.ocr_flag_duplicate)
        self.assertIn(first, second.ocr_duplicate_expense_ids)
        # another seller's receipt of the same day and amount is not
        third = self.scan(european_receipt(vendor="RSSMANN", vat="DE987654321"))
        self.assertFalse(third.ocr_flag_duplicate)

    def test_name_read_with_pattern_characters_matches_no_contact(self):
        # '%' and '_' are letters read off a receipt, not wildcards: neither
        # "%akery" nor "Corner_Bakery" is the contact "Corner Bakery"
        for read in ("%akery", "Corner_Bakery", "_____________"):
            expense = self.scan(european_receipt(vendor=read))
            self.assertFalse(expense.ocr_vendor_id, read)
            self.assertFalse(expense.vendor_id, read)
            self.assertEqual(expense.ocr_vendor_match, "none", read)
        # the name as printed still matches, whatever its case
        expense = self.scan(european_receipt(vendor="CORNER BAKERY"))
        self.assertEqual(expense.ocr_vendor_id, self.bakery)
        self.assertEqual(expense.ocr_vendor_match, "name")

    def test_vendor_with_pattern_characters_is_no_duplicate_of_every_vendor(self):
        first = self.scan(european_receipt(vendor="Corner Bakery"))
        second = self.create_expense(employee=self.employee_2)
        self.attach(second, png_bytes("teal"))
        self.service.push(200, european_receipt(vendor="%"))
        self.run_job(second)
        self.assertEqual(second.ocr_vendor, "%")
        self.assertFalse(second.ocr_flag_duplicate)
        self.assertFalse(first.ocr_flag_duplicate)
        # the same name on the same day for the same amount still is one
        third = self.create_expense(employee=self.employee_2)
        self.attach(third, png_bytes("navy"))
        self.service.push(200, european_receipt(vendor="corner bakery"))
        self.run_job(third)
        self.assertTrue(third.ocr_flag_duplicate)
        self.assertIn(first, third.ocr_duplicate_expense_ids)

    # ------------------------------------------------------------------
    # Net, tax lines and the receipt's own arithmetic
    # ------------------------------------------------------------------
    def test_net_and_tax_lines_shown(self):
        answer = european_receipt(
            total="30.30",
            net="26.56",
            tax="3.74",
            tax_lines=[
                {"rate": "19", "base": "15.63", "amount": "2.97", "confidence": 0.9},
                {"rate": "7", "base": "10.93", "amount": "0.77", "confidence": 0.9},
            ],
        )
        expense = self.scan(answer, tax_ids=[(6, 0, (self.vat_19 | self.vat_7).ids)])
        self.assertAlmostEqual(expense.ocr_net, 26.56)
        self.assertAlmostEqual(expense.ocr_tax, 3.74)
        self.assertEqual(
            [(line["rate"], line["base"], line["amount"]) for line in expense.ocr_tax_lines],
            [("19", "15.63", "2.97"), ("7", "10.93", "0.77")],
        )
        self.assertEqual(expense.ocr_tax_lines_summary, "19 %: 2.97 on 15.63; 7 %: 0.77 on 10.93")
        self.assertFalse(expense.ocr_flag_tax)
        self.assertFalse(expense.ocr_flag_expense_tax)
        self.assertEqual(expense.total_amount_currency, 30.30)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_net_and_tax_that_do_not_add_up_to_the_total(self):
        expense = self.scan(european_receipt(total="23.80", net="20.00", tax="4.50", tax_lines=[]))
        self.assertTrue(expense.ocr_flag_tax)
        self.assertFalse(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("do not add up", expense.ocr_audit_summary)
        # the employee's amount is still compared with the total
        expense.total_amount_currency = 30.0
        expense._ocr_audit()
        self.assertTrue(expense.ocr_flag_amount)
        self.assertEqual(expense.ocr_audit_status, "mismatch")

    def test_tax_lines_that_do_not_add_up_to_the_tax(self):
        lines = [
            {"rate": "19", "base": "20.00", "amount": "3.80", "confidence": 0.9},
            {"rate": "7", "base": "10.00", "amount": "0.70", "confidence": 0.9},
        ]
        expense = self.scan(european_receipt(tax_lines=lines))
        self.assertTrue(expense.ocr_flag_tax)
        self.assertEqual(expense.ocr_audit_status, "review")
        # a line whose tax is not its rate of its base
        lines = [{"rate": "19", "base": "20.00", "amount": "1.80", "confidence": 0.9}]
        expense = self.scan(european_receipt(tax="1.80", net="22.00", tax_lines=lines))
        self.assertTrue(expense.ocr_flag_tax)
        # one cent of rounding is not a disagreement
        lines = [{"rate": "19", "base": "20.01", "amount": "3.80", "confidence": 0.9}]
        expense = self.scan(european_receipt(net="20.01", total="23.81", tax_lines=lines))
        self.assertFalse(expense.ocr_flag_tax)
        self.assertEqual(expense.ocr_audit_status, "ok")

    def test_expense_tax_rates_against_the_receipts(self):
        expense = self.scan(european_receipt(vendor="Laden 1"))
        self.assertEqual(expense.tax_ids, self.vat_19)
        self.assertFalse(expense.ocr_flag_expense_tax)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # a 7 % category against a receipt at 19 %: the booked tax is wrong
        expense = self.scan(european_receipt(vendor="Laden 2"), tax_ids=[(6, 0, self.vat_7.ids)])
        self.assertTrue(expense.ocr_flag_expense_tax)
        self.assertFalse(expense.ocr_flag_tax)
        self.assertEqual(expense.ocr_audit_status, "review")
        self.assertIn("the receipt charges 19 % tax, the expense's taxes 7 %", expense.ocr_audit_summary)
        # the approver sets the receipt's rate
        expense.tax_ids = self.vat_19
        expense._ocr_audit()
        self.assertFalse(expense.ocr_flag_expense_tax)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # a receipt that does not add up says nothing about the expense's taxes
        answer = european_receipt(
            vendor="Laden 3", tax="4.50", tax_lines=[{"rate": "19", "base": None, "amount": "4.50"}]
        )
        expense = self.scan(answer, tax_ids=[(6, 0, self.vat_7.ids)])
        self.assertTrue(expense.ocr_flag_tax)
        self.assertFalse(expense.ocr_flag_expense_tax)
        # nor one whose lines print no rate, nor an expense without taxes
        answer = european_receipt(
            vendor="Laden 4", tax_lines=[{"rate": None, "base": "20.00", "amount": "3.80"}]
        )
        expense = self.scan(answer, tax_ids=[(6, 0, self.vat_7.ids)])
        self.assertFalse(expense.ocr_flag_expense_tax)
        expense = self.scan(european_receipt(vendor="Laden 5"), tax_ids=[(5, 0, 0)])
        self.assertFalse(expense.ocr_flag_expense_tax)
        self.assertEqual(expense.ocr_audit_status, "ok")
        # nor one whose rate was read with doubt (7 read for 1, a faded digit)
        answer = european_receipt(
            vendor="Laden 6",
            tax_lines=[{"rate": "19", "base": "20.00", "amount": "3.80", "confidence": 0.55}],
        )
        expense = self.scan(answer, tax_ids=[(6, 0, self.vat_7.ids)])
        self.assertFalse(expense.ocr_flag_expense_tax)

    def test_rescan_forgets_the_previous_receipt(self):
        expense = self.scan(european_receipt(vat="DE123456789", tax="4.50", tax_lines=[]))
        self.assertTrue(expense.ocr_flag_tax)
        self.service.push(200, receipt_fields(vendor="Nowhere Diner Ltd"))
        expense.action_ocr_scan()
        self.run_job(expense)
        self.assertFalse(expense.ocr_flag_tax)
        self.assertFalse(expense.ocr_vendor_vat)
        self.assertFalse(expense.ocr_net)
        self.assertFalse(expense.ocr_tax_lines)
        self.assertEqual(expense.ocr_vendor_match, "none")

    def test_malformed_new_fields_are_read_as_absent(self):
        answer = european_receipt(net="twenty", tax_lines="19% 3.80")
        answer["fields"]["vendor_vat"] = {"value": None, "confidence": None}
        answer["fields"]["tax_lines"] = ["3.80", {"rate": "19"}, {"amount": "abc"}]
        expense = self.scan(answer)
        self.assertEqual(expense.ocr_state, "done")
        self.assertFalse(expense.ocr_net)
        self.assertFalse(expense.ocr_tax_lines)
        self.assertFalse(expense.ocr_vendor_vat)
        self.assertFalse(expense.ocr_flag_tax)

    def test_receipts_printing_different_numbers_are_different_receipts(self):
        """Two colleagues' rooms at one hotel, one night, one rate: one seller, one day, one total,
        two invoices. Two photos of one receipt whose number was misread (O for 0) stay one."""

        def numbered(number):
            answer = european_receipt(vendor="ROSSMANN", vat="DE123456789")
            answer["fields"]["receipt_number"]["value"] = number
            return answer

        first = self.scan(numbered("INV-000123"))
        second = self.scan(numbered("INV-000124"), employee=self.employee_2)
        self.assertFalse(second.ocr_flag_duplicate)
        self.assertFalse(first.ocr_flag_duplicate)
        third = self.scan(numbered("INV-OOO123"), employee=self.employee_2)
        self.assertTrue(third.ocr_flag_duplicate)
        self.assertIn(first, third.ocr_duplicate_expense_ids)

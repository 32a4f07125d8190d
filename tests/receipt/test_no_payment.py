"""Documents that say they record no payment, read as receipts: a quote, a pro-forma, a bill not
paid yet, a declined or a pre-authorised card payment, a till in training mode or its report, a
payslip, a statement. Their printed totals were returned as money spent at 0.94 to 0.98; the
service now returns them at 0.5 at most, with a warning naming what the document is
(``receipt_doubts``). Receipts that only name such things stay receipts."""

import pytest

from ocr_service.receipt import no_payment

from .synth import receipt

SHOP = ["Malerbetrieb Huber GmbH", "Hauptstr. 3, 80331 Muenchen", "Datum: 14.11.2026"]
ITEMS = [("Wand streichen 40 m2", "1.200,00"), ("Material", "219,00"), ("Gesamtbetrag", "1.688,61")]


DECLINED = "declined"
SAYS_SO = "not_a_receipt"


def kind(rows):
    return no_payment(receipt(rows)[0])


@pytest.mark.parametrize(
    ("rows", "want"),
    [
        (SHOP + ["ANGEBOT Nr. AN-2024-117"] + ITEMS, "quote"),
        (SHOP + ["KOSTENVORANSCHLAG"] + ITEMS, "quote"),
        (SHOP + ["DEVIS N° D-2024-0457", "Valable jusqu'au 14/12/2026"] + ITEMS, "quote"),
        (SHOP + ["ESTIMATE #1182", "THIS IS NOT AN INVOICE"] + ITEMS, SAYS_SO),
        (SHOP + ["PRO FORMA INVOICE"] + ITEMS, "quote"),
        (SHOP + ["PREVENTIVO"] + ITEMS, "quote"),
        # a quote's line for the customer's signature is no payment
        (SHOP + ["OFFERTE 2024-041", "Geldig tot: 05-07-2024"] + ITEMS + ["Voor akkoord:"], "quote"),
        (SHOP + ["OFFERTA N. 118/24"] + ITEMS + ["Per accettazione:"], "quote"),
        (SHOP + ["Lieferschein 4471"] + ITEMS, "delivery_note"),
        (SHOP + ITEMS + ["Keine Rechnung im Sinne des UStG"], SAYS_SO),
        (["PIZZERIA NAPOLI", ("Pizza", "12,00"), ("Totaal", "23,00"), "NIET BETAALD"], "unpaid"),
        (["Möbelhaus Krone", "AUFTRAGSBESTÄTIGUNG", ("Offener Betrag", "1.637,00"),
          "Zahlung bei Lieferung in bar"], "unpaid"),
        (["BAR CENTRALE", "PRECONTO", ("Caffe", "1,20"), ("TOTALE", "42,00")], "unpaid"),
        # a booking's confirmation: the stay is paid at the hotel, later
        (["Booking.com", "Your booking is confirmed", "Hotel Continental Amsterdam", "Check-in 11 March 2024",
          ("Total price", "€ 560,63"), "You'll pay at the property"], "unpaid"),
        (["Buchungsbestätigung", "Hotel Adler", ("Gesamtpreis", "312,00 €"), "Sie zahlen in der Unterkunft"],
         "unpaid"),
        (["Confirmation de réservation", "Hôtel du Parc", ("Prix total", "312,00 €"),
          "Vous payerez à l'établissement"], "unpaid"),
        (["TESCO", ("AMOUNT", "£23.40"), "*** DECLINED ***", "NO FUNDS HAVE BEEN TAKEN"], DECLINED),
        (["REWE", ("SUMME EUR", "70,21"), ("Betrag EUR", "70,21"), "Zahlung abgelehnt"], DECLINED),
        (["HOTEL DU PARC", "PRE-AUTORISATION", ("MONTANT", "800,00 EUR"), "Aucun débit effectué"],
         "pre_authorisation"),
        (["HILTON", "PRE-AUTHORISATION", ("AMOUNT", "EUR 300.00"), "This is not a charge."],
         "pre_authorisation"),
        (["CARREFOUR", "TRANSACTION ANNULEE", ("MONTANT", "23,40 EUR")], "cancelled"),
        (["SHELL", "PRE-AUTHORISATION", ("AMOUNT", "EUR 300.00"), "*** DECLINED ***",
          "All major cards accepted"],
         DECLINED),
        (["BANCO", "DENEGADA", "OPERACION NO APROBADA", ("IMPORTE", "12,00")], DECLINED),
        # a payment printed before the decline does not settle it
        (["HOTEL", "PRE-AUTHORISATION", ("AMOUNT", "EUR 300.00"), ("VISA", "EUR 300.00"), "*** DECLINED ***",
          "NO FUNDS HAVE BEEN TAKEN"], DECLINED),
        (["EDEKA", "*** TRAININGSMODUS ***", ("SUMME", "9,28"), "*** KEIN GÜLTIGER BELEG ***"],
         SAYS_SO),
        (["THE RED LION", "X READ - NOT A RECEIPT", ("TOTAL TAKINGS", "£1,829.70")],
         SAYS_SO),
        (["Z-BERICHT", ("Bar", "412,00"), ("Karte", "1.417,70")], "till_report"),
        (["ACME LTD", "PAYSLIP November 2026", ("Gross pay", "3,850.00"), ("Total deductions", "694.56")],
         "payslip"),
        (["Sparkasse", "Kontoauszug 11/2026", ("Kartenumsatz", "-12,50")], "statement"),
        (["BANQUE DU SUD", "RELEVE CARTE VISA", ("Total des opérations", "338,54")], "statement"),
        (["LIDL", "*** LEERGUTBON ***", ("SUMME EUR", "4,40"), "Bitte an der Kasse vorlegen"],
         "bottle_voucher"),
    ],
)  # fmt: skip
def test_a_document_that_records_no_payment_says_so(rows, want):
    assert kind(rows) == want


@pytest.mark.parametrize(
    "rows",
    [
        # a supermarket's offer, priced on its row; a footer's card brands; a training course sold
        ["REWE Markt", ("Angebot Butter", "1,49"), ("SUMME EUR", "1,49"), "Cartes acceptées"],
        ["FITNESS FIRST", ("Personal Training 1h", "45.00"), ("TOTAL", "45.00"), ("VISA", "45.00")],
        # a card declined, then another card approved; a pre-authorisation completed
        ["TESCO", ("TOTAL", "£23.40"), "*** DECLINED ***", "VISA **** 1234", "APPROVED", ("PAID", "£23.40")],
        ["SHELL", "PRE-AUTH", ("AMOUNT", "£100.00"), "SALE COMPLETION", ("FUEL", "£64.20"),
         ("TOTAL", "£64.20")],
        # a line voided on a French till; a second payment after a card declined; a fuel prepay
        # paid in cash
        ["LECLERC", ("BEURRE", "2,10"), "*** ANNULATION ***", ("BEURRE", "-2,10"), ("TOTAL", "1,05"),
         ("CB", "1,05")],
        ["TESCO", ("TOTAL", "£23.40"), "*** DECLINED ***", ("CASH", "£30.00"), ("CHANGE", "£6.60")],
        ["BHPetrol", ">>>>>>> Pre-Authorisation <<<<<", ("Total", "RM 100.00"), ("Cash", "RM 100.00")],
        # a quote's or a delivery note's number on a paid invoice; a cheque's fee in a footer
        ["Baustoff GmbH", "Rechnung 2024-55", "Lieferschein-Nr. 80012345", ("Summe", "240,00"),
         ("EC-Karte", "240,00")],
        ["Malerbetrieb Huber GmbH", "RECHNUNG Nr. 2024-55", "Angebot-Nr.: AN-2024-117",
         ("Gesamtbetrag", "1.688,61"), "Betrag dankend erhalten"],
        ["CORNER SHOP", ("TOTAL PAID", "£12.00"), "Unpaid cheques will incur a £25 charge"],
        ["DELHI DARBAR", ("Grand Total", "Rs. 250.00"), "Payment Mode: Cash on Delivery", "Paid"],
        # words that only begin a title: a currency, an estimate's adjective, a reference
        ["FNAC", "Devise €", ("TOTAL", "12,00"), ("CB", "12,00")],
        ["GARAGE", "Estimated", ("TOTAL", "12.00")],
        ["HOTEL", "Pre-Auth Ref", ("TOTAL", "12.00"), ("VISA", "12.00")],
        ["GYM", "Training", ("1 month", "45.00"), ("TOTAL", "45.00")],
        ["COOP", "OFFERTA", ("Pasta", "1,20"), ("TOTALE", "1,20")],
        # "please quote this number", a quote in a sentence, a statement's word in a footer
        ["BRITISH GAS", ("TOTAL PAID", "£82.00"), "Please quote your reference when you call"],
        ["IKEA", ("TOTAL", "£12.00"), "Your card statement will show IKEA LTD"],
        # a hotel's own receipt saying where it was paid; a stay paid, its city tax left to pay there
        ["HOTEL ADLER", ("TOTAL", "312.00"), ("VISA", "312.00"), "Paid at the hotel reception"],
        ["Booking.com", ("Total price", "€ 560,63"), "Paid in full by Visa",
         "City tax is payable at the property"],
        ["Booking.com", ("Total price", "€ 560,63"), "Nothing to pay at the property"],
        ["Hotel Adler", ("Gesamtpreis", "312,00 €"), "Bezahlt", "Ortstaxe zahlen Sie in der Unterkunft"],
    ],
)  # fmt: skip
def test_a_receipt_that_names_such_things_is_a_receipt(rows):
    assert kind(rows) is None

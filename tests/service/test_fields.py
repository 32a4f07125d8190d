"""Receipt and passport fields through the API, on documents rendered at test time."""

from __future__ import annotations

import random

import cv2
import pytest

from tests import fixtures
from tests.mrz import synth


def _jpeg(bgr) -> bytes:
    ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    return buf.tobytes()


def _value(fields: dict, name: str):
    return (fields.get(name) or {}).get("value")


@pytest.fixture(scope="module")
def passport():
    rng = random.Random(20261124)  # a number whose look-alikes the page settles
    doc = synth.random_identity(rng, "TD3")
    page = synth.render_page(doc, rng, px_per_mm=8.0)
    return _jpeg(page), doc


@pytest.mark.parametrize("doc_type", ["receipt", "auto"])
def test_receipt_fields_are_filled(client, doc_type):
    resp = client.post(
        "/ocr", files={"file": ("r.jpg", fixtures.receipt_jpeg())}, data={"doc_type": doc_type}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["doc_type"] == "receipt"
    fields = body["fields"]
    assert _value(fields, "total") == "24.86"
    assert _value(fields, "date") == "2024-03-14"
    assert _value(fields, "currency") == "MYR"
    assert _value(fields, "tax") == "1.41"
    assert "SUNRISE" in (_value(fields, "vendor") or "").upper()
    for name in ("vendor", "date", "total", "subtotal", "tax", "currency", "receipt_number"):
        assert name in fields and 0.0 <= fields[name]["confidence"] <= 1.0
    # The lines stay in the response next to the fields.
    assert body["pages"][0]["lines"]


def test_receipt_total_on_the_second_page_of_a_pdf(client):
    head = fixtures.RECEIPT_LINES[:11]
    tail = fixtures.RECEIPT_LINES[11:]
    pdf = fixtures.pdf_of_images([fixtures.receipt_image(head), fixtures.receipt_image(tail)])
    resp = client.post("/ocr", files={"file": ("r.pdf", pdf)}, data={"doc_type": "receipt"})
    assert resp.status_code == 200, resp.text
    fields = resp.json()["fields"]
    assert _value(fields, "total") == "24.86"
    assert "SUNRISE" in (_value(fields, "vendor") or "").upper()


@pytest.mark.parametrize("doc_type", ["passport", "auto"])
def test_passport_fields_with_check_digits(client, passport, doc_type):
    data, doc = passport
    resp = client.post("/ocr", files={"file": ("p.jpg", data)}, data={"doc_type": doc_type})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["doc_type"] == "passport"
    fields = body["fields"]
    assert _value(fields, "mrz_format") == "TD3"
    assert _value(fields, "valid") is True
    assert all(_value(fields, "check_digits").values())
    assert _value(fields, "mrz_lines") == doc.lines
    for key in (
        "document_number",
        "surname",
        "given_names",
        "nationality",
        "birth_date",
        "expiry_date",
        "sex",
    ):
        assert _value(fields, key) == doc.truth[key], key
    assert "iso2" in fields["nationality"]


def test_scan_mrz_keeps_the_camelcase_contract(client, passport):
    data, doc = passport
    resp = client.post("/scan-mrz", files={"file": ("p.jpg", data)})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["success"] is True
    assert body["passportNumber"] == doc.truth["document_number"]
    assert body["surname"] == doc.truth["surname"]
    assert body["givenName"] == doc.truth["given_names"]
    assert body["dateOfBirth"] == doc.truth["birth_date"]
    assert body["dateOfExpiry"] == doc.truth["expiry_date"]
    assert body["validCheckDigits"] is True
    assert (body["documentType"][0], body["mrzFormat"]) == ("P", "TD3")
    assert body["fieldsVerified"]["passportNumber"] is True
    assert body["mrzText"] == "\n".join(doc.lines)
    assert 0.0 < body["confidence"] <= 1.0
    assert body["processingTime"] >= 0
    # The older field name for the upload is accepted too.
    assert client.post("/scan-mrz", files={"image": ("p.jpg", data)}).json()["success"] is True


def test_page_without_mrz_is_a_422(client):
    page = synth.render_blank_page(random.Random(7))
    data = _jpeg(page)
    resp = client.post("/scan-mrz", files={"file": ("card.jpg", data)})
    assert resp.status_code == 422
    body = resp.json()
    assert body["success"] is False
    assert body["error"] == "No MRZ detected in image"
    assert 0.0 <= body["confidence"] <= 1.0
    # the OpenAPI document says this shape (its 422 declared the {"error": {...}} of the others)
    from ocr_service.schemas import ScanMrzNoMrz

    ScanMrzNoMrz.model_validate(body)
    spec = client.get("/openapi.json").json()
    declared = spec["paths"]["/scan-mrz"]["post"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in declared["anyOf"]} == {"ScanMrzNoMrz", "ErrorResponse"}
    assert "500" in spec["paths"]["/ocr"]["post"]["responses"]
    resp = client.post("/ocr", files={"file": ("card.jpg", data)}, data={"doc_type": "passport"})
    assert resp.status_code == 422
    assert resp.json()["error"]["code"] == "no_mrz_found"
    # auto does not call an ordinary page a passport
    resp = client.post("/ocr", files={"file": ("card.jpg", data)}, data={"doc_type": "auto"})
    assert resp.status_code == 200
    assert resp.json()["doc_type"] in {"text", "receipt"}


def test_the_openapi_page_documents_every_field(client):
    """One response model per doc_type: a client reads the fields it relies on in OpenAPI."""
    spec = client.get("/openapi.json").json()
    response = spec["paths"]["/ocr"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert response["discriminator"]["propertyName"] == "doc_type"
    assert set(response["discriminator"]["mapping"]) == {"receipt", "passport", "text"}
    schemas = spec["components"]["schemas"]
    passport = schemas["PassportFields"]["properties"]
    assert set(passport) >= {"document_number", "nationality", "issuing_country", "valid", "verified"}
    country = schemas["CountryValue"]["properties"]
    assert "alpha-2" in country["iso2"]["description"] and "valid" in country
    receipt = schemas["ReceiptFields"]["properties"]
    assert set(receipt) == {
        "vendor", "vendor_vat", "date", "total", "subtotal", "tax", "net", "tax_lines", "currency",
        "receipt_number", "several_receipts", "no_payment",
    }  # fmt: skip
    assert set(schemas["TaxLine"]["properties"]) == {"rate", "base", "amount", "confidence"}
    assert schemas["DocType"]["enum"] == ["auto", "receipt", "passport", "text"]


def test_passport_countries_carry_their_iso_codes(client):
    """ICAO's own codes beside ISO 3166 alpha-2: D is Germany, UTO (the specimen state) has none."""
    rng = random.Random(5)
    doc = synth.random_identity(rng, "TD3")
    doc.lines[0] = doc.lines[0][:2] + "D<<" + doc.lines[0][5:]
    page = synth.render_page(doc, rng, px_per_mm=8.0)
    resp = client.post("/ocr", files={"file": ("p.jpg", _jpeg(page))}, data={"doc_type": "passport"})
    assert resp.status_code == 200, resp.text
    fields = resp.json()["fields"]
    assert fields["issuing_country"] == {**fields["issuing_country"], "value": "D", "iso2": "DE"}

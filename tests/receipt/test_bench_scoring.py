"""How the receipt benchmark reads its ground truth and scores what the extractor returns."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from bench.bench_receipts import (
    calibrate_out_of_fold,
    calibration,
    calibration_fold,
    extractor_input,
    field_correct,
    raw_confidences,
    raw_pairs,
    score_sample,
    tax_lines_match,
    total_miss,
    vendor_by_chain,
    vendor_miss,
    vendor_scores,
)
from bench.receipt_data import (
    ANNOTATIONS,
    chain_part,
    sroie_date,
    sroie_pool_part,
    sroie_total,
    truth_from_sroie,
)
from ocr_service.receipt.calibration import calibrate

from .synth import receipt


def _fields(**values):
    return {name: {"value": value, "confidence": conf} for name, (value, conf) in values.items()}


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("25/12/2018", dt.date(2018, 12, 25)),
        ("12-01-19", dt.date(2019, 1, 12)),
        ("05 MAR 2018", dt.date(2018, 3, 5)),
        ("28 MAR 18", dt.date(2018, 3, 28)),
        ("24-MAR-2018", dt.date(2018, 3, 24)),
        ("02/JAN/2017", dt.date(2017, 1, 2)),
        ("2018-03-23", dt.date(2018, 3, 23)),
        ("20180304", dt.date(2018, 3, 4)),
        ("(06/12/2016)", dt.date(2016, 12, 6)),
        ("OCT 3, 2016", dt.date(2016, 10, 3)),
        ("12/28/2017", dt.date(2017, 12, 28)),  # a key with the month first
        ("", None),
    ],
)
def test_sroie_key_dates(key, want):
    assert sroie_date(key) == want


def test_sroie_key_totals_and_form():
    assert sroie_total("RM 9.90") == Decimal("9.90")
    assert sroie_total("9,999.99") == Decimal("9999.99")
    assert sroie_total("$4.95") == Decimal("4.95")
    assert sroie_total("") is None
    truth = truth_from_sroie({"company": "99 SPEED MART S/B", "date": "05-02-18", "total": "RM11.50"})
    assert (
        truth["vendor"] == "99 SPEED MART S/B" and truth["date"] == "2018-02-05" and truth["total"] == "11.50"
    )
    # SROIE annotates no tax, net or currency: those are n/a, not zero
    assert {"tax", "net", "currency", "tax_lines"}.isdisjoint(
        score_sample(_fields(total=("11.50", 0.9)), truth)
    )


def test_vendor_words_kept_and_similarity():
    truth = {"vendor": "Supérette Provençal", "vendor_aliases": ["Provençal SARL"]}
    assert vendor_scores("SUPERETTE PROVENCAL", truth)["vendor_words"]
    assert vendor_scores("provençal sarl", truth)["vendor_words"]
    glued = vendor_scores("SupérettePROVENÇAL", truth)
    assert glued["vendor_compact"] and not glued["vendor_words"]
    assert vendor_scores("Superette Provencai", truth)["vendor_sim90"]
    assert not vendor_scores("Rue des Lilas 12", truth)["vendor_sim90"]
    assert not any(vendor_scores(None, truth).values())


def test_the_vendor_by_chain_weighs_every_chain_once():
    def row(chain, right):
        return {"truth": {"chain": chain}, "score": {"vendor_words": right}}

    # one chain read wrong on nine receipts, four chains right once each: 4 of 13 receipts,
    # but four chains of five right
    rows = [row("big", False)] * 9 + [row(c, True) for c in "abcd"]
    got = vendor_by_chain(rows)
    assert (got["percent"], got["right"], got["n"]) == (80.0, 4, 5)
    # half a chain's receipts right: it counts half, and is not a chain right on every receipt
    got = vendor_by_chain([row("x", True), row("x", False), row("y", True)])
    assert (got["percent"], got["right"], got["n"]) == (75.0, 1, 2)
    # receipts without a chain (SROIE, generated) or without a vendor: nothing to weigh
    assert vendor_by_chain([{"truth": {}, "score": {"vendor_words": True}}])["n"] == 0
    assert vendor_by_chain([{"truth": {"chain": "x"}, "score": {}}])["n"] == 0


def test_a_vendor_miss_says_whether_the_name_was_read():
    truth = {"vendor": "Bäckerei Kamps", "vendor_aliases": ["Kamps GmbH"]}
    text = "BACKEREI\nKAMPS GMBH\nBahnhofstr. 3"
    # the alias is in the text as read (spaces and accents aside): the choice failed
    assert vendor_miss("Bahnhofstr. 3", truth, text) == {
        "vendor_miss_none": False,
        "vendor_miss_read": True,
        "vendor_miss_unread": False,
    }
    # the name a logo, nothing in the text reads as it
    assert vendor_miss("Bahnhofstr. 3", truth, "Bahnhofstr. 3\nSumme 4,20")["vendor_miss_unread"]
    assert vendor_miss(None, truth, text)["vendor_miss_none"]
    assert not any(vendor_miss("Kamps GmbH", truth, text).values())  # right: no miss of any kind
    assert vendor_miss("Kamps GmbH", truth, None) == {}  # no text: not counted
    row = score_sample(_fields(vendor=("Bahnhofstr. 3", 0.5)), truth, text)
    assert row["vendor_miss_read"] and not row["vendor_words"]


def test_a_total_miss_says_whether_the_amount_was_read():
    truth = {"total": "1234.50"}
    text = "Zwischensumme 1.234,50\nBar 1.300,00"
    assert total_miss("1300.00", truth, text) == {"total_miss_read": True, "total_miss_unread": False}
    assert total_miss(None, truth, text)["total_miss_read"]
    assert total_miss("1300.00", truth, "SUMME 1.234.5O\nBar 1.300,00")["total_miss_unread"]  # misread
    assert not any(total_miss("1234.5", truth, text).values())
    assert total_miss("1300.00", truth, None) == {}


def test_tax_lines_match_rate_amount_and_printed_base():
    truth = [
        {"rate": "7", "base": "17.33", "amount": "1.21", "printed": ["rate", "base", "amount", "gross"]},
        {"rate": "19", "base": "4.78", "amount": "0.91", "printed": ["rate", "amount"]},
    ]
    right = [{"rate": "19.00", "amount": "0.91"}, {"rate": "7", "base": "17.33", "amount": "1.21"}]
    assert tax_lines_match(right, truth)
    assert not tax_lines_match(right[:1], truth)
    assert not tax_lines_match([right[0], {"rate": "7", "base": "17.30", "amount": "1.21"}], truth)
    assert not tax_lines_match(None, truth)


def test_fields_the_extractor_does_not_return_count_as_missing():
    truth = {
        "vendor": "ALDI",
        "date": "2020-03-02",
        "total": "24.23",
        "tax": "2.12",
        "net": "22.11",
        "currency": "EUR",
        "tax_lines": [{"rate": "7", "base": "17.33", "amount": "1.21", "printed": ["rate", "amount"]}],
        "printed": {"tax": True, "net": True, "tax_lines": True},
    }
    fields = _fields(vendor=("ALDI", 0.9), date=("2020-03-02", 0.9), total=("24.23", 0.9), tax=("2.12", 0.8),
                     subtotal=("22.11", 0.7), currency=("EUR", 0.9))  # fmt: skip
    score = score_sample(fields, truth)
    assert score["total"] and score["tax"] and score["vendor_words"]
    assert score["net"] is False and score["tax_lines"] is False  # no `net`, no `tax_lines` returned
    assert score["net_from_subtotal"] is True
    assert score["sum_consistent"] is False
    fields["net"] = {"value": "22.11", "confidence": 0.9}
    assert score_sample(fields, truth)["sum_consistent_right"] is True
    # a receipt that prints no tax: any tax returned is wrong, none returned is right
    no_tax = {**truth, "tax": None}
    assert score_sample(fields, no_tax)["tax_spurious"] is True
    assert field_correct("tax", fields, no_tax) is False
    assert field_correct("tax", _fields(tax=(None, 0.0)), no_tax) is True


def test_calibration_counts_values_above_each_threshold():
    truth = {"vendor": "A", "date": "2020-01-01", "total": "1.00"}
    rows = []
    for value, conf in (("1.00", 0.97), ("1.00", 0.85), ("2.00", 0.6), ("1.00", 0.3)):
        fields = _fields(total=(value, conf))
        rows.append({"fields": fields, "correct": {"total": field_correct("total", fields, truth)}})
    for row in rows:
        row["correct"].update(dict.fromkeys(("date", "vendor", "tax", "net", "currency")))
    table = calibration(rows)["total"]
    assert table["0"] == {"n": 4, "accuracy": 75.0}
    assert table["0.5"] == {"n": 3, "accuracy": 66.7}
    assert table["0.8"] == {"n": 2, "accuracy": 100.0}
    assert table["0.95"] == {"n": 1, "accuracy": 100.0}
    assert table["scored"] == 4


def test_the_calibration_table_judges_each_receipt_by_maps_fit_on_the_other_half():
    # one half of the receipts is always right at a raw 0.97, the other always wrong:
    # out of fold, the right half is told "low" and the wrong half "high", the opposite
    # of what maps fit on all of them (in sample) would say of either
    rows = []
    for i in range(400):
        rid = f"r{i}"
        ok = calibration_fold("sroie", rid) == 0
        rows.append(("sroie", {"id": rid, "raw": {"total": 0.97}, "correct": {"total": ok}}))
    calibrate_out_of_fold(rows)
    right = [r["out_of_fold"]["total"] for _, r in rows if r["correct"]["total"]]
    wrong = [r["out_of_fold"]["total"] for _, r in rows if not r["correct"]["total"]]
    assert 100 < len(right) < 300
    assert max(right) < 0.2 and min(wrong) > 0.8
    # the table reads the out-of-fold confidence, not the one returned
    for _, row in rows:
        row["fields"] = {"total": {"value": "1.00", "confidence": 0.98}}
        row["correct"].update(dict.fromkeys(("date", "vendor", "tax", "net", "currency")))
    table = calibration([r for _, r in rows])["total"]
    assert table["0.9"]["n"] == len(wrong) and table["0.9"]["accuracy"] == 0.0


def test_calibration_halves_cut_across_the_sroie_split():
    # every SROIE held-out receipt has the same sha256 parity: the halves must not follow it
    held = [f"X{i:05d}" for i in range(600) if sroie_pool_part(f"X{i:05d}") == "heldout"]
    halves = [calibration_fold("sroie", rid) for rid in held]
    assert 0.35 < sum(halves) / len(halves) < 0.65


def test_raw_confidences_are_the_ones_the_service_calibrates():
    import ocr_service.receipt as receipt_package

    lines, _width, height = receipt(
        ["CORNER BAKERY", "12 Main Street", "Date: 14.03.2024", ("Brot", "3,49"), ("SUMME EUR", "3,49")]
    )
    caught: dict = {}
    with extractor_input(caught):
        returned = receipt_package.extract_receipt_fields(lines, page_height=height)
    assert receipt_package.extract_receipt_fields is not None and "lines" in caught
    raw = raw_confidences(caught)
    assert {"total", "date", "vendor"} <= set(raw)
    for name, value in raw.items():
        assert returned[name]["confidence"] == calibrate(name, value)
    # pairs for the fit: the values returned, right or wrong as scored
    pairs = raw_pairs([{"raw": raw, "correct": {"total": True, "date": False, "vendor": None}}])
    assert pairs["total"] == [(raw["total"], True)] and pairs["date"] == [(raw["date"], False)]
    assert pairs["vendor"] == []
    # a guess is left out: it stays under the guess's ceiling whatever the map says
    pairs = raw_pairs([{"raw": {**raw, "guessed": ["date"]}, "correct": {"total": True, "date": False}}])
    assert pairs["total"] == [(raw["total"], True)] and pairs["date"] == []


def test_annotated_german_receipts_add_up():
    doc = json.loads((ANNOTATIONS / "softmatic_de.json").read_text("utf-8"))
    receipts = doc["receipts"]
    assert len(receipts) == 48
    for entry in receipts:
        stem = entry["image"].split("/")[-1][:-4].removesuffix("_B")
        day = stem.split("_")[1]
        assert entry["date"] == f"{day[4:]}-{day[2:4]}-{day[:2]}"
        assert Decimal(entry["total"]) == Decimal(stem.split("_")[-1]) / 100
        if entry["tax"] is None:
            assert entry["tax_lines"] == []
            continue
        lines = entry["tax_lines"]
        assert sum(Decimal(ln["gross"]) for ln in lines) == Decimal(entry["total"])
        assert sum(Decimal(ln["amount"]) for ln in lines) == Decimal(entry["tax"])
        for ln in lines:
            assert Decimal(ln["base"]) + Decimal(ln["amount"]) == Decimal(ln["gross"])
    # both parts hold whole chains, and both are used
    parts = {chain_part(e["chain"]) for e in receipts}
    assert parts == {"tuning", "heldout"}
    for chain in {e["chain"] for e in receipts}:
        assert len({chain_part(e["chain"]) for e in receipts if e["chain"] == chain}) == 1


def test_sroie_pool_is_halved_by_id_the_same_everywhere(tmp_path):
    # the halves the pool was first cut in (even: tuning first; odd: held out until the test
    # receipts took its place): fixed by the id's sha256, not by order or machine
    from bench.receipt_data import Dataset, Sample, sroie_pool_part, sroie_pool_tuning

    ids = [f"X5100{n:07d}" for n in range(400)]
    assert sroie_pool_part("X00016469612") == "tuning"
    assert sroie_pool_part("X51005200931") == "heldout"
    assert [sroie_pool_part(i) for i in ids] == [sroie_pool_part(i) for i in reversed(ids)][::-1]
    assert 160 < sum(sroie_pool_part(i) == "tuning" for i in ids) < 240  # about half
    # the whole pool is tuning now
    pool = Dataset("sroie-heldout", tmp_path, [Sample(i, tmp_path / i, {}, "heldout") for i in ids])
    dev = sroie_pool_tuning(pool)
    assert dev.name == "sroie-dev" and [s.id for s in dev.samples] == ids
    assert {s.part for s in dev.samples} == {"tuning"} and "test receipts" in dev.manifest["split"]


def test_sroie_test_receipts_leave_out_copies_of_training_and_of_each_other(tmp_path):
    from bench.receipt_data import load_dataset, prepare_sroie_test

    source, seen = tmp_path / "copy", tmp_path / "seen"
    for folder in (source / "images", source / "truth", seen / "img"):
        folder.mkdir(parents=True)
    (seen / "img" / "001.jpg").write_bytes(b"trained on")
    images = {"A": b"trained on", "B": b"new one", "C": b"new one", "D": b"another", "E": None}
    for rid, image in images.items():
        if image is not None:
            (source / "images" / f"{rid}.jpg").write_bytes(image)
        key = {"company": f"SHOP {rid} SDN BHD", "date": "26 MAR 2018", "total": "RM63.90"}
        (source / "truth" / f"{rid}.txt").write_text(json.dumps(key))
    manifest = prepare_sroie_test(source, [seen], tmp_path / "out")
    assert manifest["parts"] == {"heldout": ["B", "D"]}
    assert "(2 left out" in manifest["description"] and "1 not in the copy" in manifest["description"]
    dataset = load_dataset(tmp_path / "out")
    truth = dataset.samples[0].truth
    assert (truth["vendor"], truth["date"], truth["total"]) == ("SHOP B SDN BHD", "2018-03-26", "63.90")
    assert {s.part for s in dataset.samples} == {"heldout"}


def _header_receipt(header):
    from .synth import receipt
    from .test_vendor_brand import centred

    rows, y = [], 20.0
    for text in header:
        rows.append(centred(text, y))
        y += 24
    lines, _w, _h = receipt([("ITEM", "9.90"), ("TOTAL", "9.90")], top=y + 20)
    lines = rows + lines
    return lines, max(ln.bbox[3] for ln in lines)


def test_a_vendor_miss_is_put_down_to_the_step_that_lost_it():
    from bench.vendor_misses import miss_kind
    from ocr_service.receipt.vendor import find_vendor

    lines, height = _header_receipt(["Zur Linde", "Linde Gastro GmbH", "Hauptstr. 5", "33100 Paderborn"])
    got = find_vendor(lines, height)[0]
    assert got == "Linde Gastro GmbH"  # the legal name outscores the inn's
    assert miss_kind(lines, height, {"vendor": "Zur Linde"}, got) == "outscored-by-legal"
    assert miss_kind(lines, height, {"vendor": "Linde Gastro GmbH"}, got) is None
    assert miss_kind(lines, height, {"vendor": "Goldener Hirsch"}, got) == "unread"
    assert miss_kind(lines, height, {"vendor": "Zur Linde"}, None) == "none"


def test_a_tax_miss_is_put_down_to_what_the_text_holds():
    from bench.tax_misses import miss_kind

    from .synth import receipt

    rows = ["Kiosk Nord", ("Artikel", "13,20"), ("Summe EUR", "13,20"), "0,86 MwSt. 7% 13,20"]
    lines, _w, _h = receipt(rows)
    truth = {"tax": "0.86"}
    assert miss_kind(lines, truth, "0.86") is None
    assert miss_kind(lines, truth, None) == "rate-row"
    assert miss_kind(lines, truth, "13.20") == "wrong"
    assert miss_kind(lines, {"tax": "1.23"}, None) == "unread"
    assert miss_kind(lines, {"tax": None}, "0.86") == "spurious"
    assert miss_kind(lines, {"tax": None}, None) is None
    assert miss_kind(lines, {}, None) is None  # not annotated
    plain, _w, _h = receipt(["Kiosk Nord", ("Artikel", "0,86"), ("Summe EUR", "0,86")])
    assert miss_kind(plain, truth, None) == "elsewhere"


def test_a_total_miss_is_told_by_what_was_returned_instead():
    from bench.total_misses import miss_kind

    from .synth import receipt

    rows = [
        "Kiosk Nord",
        ("Artikel", "13,20"),
        ("Zwischensumme", "14,20"),
        ("Rabatt", "-1,00"),
        ("Netto", "12,34"),
        ("Summe EUR", "13,20"),
        ("Rundung", "13,25"),
        ("Bar", "20,00"),
        ("Rückgeld", "6,80"),
    ]
    lines, _w, _h = receipt(rows)
    truth = {"total": "13.20"}
    assert miss_kind(lines, truth, "13.20") is None
    assert miss_kind(lines, truth, None) == "none"
    assert miss_kind(lines, {"total": "99.99"}, "13.20") == "unread"
    assert miss_kind(lines, truth, "13.25") == "rounding"
    assert miss_kind(lines, truth, "20.00") == "tendered"
    assert miss_kind(lines, truth, "14.20") == "subtotal"
    assert miss_kind(lines, truth, "12.34") == "net"
    assert miss_kind(lines, truth, "6.80") == "smaller"
    assert miss_kind(lines, truth, "12.34", tax="0.86") == "net"
    assert miss_kind(lines, {}, "1.00") is None  # not annotated


def _bench_row(rid: str, score: dict, **given) -> dict:
    """A receipt's row as the benchmark keeps it (``read_sample``): its score, the rest as given
    or empty, half a second each."""
    row = {"id": rid, "score": score, "truth": {}, "fields": {}, "correct": {}, "raw": {}}
    return row | {"seconds": 0.5, "cpu_seconds": 0.5, "processing_ms": 500.0, "error": None} | given


def test_travel_documents_have_a_row_of_their_own_and_stay_out_of_the_pools():
    from bench.bench_receipts import TRAVEL, summarise_run

    def rows(n, right):
        return [_bench_row(f"r{i}", {"total": right}) for i in range(n)]

    part = {"load_average": [0.1, 0.1]}
    run = {
        "results": {
            "sroie": {"heldout": {**part, "rows": rows(4, True)}},
            "real-scans": {"heldout": {**part, "rows": rows(3, True)}},
            TRAVEL: {"heldout": {**part, "rows": rows(5, False)}},
        }
    }
    summary = summarise_run(run)
    assert summary[TRAVEL]["heldout"]["accuracy"]["total"]["n"] == 5
    assert summary["non-Malaysian (pooled)"]["heldout"]["receipts"] == 3
    assert summary["all (pooled)"]["heldout"]["receipts"] == 7
    assert summary["all (pooled)"]["heldout"]["accuracy"]["total"]["percent"] == 100.0


def test_the_report_keeps_no_held_out_receipt_one_by_one():
    from bench.bench_receipts import per_receipt

    def row(rid):
        return {
            "id": rid,
            "seconds": 0.2,
            "score": {"total": False},
            "fields": {"total": {"value": "9.99", "confidence": 0.9}, "tax_lines": [], "no_payment": None},
            "error": None,
        }

    run = {"results": {"real-scans": {"heldout": {"rows": [row("h1")]}, "tuning": {"rows": [row("t1")]}}}}
    kept = per_receipt(run)
    assert list(kept["real-scans"]) == ["tuning"]
    predicted = kept["real-scans"]["tuning"][0]["predicted"]
    assert predicted == {"total": "9.99", "tax_lines": [], "no_payment": None}
    assert "h1" not in json.dumps(kept)


def test_a_date_miss_is_told_by_what_was_returned_instead():
    from bench.date_misses import miss_kind

    from .synth import receipt

    rows = ["Kiosk Nord", ("Datum 04.03.2026 10:12", ""), ("Gültig bis 30.06.2026", ""), ("Summe", "13,20")]
    lines, _w, _h = receipt(rows)
    truth = {"date": "2026-03-04"}
    assert miss_kind(lines, truth, "2026-03-04") is None
    assert miss_kind(lines, {}, None) is None
    assert miss_kind(lines, truth, None) == "none"
    assert miss_kind(lines, {"date": "2026-03-05"}, None) == "unread"
    assert miss_kind(lines, {"date": "2026-03-05"}, "2026-03-04") == "unread"
    assert miss_kind(lines, truth, "2026-04-03") == "swapped"
    assert miss_kind(lines, truth, "2016-03-04") == "year"
    assert miss_kind(lines, truth, "2026-06-30") == "other"


def test_the_benchmark_shows_no_held_out_receipt_one_by_one(monkeypatch, capsys):
    """Its progress lines named each receipt with its misses, held-out ones too: a held-out
    receipt is seen through its part's figures only."""
    from bench import bench_receipts as B

    def read(engine, limits, sample):
        return {"id": sample, "seconds": 0.1, "score": {"total": False}}

    class Parts:
        name = "set"

        def part(self, part):
            return [f"{part}-{i}" for i in range(60)]

    monkeypatch.setattr(B, "read_sample", read)
    B.run_dataset(None, None, Parts(), 0, False, "x")
    shown = capsys.readouterr().out
    assert "tuning-0 " in shown and "miss total" in shown
    assert "heldout-" not in shown and "set/heldout: 50 of 60 read" in shown


def test_saving_the_lines_shows_no_held_out_receipt_one_by_one():
    from bench.receipt_lines import progress

    assert progress("sroie", "tuning", "X51005", 0.3, 7) == "sroie/tuning X51005 0.30s"
    assert progress("sroie", "heldout", "X51006", 0.3, 7) is None
    assert progress("sroie", "heldout", "X51006", 0.3, 50) == "sroie/heldout: 50 saved"


def test_the_benchmark_counts_pages_of_two_receipts_and_false_alarms():
    """bench/several_pages: pages of two made from a part's receipts are counted flagged only
    when the service sees them; a single receipt is never counted a page of two."""
    from bench import several_pages

    from .synth import slip

    receipts = [slip("Baeckerei Schmidt", "04", "7,50"), slip("Cafe Huber", "05", "23,40"), None]
    figures = several_pages.figures(receipts, seed="test")
    assert figures["singles"] == 2 and figures["singles_flagged"] == 0
    for way in ("side by side", "one above the other"):
        assert figures[way] == {"pages": several_pages.PAIRS, "flagged": several_pages.PAIRS}
    # the same receipt twice (the same total) is one
    same = several_pages.figures([receipts[0], receipts[0]], seed="test")
    assert same["side by side"]["flagged"] == 0 and same["one above the other"]["flagged"] == 0
    pooled = several_pages.pooled([figures, same])
    assert pooled["singles"] == 4 and pooled["side by side"] == {"pages": 120, "flagged": 60}
    # each receipt cut at its middle row, the pieces side by side, reads as the whole receipt
    assert figures["cut in two"] == {"pages": 2, "as_whole": 2}
    assert pooled["cut in two"] == {"pages": 4, "as_whole": 4}
    assert (
        "| generated | heldout | 0.0% (0/2) | 100.0% (60/60) | 100.0% (60/60) | 100.0% (2/2) |"
        in "\n".join(several_pages.table([("generated", "heldout", figures)]))
    )


def test_audited_keys_are_scored_and_the_published_ones_still_reported(tmp_path, monkeypatch):
    from bench import bench_receipts, receipt_data
    from bench.receipt_data import Dataset, Sample, audited

    audit = tmp_path / "audit.json"
    counts = {
        f"{f}: {g}{a}": 1
        for f in ("date", "company")
        for g in ("miss", "control")
        for a in ("", ", transcription and key agree")
    }
    audit.write_text(json.dumps({"audited": counts, "corrections": {"b": {"date": "2018-03-03"}}}))
    keys = {"a": "2018-01-01", "b": "2019-03-03"}
    dataset = Dataset(
        "sroie-test",
        tmp_path,
        [Sample(i, tmp_path / i, {"date": d, "total": "1.00"}, "heldout") for i, d in keys.items()],
    )
    fixed = audited(dataset, audit)
    assert fixed.samples[0].truth == dataset.samples[0].truth
    assert fixed.samples[1].truth["date"] == "2018-03-03"
    assert fixed.samples[1].truth["published"] == {"date": "2019-03-03", "total": "1.00"}

    def row(sample, read):
        fields = {"date": {"value": read, "confidence": 0.9}, "total": {"value": "1.00", "confidence": 0.9}}
        out = _bench_row(sample.id, score_sample(fields, sample.truth), truth=sample.truth, fields=fields)
        if "published" in sample.truth:
            out["published_score"] = score_sample(fields, sample.truth["published"])
        return out

    rows = [row(fixed.samples[0], "2018-01-01"), row(fixed.samples[1], "2018-03-03")]
    run = {"results": {"sroie": {"heldout": {"load_average": [0.1, 0.1], "rows": rows}}}}
    summary = bench_receipts.summarise_run(run)
    assert summary["sroie"]["heldout"]["accuracy"]["date"]["right"] == 2
    published = summary["sroie"]["heldout"]["published_keys"]
    assert published["corrected"] == 1 and published["accuracy"]["date"]["right"] == 1
    monkeypatch.setattr(bench_receipts, "SROIE_TEST_AUDIT", audit)
    text = bench_receipts._keys_paragraph(summary)
    assert "1 dates and 0 companies on 1 receipts" in text and "date 50.0% (1/2)" in text
    assert bench_receipts._keys_paragraph({"real-scans": {}}) == ""
    assert receipt_data.SROIE_TEST_AUDIT.is_file()

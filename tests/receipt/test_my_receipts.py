"""The scanned receipts of my-receipts: annotations that hold together, a dataset folder built
from a copy of the source repository, and scoring that respects what the receipt prints."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections import Counter
from decimal import Decimal

from bench.bench_receipts import score_sample
from bench.draw_receipts import issuer
from bench.receipt_data import (
    ANNOTATIONS,
    Dataset,
    Sample,
    _scan_day,
    chain_part,
    dev_chain,
    load_dataset,
    my_receipts_id,
    prepare_my_receipts,
    split_heldout_chains,
    split_new_chains,
    split_studied,
    split_travel,
)

DOC = json.loads((ANNOTATIONS / "my_receipts.json").read_text("utf-8"))
AMOUNT = re.compile(r"^\d+\.\d{2}$")
PRINTABLE = {"rate", "base", "amount", "gross"}


def test_annotations_hold_together():
    receipts = DOC["receipts"]
    assert len(receipts) >= 100
    assert len({e["pdf"] for e in receipts}) == len(receipts)
    assert {e["country"] for e in receipts} >= {"de", "us", "es", "nl", "uk", "fr", "ca", "se", "cz"}
    assert sum(e.get("file_name_date_wrong", False) for e in receipts) <= 2
    assert not {e["pdf"] for e in receipts} & {x["pdf"] for x in DOC["excluded"]}
    for e in receipts:
        assert e["pdf"].lower().endswith(".pdf") and e["chain"] == e["chain"].lower() and e["chain"]
        # tickets, hotel bills, admissions: from the ninth draw on, and said so
        assert e.get("kind", "receipt") in ("receipt", "travel")
        assert (e.get("kind") == "travel") == (e.get("draw") == 9), e["pdf"]
        assert AMOUNT.match(e["total"]) and Decimal(e["total"]) > 0
        assert re.fullmatch(r"[A-Z]{3}", e["currency"])
        if e["date"] is not None:
            day = dt.date.fromisoformat(e["date"])
            scanned = _scan_day(e["pdf"])
            # two files' names hold a date before the one they print (noted in the entry): a week
            # before, and day and month swapped
            assert scanned is None or day <= scanned or e.get("file_name_date_wrong"), e["pdf"]
        for name in ("tax", "net"):
            assert e[name] is None or AMOUNT.match(e[name]), (e["pdf"], name)
        lines = e["tax_lines"]
        if lines:
            assert e["tax"] is not None
            assert sum(Decimal(ln["amount"]) for ln in lines) == Decimal(e["tax"]), e["pdf"]
        for ln in lines:
            assert {"rate", "amount"} <= set(ln["printed"]) <= PRINTABLE
            for key in ln["printed"]:
                assert ln[key] is not None and Decimal(ln[key]) >= 0
            if {"base", "gross"} <= set(ln["printed"]):
                assert Decimal(ln["base"]) + Decimal(ln["amount"]) == Decimal(ln["gross"]), e["pdf"]


def test_annotated_receipts_are_split_by_chain_into_two_real_parts():
    receipts = DOC["receipts"]
    sides = {
        chain: {chain_part(e["chain"]) for e in receipts if e["chain"] == chain}
        for chain in {e["chain"] for e in receipts}
    }
    assert all(len(parts) == 1 for parts in sides.values())
    heldout = sum(1 for e in receipts if chain_part(e["chain"]) == "heldout")
    assert 0.3 * len(receipts) <= heldout <= 0.7 * len(receipts)


def test_held_out_chains_halved_again_give_a_dev_part_and_keep_a_held_out_one():
    receipts = [e for e in DOC["receipts"] if e.get("chain")]
    samples = [
        Sample(f"r{i}", None, {"chain": e["chain"]}, chain_part(e["chain"])) for i, e in enumerate(receipts)
    ]
    dev, rest = split_heldout_chains(
        Dataset("real-scans", None, samples, {"split": "by chain"}), "real-scans-dev"
    )
    assert dev.name == "real-scans-dev" and {s.part for s in dev.samples} == {"tuning"}
    # the tuning part untouched; the held-out receipts shared out by chain, none on both sides
    assert [s.id for s in rest.part("tuning")] == [s.id for s in samples if s.part == "tuning"]
    assert len(dev.samples) + len(rest.part("heldout")) == sum(1 for s in samples if s.part == "heldout")
    dev_chains = {s.truth["chain"] for s in dev.samples}
    assert dev_chains and dev_chains.isdisjoint({s.truth["chain"] for s in rest.samples})
    assert all(dev_chain(c) for c in dev_chains)
    assert len(rest.part("heldout")) > len(dev.samples)  # the held-out part stays the larger
    assert "real-scans-dev" in rest.manifest["split"]


def test_chains_first_met_in_the_fourth_draw_are_a_held_out_part_of_their_own():
    first: dict[str, int] = {}
    for e in DOC["receipts"]:
        first[e["chain"]] = min(e.get("draw", 1), first.get(e["chain"], 99))
    samples = [
        Sample(f"r{i}", None, {"chain": e["chain"], "chain_draw": first[e["chain"]]}, chain_part(e["chain"]))
        for i, e in enumerate(DOC["receipts"])
    ]
    new, rest = split_new_chains(
        Dataset("real-scans", None, samples, {"split": "by chain"}), "real-scans-new"
    )
    dev, rest = split_heldout_chains(rest, "real-scans-dev")
    new_chains = {s.truth["chain"] for s in new.samples}
    assert len(new.samples) >= 20 and {s.part for s in new.samples} == {"heldout"}
    # whatever their chain's hash, and no chain met in an earlier draw among them
    assert {chain_part(c) for c in new_chains} == {"tuning", "heldout"}
    assert all(first[c] == 4 for c in new_chains)
    assert new_chains.isdisjoint(s.truth["chain"] for s in [*rest.samples, *dev.samples])
    # the fourth draw's receipts of chains met before go where their chain is
    fourth_old = [
        s
        for s, e in zip(samples, DOC["receipts"], strict=True)
        if e.get("draw") == 4 and first[e["chain"]] < 4
    ]
    assert fourth_old and all(s.id in {r.id for r in [*rest.samples, *dev.samples]} for s in fourth_old)
    assert "real-scans-new" in rest.manifest["split"] and new.manifest["name"] == "real-scans-new"


def test_travel_documents_are_a_dataset_of_their_own_split_by_chain():
    samples = [
        Sample(f"r{i}", None, {"chain": e["chain"], "kind": e.get("kind", "receipt")}, chain_part(e["chain"]))
        for i, e in enumerate(DOC["receipts"])
    ]
    travel, rest = split_travel(Dataset("real-scans", None, samples, {"split": "by chain"}), "real-travel")
    assert travel.name == "real-travel" and "real-travel" in travel.manifest["split"]
    assert len(travel.samples) + len(rest.samples) == len(samples)
    assert travel.samples and all(s.truth["kind"] == "travel" for s in travel.samples)
    assert all(s.truth["kind"] == "receipt" for s in rest.samples)
    # each where its chain puts it, tuning when the chain's receipts are looked at: both parts
    assert {s.part for s in travel.samples} == {"tuning", "heldout"}
    looked_at = {s.truth["chain"] for s in rest.samples if s.part == "tuning" or dev_chain(s.truth["chain"])}
    for s in travel.samples:
        assert s.part == ("tuning" if s.truth["chain"] in looked_at else chain_part(s.truth["chain"]))
    assert any(
        s.truth["chain"] in looked_at and chain_part(s.truth["chain"]) == "heldout" for s in travel.samples
    )
    # the receipts' split is untouched by them
    assert rest.manifest == {"split": "by chain"}


def test_held_out_receipts_a_rule_was_written_against_are_a_tuning_row_of_their_own():
    """The audit's receipts (bench/receipt_data.py STUDIED) leave the held-out parts: every held-out
    receipt of a chain listed whole, the listed ids of the others; their chains' other receipts stay."""
    samples = [
        Sample("rossmann_1", None, {"chain": "rossmann"}, "heldout"),
        Sample("rossmann_2", None, {"chain": "rossmann"}, "heldout"),
        Sample("2019_uk_cafe_caffenero_20190831", None, {"chain": "caffenero"}, "heldout"),
        Sample("2019_uk_cafe_caffenero_20190901", None, {"chain": "caffenero"}, "heldout"),
        Sample("2018_de_cafe_other", None, {"chain": "other"}, "heldout"),
        Sample("rossmann_tuning", None, {"chain": "rossmann"}, "tuning"),
    ]
    taken, (rest,) = split_studied([Dataset("real", None, samples, {"split": "by chain"})], "real-studied")
    assert [s.id for s in taken.samples] == ["rossmann_1", "rossmann_2", "2019_uk_cafe_caffenero_20190831"]
    assert {s.part for s in taken.samples} == {"tuning"} and taken.name == "real-studied"
    assert [s.id for s in rest.samples] == [
        "2019_uk_cafe_caffenero_20190901",
        "2018_de_cafe_other",
        "rossmann_tuning",
    ]
    assert "audit" in taken.manifest["split"]
    none, (same,) = split_studied([Dataset("real", None, samples[4:5], {})], "real-studied")
    assert none is None and same.samples == samples[4:5]


def test_travel_draw_counts_an_issuer_by_the_word_its_file_names_start_with():
    assert issuer("2018/de/public transport/bahn-WW1R8K.pdf") == "bahn"
    assert issuer("2019/de/hotel/madison_folio_g_cp_efolio5972171.pdf") == "madison"
    # booking codes and dates name no issuer: one per folder, so they cannot fill a draw
    assert issuer("2018/de/public transport/NOMTX1.pdf") == "public transport:coded"
    assert issuer("2017/de/public transport/4GBEC9.pdf") == "public transport:coded"
    assert issuer("2018/cn/hotel/20181024_008.pdf") == "hotel:coded"
    travel = [e for e in DOC["receipts"] if e.get("kind") == "travel"]
    assert Counter(issuer(e["pdf"]) for e in travel).most_common(1)[0][1] <= 2


def test_receipt_ids_flatten_the_path():
    assert my_receipts_id("2018/de/cafe/EPSON090.PDF") == "2018_de_cafe_epson090"
    assert my_receipts_id("2019/us/public transport/x_20190102.pdf") == "2019_us_public-transport_x_20190102"
    assert _scan_day("2019/de/restaurant/osteria-20190323.pdf") == dt.date(2019, 3, 23)
    assert _scan_day("2022/de/none/kimi_20220801_001.PDF") == dt.date(2022, 8, 1)
    assert _scan_day("2017/de/public transport/118NP8.pdf") is None


def _git_copy(tmp_path, files: dict[str, bytes]):
    repo = tmp_path / "copy"
    for name, data in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_bytes(data)
    run = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*run[:3], "init", "-q"], check=True)
    subprocess.run([*run, "add", "."], check=True)
    subprocess.run([*run, "commit", "-q", "-m", "receipts"], check=True)
    return repo


def _entry(pdf, chain, total, net=None, tax=None):
    return {
        "pdf": pdf,
        "country": "de",
        "chain": chain,
        "vendor": chain.upper(),
        "vendor_aliases": [],
        "date": "2020-01-02",
        "total": total,
        "currency": "EUR",
        "tax": tax,
        "net": net,
        "tax_lines": [],
    }


def test_prepare_builds_a_dataset_folder_from_a_copy(tmp_path):
    copy = _git_copy(
        tmp_path,
        {
            "2020/de/cafe/a_20200103.pdf": b"%PDF-1.4 one",
            "2020/de/cafe/a-20200103.pdf": b"%PDF-1.4 one",  # the same file filed twice
            "2020/us/restaurant/b_20200105.pdf": b"%PDF-1.4 two",
        },
    )
    annotations = tmp_path / "annotations.json"
    doc = {
        "source": {"repository": "r", "commit": "c", "path": "", "licence": "CC0-1.0", "attribution": "a"},
        "split": "by chain",
        "receipts": [
            _entry("2020/de/cafe/a_20200103.pdf", "alpha", "11.90", net="10.00", tax="1.90"),
            _entry("2020/de/cafe/a-20200103.pdf", "alpha", "11.90", net="10.00", tax="1.90"),
            # a printed tip on top: the receipt's own figures do not add up
            _entry("2020/us/restaurant/b_20200105.pdf", "beta", "25.00", net="20.00", tax="1.60")
            | {"draw": 4},
        ],
    }
    annotations.write_text(json.dumps(doc), "utf-8")
    manifest = prepare_my_receipts(copy, tmp_path / "out", annotations)
    dataset = load_dataset(tmp_path / "out")
    ids = sorted(s.id for s in dataset.samples)
    assert ids == ["2020_de_cafe_a_20200103", "2020_us_restaurant_b_20200105"]
    assert manifest["licence"] == "CC0-1.0" and manifest["source"]["copy_commit"]
    truth = {s.id: s.truth for s in dataset.samples}
    assert truth["2020_de_cafe_a_20200103"]["adds_up"] is True
    assert truth["2020_us_restaurant_b_20200105"]["adds_up"] is False
    assert truth["2020_de_cafe_a_20200103"]["printed"] == {"tax": True, "net": True, "tax_lines": False}
    for sample in dataset.samples:
        assert sample.part == chain_part(sample.truth["chain"])
        assert sample.image.read_bytes().startswith(b"%PDF")
    # the draw that brought each receipt, and the first draw that brought its chain
    assert truth["2020_us_restaurant_b_20200105"]["draw"] == 4
    assert truth["2020_us_restaurant_b_20200105"]["chain_draw"] == 4
    assert truth["2020_de_cafe_a_20200103"]["chain_draw"] == 1


def test_figures_that_do_not_add_up_on_the_receipt_are_not_held_against_the_reader():
    fields = {"net": {"value": "20.00"}, "tax": {"value": "1.60"}, "total": {"value": "25.00"}}
    truth = {"net": "20.00", "tax": "1.60", "total": "25.00", "printed": {}}
    assert score_sample(fields, truth)["sum_consistent"] is False
    scored = score_sample(fields, {**truth, "adds_up": False})
    assert "sum_consistent" not in scored and scored["total"] and scored["net"] and scored["tax"]

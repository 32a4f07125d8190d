"""The fresh receipts (bench/annotations/fresh_github_receipts.json): annotations that hold
together, a dataset folder built from copies of their sources, every receipt held out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
from decimal import Decimal

from bench.bench_receipts import FRESH, fresh_chains
from bench.receipt_data import ANNOTATIONS, Dataset, Sample, fresh_id, load_dataset, prepare_fresh

DOC = json.loads((ANNOTATIONS / "fresh_github_receipts.json").read_text("utf-8"))
AMOUNT = re.compile(r"^-?\d+\.\d{2}$")


def test_annotations_hold_together():
    receipts = DOC["receipts"]
    repos = {s["repo"] for s in DOC["source"]}
    assert len(receipts) >= 20
    assert len({e["sha256"] for e in receipts}) == len(receipts), "a receipt drawn twice"
    assert len({fresh_id(e) for e in receipts}) == len(receipts)
    for e in receipts:
        assert e["repo"] in repos and re.fullmatch(r"[0-9a-f]{40}", e["commit"])
        assert re.fullmatch(r"[0-9a-f]{64}", e["sha256"])
        assert e["chain"] == e["chain"].lower() and e["chain"] and e["vendor"]
        assert AMOUNT.match(e["total"]) and Decimal(e["total"]) > 0
        assert re.fullmatch(r"[A-Z]{3}", e["currency"])
        if e["date"] is not None:
            assert dt.date(2000, 1, 1) <= dt.date.fromisoformat(e["date"]) <= dt.date(2026, 12, 5)
        for name in ("tax", "net"):
            assert e[name] is None or AMOUNT.match(e[name]), (e["file"], name)
        for line in e["tax_lines"]:
            assert set(line["printed"]) <= {"rate", "base", "amount", "gross"}


def _git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_a_dataset_folder_from_copies_at_the_recorded_commits(tmp_path):
    """Two sources, one receipt each, the second's file changed after the commit recorded:
    the folder holds the bytes annotated, every receipt held out."""
    copies, receipts = [], []
    for owner, name, body in (("alice", "shop-ocr", b"\xff\xd8first"), ("bob", "parser", b"\x89PNGsecond")):
        repo = tmp_path / f"{owner}+{name}"
        (repo / "img").mkdir(parents=True)
        _git(repo, "init", "-q")
        path = repo / "img" / ("a.jpeg" if owner == "alice" else "b.png")
        path.write_bytes(body)
        _git(repo, "add", ".")
        _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one")
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True)
        path.write_bytes(b"changed later")
        _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two")
        copies.append(repo)
        receipts.append({
            "file": str(path.relative_to(repo)), "repo": f"{owner}/{name}", "commit": commit.stdout.strip(),
            "sha256": hashlib.sha256(body).hexdigest(), "country": "de", "chain": name, "vendor": name,
            "vendor_aliases": [], "date": None, "total": "9.99", "currency": "EUR", "tax": None, "net": None,
            "tax_lines": [],
        })  # fmt: skip
    doc = {
        "source": [
            {"repo": f"{o}/{n}", "url": f"https://github.com/{o}/{n}", "licence": "MIT"}
            for o, n in (("alice", "shop-ocr"), ("bob", "parser"))
        ],
        "receipts": receipts,
    }
    annotations = tmp_path / "fresh.json"
    annotations.write_text(json.dumps(doc))
    manifest = prepare_fresh(copies, tmp_path / "out", annotations)
    dataset = load_dataset(tmp_path / "out")
    assert list(manifest["parts"]) == ["heldout"]
    assert [s.part for s in dataset.samples] == ["heldout", "heldout"]
    assert sorted(s.image.read_bytes() for s in dataset.samples) == [b"\x89PNGsecond", b"\xff\xd8first"]
    assert {s.image.suffix for s in dataset.samples} == {".jpg", ".png"}


def test_the_report_counts_fresh_receipts_of_chains_a_tuning_part_holds():
    def sample(rid, chain, part):
        return Sample(rid, None, {"chain": chain}, part)

    fresh = Dataset("fresh", None, [sample("f1", "Rewe", "heldout"), sample("f2", "kiosk", "heldout")], {})
    scans = Dataset("scans", None, [sample("t1", "rewe", "tuning"), sample("h1", "kiosk", "heldout")], {})
    assert fresh_chains([(FRESH, [fresh]), ("real-scans", [scans])]) == {
        "receipts": 2,
        "of_a_tuning_chain": 1,
    }

"""The next draw of my-receipts PDFs to annotate, by the rule every draw since the second used.

Candidates are the single-page PDFs of the restaurant, retail and cafe folders and of the
uncategorised ones (``YEAR/COUNTRY/FILE.pdf``), neither annotated nor excluded yet and not
byte-identical to one that is; per country they are taken in the order of sha256 of their
path, up to the country's quota. Leaving out the entries of draw N from the annotations
(``--without-draw N``) draws draw N again: the way to check the rule.

``--travel`` draws the other documents an expense report holds instead (the single-page PDFs of
the public transport, hotel, tourist attraction, flights and miscellaneous folders), with the
quota per folder and at most ``--per-issuer`` documents per issuer, the word the file name
starts with (names that are booking codes or dates count as one issuer per folder), so that
one railway's hundred tickets do not make the draw.

    python bench/draw_receipts.py MIRROR [--quota de=44,us=24,ca=10,se=4,hr=4] > draw.json
    python bench/draw_receipts.py MIRROR --travel --quota "public transport=14,hotel=10" > draw.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pypdfium2 as pdfium

ANNOTATIONS = Path(__file__).resolve().parent / "annotations" / "my_receipts.json"
FOLDERS = ("-", "restaurant", "retail", "cafe")
TRAVEL_FOLDERS = ("public transport", "hotel", "tourist attraction", "flights", "miscellaneous")


def _git(repo: str, *args: str) -> bytes:
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, check=True).stdout


def _pages(data: bytes) -> int | None:
    try:
        return len(pdfium.PdfDocument(data))
    except pdfium.PdfiumError:
        return None


def issuer(path: str) -> str:
    """Who issued a document, as far as its file name says: the word it starts with
    (``bahn-...``, ``madison_...``), or, for a name that is a booking code or a date, its folder."""
    parts = path.split("/")
    word = re.match(r"([a-z]{3,})[-_ ]", parts[-1].lower())
    return word.group(1) if word else f"{parts[-2]}:coded"


def draw(
    repo: str,
    quota: dict[str, int],
    without_draw: int | None = None,
    travel: bool = False,
    per_issuer: int = 2,
) -> list[dict]:
    """The paths to annotate next, with their country (and folder for ``travel``), in draw order."""
    ann = json.loads(ANNOTATIONS.read_text("utf-8"))
    entries = [e for e in ann["receipts"] + ann["excluded"] if e.get("draw", 1) != without_draw]
    taken = {e["pdf"] for e in entries}
    blobs = {}
    for line in _git(repo, "ls-tree", "-r", "HEAD").decode().splitlines():
        meta, path = line.split("\t", 1)
        blobs[path] = meta.split()[2]
    taken_blobs = {blobs[p] for p in taken if p in blobs}
    by_country: dict[str, list[str]] = defaultdict(list)
    for path, blob in blobs.items():
        parts = path.split("/")
        folder = "-" if len(parts) == 3 else parts[2] if len(parts) == 4 else ""
        fresh = path not in taken and blob not in taken_blobs
        if path.lower().endswith(".pdf") and folder in (TRAVEL_FOLDERS if travel else FOLDERS) and fresh:
            by_country[folder if travel else parts[1]].append(path)
    out: list[dict] = []
    for group, wanted in quota.items():
        chosen: set[str] = set()
        issuers: Counter = Counter()
        for path in sorted(by_country[group], key=lambda p: hashlib.sha256(p.encode()).hexdigest()):
            if len(chosen) >= wanted:
                break
            if blobs[path] in chosen or (travel and issuers[issuer(path)] >= per_issuer):
                continue
            if _pages(_git(repo, "cat-file", "blob", blobs[path])) != 1:
                continue
            chosen.add(blobs[path])
            issuers[issuer(path)] += 1
            entry = {"pdf": path, "country": path.split("/")[1]}
            out.append({**entry, "kind": "travel"} if travel else entry)
        print(f"{group}: {len(chosen)} of the {wanted} wanted", file=sys.stderr)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirror", help="a clone of JensWalter/my-receipts (a bare one will do)")
    parser.add_argument("--quota", default="de=44,us=24,ca=10,se=4,hr=4", help="country=count,...")
    parser.add_argument("--without-draw", type=int, default=None, help="draw this draw again (a check)")
    parser.add_argument("--travel", action="store_true", help="tickets, hotels, admissions: quota per folder")
    parser.add_argument("--per-issuer", type=int, default=2, help="--travel: documents per issuer at most")
    args = parser.parse_args(argv)
    quota = {k: int(v) for k, v in (item.split("=") for item in args.quota.split(","))}
    json.dump(draw(args.mirror, quota, args.without_draw, args.travel, args.per_issuer), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

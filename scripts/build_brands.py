"""Write the list of shop and restaurant brands the receipt reader knows (ocr_service/receipt/brands.txt)
from OpenStreetMap's name-suggestion-index, as npm publishes it.

    npm pack name-suggestion-index@8.0.20260918 && tar xzf name-suggestion-index-8.0.20260918.tgz
    python scripts/build_brands.py package/ > ocr_service/receipt/brands.txt

The index is BSD-3-Clause (its licence is copied into the file's head, as the licence asks).
Only brands of the kinds of place a receipt comes from are kept (shops, restaurants and other
amenities, hotels, leisure, healthcare, crafts), and of each its brand and name as signs print them
(not the index's lower-case match names, which hold generic words such as "total"). Names in
scripts other than Latin are left out (the recogniser reads Latin letters), and so are the words
the index itself calls generic (its genericWords: "sale", "shop", "boutique" ...).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

KINDS = ("shop", "amenity", "tourism", "leisure", "healthcare", "craft")
TAGS = ("brand", "name", "brand:en", "name:en")


def _latin(name: str) -> bool:
    folded = unicodedata.normalize("NFKD", name)
    return all(ch.isascii() or not ch.isalpha() or ch in "ØøÆæŒœßÞþÐð" for ch in folded)


def names(package: Path) -> list[str]:
    index = json.loads((package / "dist/json/nsi.min.json").read_text())["nsi"]
    generic = json.loads((package / "dist/json/genericWords.min.json").read_text())["genericWords"]
    generic_re = [re.compile(g, re.I) for g in generic]
    out = set()
    for path, tree in index.items():
        parts = path.split("/")
        if parts[0] != "brands" or parts[1] not in KINDS:
            continue
        for item in tree["items"]:
            for tag in TAGS:
                value = (item["tags"].get(tag) or "").strip()
                if value and _latin(value) and not any(g.search(value) for g in generic_re):
                    out.add(value)
    return sorted(out, key=lambda s: (s.casefold(), s))


def main(argv: list[str]) -> int:
    package = Path(argv[1] if len(argv) > 1 else "package")
    meta = json.loads((package / "package.json").read_text())
    licence = (package / "LICENSE.md").read_text().strip().splitlines()
    print(f"# {meta['name']} {meta['version']} ({meta['homepage']}), written by scripts/build_brands.py")
    print("# brands of " + ", ".join(KINDS) + "; one name a line")
    for line in licence:
        print(f"# {line}".rstrip())
    for name in names(package):
        print(name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

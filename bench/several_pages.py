"""Two receipts on one page, measured on the benchmark's own receipts: how often a single receipt
is taken for several (a false alarm: its fields lose their confidence), and how often a page made
of two of them is seen to hold several. And one receipt cut in two at its middle row, its pieces
laid side by side: how often the page reads as the whole receipt does (``receipt.pieces``).

The pages are made of the lines the service read from two receipts of one part, the second's
boxes moved beside the first's (a column 60 px wide between them) or under it (a band 60 px
high): the gap two slips laid on a scanner leave, or less. No OCR runs for them; the service's
``several_receipts`` judges the lines as the pipeline hands them over."""

from __future__ import annotations

import random

# pages made of two receipts, per part and way of laying them
PAIRS = 60
GAP = 60


def _moved(lines: list, dx: float, dy: float) -> list:
    return [line.shifted(dy, dx) for line in lines]


def page_of_two(first: list, second: list, way: str) -> list:
    """The lines of a page holding both receipts, ``way`` "side by side" or "one above the other"."""
    if way == "side by side":
        return first + _moved(second, max(line.bbox[2] for line in first) + GAP, 0)
    return first + _moved(second, 0, max(line.bbox[3] for line in first) + GAP)


def cut_in_two(lines: list) -> list | None:
    """The lines of a page holding the receipt cut at its middle row, the lower piece beside the
    upper one (GAP between them); None when a piece would hold fewer than six lines."""
    tops = sorted(line.bbox[1] for line in lines)
    middle = tops[len(tops) // 2]
    upper = [line for line in lines if line.bbox[3] <= middle]
    lower = [line for line in lines if line.bbox[1] >= middle]
    if len(upper) < 6 or len(lower) < 6:
        return None
    dx = max(line.bbox[2] for line in upper) + GAP - min(line.bbox[0] for line in lower)
    return upper + _moved(lower, dx, min(line.bbox[1] for line in upper) - middle)


def _reading(lines: list) -> tuple:
    """What the addon would take from a reading: total, date and vendor, and which are sure."""
    from ocr_service.receipt import extract_receipt_fields

    fields = extract_receipt_fields(lines)
    return tuple((fields[n]["value"], fields[n]["confidence"] >= 0.8) for n in ("total", "date", "vendor"))


def figures(receipts: list[list], seed: str) -> dict:
    """Over one part's receipts (each the lines the service read, or None when it read none):
    single receipts flagged, and pages of two flagged, per way of laying them."""
    from ocr_service.receipt import several_receipts

    read = [lines for lines in receipts if lines]
    out = {"singles": len(read), "singles_flagged": sum(1 for lines in read if several_receipts(lines))}
    rng = random.Random(seed)
    for way in ("side by side", "one above the other"):
        flagged = 0
        pairs = PAIRS if len(read) >= 2 else 0
        for _ in range(pairs):
            first, second = rng.sample(read, 2)
            flagged += bool(several_receipts(page_of_two(first, second, way)))
        out[way] = {"pages": pairs, "flagged": flagged}
    cut = {"pages": 0, "as_whole": 0}
    for lines in rng.sample(read, min(PAIRS, len(read))):
        page = cut_in_two(lines)
        if page is not None:
            cut["pages"] += 1
            cut["as_whole"] += _reading(page) == _reading(lines)
    out["cut in two"] = cut
    return out


def pooled(entries: list[dict]) -> dict:
    """Several parts' figures added up."""
    out = {"singles": 0, "singles_flagged": 0, "cut in two": {"pages": 0, "as_whole": 0}}
    for way in ("side by side", "one above the other"):
        out[way] = {"pages": 0, "flagged": 0}
    for entry in entries:
        out["singles"] += entry["singles"]
        out["singles_flagged"] += entry["singles_flagged"]
        for way in ("side by side", "one above the other"):
            out[way]["pages"] += entry[way]["pages"]
            out[way]["flagged"] += entry[way]["flagged"]
        for key in ("pages", "as_whole"):
            out["cut in two"][key] += (entry.get("cut in two") or {}).get(key, 0)
    return out


def _share(count: int, of: int) -> str:
    return f"{100 * count / of:.1f}% ({count}/{of})" if of else "n/a"


def table(rows: list[tuple[str, str, dict]]) -> list[str]:
    """The report's section: one row per dataset and part."""
    out = [
        "## Two receipts on one page, one receipt in two pieces",
        "",
        "A page holding two receipts (two slips scanned side by side, or one above the other) has every "
        "field returned at 0.5 at most and `several_receipts` set: read as one, it gives one slip's total "
        "with the other's date or name. `single receipts flagged`: receipts of the part taken for "
        f"several (false alarms; lower is better). The pages of two are made, {PAIRS} per way and part, "
        "of two receipts of the part drawn at random, from the lines the service read, the second moved "
        f"beside or under the first with a gap of {GAP} px (`bench/several_pages.py`); a pair whose "
        "receipts do not each read as a receipt of their own (a total and a date or name at 0.8 or "
        "more) is not seen, nor is one whose totals are the same. `one receipt cut in two`: receipts of "
        f"the part ({PAIRS} at most) cut at their middle row, the lower piece laid beside the upper one "
        f"({GAP} px apart), whose page reads as the whole receipt does (total, date and vendor, and "
        "which of them are sure); the page is read in its pieces' order when that reading's total is "
        "at least as sure (`ocr_service/receipt/pieces.py`).",
        "",
        "| dataset | part | single receipts flagged | pages of two side by side flagged "
        "| one above the other flagged | one receipt cut in two, read as the whole |",
        "|---|---|---|---|---|---|",
    ]
    for label, part, entry in rows:
        out.append(
            f"| {label} | {part} | {_share(entry['singles_flagged'], entry['singles'])} "
            f"| {_share(entry['side by side']['flagged'], entry['side by side']['pages'])} "
            f"| {_share(entry['one above the other']['flagged'], entry['one above the other']['pages'])} "
            f"| {_share(cut['as_whole'], cut['pages']) if (cut := entry.get('cut in two')) else 'n/a'} |"
        )
    return [*out, ""]

"""Why a vendor was missed, by the step that lost it: counts per part, never a receipt.

``bench/receipt_lines.py score --why`` prints, per part of the line cache, how the receipts whose
vendor is wrong (words kept) divide:

- ``none``: no name returned;
- ``unread``: no line as read holds the name or an alias (a logo, a misreading);
- ``below``: the line that holds it comes after the header (the items had started);
- ``filtered``: it is in the header but was not a candidate (taken for a contact, registration
  or label line);
- ``outscored-by-legal``, ``outscored``: a candidate, but another header line scored more, one
  with a legal form (GmbH, SDN BHD ...) or another;
- ``built``: the right line scored best, and what was returned from it (joined with its
  neighbours, cut, respelled, or traded for the footer's name) is not the name.

On held-out parts these are the only look the benchmark takes at a miss: they say which step
to work on, not which receipt.
"""

from __future__ import annotations

from bench import bench_receipts as B

KINDS = ("none", "unread", "below", "filtered", "outscored-by-legal", "outscored", "built")


def _holds(text: str, keys: list[str]) -> bool:
    own = B.norm_compact(text)
    return any(k in own or (len(own) >= 4 and own in k) for k in keys)


def miss_kind(lines, height: float, truth: dict, returned: str | None) -> str | None:
    """The step that lost the vendor of one receipt, or None when it is right (or has none)."""
    from ocr_service.receipt import vendor
    from ocr_service.receipt.names import _has_form

    if not truth.get("vendor") or B.vendor_scores(returned, truth)["vendor_words"]:
        return None
    if not returned:
        return "none"
    names = [n for n in [truth.get("vendor"), *truth.get("vendor_aliases", [])] if n]
    keys = [k for n in names if len(k := B.norm_compact(n)) >= 2]
    segments, candidates, header_end, _evidence = vendor.scored_candidates(lines, height)
    holding = [i for i, seg in enumerate(segments) if _holds(seg.text, keys)]
    if not holding:
        return "unread"
    if holding[0] >= header_end:
        return "below"
    right = [c for c in candidates if c.rank in holding]
    if not right:
        return "filtered"
    best = vendor.top_candidate(candidates)
    if best in right:
        return "built"
    return "outscored-by-legal" if _has_form(best.upper) else "outscored"

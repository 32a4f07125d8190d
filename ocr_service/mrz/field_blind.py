"""Whether a field's check digits are blind to what it may have been: look-alikes the glyphs
did not settle, the recogniser's second choices (``blind.blind_swap``), over a field and the
check digits that cover it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blind import DIGIT_WEIGHT, blind_swap, own_weights
from .repair import FILLER

if TYPE_CHECKING:
    from .fields import Reading


def optional_blind(r: Reading, number_holds: bool) -> bool:
    """A swap of look-alikes in the optional data that its check digits cannot see: TD3's
    own; else the composite, over which a swap in the document number can cancel one in
    the optional data (unless the number's own check digit, when it holds, sees it)."""
    if r.layout.optional_check == "own":
        text = r.text("optional_data") + r.text("optional_data_cd")
        return own_blind(
            r,
            text,
            r.unsettled("optional_data"),
            r.cells("optional_data"),
            r.cells("optional_data_cd"),
            padded=True,
        )
    layout = r.layout
    mixed = ("document_number", *layout.optional_zones)
    cells = layout.composite_cells()
    zone_of = {(li, col): z for z in mixed for li, a, b in [layout.zones[z]] for col in range(a, b)}
    text = "".join(r.lines[li][col] for li, col in cells)
    unsettled = [zone_of.get(c) is not None and r.lines[c[0]][c[1]] != r.settled[c[0]][c[1]] for c in cells]
    in_number = [zone_of.get(c) == "document_number" for c in cells]
    weights = [own_weights(len(cells))]
    if number_holds:
        weights.append([w * n for w, n in zip(own_weights(len(cells)), in_number, strict=True)])
        # the number's own weights start at its first cell, which opens the composite
    counted = [zone_of.get(c) in layout.optional_zones for c in cells]
    seconds = [s if zone_of.get(c) is not None else "" for c, s in zip(cells, r.seconds(cells), strict=True)]
    # the composite digit itself, as a character of its own sum (off the number's own)
    text += r.text("composite_cd")
    unsettled.append(False)
    weights = [weights[0] + [DIGIT_WEIGHT], *[w + [0] for w in weights[1:]]]
    counted.append(False)
    seconds += r.seconds(r.cells("composite_cd"), digits=True)
    looks = {
        (li, a + i): look
        for zone in mixed
        for li, a, b in [layout.zones[zone]]
        for i, look in enumerate(_filler_lookalikes(r, r.lines[li][a:b]))
    }
    return blind_swap(text, unsettled, weights, counted, seconds, [*(looks.get(c, "") for c in cells), ""])


Cells = list[tuple[int, int]]


def _filler_lookalikes(r: Reading, text: str) -> list[str]:
    """Per character of a field that fillers pad (document number, optional data): the K a
    filler that ends its letters may have been, and the filler its last K's may have been.

    Without the page's glyphs (lines read whole, one confidence each) nothing tells a filler
    from a K, whose value is the filler's modulo 10 (20 and 0): every check digit holds either
    way ("XAM34734<" read "XAM34734K"). The reader's glyph step compares such cells with the
    page's own filler (glyphs._settle_cell, _filler_read_as_character); with it, none."""
    if r.glyphs:
        return [""] * len(text)
    body = text.rstrip(FILLER)
    ends = len(body) - len(body.rstrip("K"))  # the K's that end the letters and digits
    out = [""] * len(text)
    for i in range(len(body) - ends, len(body)):
        out[i] = FILLER
    if len(body) < len(text) and body:
        out[len(body)] = "K"
    return out


def own_blind(
    r: Reading, text: str, unsettled: list[bool], cells: Cells, digit_cell: Cells, padded: bool = False
) -> bool:
    """``blind_swap`` over a field and its own check digit (the last character of ``text``):
    look-alikes where the glyphs settled nothing, and second choices the recogniser was not
    sure against, the check digit's own included; at least one swap in the field. The
    composite check digit, where it covers them, must not see the swaps either."""
    n = len(text) - 1
    weights = [[*own_weights(n), DIGIT_WEIGHT]]
    composite = r.composite_weights(cells[:n] + digit_cell)
    if any(composite):
        weights.append(composite)
    return blind_swap(
        text,
        [*unsettled[:n], False],
        weights,
        [True] * n + [False],
        r.seconds(cells)[:n] + r.seconds(digit_cell, digits=True),
        [*_filler_lookalikes(r, text[:n]), ""] if padded else None,
    )


def date_blind(r: Reading, zone: str) -> bool:
    """``blind_swap`` over a date and its check digit: digits the recogniser was in doubt of,
    swapped for its second choice (a digit: a letter cannot stand in a date), that leave its own
    check digit and the composite holding. Two misread digits can cancel out in both: 740812 read
    290812 passes them, and only the recogniser's doubt shows it."""
    cells = r.cells(zone) + r.cells(zone + "_cd")
    n = len(cells) - 1
    weights = [[*own_weights(n), DIGIT_WEIGHT]]
    composite = r.composite_weights(cells)
    if any(composite):
        weights.append(composite)
    text = "".join(r.lines[li][col] for li, col in cells)
    return blind_swap(
        text, [False] * len(cells), weights, [True] * n + [False], r.seconds(cells, digits=True)
    )

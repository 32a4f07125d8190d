"""Step 4, settle look-alikes: 0/O, 1/I, 8/B ... in mixed fields, by the document's own glyphs.

The recogniser mixes up OCR-B look-alikes (0/O above all) with full confidence. Each
document shows both glyphs of a pair in fields of one class (an O in the names, a 0 in
the dates): whatever the recogniser said there, the field's class says what the cell
shows. A cell of a mixed field (document number, optional data) read as one of a pair
is compared with the document's glyphs of both, allowing a small shift; a clear winner
becomes the character with a high confidence. A look-alike the page shows no glyph of
is stood in for by OCR-B's drawing of it (``ocrb``), fitted to the page, when the page's
own glyphs show that the drawings tell them apart as the page does. On a photo, where
blur and glare lower every match below what a flat scan's thresholds ask, a character read
with confidence is settled by the page's own prints of it and of its look-alikes, each
scored as the cell is (``peers``); a photo's leaning glyphs are set upright first
(``cut.upright``). What that cannot settle stays doubtful, for a check digit to decide or
for the field to be reported unverified.
"""

from __future__ import annotations

import numpy as np

from . import ocrb
from .blind import VISUAL_LOOKALIKES
from .cut import CUT_HEIGHT, CutLines, cell_image, upright
from .formats import LAYOUTS
from .peers import Peers, Print
from .read import FILLER_MATCH, GUESS_CONFIDENCE, capped, template
from .recognize import CharRead
from .repair import TO_DIGIT, TO_LETTER
from .result import MrzResult

# Letter / digit pairs the recogniser mixes up in OCR-B, the closest look-alike first.
GLYPH_LOOKALIKES = VISUAL_LOOKALIKES
# the recogniser cannot tell these apart: without the document's own glyphs, never sure
BLIND = frozenset("O0DQ")
SHAPE_MATCH = 0.7  # a cell must correlate this well with a glyph of the document
SHAPE_MARGIN = 0.04  # ... and this much better with one glyph than with its look-alike
SHAPE_SURE = 0.99  # the confidence of a character the glyph comparison settled
SHAPE_UNSURE = 0.9  # the highest confidence of a blind look-alike nothing settled
SAMPLE_BELOW = 0.5  # cells read below this do not make a glyph template
FILLER_SAMPLES = 12  # the filler's glyph, from the names: a dozen cells are plenty
CELL_SIZE = (24, CUT_HEIGHT)  # as tall as the line crop (see glyph_scores)
SHIFTS_X = tuple(range(-5, 6))  # pixels of a line crop CUT_HEIGHT tall (a cell is about 23 wide)
SHIFTS_Y = (-2, -1, 0, 1, 2)
# A cell is settled (the check digits may then lean on it: ``blind``) only by a glyph of the
# document that its own samples agree on (a grid off by a fraction of a cell makes
# samples of one character disagree), matched this well; on flat scans a cell matches its
# own character's glyph at 0.94 and more, a look-alike's at 0.93 at most (0 and O).
TRUSTED_SAMPLES = 1
TRUSTED_AGREEMENT = 0.8  # unshifted: samples of one glyph on a flat scan agree at 0.81 and more
SETTLE_MATCH = 0.93  # the winner of two glyphs of a pair (a cell matches its own at 0.94 and more)
ALONE_MATCH = 0.96  # the character's own glyph, when the page shows none of its look-alikes
# A character the page shows no glyph of (a G when no name has one), read with confidence,
# is settled when the cell is unlike every look-alike's trusted glyph: on flat scans a
# cell matches its own character's glyph at 0.94 and more, another one's at 0.82 at most.
NOT_MATCH = 0.8
READ_SURELY = 0.9
# A look-alike the page does not settle is compared with OCR-B's drawings of the pair
# (``ocrb``), fitted to the page on a few of its trusted glyphs, which they must match this
# well (the real specimens, other cuts of OCR-B: 0.85 and more; the generated pages print
# in the very font drawn: 0.95 and more). On the real specimens a cell matches its own
# character's drawing better than its look-alike's by 0.04 and more.
FIT_GLYPHS = 6  # at most this many of the page's trusted glyphs fit the drawings
MIN_FIT_GLYPHS = 3
FIT_MATCH = 0.8  # the median of their correlations with the fitted drawings
DRAWN_MATCH = 0.9
DRAWN_MARGIN = 0.06
# ... and each of the page's trusted glyphs must match its own character's drawing better
# than its look-alikes' by this much: on the real specimens by 0.05 and more; a page in
# DejaVu, Liberation, Free or Noto Mono has a glyph (0, 1, O) that fails by 0.01 to 0.14
FIT_MARGIN = 0.02
ROLLS_X = (-3, -2, -1, 0, 1, 2, 3)  # a page's glyph template is as well placed as the grid was
# Fields a filler may stand in. A letter or digit there whose cell matches the page's filler
# this well is a filler read as a character: on tuning photos and generated pages, fillers
# read as C or V matched at 0.93 and more, letters and digits at 0.86 at most (a K, whose
# arms are a '<'), every other character at 0.78 at most.
FILLER_ZONES = ("names", "document_number", "optional_data", "optional_data_2")
FILLER_LIKE = 0.9


class Drawn:
    """OCR-B's drawings fitted to this page, made when first asked for."""

    def __init__(self, templates: dict[str, np.ndarray], sure: frozenset[str], crops: list[np.ndarray]):
        # letters first (the names give many samples of each), then digits
        chars = sorted((ch for ch in sure if ch != "<"), key=lambda ch: (ch.isdigit(), ch))
        self._page = {ch: templates[ch][SHIFTS_Y.index(0)] for ch in chars}
        self._crops = crops
        self._fit: ocrb.Fit | None = None
        self._tried = False
        self._drawn: dict[str, np.ndarray | None] = {}

    def glyphs(self, chars: str) -> dict[str, np.ndarray] | None:
        """``shifted`` drawings of the characters, or None when the page has no fit."""
        if not self._tried:
            self._tried = True
            self._fit = self._fitted()
        if self._fit is None:
            return None
        out = {ch: self._drawing(ch) for ch in chars}
        return None if any(v is None for v in out.values()) else out

    def _drawing(self, ch: str) -> np.ndarray | None:
        if ch not in self._drawn:
            d = ocrb.draw(ch, self._fit, CELL_SIZE) if self._fit is not None else None
            self._drawn[ch] = None if d is None else shifted(d)
        return self._drawn[ch]

    def _fitted(self) -> ocrb.Fit | None:
        """The fit, when the drawings match the page's glyphs and tell each of them from its
        look-alikes as the page does (a typeface other than OCR-B's fails that)."""
        page = dict(list(self._page.items())[:FIT_GLYPHS])
        fitted = ocrb.fit_page(page, self._crops, CELL_SIZE) if len(page) >= MIN_FIT_GLYPHS else None
        if fitted is None or fitted[1] < FIT_MATCH:
            return None
        self._fit = fitted[0]
        for ch, t in self._page.items():
            looks = GLYPH_LOOKALIKES.get(ch, "")
            refs = [self._drawing(x) for x in ch + looks]
            if not looks or any(r is None for r in refs):
                continue
            rolled = ocrb.rolls(t, ROLLS_X, 1)
            scores = [float(np.einsum("khw,dhw->kd", rolled, r).max()) for r in refs]
            if scores[0] - max(scores[1:]) < FIT_MARGIN:
                return None
        return self._fit


def _drawn_scores(char: str, cell: np.ndarray | None, drawn: Drawn) -> dict[str, float] | None:
    """A ``cell_stack``'s best correlations with the drawings of the character and its look-alikes."""
    refs = drawn.glyphs(char + GLYPH_LOOKALIKES[char])
    return None if refs is None or cell is None else stack_scores(cell, refs)


def _by_drawing(char: str, page_scores: dict[str, float], sure: frozenset[str], cell, drawn: Drawn) -> bool:
    """The cell matches OCR-B's drawing of ``char`` well, and better by a margin than the
    drawing of every look-alike; and no trusted glyph of a look-alike on the page comes close."""
    scores = _drawn_scores(char, cell, drawn)
    if scores is None:
        return False
    own = scores.get(char, 0.0)
    looks = GLYPH_LOOKALIKES[char]
    if own < DRAWN_MATCH or any(own - scores.get(x, 1.0) < DRAWN_MARGIN for x in looks):
        return False
    return all(own - page_scores[x] >= DRAWN_MARGIN for x in looks if x in sure and x in page_scores)


def _absent_excluded(
    char: str, page_scores: dict[str, float], sure: frozenset[str], cell, drawn: Drawn
) -> bool:
    """A cell the page's glyphs settled as ``char`` is unlike OCR-B's drawing of every
    look-alike the page shows no trusted glyph of (a page with an O and a 0 but no Q). A
    page without drawings (not in OCR-B) has only its own glyph of ``char`` to go by: the
    cell must match it as closely as two prints of one glyph do."""
    absent = [x for x in GLYPH_LOOKALIKES[char] if not (x in sure and x in page_scores)]
    if not absent:
        return True
    scores = _drawn_scores(char, cell, drawn)
    if scores is None:
        return page_scores.get(char, 0.0) >= ALONE_MATCH
    if scores[char] < DRAWN_MATCH:
        return False
    return all(scores[char] - scores[x] >= DRAWN_MARGIN for x in absent)


def shifted(template: np.ndarray) -> np.ndarray:
    """A glyph template moved up and down by SHIFTS_Y, stacked.

    A cell is as tall as the line crop, so a cell moved by dy is a roll of its rows, and
    its correlation with a template is the cell's with the template rolled by -dy."""
    return ocrb.rolls(template, [-dy for dy in SHIFTS_Y], 0)


def cell_stack(crop: np.ndarray, grid, i: int) -> np.ndarray | None:
    """Cell i moved by each of SHIFTS_X, stacked: the grid is an estimate, so a glyph is
    looked for a little around its cell."""
    cells = [g for g in (cell_image(crop, grid, i, CELL_SIZE, dx) for dx in SHIFTS_X) if g is not None]
    return np.stack(cells) if cells else None


def stack_scores(stack: np.ndarray | None, glyphs: dict[str, np.ndarray]) -> dict[str, float]:
    """Best correlation of a ``cell_stack`` with each glyph (``shifted`` templates)."""
    if stack is None:
        return {}
    return {ch: float(np.einsum("khw,dhw->kd", stack, t).max()) for ch, t in glyphs.items()}


def glyph_scores(crop: np.ndarray, grid, i: int, glyphs: dict[str, np.ndarray]) -> dict[str, float]:
    """Best correlation of cell i with each glyph (``shifted`` templates), looked for a
    little around the cell."""
    return stack_scores(cell_stack(crop, grid, i), glyphs)


def _prints(
    result: MrzResult, reads: list[list[CharRead]], lines: CutLines, classes: list[str]
) -> dict[str, list[Print]]:
    """The cells of the look-alikes and the filler in fields that fix the class, per character."""
    samples: dict[str, list[Print]] = {}
    for li, (cls_line, text) in enumerate(zip(classes, result.lines, strict=True)):
        for col, (cls, ch) in enumerate(zip(cls_line, text, strict=True)):
            p = reads[li][col].prob
            lookalike = cls in "ad" and ch in GLYPH_LOOKALIKES and p >= SAMPLE_BELOW
            filler = cls == "a" and ch == "<" and p >= 0.9 and len(samples.get(ch, ())) < FILLER_SAMPLES
            if lookalike or filler:
                g = cell_image(lines.crops[li], lines.grids[li], col, CELL_SIZE)
                if g is not None:
                    samples.setdefault(ch, []).append((li, col, g))
    return samples


def _trusted(prints: dict[str, list[Print]]) -> dict[str, list[Print]]:
    """Per character, the prints like their mean, when they are most of them (else none):
    one print cut badly (at the crop's edge, a grid a little off) must not spoil the glyph."""
    out = {}
    for ch, ps in prints.items():
        t = template([g for _li, _col, g in ps])
        kept = [x for x in ps if float((x[2] * t).sum()) >= TRUSTED_AGREEMENT]
        out[ch] = kept if len(kept) >= max(TRUSTED_SAMPLES, (len(ps) + 1) // 2) else []
    return out


def document_glyphs(
    result: MrzResult, reads: list[list[CharRead]], lines: CutLines, classes: list[str]
) -> tuple[dict[str, np.ndarray], frozenset[str]]:
    """Glyphs (``shifted`` templates) of the look-alikes and the filler, from cells whose
    field fixes the class, and which of them are trusted (most prints like their mean)."""
    return _glyphs(_prints(result, reads, lines, classes))


def _glyphs(prints: dict[str, list[Print]]) -> tuple[dict[str, np.ndarray], frozenset[str]]:
    kept = _trusted(prints)
    glyphs = {ch: shifted(template([g for _li, _col, g in kept[ch] or ps])) for ch, ps in prints.items()}
    return glyphs, frozenset(ch for ch, k in kept.items() if k)


def _ends_a_run(line: list[CharRead], col: int) -> bool:
    """The cell's neighbour on either side is not a filler."""
    return any(0 <= k < len(line) and line[k].char != "<" for k in (col - 1, col + 1))


def _merge_class(c: CharRead, cls: str, parsed: str) -> CharRead | None:
    """In a field of one class, a doubt between a letter and its digit look-alike is no
    doubt: both stand for the same character of that class."""
    as_class = TO_LETTER if cls == "a" else TO_DIGIT
    mine, other = as_class.get(c.char, c.char), as_class.get(c.alt, c.alt)
    if c.alt and c.alt != c.char and mine == other and mine == parsed:
        return CharRead(mine, min(1.0, c.prob + c.alt_prob), "", 0.0)
    return None


def _settled_as(scores: dict[str, float], sure: frozenset[str]) -> str:
    """What the glyphs settle the cell as, for the check digits to lean on ("" for nothing):
    a trusted glyph matched well that beats every other by a margin, when its closest
    look-alike's glyph is trusted too; without that, only a close match settles it."""
    ranked = sorted(scores, key=scores.get, reverse=True)
    if not ranked or ranked[0] not in sure or scores[ranked[0]] < SETTLE_MATCH:
        return ""
    win = ranked[0]
    if len(ranked) > 1 and scores[win] - scores[ranked[1]] < SHAPE_MARGIN:
        return ""
    if GLYPH_LOOKALIKES[win][0] in sure and GLYPH_LOOKALIKES[win][0] in scores:
        return win
    return win if scores[win] >= ALONE_MATCH else ""


def _unlike_lookalikes(c: CharRead, scores: dict[str, float], sure: frozenset[str]) -> str:
    """The cell, read with confidence as a character the page shows no glyph of, is unlike
    the trusted glyph of every look-alike of it: settled as read."""
    looks = GLYPH_LOOKALIKES[c.char]
    if c.prob < READ_SURELY or c.char in scores or not all(x in sure and x in scores for x in looks):
        return ""
    return c.char if max(scores[x] for x in looks) <= NOT_MATCH else ""


def _by_shape(c: CharRead, scores: dict[str, float], sure: frozenset[str]) -> tuple[CharRead | None, bool]:
    """A clear winner among the look-alikes' glyphs, or for a blind pair a doubt."""
    ranked = sorted(scores, key=scores.get, reverse=True)
    settled = _settled_as(scores, sure) or _unlike_lookalikes(c, scores, sure)
    # the closest look-alike comes first: without its glyph nothing can be settled
    partner = GLYPH_LOOKALIKES[c.char][0]
    if (
        c.char in ranked
        and partner in ranked
        and scores[ranked[0]] >= SHAPE_MATCH
        and scores[ranked[0]] - scores[ranked[1]] >= SHAPE_MARGIN
    ):
        win, runner = ranked[0], ranked[1]
        prob = max(c.prob, SHAPE_SURE) if win == c.char else SHAPE_SURE
        changed = win != c.char or prob != c.prob or settled != c.settled
        return CharRead(win, prob, runner, 1.0 - prob, settled if settled == win else ""), changed
    if c.char in BLIND and not settled:
        # nothing settles it: doubtful, with the look-alike to try when a check digit fails
        alt = next((x for x in ranked if x != c.char), partner)
        return CharRead(c.char, min(c.prob, SHAPE_UNSURE), alt, max(c.alt_prob, 0.1)), True
    if settled == c.char:
        return CharRead(c.char, c.prob, c.alt, c.alt_prob, settled), settled != c.settled
    return None, False


def _filler_match(crop: np.ndarray, grid, col: int, templates: dict[str, np.ndarray]) -> float:
    """How well cell ``col`` matches this document's filler glyph."""
    return glyph_scores(crop, grid, col, {"<": templates["<"]}).get("<", 0.0)


def _settle_cell(
    line: list[CharRead], col: int, cls: str, parsed: str, glyphs, crop, grid
) -> tuple[CharRead | None, bool]:
    """The cell's settled reading (or None), and whether that changes anything."""
    c = line[col]
    templates, sure, drawn, peers = glyphs
    if cls in "ad":
        merged = _merge_class(c, cls, parsed)
        return merged, merged is not None
    if c.char == "<":
        if "<" not in templates or not _ends_a_run(line, col):
            return None, False
        # A filler next to characters ends a document number or optional data. A check
        # digit cannot see a letter or digit of value 0 mod 10 (0, A, K, U...) read as
        # '<': the cell must show this document's filler.
        match = _filler_match(crop, grid, col, templates)
        if match < FILLER_MATCH and c.prob > GUESS_CONFIDENCE:
            return capped(c, GUESS_CONFIDENCE), True
        return None, False
    if c.char not in GLYPH_LOOKALIKES:
        return None, False
    candidates = {x: templates[x] for x in c.char + GLYPH_LOOKALIKES[c.char] if x in templates}
    cell = cell_stack(crop, grid, col)
    scores = stack_scores(cell, candidates)
    by_shape, changed = _by_shape(c, scores, sure)
    now = by_shape or c
    if (
        not now.settled
        and now.char == c.char
        and peers.settles(c.char, c.prob, scores, templates, GLYPH_LOOKALIKES[c.char])
    ):
        # on a photo: a print of what was read by the measure of the page's own prints
        by_shape, changed = CharRead(c.char, c.prob, c.alt, c.alt_prob, c.char), True
        now = by_shape
    if now.settled and now.settled == now.char and not _absent_excluded(now.char, scores, sure, cell, drawn):
        # settled against the look-alikes the page shows, not against the ones it lacks
        return CharRead(now.char, now.prob, now.alt, now.alt_prob), True
    if now.settled != now.char and now.char == c.char and _by_drawing(c.char, scores, sure, cell, drawn):
        # the page's own glyphs did not settle it; OCR-B's drawings of the pair do
        return CharRead(c.char, c.prob, c.alt, c.alt_prob, c.char), True
    return by_shape, changed


def _filler_read_as_character(
    line: list[CharRead], col: int, templates, sure: frozenset[str], crop, grid, names: bool
) -> CharRead | None:
    """A cell of a field a filler may stand in (names, document number, optional data),
    read as a letter or digit, that shows this document's filler glyph: a photographed '<'
    read as a C between two given names, or as a K in the optional data, where a check digit
    cannot see it ('<', 0, A, K and U weigh the same). It becomes a filler with the
    confidence of a guess, so the field reads right but is not verified by it. The names'
    first filler after a name (the next cell a filler too) needs a looser match. Only a
    trusted filler glyph (its samples agree) is compared with."""
    c = line[col]
    if c.char == "<" or "<" not in templates or "<" not in sure:
        return None
    before_filler = names and col + 1 < len(line) and line[col + 1].char == "<"
    match = _filler_match(crop, grid, col, templates)
    if match < (FILLER_MATCH if before_filler else FILLER_LIKE):
        return None
    return CharRead("<", GUESS_CONFIDENCE, c.char, c.prob)


def settle_lookalikes(
    result: MrzResult, reads: list[list[CharRead]], lines: CutLines
) -> list[list[CharRead]] | None:
    """The reads with the look-alikes of mixed fields settled by the document's own glyphs,
    or None when that changes nothing."""
    classes = LAYOUTS[result.mrz_format].position_classes()
    if len(reads) != len(classes) or any(len(x) != len(c) for x, c in zip(reads, classes, strict=True)):
        return None
    lines = upright(lines)  # a photo's glyphs leaning, set upright as drawn and printed
    prints = _prints(result, reads, lines, classes)
    templates, sure = _glyphs(prints)

    def score(li: int, col: int, g: dict[str, np.ndarray]) -> dict[str, float]:
        return glyph_scores(lines.crops[li], lines.grids[li], col, g)

    peers = Peers(_trusted(prints), score, lambda cells: shifted(template(cells)), SHAPE_MARGIN)
    glyphs = (templates, sure, Drawn(templates, sure, lines.crops), peers)
    out = [list(x) for x in reads]
    changed = False
    zones = LAYOUTS[result.mrz_format].zones
    # the cells a filler may stand in, and whether each is one of the names'
    may_fill = {}
    for zone in (z for z in FILLER_ZONES if z in zones):
        li, a, b = zones[zone]
        may_fill.update({(li, col): zone == "names" for col in range(a, b)})
    for li, cls_line in enumerate(classes):
        for col, cls in enumerate(cls_line):
            if (li, col) in may_fill:
                filler = _filler_read_as_character(
                    out[li], col, templates, sure, lines.crops[li], lines.grids[li], may_fill[li, col]
                )
                if filler is not None:
                    out[li][col] = filler
                    changed = True
                    continue
            settled, changes = _settle_cell(
                out[li], col, cls, result.lines[li][col], glyphs, lines.crops[li], lines.grids[li]
            )
            if settled is not None:
                out[li][col] = settled
                changed = changed or changes
    return out if changed else None

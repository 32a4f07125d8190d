"""A second look at the ink no line covers.

The detector sees a page shrunk to its limit (960 px on the long side): a tall receipt at
under half its size. Small print packed tight there (a price column printed line under
line, a tax table in a condensed font with no paper between its rows) merges into a blob
the detector drops, although the recogniser reads it well: the detector never offered it.

After the page is read, the ink that no line's box covers is found (dark strokes against
their surroundings, so shadows and paper tint do not count) and grouped into blocks that
look like print: at most a few rows tall, ink as dense as text, as dark as the lines read
(the other side's print showing through is fainter), no barcode, off the page's edges.
Each block is cut into 1, 2, 3 ... rows of equal height at the page's own resolution and
every row is read by the recogniser alone; the cut whose rows all read surely, the surest,
is kept. What the rows print joins the page's lines, in page pixels; a row read already, a
single character, or one taller than the page's lines (a logo's strokes) is dropped.

When it runs is ``OCR_SECOND_LOOK``'s: by default only on a receipt whose total or tax the first
look did not find (``pipeline._receipt``), as it costs recogniser batches on every page it looks
at; variants ``second-look-off`` and ``second-look-always`` of ``bench/bench_engines.py`` measure it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import cv2
import numpy as np

from .engines import Line
from .engines.shapes import REC_WIDTHS, rec_width, rows_per_run
from .pdftext import reading_order

MIN_LINES = 3  # a page with fewer lines has no line height to measure blocks by
MOST_BLOCKS = 12  # per page, the most ink first: what a page can cost
SHORTEST = 0.3  # line heights: a row of print half as tall as the page's lines (a condensed font)
TALLEST = 3.5  # line heights: a block taller is a logo, a stamp, a picture
FAINT = 0.6  # of the lines' contrast: fainter ink is the other side's print showing through
BANDS = 6  # at most this many rows in a block
BAND_SURE = 0.6  # every row of a cut read at least this surely
READ_WIDTH = 40_000  # pixels of rows 48 px tall read per page at most: what a page can cost
WIDEST = 3200  # pixels at 48 px tall: a row wider is no receipt line (a hostile file's)
BATCH = 6  # rows read together, as the text recogniser's batches (OCR_REC_BATCH_NUM)
# the rows a run holds: a handful of shapes (about 4 MB of OpenVINO's state each for narrow
# crops), and no blank row
RUN_ROWS = (1, 3, BATCH)
SHORT_RUN_WIDTH = 640  # pixels: rows up to this wide may run short (RUN_ROWS)
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Block:
    """Unread ink: its box on the page (x, y, width, height) and how many of its pixels are ink."""

    x: int
    y: int
    w: int
    h: int
    ink: int


def _ink(gray: np.ndarray, line_height: float) -> np.ndarray:
    """Dark strokes against their surroundings (a window a few lines wide): 255 where ink."""
    window = max(15, int(line_height * 2) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, 20)


def _contrast(gray: np.ndarray, ink: np.ndarray) -> float:
    """Paper's grey less ink's (medians) in a patch; 0 when it has no ink or no paper."""
    strokes = ink > 0
    if strokes.all() or not strokes.any():
        return 0.0
    return float(np.median(gray[~strokes])) - float(np.median(gray[strokes]))


def unread_blocks(image: np.ndarray, lines: list[Line]) -> list[Block]:
    """Blocks of ink on ``image`` (BGR) that no line's box covers and that look like print:
    a few rows at most, as dark as the lines read (not the other side's print showing
    through), no barcode (bars run the block's whole height), off the page's edges."""
    if len(lines) < MIN_LINES:
        return []
    height = statistics.median(line.height for line in lines)
    if height < 6:
        return []
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    ink = _ink(gray, height)
    rows, cols = ink.shape
    boxes = [tuple(max(0, int(v)) for v in line.bbox) for line in lines]
    printed = statistics.median(_contrast(gray[y0:y1, x0:x1], ink[y0:y1, x0:x1]) for x0, y0, x1, y1 in boxes)
    whole = ink.copy()
    pad = int(height * 0.15)
    for x0, y0, x1, y1 in boxes:
        ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    # characters of a word (and words of a row) joined; rows stay apart unless they touch
    joined = cv2.dilate(ink, np.ones((3, max(3, int(height * 0.6))), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    blocks = []
    for x, y, w, h, _area in stats[1:count]:
        if not (SHORTEST * height <= h <= TALLEST * height and 0.8 * height <= w):
            continue
        if x <= 1 or y <= 1 or x + w >= cols - 1 or y + h >= rows - 1:
            continue  # touches the edge: the page's border, a shadow, the table it lies on
        count_ink = int(np.count_nonzero(ink[y : y + h, x : x + w]))
        if not 0.06 <= count_ink / float(w * h) <= 0.6:
            continue
        patch, strokes = gray[y : y + h, x : x + w], whole[y : y + h, x : x + w]
        if _contrast(patch, strokes) < FAINT * printed:
            continue
        if ((strokes > 0).mean(axis=0) > 0.8).mean() > 0.3:
            continue  # bars from top to bottom: a barcode
        blocks.append(Block(int(x), int(y), int(w), int(h), count_ink))
    blocks.sort(key=lambda b: -b.ink)
    return blocks[:MOST_BLOCKS]


def _overlap(a: list[float], b: list[float]) -> float:
    """How much of box ``a`` lies inside box ``b``."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(1e-6, (a[2] - a[0]) * (a[3] - a[1]))


def _white_out(image: np.ndarray, lines: list[Line]) -> np.ndarray:
    """A copy of ``image`` with every line's box painted white."""
    page = image.copy()
    for line in lines:
        x0, y0, x1, y1 = (int(v) for v in line.bbox)
        page[max(0, y0) : y1, max(0, x0) : x1] = 255
    return page


def decode(steps: np.ndarray, classes: tuple[str, ...]) -> tuple[str, float]:
    """Greedy CTC: the text and the mean probability of its characters (0 when empty)."""
    best = steps.argmax(axis=1)
    chars, probs, previous = [], [], 0
    for index, prob in zip(best, steps.max(axis=1), strict=True):
        if index != 0 and index != previous:
            chars.append(classes[index])
            probs.append(float(prob))
        previous = index
    text = "".join(chars).strip()
    return (text, float(np.mean(probs))) if text else ("", 0.0)


def _band_counts(block: Block, line_height: float) -> list[int]:
    """How many rows the block may hold: rows between SHORTEST and 1.2 line heights."""
    return [n for n in range(1, BANDS + 1) if SHORTEST * line_height <= block.h / n <= 1.2 * line_height]


def _read_crops(engine, crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Each crop's text and certainty, by the recogniser alone: scaled to 48 px tall with a
    little paper each side, read in the recogniser's few shapes (``read_in_few_shapes``)."""
    tall = []
    for crop in crops:
        width = max(8, round(crop.shape[1] * 48 / max(1, crop.shape[0])))
        crop = cv2.resize(crop, (width, 48), interpolation=cv2.INTER_LINEAR)
        tall.append(cv2.copyMakeBorder(crop, 0, 0, 8, 8, cv2.BORDER_CONSTANT, value=WHITE))
    return read_in_few_shapes(engine, tall)


def read_in_few_shapes(
    engine, crops: list[np.ndarray], widths: tuple[int, ...] = REC_WIDTHS, wide_alone: bool = False
) -> list[tuple[str, float]]:
    """Each crop's text and certainty, by the recogniser alone (``class_probabilities``). The
    crops, 48 px tall, are padded with paper on their right to the recogniser's few widths
    (``shapes.rec_width`` of ``widths``) and read BATCH at a time (wide ones fewer,
    ``shapes.rows_per_run``), a short run in pieces of one, three or BATCH rows (RUN_ROWS,
    ``_runs``): a runtime that keeps state per input shape (OpenVINO: tens of megabytes for a
    wide one) sees a handful of shapes, whatever the pages print, and two crops are not read as
    six. ``wide_alone``: crops wider than SHORT_RUN_WIDTH are read one at a time, not padded
    with blank rows to a whole run (a text-layer page's check reads a long name or two: one row of
    1280 px keeps a few megabytes, six rows of it tens, and cost six times the time)."""
    by_width: dict[int, list[int]] = {}
    padded = []
    for i, crop in enumerate(crops):
        bucket = rec_width(crop.shape[1], widths)
        padded.append(
            cv2.copyMakeBorder(crop, 0, 0, 0, bucket - crop.shape[1], cv2.BORDER_CONSTANT, value=WHITE)
        )
        by_width.setdefault(bucket, []).append(i)
    read: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    for bucket, members in by_width.items():
        paper = np.full((48, bucket, 3), 255, np.uint8)
        runs = (
            [([i], 1) for i in members] if wide_alone and bucket > SHORT_RUN_WIDTH else _runs(members, bucket)
        )
        for run, rows in runs:
            answer = engine.class_probabilities([padded[i] for i in run] + [paper] * (rows - len(run)))
            for i, steps in zip(run, answer.steps, strict=False):
                read[i] = decode(steps, answer.classes)
    return read


def _runs(members: list[int], bucket: int) -> list[tuple[list[int], int]]:
    """The runs crops of one width are read in, each with the rows it is filled to (see
    ``read_in_few_shapes``). A short batch runs in pieces of RUN_ROWS rows with no blank one (two
    as one and one, four as three and one): a blank row costs as much as a crop, a run of its
    own about a third of a narrow one; and each width keeps three shapes."""
    per_run = rows_per_run(bucket, BATCH)  # wide rows fewer at a time
    out = []
    for start in range(0, len(members), per_run):
        run = members[start : start + per_run]
        if bucket > SHORT_RUN_WIDTH:  # a whole run: a wide shape costs tens of megabytes
            out.append((run, per_run))
            continue
        while run:
            rows = max(n for n in RUN_ROWS if n <= len(run))
            out.append((run[:rows], rows))
            run = run[rows:]
    return out


def _bands(blocks: list[Block], line_height: float) -> list[tuple[Block, int, int, int]]:
    """The rows to read, (block, rows in its cut, top, bottom), for every cut of the blocks (the
    most ink first) while their width at 48 px tall stays within READ_WIDTH; a cut with a row
    wider than WIDEST is no cut of receipt lines."""
    bands, spent = [], 0.0
    for block in blocks:
        mine = []
        for n in _band_counts(block, line_height):
            width = block.w * 48 / max(1.0, block.h / n)
            if width <= WIDEST:
                mine += [(block, n, round(i * block.h / n), round((i + 1) * block.h / n)) for i in range(n)]
                spent += n * width
        if spent > READ_WIDTH:
            break
        bands += mine
    return bands


def _from_bands(page: np.ndarray, blocks: list[Block], line_height: float, engine) -> list[Line]:
    """Each block cut into 1, 2, 3 ... rows of equal height, each row read by the recogniser
    alone (rows that touch come apart so); of the cuts whose every row reads surely, the one
    read most surely is kept."""
    bands = _bands(blocks, line_height)
    crops = [page[b.y + top : b.y + bottom, b.x : b.x + b.w] for b, _, top, bottom in bands]
    rows: dict[tuple[Block, int], list] = {}
    for (block, n, top, bottom), (text, sure) in zip(
        bands, _read_crops(engine, crops) if crops else [], strict=True
    ):
        rows.setdefault((block, n), []).append((top, bottom, text, sure))
    best: dict[Block, tuple[float, list]] = {}
    for (block, _n), read in rows.items():
        mean = float(np.mean([sure for *_, sure in read]))
        if min(sure for *_, sure in read) >= BAND_SURE and mean > best.get(block, (0.0, []))[0]:
            best[block] = (mean, read)
    found = []
    for block, (_mean, read) in best.items():
        for top, bottom, text, sure in read:
            x0, x1, y0, y1 = block.x, block.x + block.w, block.y + top, block.y + bottom
            found.append(Line(text, sure, [x0, y0, x1, y1], [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
    return found


def _kept(line: Line, lines: list[Line], height: float) -> bool:
    """Print the first look missed: words or figures (two characters or more), no taller than
    the page's lines (a logo's strokes read as letters are not), not read already."""
    return (
        sum(ch.isalnum() for ch in line.text) >= 2
        and line.height <= 1.5 * height
        and not any(_overlap(line.bbox, old.bbox) > 0.5 for old in lines)
    )


def second_look(image: np.ndarray, lines: list[Line], engine) -> list[Line]:
    """``lines`` with what the unread blocks of ``image`` print, in reading order."""
    blocks = unread_blocks(image, lines)
    if not blocks:
        return lines
    page = _white_out(image, lines)
    height = statistics.median(line.height for line in lines)
    found = _from_bands(page, blocks, height, engine)
    new = [line for line in found if _kept(line, lines, height)]
    if not new:
        return lines
    return reading_order(lines + new)

"""Step 3, read: the characters of cut MRZ lines, each with a probability and a second choice.

The recogniser loses its way in long runs of '<', so each line is read in pieces of
about CHUNK_CHARS cells, whose known length also fixes miscounted runs. Long runs of
'<' (padding) are found from the image first: the names line ends in padding, so its
last cell shows this document's '<'. Those runs are blanked, pieces made only of
padding are not read at all, nor the padding at a piece's ends, and the other pieces'
characters go to their non-blank cells in order. Doubtful pieces are read a second time
with the cells that look like the document's '<' blanked.
"""

from __future__ import annotations

import re

import numpy as np

from .cut import CutLines, blank_cells, cell_image, chunk_sizes, render_piece
from .recognize import CharRead, recognize_pieces

FILLER = "<"
CHUNK_CHARS = 11
FILLER_MATCH = 0.8  # correlation with the line's own '<' above which a cell is a filler
RETRY_BELOW = 0.6  # pieces with a character below this are read again
PADDING_MATCH = 0.9  # correlation with the names line's last '<' for a padding cell
PADDING_EDGE_MATCH = 0.86  # ... and for a cell next to a padding run
PADDING_CONFIDENCE = 0.9
RETRY_CONFIDENCE = 0.55  # characters placed by the second pass
GUESS_CONFIDENCE = 0.3  # characters placed by a recount that is a guess
MIN_FILLER_SAMPLES = 3  # cells read as '<' with confidence needed for a filler template
SURE_FILLER = 0.9  # ... and that confidence
# a cell next to a letter or digit must look this much like the page's '<' to be one: a K's arms
# are a '<' (a photographed K matched it at 0.80, the fillers of its line at 0.98-0.99)
RUN_END_FILLER_MATCH = 0.9

Span = tuple[int, int, int]  # (line, first cell, end cell) of a piece


def template(cells: list[np.ndarray]) -> np.ndarray:
    """The mean of normalised cell images, normalised again."""
    t = np.mean(cells, axis=0)
    t -= t.mean()
    return t / max(1e-6, float(np.linalg.norm(t)))


def capped(c: CharRead, limit: float) -> CharRead:
    return CharRead(c.char, min(c.prob, limit), c.alt, c.alt_prob)


def _filler(prob: float) -> CharRead:
    return CharRead(FILLER, prob, FILLER, 0.0)


# -- padding, found from the image ------------------------------------------------------------


def _runs(flags: list[bool], min_len: int) -> list[tuple[int, int]]:
    """[start, end) of each run of True at least ``min_len`` long."""
    out, i, n = [], 0, len(flags)
    while i < n:
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < n and flags[j]:
            j += 1
        if j - i >= min_len:
            out.append((i, j))
        i = j
    return out


def _padding_of_line(scores: list[float]) -> set[int]:
    n = len(scores)
    cells: set[int] = set()
    for a, b in _runs([s >= PADDING_MATCH for s in scores], 3):
        # a run's ends are often a little off the template (a neighbour's ink, blur):
        # grow runs over adjacent cells that still look much like a '<'
        while a > 0 and scores[a - 1] >= PADDING_EDGE_MATCH:
            a -= 1
        while b < n and scores[b] >= PADDING_EDGE_MATCH:
            b += 1
        cells.update(range(a, b))
    # never blank the cell where a run meets other characters: if it held a letter,
    # blanking would lose it without any sign; kept visible, a miscount shows
    edges = {i for i in cells if (i - 1 >= 0 and i - 1 not in cells) or (i + 1 < n and i + 1 not in cells)}
    return cells - edges


def padding_cells(lines: CutLines, names_line: int) -> list[set[int]]:
    """Per line, the cells in runs of 3 or more that look like the '<' ending the names line."""
    n = lines.length
    empty: list[set[int]] = [set() for _ in lines.crops]
    names_crop, names_grid = lines.crops[names_line], lines.grids[names_line]
    last = cell_image(names_crop, names_grid, n - 1)
    if last is None:
        return empty
    # the template must look like its neighbours, which are padding too
    for j in (n - 2, n - 3):
        other = cell_image(names_crop, names_grid, j)
        if other is None or float((other * last).sum()) < PADDING_MATCH:
            return empty
    out = []
    for crop, grid in zip(lines.crops, lines.grids, strict=True):
        images = [cell_image(crop, grid, i) for i in range(n)]
        out.append(_padding_of_line([-1.0 if g is None else float((g * last).sum()) for g in images]))
    return out


# -- fitting a piece's reading to its cells --------------------------------------------------------


def _recount_fillers(chars: list[CharRead], k: int) -> list[CharRead]:
    """A piece of fillers only, read at the wrong length."""
    out = [_filler(min(c.prob for c in chars)) for _ in range(k)]
    if len(chars) < k:
        # characters went missing, most likely where the piece meets the text before it
        for i in range(min(k, k - len(chars) + 1)):
            out[i] = _filler(GUESS_CONFIDENCE)
    return out


def _recount_run(chars: list[CharRead], text: str, k: int) -> list[CharRead] | None:
    """Grow or shrink the piece's longest filler run (one touching an end first) to fit k cells."""
    runs = [
        (m.start() == 0 or m.end() == len(text), m.end() - m.start(), m.start(), m.end())
        for m in re.finditer("<+", text)
    ]
    if not runs:
        return None
    at_edge, n_run, a, b = max(runs)
    grow = k - len(text)
    if n_run + grow < 1:
        return None
    p = min(c.prob for c in chars[a:b]) if at_edge else GUESS_CONFIDENCE
    new_run = [_filler(p) for _ in range(n_run + grow)]
    if grow > 0:
        # characters went missing: most likely next to the run, so the cells
        # where the run meets the other characters are guesses
        doubt = min(len(new_run), grow + 1)
        guess = [_filler(GUESS_CONFIDENCE) for _ in range(doubt)]
        if a == 0 and b < len(text):
            new_run = new_run[: len(new_run) - doubt] + guess
        else:
            new_run = guess + new_run[doubt:]
    return chars[:a] + new_run + chars[b:]


def fit_chunk(chars: list[CharRead], k: int) -> list[CharRead]:
    """Bring a piece's reading to k characters.

    The recogniser miscounts runs of '<'. A run touching either end of the piece
    is padding whose length the cells decide, so recounting it is safe. Changing
    an inner run (a name separator) or padding a piece is a guess: the characters
    added or kept around it get a low confidence.
    """
    if len(chars) == k:
        return chars
    text = "".join(c.char for c in chars)
    if chars and set(text) == {FILLER}:
        return _recount_fillers(chars, k)
    recounted = _recount_run(chars, text, k)
    if recounted is not None:
        return recounted
    guessed = [capped(c, GUESS_CONFIDENCE) for c in chars]
    return (guessed + [_filler(GUESS_CONFIDENCE) for _ in range(k)])[:k]


def doubtful(chars: list[CharRead], k: int) -> bool:
    return len(chars) != k or any(c.prob < RETRY_BELOW for c in chars)


# -- the two passes ----------------------------------------------------------------------------------


def _spans(lines: CutLines) -> list[Span]:
    sizes = chunk_sizes(lines.length, CHUNK_CHARS)
    spans = []
    for li in range(len(lines.crops)):
        start = 0
        for k in sizes:
            spans.append((li, start, start + k))
            start += k
    return spans


def _trimmed(pad: list[bool], a: int, b: int) -> tuple[int, int]:
    """Cells [a, b) of a piece without the padding at its ends: blanked, they would be blank
    paper read for nothing (the recogniser's time grows with the width it reads)."""
    lo, hi = 0, len(pad)
    while lo < hi and pad[lo]:
        lo += 1
    while hi > lo and pad[hi - 1]:
        hi -= 1
    return a + lo, a + hi


def _first_pass(lines: CutLines, engine, padding: list[set[int]]) -> dict[Span, list[CharRead]]:
    spans = _spans(lines)
    reads: dict[Span, list[CharRead]] = {}
    jobs = []
    # each line with its padding blanked, once
    crops = [
        blank_cells(crop, grid, sorted(cells)) if cells else crop
        for crop, grid, cells in zip(lines.crops, lines.grids, padding, strict=True)
    ]
    for li, a, b in spans:
        pad = [i in padding[li] for i in range(a, b)]
        if all(pad):
            reads[(li, a, b)] = [_filler(PADDING_CONFIDENCE) for _ in pad]
            continue
        crop = crops[li]
        lo, hi = _trimmed(pad, a, b)
        piece = render_piece(crop, lines.profiles[li], lines.grids[li], lo, hi, lines.length)
        jobs.append(((li, a, b), pad, piece))
    for (key, pad, _img), piece in zip(jobs, recognize_pieces(engine, [j[2] for j in jobs]), strict=True):
        chars = list(piece.chars)
        if any(pad) and len(chars) == pad.count(False):
            it = iter(chars)
            chars = [_filler(PADDING_CONFIDENCE) if x else next(it) for x in pad]
        reads[key] = chars  # at the wrong length: doubtful, read again
    return reads


def filler_template(lines: CutLines, reads: dict[Span, list[CharRead]]) -> np.ndarray | None:
    """The mean image of cells read as '<' with confidence, in pieces read at their length."""
    cells = []
    for (li, a, b), chars in reads.items():
        if len(chars) != b - a:
            continue
        for i, c in enumerate(chars):
            if c.char == FILLER and c.prob >= SURE_FILLER:
                img = cell_image(lines.crops[li], lines.grids[li], a + i)
                if img is not None:
                    cells.append(img)
    return template(cells) if len(cells) >= MIN_FILLER_SAMPLES else None


def _second_pass(lines: CutLines, engine, reads: dict[Span, list[CharRead]]) -> dict[tuple[int, int], float]:
    """The recogniser drops characters next to runs of '<' and miscounts the runs. Every '<'
    of a line is the same glyph, so cells that look like the ones read as '<' with
    confidence are blanked, and the rest of a doubtful piece is read again; its characters
    then go to the non-'<' cells in order, when the counts agree. Returns the cells (line,
    column) made '<' by their look alone, with how well they matched the page's '<'."""
    placed: dict[tuple[int, int], float] = {}
    retry = [key for key, chars in reads.items() if doubtful(chars, key[2] - key[1])]
    filler = filler_template(lines, reads) if retry else None
    if filler is None:
        return placed
    jobs = []
    for li, a, b in retry:
        crop, grid = lines.crops[li], lines.grids[li]
        images = [cell_image(crop, grid, i) for i in range(a, b)]
        match = [0.0 if img is None else float((img * filler).sum()) for img in images]
        fill = [m >= FILLER_MATCH for m in match]
        if all(fill):
            # every cell shows this document's '<' (a lone one is often misread)
            reads[(li, a, b)] = [_filler(RETRY_CONFIDENCE) for _ in fill]
            placed.update({(li, a + i): m for i, m in enumerate(match)})
        elif any(fill):
            blanked = blank_cells(crop, grid, [a + i for i, f in enumerate(fill) if f])
            piece = render_piece(blanked, lines.profiles[li], grid, a, b, lines.length)
            jobs.append(((li, a, b), match, piece))
    for (key, match, _img), piece in zip(jobs, recognize_pieces(engine, [j[2] for j in jobs]), strict=True):
        li, a = key[0], key[1]
        fill = [m >= FILLER_MATCH for m in match]
        letters = [c for c in piece.chars if c.char != FILLER]
        if len(letters) == fill.count(False):
            it = iter(letters)
            # good enough for a field a check digit confirms, never for one nothing checks
            reads[key] = [
                _filler(RETRY_CONFIDENCE) if f else capped(next(it), RETRY_CONFIDENCE) for f in fill
            ]
            placed.update({(li, a + i): m for i, m in enumerate(match) if fill[i]})
    return placed


def _placed_at_run_ends(
    out: list[list[CharRead]], placed: dict[tuple[int, int], float], names_line: int
) -> None:
    """A cell made '<' by its look alone, next to a letter or digit outside the names, is a
    guess unless it looks like the page's '<' closely (RUN_END_FILLER_MATCH). There it ends a
    document number or optional data, where a K (its arms are a '<') weighs as '<' does in
    every check digit (K is 20, '<' 0): no check digit can tell them apart, so the field is
    not verified by it (a country code's or the sex's filler so placed is a guess too: those
    fields then wait for a person). Padding inside a run stays as placed."""
    for (li, col), match in placed.items():
        line = out[li]
        if li == names_line or line[col].char != FILLER or match >= RUN_END_FILLER_MATCH:
            continue
        if any(0 <= k < len(line) and line[k].char != FILLER for k in (col - 1, col + 1)):
            line[col] = _filler(GUESS_CONFIDENCE)


def read(lines: CutLines, engine, *, blank_padding: bool = True) -> list[list[CharRead]]:
    """Each line's characters, one per cell. ``blank_padding``: find the padding from the
    image and do not read it (fast, and no characters lost next to it)."""
    names_line = 2 if len(lines.crops) == 3 else 0
    padding = padding_cells(lines, names_line) if blank_padding else [set() for _ in lines.crops]
    reads = _first_pass(lines, engine, padding)
    placed = _second_pass(lines, engine, reads)
    out: list[list[CharRead]] = [[] for _ in lines.crops]
    for (li, a, b), chars in sorted(reads.items()):
        out[li].extend(fit_chunk(chars, b - a))
    _placed_at_run_ends(out, placed, names_line)
    return out

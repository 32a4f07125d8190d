"""Settling a look-alike by the page's own prints of both glyphs, each measured as the cell is.

``glyphs`` settles a cell of a mixed field by how well it matches the page's glyphs, with
thresholds that hold on flat scans (a cell matches its own character's glyph at 0.94 and
more). On a phone photo blur, glare and JPEG lower every correlation: the page's own
prints of one glyph agree less with each other, and a cell that is plainly a 1 (0.91
against the page's 1, 0.71 against its I) is left unsettled. What the page's own prints
score says what to expect of a print on this very page: each print of the pair (a cell of
a field that fixes its class: a 1 of a date, an I of a name) is cut and scored as the cell
is (the same grid, shifts and normalisation), against the glyph made of the *other* prints
of its character, so that it does not match itself.

A cell read with confidence is settled as read (never changed) when, for every look-alike
the page shows prints of:

- the page tells the pair apart: each print of either matches its own glyph better than
  the other's by SHAPE_MARGIN;
- the cell matches its character's glyph at least as well as the page's worst print of it;
- it is less like the look-alike than every print of the look-alike is, and more like its
  own glyph than any print of the look-alike is, each by SHAPE_MARGIN.

A look-alike the page shows no print of is left to ``glyphs`` (OCR-B's drawings, or a
match as close as on a flat scan).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

PRINTS = 2  # prints of a glyph the rule needs: one left out, the glyph of the others
FLOOR = 0.85  # the cell matches its character's glyph at least this well, whatever the page
READ_SURELY = 0.9  # the recogniser's confidence in the character it confirms

Print = tuple[int, int, np.ndarray]  # line, column, cell image (``cut.cell_image``)
Scored = list[tuple[float | None, dict[str, float]]]  # per print: own glyph's match, the others'


class Peers:
    """The page's trusted prints of each glyph, scored on demand (``settles``)."""

    def __init__(
        self,
        prints: dict[str, list[Print]],
        score: Callable[[int, int, dict[str, np.ndarray]], dict[str, float]],
        glyph: Callable[[list[np.ndarray]], np.ndarray],
        margin: float,
    ):
        """``score``: a cell's (line, column) best match with each glyph, as the cell is
        scored; ``glyph``: the glyph made of prints; ``margin``: what tells two glyphs apart."""
        self._prints = prints
        self._cell_scores = score
        self._glyph = glyph
        self._margin = margin
        self._scored: dict[str, Scored] = {}

    def _score(self, ch: str, templates: dict[str, np.ndarray], alone: bool = False) -> Scored | None:
        """Per print of ``ch``: its match with the glyph of the other prints (None for a
        print alone), and with each other glyph of the page; None when there are fewer than
        PRINTS prints (one will do when ``alone``)."""
        if ch not in self._scored:
            prints = self._prints.get(ch) or []
            out: Scored = []
            for i, (li, col, _img) in enumerate(prints):
                glyphs = {x: t for x, t in templates.items() if x != ch}
                if len(prints) > 1:
                    glyphs[ch] = self._glyph([p[2] for j, p in enumerate(prints) if j != i])
                scores = self._cell_scores(li, col, glyphs)
                if scores:
                    out.append((scores.pop(ch, None), scores))
            self._scored[ch] = out
        out = self._scored[ch]
        return out if len(out) >= (1 if alone else PRINTS) else None

    def settles(self, char: str, prob: float, scores: dict[str, float], templates, looks: str) -> bool:
        """The cell (``scores``: its best match with each of the page's glyphs), read as
        ``char`` with ``prob``, is a print of ``char`` by the measure of the page's own prints."""
        shown = [x for x in looks if x in templates]
        mine = self._score(char, templates) if char in scores and prob >= READ_SURELY else None
        # a look-alike the page shows no print of is left to ``glyphs`` (OCR-B's drawings
        # are drawn crisp: on a photo they do not tell a blurred 0 from an O)
        if len(shown) < len(looks) or mine is None or scores[char] < FLOOR:
            return False
        # how well two prints of one glyph match on this page
        alike = min(s for s, _ in mine)
        own, m = scores[char], self._margin
        for x in shown:
            theirs = self._score(x, templates, alone=True)
            if not theirs or x not in scores:
                return False
            x_alike = min([alike, *(s for s, _ in theirs if s is not None)])
            # the page tells the pair apart, as its prints show
            if any(s - o[x] < m for s, o in mine) or any(x_alike - o[char] < m for _, o in theirs):
                return False
            # the cell is nearer the prints of its character than any print of the look-alike
            if scores[x] > x_alike - m or own < max(o[char] for _, o in theirs) + m or own - scores[x] < m:
                return False
        return True

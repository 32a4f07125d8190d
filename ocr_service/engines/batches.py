"""Text lines recognised in batches of like width.

A batch of lines runs at the width of its widest line: rapidocr pads the others up to it.
It sorts a page's lines by width and cuts them into batches of a fixed count (six), so a
batch that holds a short price and a long item line pays the long line's width six times
over; on a receipt most of the recogniser's time went to that padding. The recogniser's
time is about linear in the pixels it runs (``N x W`` at 48 px high, about 0.05 ms per
column of one line on two cores) plus a fixed cost per run (about what 35 columns take),
so the cheapest batches are found exactly: over the lines sorted by width, the cuts that
minimise the padded columns plus ``overhead`` per batch, at most ``most`` lines in one
(``width_batches``, a shortest path over the sorted lines).

Each batch goes through rapidocr's own recogniser unchanged (resize, normalise, decode), so
a line reads as it would alone up to the padding of the few lines of its width beside it.
Only where the runtime is not given fixed shapes (``shapes``: OpenVINO pads every batch to
the full count, which this would make slower).
"""

from __future__ import annotations

import math

import numpy as np

from .base import Around

# the fixed cost of one run of the recogniser, in columns of one line (measured on ONNX
# Runtime, two threads: about 1.8 ms a run against 0.054 ms a column)
RUN_OVERHEAD = 36


def width_batches(widths: list[float], most: int, overhead: float = RUN_OVERHEAD) -> list[list[int]]:
    """The lines (their indices) cut into batches, narrowest first, that cost least in all:
    for each batch ``overhead`` plus its count times its widest line's width; at most ``most``
    lines in a batch."""
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    sizes = [widths[i] for i in order]
    cost = [0.0] + [math.inf] * len(sizes)
    start_of = [0] * (len(sizes) + 1)
    for end in range(1, len(sizes) + 1):
        for start in range(max(0, end - most), end):
            candidate = cost[start] + overhead + (end - start) * sizes[end - 1]
            if candidate < cost[end]:
                cost[end], start_of[end] = candidate, start
    batches, end = [], len(sizes)
    while end:
        start = start_of[end]
        batches.append(order[start:end])
        end = start
    return batches[::-1]


class WidthBatchedRecognizer(Around):
    """Around rapidocr's text recogniser (``run``): each call's lines run in ``width_batches``
    of them. The session, the decoder and the settings stay the recogniser's (``Around``), so
    the engine's wrappers of the session still reach it."""

    _own = ("run", "most", "min_width")

    def __init__(self, recogniser, most: int, min_width: int):
        self.run = recogniser
        self.most = most
        self.min_width = min_width  # the narrowest input: lines narrower are padded up to it
        recogniser.rec_batch_num = max(recogniser.rec_batch_num, most)  # a batch of ours is one run of it

    def __call__(self, args):
        from rapidocr.ch_ppocr_rec.typings import TextRecInput, TextRecOutput

        images = [args.img] if isinstance(args.img, np.ndarray) else list(args.img)
        height = self.run.rec_image_shape[1]
        widths = [max(self.min_width, height * img.shape[1] / max(1, img.shape[0])) for img in images]
        texts, scores, words = [""] * len(images), [0.0] * len(images), [None] * len(images)
        read = None
        for batch in width_batches(widths, self.most):
            lines = [images[i] for i in batch]
            read = self.run(TextRecInput(img=lines, return_word_box=args.return_word_box))
            for k, i in enumerate(batch):
                texts[i], scores[i], words[i] = read.txts[k], read.scores[k], read.word_results[k]
        return TextRecOutput(
            imgs=images,
            txts=tuple(texts),
            scores=tuple(scores),
            word_results=tuple(words),
            viser=read.viser if read is not None else None,
        )


class CharsTold(Around):
    """Around rapidocr's text recogniser (``run``): every call asks its decoder for the lines'
    word information, which carries each character's certainty (``Line.chars``); rapidocr
    keeps it beside each line without making word boxes of it (its ``return_word_box`` stays
    off)."""

    def __init__(self, recogniser):
        self.run = recogniser

    def __call__(self, args):
        from dataclasses import replace

        return self.run(replace(args, return_word_box=True))

"""A bounded set of input shapes for the models, whatever the pages and lines look like.

OpenVINO compiles and keeps a set of kernels for every input shape it is given. Left to
itself, every page size (detection) and every batch of text lines (recognition: batch
size times the widest line's width) is a new shape, so the service's memory grows with
the variety of the documents it has read (1.4 GB after a few hundred receipts).

Here the tensors are padded up to a few sizes before they are run, and the outputs are
cut back to what the unpadded input would have given, so the steps around the model
(rapidocr's pre- and post-processing) see the shapes they expect:

- detection ``(1, 3, H, W)``: H and W padded to a multiple of ``DET_STEP`` with zeros
  (the normalised mean colour), the probability map cut back to ``H x W``;
- recognition ``(N, 3, 48, W)``: W padded to the next width bucket with zeros (what
  rapidocr already pads a batch's shorter lines with), N to the configured batch size
  with empty lines (only a page's last batch is short; a short one of lines up to 640 px to
  one or three, ``run_rows``); a batch of wide lines run a few at a time (``RUN_WIDTH``); the
  output cut back to the N lines and to the time steps of the unpadded width.

- the MRZ reader's pieces ``(N, 3, 48, W)`` (``PaddedWidth``): W padded to a multiple of
  ``MRZ_WIDTH_STEP`` with white (a piece's own margins are white paper), N as given (one or
  two pieces at a time), the output cut back to the unpadded width's time steps.

With the default detection limit of 960 that is at most 9 detection shapes and a dozen
recognition shapes for text lines, however many documents are read. Both runtimes can use it;
the engine uses it for OpenVINO (``bench/reports/engines.md`` measures both).
"""

from __future__ import annotations

import numpy as np

from .base import Around

# pixels; 960, the default detection limit, is a multiple. 320 gives at most 9 detection
# shapes at 960 (160 gave 36): less memory for OpenVINO's per-shape state, for a little more
# padding to run (``bench/reports/engines.md``, variant det-step-160)
DET_STEP = 320
MRZ_WIDTH_STEP = 64  # pixels: a 44-character line's pieces take about ten widths
REC_WIDTHS = (320, 480, 640, 800, 960, 1280, 1600, 1920, 2560, 3200)  # then multiples of 640


def round_up(value: int, step: int) -> int:
    return -(-value // step) * step


def det_shape(height: int, width: int, step: int = DET_STEP) -> tuple[int, int]:
    return round_up(height, step), round_up(width, step)


def rec_width(width: int, widths: tuple[int, ...] = REC_WIDTHS) -> int:
    """The bucket of ``widths`` a line this wide is padded to (past the last, multiples of 640)."""
    for bucket in widths:
        if width <= bucket:
            return bucket
    return round_up(width, 640)


# pixels of width (at 48 px tall) a recogniser run takes at most: six lines up to 1280 px; wider
# lines run fewer at a time (a run of six 3200 px lines held 100 MB more in OpenVINO bfloat16)
RUN_WIDTH = 6 * 1280


def rows_per_run(width: int, batch: int) -> int:
    """How many lines of this (bucketed) width one recogniser run takes: ``batch``, fewer for
    wide lines so that a run stays within ``RUN_WIDTH``; one at least."""
    return max(1, min(batch, RUN_WIDTH // max(1, width)))


# rows a short run of lines up to SHORT_RUN_WIDTH is filled to (``second_look.RUN_ROWS`` too: the
# shapes a text-layer PDF's check runs); a run of wider lines is filled to the whole batch
SHORT_RUNS = (1, 3)
SHORT_RUN_WIDTH = 640


def run_rows(n: int, width: int, per_run: int) -> int:
    """The rows a batch of ``n`` lines of a (bucketed) ``width`` is filled to: a multiple of
    ``per_run`` (``rows_per_run``), or, for a short batch of lines up to SHORT_RUN_WIDTH, one or
    three rows (a text-layer page's logo prints a line or two, not six)."""
    if width <= SHORT_RUN_WIDTH and n < per_run:
        return min(per_run, next((rows for rows in SHORT_RUNS if rows >= n), per_run))
    return batch_size(n, per_run)


def batch_size(n: int, largest: int) -> int:
    """The configured batch size, or a multiple of it for more lines (the MRZ reader's batches)."""
    return round_up(max(n, 1), largest)


class PaddedDetection(Around):
    """Runs the detector on a tensor padded to a multiple of ``step`` (``DET_STEP``); returns
    the map for the input."""

    _own = ("run", "step")

    def __init__(self, run, step: int = DET_STEP):
        self.run = run
        self.step = step

    def __call__(self, tensor: np.ndarray) -> np.ndarray:
        n, c, h, w = tensor.shape
        ph, pw = det_shape(h, w, self.step)
        if (ph, pw) != (h, w):
            padded = np.zeros((n, c, ph, pw), dtype=tensor.dtype)
            padded[:, :, :h, :w] = tensor
            tensor = padded
        out = self.run(tensor)
        return out[..., :h, :w]


class PaddedRecognition(Around):
    """Runs the recogniser on a batch padded to a width and batch bucket; returns the rows for the input."""

    _own = ("run", "batch")

    def __init__(self, run, batch: int):
        self.run = run
        self.batch = batch

    def __call__(self, tensor: np.ndarray) -> np.ndarray:
        n, c, h, w = tensor.shape
        pw = rec_width(w)
        per_run = rows_per_run(pw, self.batch)
        pn = run_rows(n, pw, per_run)
        if (pn, pw) != (n, w):
            padded = np.zeros((pn, c, h, pw), dtype=tensor.dtype)
            padded[:n, :, :, :w] = tensor
            tensor = padded
        # each run's rows copied out: a runtime may hand back its output buffer, which the next
        # run overwrites (OpenVINO's infer request does)
        out = np.concatenate([np.array(self.run(tensor[i : i + per_run])) for i in range(0, pn, per_run)])
        steps = -(-out.shape[1] * w // pw)  # the time steps of the unpadded width (W / 8, rounded up)
        return out[:n, :steps]


class PaddedWidth(Around):
    """Runs the recogniser on a batch padded with white to a multiple of ``MRZ_WIDTH_STEP``."""

    def __init__(self, run):
        self.run = run

    def __call__(self, tensor: np.ndarray) -> np.ndarray:
        n, c, h, w = tensor.shape
        pw = round_up(w, MRZ_WIDTH_STEP)
        if pw != w:
            padded = np.ones((n, c, h, pw), dtype=tensor.dtype)  # white, normalised
            padded[..., :w] = tensor
            tensor = padded
        out = self.run(tensor)
        return out[:, : -(-out.shape[1] * w // pw)]


# the side rapidocr rounds a page to a multiple of before detection: half of it rounds to none
_ROUNDING = 32


def pad_thin(image: np.ndarray, max_side: int) -> np.ndarray:
    """A page so long and thin that, shrunk to ``max_side`` on its long side, its short side
    would round to nothing (rapidocr then fails: a 3000 x 20 strip, a 50000 x 1 line), with
    white paper added under or beside it; any other page as it is. Boxes keep their place."""
    height, width = image.shape[:2]
    long_side = max(height, width)
    if long_side <= max_side:
        return image
    need = int(np.ceil((_ROUNDING // 2 + 1) * long_side / max_side)) + 1  # half rounds to even: 0
    bottom = max(0, need - height) if width >= height else 0
    right = max(0, need - width) if height > width else 0
    if not (bottom or right):
        return image
    import cv2

    return cv2.copyMakeBorder(image, 0, bottom, 0, right, cv2.BORDER_CONSTANT, value=(255, 255, 255))

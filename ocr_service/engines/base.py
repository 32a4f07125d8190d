"""What every OCR engine offers, and the types it answers with.

Images are numpy ``uint8`` arrays in OpenCV's BGR order (H x W x 3). An engine
instance is not thread-safe: each is built, warmed and used by one thread only
(see ``ocr_service.runtime.OcrWorkers``).
"""

from __future__ import annotations

import ctypes
import functools
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np


class Around:
    """Around a model step (``run``: a runtime session, or rapidocr's recogniser): what is not
    its own (``_own``) is the step's, read and written, so wrappers of the step's own parts
    set through this one still reach it."""

    _own: tuple[str, ...] = ("run",)

    def __getattr__(self, name):
        return getattr(self.__dict__["run"], name)

    def __setattr__(self, name, value):
        if name in self._own:
            self.__dict__[name] = value
        else:
            setattr(self.__dict__["run"], name, value)


@dataclass
class Line:
    """One recognised text line of a page, in page pixel coordinates."""

    text: str
    confidence: float
    # axis-aligned box: [x_min, y_min, x_max, y_max]
    bbox: list[float]
    # the detector's quadrilateral, four [x, y] points clockwise from top-left
    polygon: list[list[float]] = field(default_factory=list)
    # a line of a PDF's text layer: each character's left and right edge (a space: the gap it
    # stands for), so that a figure's own pixels can be found on the page; None for OCR lines
    spans: list[tuple[float, float]] | None = None
    # the recogniser's certainty of each character of ``text`` (its CTC step's probability), one
    # per character: a digit read at 0.4 in a line read at 0.95; None when not known (a PDF's text
    # layer, an engine that does not tell)
    chars: list[float] | None = None

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def y0(self) -> float:
        return self.bbox[1]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    @property
    def y1(self) -> float:
        return self.bbox[3]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2.0

    @classmethod
    def from_polygon(cls, polygon, text, confidence, chars=None) -> Line:
        """A line from a detector's quadrilateral, its text and its score (and each character's,
        kept only when there is one for each)."""
        points = [[float(x), float(y)] for x, y in polygon]
        xs = [x for x, _ in points]
        ys = [y for _, y in points]
        return cls(
            text=str(text),
            confidence=float(confidence),
            bbox=[min(xs), min(ys), max(xs), max(ys)],
            polygon=points,
            chars=[float(c) for c in chars] if chars is not None and len(chars) == len(str(text)) else None,
        )

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "confidence": round(float(self.confidence), 4),
            "bbox": [round(float(v), 1) for v in self.bbox],
        }

    def shifted(self, dy: float, dx: float = 0.0) -> Line:
        """The same line moved down by ``dy`` pixels (pages stacked one under the other), and
        right by ``dx`` (its characters' edges with it)."""
        x0, y0, x1, y1 = self.bbox
        return Line(
            self.text,
            self.confidence,
            [x0 + dx, y0 + dy, x1 + dx, y1 + dy],
            [[x + dx, y + dy] for x, y in self.polygon],
            [(left + dx, right + dx) for left, right in self.spans] if self.spans and dx else self.spans,
            self.chars,
        )


@dataclass(frozen=True)
class ClassProbabilities:
    """The recogniser's raw answer for line crops: per time step, a probability for each class.

    ``classes[0]`` is the CTC blank; ``steps[i]`` is a ``(T, len(classes))`` array for
    crop ``i``. Callers decode it themselves (the MRZ reader keeps only its alphabet).
    """

    classes: tuple[str, ...]
    steps: list[np.ndarray]


@runtime_checkable
class Engine(Protocol):
    """An OCR engine: PP-OCR detection and recognition, loaded once from model files on disk."""

    name: str

    def describe(self) -> dict[str, Any]:
        """Name, version, runtime and model names, as the API reports them."""
        ...

    def warm_up(self) -> None:
        """Run real inferences at the largest shapes so the first request pays for nothing."""
        ...

    def ocr(self, image: np.ndarray) -> list[Line]:
        """Detect and recognise every text line of a BGR page, top to bottom, with boxes."""
        ...

    def class_probabilities(self, crops: list[np.ndarray]) -> ClassProbabilities:
        """Recognise single-line BGR crops 48 pixels tall and return the per-step probabilities."""
        ...


def release_free_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise)."""
    try:
        _libc().malloc_trim(0)
    except (OSError, AttributeError):
        pass


@functools.lru_cache(maxsize=1)
def _libc():
    return ctypes.CDLL("libc.so.6")

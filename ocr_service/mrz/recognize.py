"""Recognition restricted to the MRZ alphabet, with a probability for every character.

The engines' recognisers read any script: PP-OCRv6 small knows some 18,700 symbols
(the default engine), PP-OCRv4's Chinese model some 6,600, and on an MRZ they sometimes
prefer a symbol that only looks like the right one (``×`` for ``X``, ``く`` for ``<``).
The engine hands out its per-step class probabilities (``Engine.class_probabilities``);
this module decodes them itself, keeping only ``A-Z``, ``0-9`` and ``<`` (those symbols
and lower case add their probability to the character they stand for). Each decoded
character carries its probability and its best alternative, which the parser uses to
repair a field whose check digit fails.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# symbols of a recogniser's dictionary that stand for an MRZ character
DICTIONARY_VARIANTS = {
    "<": "〈＜‹く〔(",
    "X": "×xХх",
    "O": "oОо",
    "0": "〇",
    "C": "cСс",
    "K": "kКк",
    "S": "s",
    "Z": "z",
    "V": "v",
    "W": "w",
    "U": "u",
    "P": "pРр",
    "I": "|",
}
# decoders kept, one per recogniser dictionary (one or two engines per process)
DECODER_CACHE = 4
# pieces given to the recogniser at once, all of one width: on a loaded machine a batch of 8
# took about 5 % more time and CPU than the same pieces two by two (or one by one); on a quiet
# one runs of 1, 2, 4 and 8 took the same time
RUN_BATCH = 2


@dataclass
class CharRead:
    char: str
    prob: float
    # the most probable other MRZ character at the same time step, and its probability
    alt: str
    alt_prob: float
    # what the document's own glyphs settled the cell as ("" when they did not)
    settled: str = ""


@dataclass
class PieceRead:
    text: str
    confidence: float
    chars: list[CharRead]


class MrzDecoder:
    """CTC decoding of a recogniser's probabilities, restricted to the MRZ alphabet."""

    def __init__(self, classes: tuple[str, ...]):
        index = {c: i for i, c in enumerate(classes)}
        groups = []
        for ch in MRZ_ALPHABET:
            ids = [index[ch]] if ch in index else []
            ids += [index[x] for x in DICTIONARY_VARIANTS.get(ch, "") if x in index]
            if ch.isalpha() and ch.lower() in index and index[ch.lower()] not in ids:
                ids.append(index[ch.lower()])
            groups.append(ids)
        # the classes of every MRZ character side by side, and per character its column in
        # the projection and its slice of them (characters the dictionary lacks stay 0)
        self._ids = np.array([i for ids in groups for i in ids], np.intp)
        ends = np.cumsum([len(ids) for ids in groups])
        self._slices = [
            (j + 1, slice(end - len(ids), end))
            for j, (ids, end) in enumerate(zip(groups, ends, strict=True))
            if ids
        ]

    def project(self, probs: np.ndarray) -> np.ndarray:
        """(..., C) softmax -> (..., 1 + 37): blank, then the MRZ alphabet; the rest is dropped."""
        out = np.zeros(probs.shape[:-1] + (1 + len(MRZ_ALPHABET),), np.float32)
        out[..., 0] = probs[..., 0]
        # one gather of the few classes that matter, then a sum per character
        gathered = probs[..., self._ids]
        for column, part in self._slices:
            out[..., column] = gathered[..., part].sum(axis=-1)
        return out

    def decode(self, steps: list[np.ndarray]) -> list[PieceRead]:
        """One PieceRead per ``(T, C)`` array."""
        if steps and all(s.shape == steps[0].shape for s in steps):
            projected = list(self.project(np.stack(steps)))
        else:
            projected = [self.project(s) for s in steps]
        return [self._decode_one(p) for p in projected]

    @staticmethod
    def _decode_one(proj: np.ndarray) -> PieceRead:
        n = len(MRZ_ALPHABET)
        # the other symbols' mass is "not an MRZ character": keep it as a second blank
        other = np.clip(1.0 - proj.sum(axis=-1, keepdims=True), 0.0, 1.0)
        seq = np.concatenate([proj, other], axis=-1)
        chars: list[CharRead] = []
        prev = -1
        for t, k in enumerate(seq.argmax(axis=-1)):
            if k != prev and 1 <= k <= n:
                row = seq[t, 1 : 1 + n].copy()
                p = float(row[k - 1])
                row[k - 1] = -1.0
                a = int(row.argmax())
                chars.append(CharRead(MRZ_ALPHABET[k - 1], p, MRZ_ALPHABET[a], float(max(0.0, row[a]))))
            elif k == prev and chars and 1 <= k <= n:
                # a character spread over several steps: keep its best step
                chars[-1].prob = max(chars[-1].prob, float(seq[t, k]))
            prev = k
        conf = float(np.mean([c.prob for c in chars])) if chars else 0.0
        return PieceRead("".join(c.char for c in chars), conf, chars)


@functools.lru_cache(maxsize=DECODER_CACHE)
def decoder_for(classes: tuple[str, ...]) -> MrzDecoder:
    return MrzDecoder(classes)


def recognize_pieces(engine, pieces: list[np.ndarray]) -> list[PieceRead]:
    """Read single-line BGR crops 48 pixels tall; one PieceRead per crop."""
    if not pieces:
        return []
    by_width: dict[int, list[int]] = {}
    for i, piece in enumerate(pieces):
        by_width.setdefault(piece.shape[1], []).append(i)
    steps: list[np.ndarray | None] = [None] * len(pieces)
    classes: tuple[str, ...] = ()
    for order in by_width.values():
        for start in range(0, len(order), RUN_BATCH):
            run = order[start : start + RUN_BATCH]
            answer = engine.class_probabilities([pieces[i] for i in run])
            classes = answer.classes
            for i, s in zip(run, answer.steps, strict=True):
                steps[i] = s
    return decoder_for(classes).decode(steps)

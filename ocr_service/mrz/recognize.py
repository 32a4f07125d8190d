"""Recognition restricted to the MRZ alphabet, with a probability for every character.

The service's recogniser is PP-OCRv4's Chinese model: its dictionary has some
6,600 symbols, and on an MRZ it sometimes prefers a look-alike (``×`` for ``X``,
``く`` for ``<``). When the engine exposes PaddleOCR's text recogniser, this module
runs it as usual but decodes the CTC output itself, keeping only ``A-Z``, ``0-9``
and ``<`` (look-alikes and lower case add their probability to the character
they stand for). Each decoded character carries its probability and its best
alternative, which the parser uses to repair a field whose check digit fails.

The ONNX engine (the default) hands out the same per-step probabilities through
``recognize_probs`` (PP-OCRv6 small, some 18,700 symbols); they are decoded the
same way. When an engine offers neither, ``engine.recognize`` is used and every
character gets the line's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BATCH = 8
REC_MIN_WIDTH = 320  # PP-OCRv4's recogniser input is at least 48 x 320
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# symbols of the recogniser's dictionary that stand for an MRZ character
LOOKALIKES = {
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


@dataclass
class CharRead:
    char: str
    prob: float
    # the most probable other MRZ character at the same time step, and its probability
    alt: str
    alt_prob: float


@dataclass
class PieceRead:
    text: str
    confidence: float
    chars: list[CharRead]


class _Decoder:
    """CTC decoding restricted to the MRZ alphabet; called by PaddleOCR's TextRecognizer."""

    def __init__(self, dictionary: list[str]):
        index = {c: i for i, c in enumerate(dictionary)}
        groups = []
        for ch in MRZ_ALPHABET:
            ids = [index[ch]] if ch in index else []
            ids += [index[x] for x in LOOKALIKES.get(ch, "") if x in index]
            if ch.isalpha() and ch.lower() in index and index[ch.lower()] not in ids:
                ids.append(index[ch.lower()])
            groups.append(ids)
        self.groups = groups
        self.n_dict = len(dictionary)

    def project(self, probs: np.ndarray) -> np.ndarray:
        """(N, T, C) softmax -> (N, T, 1 + 37): blank, then the MRZ alphabet; the rest is dropped."""
        out = np.zeros(probs.shape[:2] + (1 + len(MRZ_ALPHABET),), np.float32)
        out[..., 0] = probs[..., 0]
        for j, ids in enumerate(self.groups):
            if ids:
                out[..., j + 1] = probs[..., ids].sum(axis=-1)
        return out

    def __call__(self, preds, **_kwargs):
        if isinstance(preds, (tuple, list)):
            preds = preds[-1]
        probs = np.asarray(preds)
        proj = self.project(probs)
        # the other symbols' mass is "not an MRZ character": keep it as a second blank
        other = np.clip(1.0 - proj.sum(axis=-1, keepdims=True), 0.0, 1.0)
        full = np.concatenate([proj, other], axis=-1)
        results = []
        for seq in full:
            best = seq.argmax(axis=-1)
            chars: list[CharRead] = []
            prev = -1
            for t, k in enumerate(best):
                if k != prev and 1 <= k <= len(MRZ_ALPHABET):
                    row = seq[t, 1 : 1 + len(MRZ_ALPHABET)].copy()
                    p = float(row[k - 1])
                    row[k - 1] = -1.0
                    a = int(row.argmax())
                    chars.append(CharRead(MRZ_ALPHABET[k - 1], p, MRZ_ALPHABET[a], float(max(0.0, row[a]))))
                elif k == prev and chars and 1 <= k <= len(MRZ_ALPHABET):
                    # a character spread over several steps: keep its best step
                    p = float(seq[t, k])
                    if p > chars[-1].prob:
                        chars[-1].prob = p
                prev = k
            text = "".join(c.char for c in chars)
            conf = float(np.mean([c.prob for c in chars])) if chars else 0.0
            results.append(PieceRead(text, conf, chars))
        return results


def _recognizer(engine):
    """PaddleOCR's TextRecognizer behind the engine, unwrapped from any forwarding wrapper."""
    ocr = getattr(engine, "_ocr", None)
    rec = getattr(ocr, "text_recognizer", None)
    for _ in range(4):
        if rec is None:
            return None
        own = vars(rec) if hasattr(rec, "__dict__") else {}
        if "postprocess_op" in own:
            break
        # a wrapper that forwards attributes: find the object it wraps
        rec = next((v for v in own.values() if hasattr(v, "postprocess_op") and callable(v)), None)
    else:
        return None
    post = getattr(rec, "postprocess_op", None)
    if post is None or not hasattr(post, "character"):
        return None
    if getattr(rec, "postprocess_params", {}).get("name") != "CTCLabelDecode":
        return None
    return rec


_DECODERS: dict[int, _Decoder] = {}


def _decoder(dictionary: list[str]) -> _Decoder:
    """One decoder per recogniser dictionary (it lives as long as its engine)."""
    decoder = _DECODERS.get(id(dictionary))
    if decoder is None:
        decoder = _Decoder(list(dictionary))
        _DECODERS[id(dictionary)] = decoder
    return decoder


def recognize_pieces(engine, pieces: list[np.ndarray]) -> list[PieceRead]:
    """Read single-line BGR crops; one PieceRead per crop."""
    if not pieces:
        return []
    if hasattr(engine, "recognize_probs"):
        return _decode_probs(engine, pieces)
    rec = _recognizer(engine)
    if rec is None:
        out = []
        for text, conf in engine.recognize(pieces):
            chars = [CharRead(c, float(conf), c, 0.0) for c in text]
            out.append(PieceRead(text, float(conf), chars))
        return out
    decoder = _decoder(rec.postprocess_op.character)
    original, batch = rec.postprocess_op, rec.rec_batch_num
    # Every batch gets the same shape (BATCH pieces of 48 x 320, topped up with blank
    # pieces): oneDNN rebuilds its kernels for every new input shape, which costs more
    # than reading a few blank pieces. The recogniser belongs to this call's engine (one
    # engine per thread), so swapping its decoder and batch size during the call is safe.
    count = len(pieces)
    shape = pieces[0].shape
    if all(p.shape == shape for p in pieces) and shape[1] == REC_MIN_WIDTH:
        blank = np.full(shape, 255, np.uint8)
        pieces = list(pieces) + [blank] * ((-count) % BATCH)
    rec.postprocess_op = decoder
    rec.rec_batch_num = BATCH
    try:
        results, _elapsed = rec(pieces)
    finally:
        rec.postprocess_op, rec.rec_batch_num = original, batch
    return [r if isinstance(r, PieceRead) else _plain(r) for r in results[:count]]


def _decode_probs(engine, pieces: list[np.ndarray]) -> list[PieceRead]:
    """Engines that hand out the recogniser's probabilities (ONNX): decode them here."""
    decoder = _decoder(engine.rec_dictionary())
    out: list[PieceRead] = []
    shape = pieces[0].shape
    groups = [pieces] if all(p.shape == shape for p in pieces) else [[p] for p in pieces]
    for group in groups:
        out.extend(decoder(engine.recognize_probs(group)))
    return out


def _plain(item) -> PieceRead:
    """A (text, confidence) answer of the stock decoder: every character gets the line's confidence."""
    try:
        text, conf = str(item[0]), float(item[1])
    except (TypeError, IndexError, ValueError):
        return PieceRead("", 0.0, [])
    return PieceRead(text, conf, [CharRead(c, conf, c, 0.0) for c in text])

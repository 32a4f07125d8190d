"""The recogniser's output layer cut to the characters the service reads (``OCR_REC_CHARACTERS``).

PP-OCRv6's recogniser classifies every time step of a text line into 18,710 classes, 15,565
of them Chinese characters: its last layer is a 120 x 18,710 matrix, run at every step of
every line, and its output (a probability per class and step) is what the decoder then
searches for the best class. Receipts and passports in alphabetic scripts use under a tenth
of those classes. ``alphabetic`` keeps every class below U+3000 (Latin with its accents,
Greek, digits, punctuation, currency signs and the other symbols; the model has no Cyrillic)
and drops the CJK, kana, hangul, full-width and emoji classes; the recogniser then runs in
in less of its time per receipt (``bench/reports/engines.md``, variant ``all-characters``, gives
the ratio on the machine that ran it).

What the cut model reads: on a line in alphabetic script, the class it picks at each step is
the one the whole model picks whenever that class is kept, so such text reads as before; a
full-width ``（`` reads as ``(``; a Chinese character is read as the nearest kept shape or
not at all. ``all`` keeps the model as it is (documents in Chinese, Japanese or Korean).

The cut is made in memory at start-up from the model on disk (``onnx``), nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

CHOICES = ("alphabetic", "all")
FIRST_DROPPED = 0x3000  # CJK symbols and punctuation: everything from here on is dropped


def keeps(character: str) -> bool:
    """Whether ``alphabetic`` keeps a dictionary entry (its first code point below U+3000)."""
    return bool(character) and ord(character[0]) < FIRST_DROPPED


class Cut(NamedTuple):
    model: bytes  # the cut model, ONNX, serialised
    characters: str  # its dictionary, one class per line (the blank and the space not in it)
    whole: int  # how many classes the model had (its dictionary's, the blank and the space)


def alphabetic_model(path: Path) -> Cut:
    """The recogniser at ``path`` with its output layer cut to the kept classes.

    Returns the model (ONNX, serialised), its dictionary (one class per line, as the model's
    ``character`` metadata holds it; the blank and the space stay first and last) and the
    number of classes it had.
    Refuses a model whose last layer it cannot find: a weight matrix and a bias whose last
    dimension is the number of classes, and nothing else of that size.
    """
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    meta = {p.key: p for p in model.metadata_props}
    if "character" not in meta:
        raise RuntimeError(f"the recognition model {path} carries no character dictionary")
    characters = meta["character"].value.splitlines()
    n_classes = len(characters) + 2  # blank first, space last
    kept = [0] + [i + 1 for i, c in enumerate(characters) if keeps(c)] + [n_classes - 1]
    layer = [t for t in model.graph.initializer if t.dims and t.dims[-1] == n_classes]
    if sorted(len(t.dims) for t in layer) != [1, 2]:
        raise RuntimeError(
            f"cannot find the output layer of the recognition model {path}; "
            "set OCR_REC_CHARACTERS=all to run it as it is"
        )
    for tensor in layer:
        values = numpy_helper.to_array(tensor)[..., kept]
        tensor.CopyFrom(numpy_helper.from_array(np.ascontiguousarray(values), tensor.name))
    for value in [*model.graph.value_info, *model.graph.output]:  # the shapes recorded on the way
        for dim in value.type.tensor_type.shape.dim:
            if dim.dim_value == n_classes:
                dim.dim_value = len(kept)
    dictionary = "\n".join(characters[i - 1] for i in kept[1:-1])
    meta["character"].value = dictionary
    return Cut(model.SerializeToString(), dictionary, n_classes)

"""OCR_REC_CHARACTERS: the recogniser's output layer cut to the alphabetic scripts' classes."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_service.engines.classes import FIRST_DROPPED, alphabetic_model
from ocr_service.engines.models import bundled_onnx_models
from tests.receipt.render import render_receipt


def _whole_dictionary() -> list[str]:
    import onnxruntime as ort

    session = ort.InferenceSession(str(bundled_onnx_models()["rec"]), providers=["CPUExecutionProvider"])
    return session.get_modelmeta().custom_metadata_map["character"].splitlines()


def test_the_cut_model_keeps_the_alphabetic_classes_in_their_order():
    import onnxruntime as ort

    model, dictionary, whole_classes = alphabetic_model(bundled_onnx_models()["rec"])
    kept, whole = dictionary.splitlines(), _whole_dictionary()
    assert 1000 < len(kept) < len(whole) // 5 and whole_classes == len(whole) + 2
    assert all(ord(c[0]) < FIRST_DROPPED for c in kept)
    assert [c for c in whole if ord(c[0]) < FIRST_DROPPED] == kept  # none lost, order kept
    for character in "AZaz09<€£$₹%.,:/-äöüßéèçñøåÄÖÜłŁšŠαΩ":
        assert character in kept, character
    assert not any(c in kept for c in "的一（）。円원")
    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    assert session.get_modelmeta().custom_metadata_map["character"] == dictionary
    (probs,) = session.run(None, {"x": np.zeros((1, 3, 48, 160), np.float32)})
    assert probs.shape[-1] == len(kept) + 2  # the blank and the space
    assert np.allclose(probs.sum(axis=-1), 1.0, atol=1e-4)


@pytest.fixture(scope="module")
def whole_engine():
    """The default engine but with every class of the model (OCR_REC_CHARACTERS=all)."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    loaded = build_engine(Settings(rec_characters="all"))
    loaded.warm_up()
    return loaded


def test_alphabetic_text_reads_as_the_whole_model_reads_it(engine, whole_engine):
    from ocr_service.config import Settings

    assert Settings().rec_characters == "alphabetic"
    assert engine.describe()["characters"] == f"alphabetic ({len(engine.rec_classes)} classes)"
    assert whole_engine.describe()["characters"] == f"all ({len(whole_engine.rec_classes)} classes)"
    image = render_receipt(
        ["BÄCKEREI MÜLLER", "Straße 12, 75008 Paris", ("Crème brûlée", "4,50 €"), ("TOTAL £", "12.50")],
        width=460,
    )
    cut, whole = ([ln.text for ln in e.ocr(image)] for e in (engine, whole_engine))
    assert len(cut) >= 4 and cut == whole
    assert any("MÜLLER" in text for text in cut) and any("€" in text for text in cut)
    # step by step: where the whole model's best class is kept, the cut model picks it too
    crop = np.ascontiguousarray(image[8:56, :400])
    steps_cut = engine.class_probabilities([crop]).steps[0]
    steps_whole = whole_engine.class_probabilities([crop]).steps[0]
    best_cut = [engine.rec_classes[i] for i in steps_cut.argmax(axis=-1)]
    best_whole = [whole_engine.rec_classes[i] for i in steps_whole.argmax(axis=-1)]
    kept = set(engine.rec_classes)
    assert all(a == b for a, b in zip(best_cut, best_whole, strict=True) if b in kept)
    # the dropped classes' probability goes to the kept ones: never less sure of a kept class
    assert (steps_cut.max(axis=-1) >= steps_whole.max(axis=-1) - 1e-4).all()


def test_a_model_whose_output_layer_cannot_be_found_is_refused(tmp_path):
    """A recogniser of another shape: a clear start-up error naming the setting, not a wrong cut."""
    import onnx
    from onnx import TensorProto, helper

    from ocr_service.engines.onnx import OnnxOcrEngine

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "odd",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, None, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, None, 4])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    helper.set_model_props(model, {"character": "a\nb"})
    path = tmp_path / "odd_rec.onnx"
    onnx.save(model, str(path))
    with pytest.raises(RuntimeError, match="OCR_REC_CHARACTERS=all"):
        alphabetic_model(path)
    with pytest.raises(RuntimeError, match="OCR_REC_CHARACTERS=all"):
        OnnxOcrEngine(rec_model_path=path)


def test_the_setting_names_its_choices_when_wrong():
    from pydantic import ValidationError

    from ocr_service.config import Settings
    from ocr_service.engines.onnx import OnnxOcrEngine

    with pytest.raises(ValidationError, match="rec_characters"):
        Settings(rec_characters="cjk")
    with pytest.raises(ValueError, match="unknown recogniser characters 'cjk'"):
        OnnxOcrEngine(rec_characters="cjk")


def test_start_up_says_how_many_classes_the_recogniser_kept(caplog):
    import logging

    from ocr_service.engines.onnx import OnnxOcrEngine

    with caplog.at_level(logging.INFO, logger="ocr_service.engines.onnx"):
        engine = OnnxOcrEngine(runtime="onnxruntime", cpu_threads=1)
    said = [r for r in caplog.records if "recogniser cut to" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO  # the bundled model: as intended
    assert f"cut to {len(engine.rec_classes)} of its 18710 classes" in said[0].getMessage()

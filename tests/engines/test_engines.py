"""The engine interface: what the rest of the service may ask of an engine, and the download guard."""

from __future__ import annotations

import numpy as np
import pytest

from ocr_service.engines import ClassProbabilities, Engine
from ocr_service.engines.models import bundled_onnx_models
from tests.receipt.render import render_receipt


def test_the_default_engine_has_the_interface(engine):
    assert isinstance(engine, Engine)
    image = render_receipt(["CORNER CAFE", ("TOTAL", "12.50")], width=360)
    lines = engine.ocr(image)
    texts = " ".join(line.text for line in lines).upper()
    assert "CORNER CAFE" in texts  # this recogniser keeps the spaces between words
    assert "12.50" in texts
    assert all(len(line.bbox) == 4 and 0.0 <= line.confidence <= 1.0 for line in lines)
    assert [line.cy for line in lines] == sorted(line.cy for line in lines)
    description = engine.describe()
    # the default runtime (OCR_RUNTIME=auto): OpenVINO in bfloat16 on a CPU that computes it,
    # else ONNX Runtime with the detector on OpenVINO (OCR_DET_RUNTIME)
    if native_bfloat16():
        assert description["runtime"].startswith("openvino ") and description["runtime"].endswith(" bf16")
    else:
        assert description["runtime"].startswith("onnxruntime ")
        assert "(detection: openvino " in description["runtime"]
    assert description["models"]["rec"] == "PP-OCRv6_rec_small"


def native_bfloat16() -> bool:
    from ocr_service.engines.onnx import native_bfloat16 as probe

    return probe()


@pytest.fixture(scope="module")
def ort_engine():
    """The engine on ONNX Runtime (OCR_RUNTIME=onnxruntime), the detector on OpenVINO as by default."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    loaded = build_engine(Settings(runtime="onnxruntime"))
    loaded.warm_up()
    return loaded


@pytest.fixture(scope="module")
def ov_engine():
    """The same engine on OpenVINO (OCR_RUNTIME=openvino), one math thread."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    loaded = build_engine(Settings(runtime="openvino", cpu_threads=1))
    loaded.warm_up()
    return loaded


def _rapidocr_session(engine, stage: str):
    """The runtime object inside one of rapidocr's steps (its session wrapper, deadline wrapper aside)."""
    return getattr(engine._ocr, stage).session.session


def test_openvino_runs_in_float32_on_the_configured_threads(ov_engine):
    import openvino as ov

    assert ov_engine.describe()["runtime"].startswith("openvino ")
    for stage in ("text_det", "text_rec"):
        compiled = _rapidocr_session(ov_engine, stage).get_compiled_model()
        # float32 whatever the CPU offers: the same text as ONNX Runtime on every machine
        assert compiled.get_property("INFERENCE_PRECISION_HINT") == ov.Type.f32
        assert int(compiled.get_property("INFERENCE_NUM_THREADS")) == 1  # OCR_CPU_THREADS
    # the recogniser's own requests too (the MRZ reader's run apart: OCR_MRZ_RUNTIME)
    mrz = ov_engine._recognise.request.get_compiled_model()
    assert mrz.get_property("INFERENCE_PRECISION_HINT") == ov.Type.f32


def _spinning(engine) -> list[str]:
    """Each ONNX Runtime session's spinning flag: the recogniser rapidocr runs and the MRZ reader's."""
    sessions = [_rapidocr_session(engine, "text_rec"), engine._recognise.session]
    key = "session.intra_op.allow_spinning"
    return [session.get_session_options().get_session_config_entry(key) for session in sessions]


def test_onnx_runtime_threads_spin_only_with_the_cores_to_themselves(ort_engine):
    """OCR_ORT_SPIN=auto: the math threads spin while they wait when workers x threads fit the cores
    this process may use, and sleep otherwise; on and off say so whatever the cores."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine
    from ocr_service.engines.cores import spin_threads, usable_cores

    settings = Settings()
    assert settings.runtime == "auto" and settings.ort_spin == "auto"
    for session in (_rapidocr_session(ort_engine, "text_rec"), ort_engine._recognise.session):
        assert session.get_session_options().intra_op_num_threads == settings.cpu_threads  # OCR_CPU_THREADS
    fits = settings.workers * settings.cpu_threads <= usable_cores()
    assert spin_threads("auto", settings.workers, settings.cpu_threads) is fits
    assert _spinning(ort_engine) == ["1" if fits else "0"] * 2
    # /health/ready says what auto resolved to
    said = "spinning" if fits else "sleeping"
    threads = ort_engine.describe()["threads"]
    assert threads == f"{settings.cpu_threads} per model, ONNX Runtime's {said} while they wait"
    sleeping = build_engine(Settings(runtime="onnxruntime", ort_spin="off"))
    assert _spinning(sleeping) == ["0", "0"]
    assert "sleeping" in sleeping.describe()["threads"]
    spinning = build_engine(Settings(runtime="onnxruntime", ort_spin="on", cpu_threads=1))
    assert _spinning(spinning) == ["1", "1"]
    assert spinning.describe()["threads"] == "1 per model, ONNX Runtime's spinning while they wait"


def test_the_detector_runs_on_openvino_in_float32_with_padded_shapes(ort_engine):
    """OCR_DET_RUNTIME=openvino (with OCR_RUNTIME=onnxruntime): the detector on OpenVINO, its
    inputs padded to a few shapes."""
    import openvino as ov

    from ocr_service.config import Settings
    from ocr_service.engines.shapes import DET_STEP, PaddedDetection

    assert Settings().det_runtime == "openvino"
    detector = ort_engine._ocr.text_det.session
    if not isinstance(detector, PaddedDetection):
        detector = detector._step  # the deadline's checkpoint wraps it
    assert isinstance(detector, PaddedDetection)
    compiled = _rapidocr_session(ort_engine, "text_det").get_compiled_model()
    assert compiled.get_property("INFERENCE_PRECISION_HINT") == ov.Type.f32
    assert int(compiled.get_property("INFERENCE_NUM_THREADS")) == Settings().cpu_threads
    seen = []
    run = detector.run
    detector.run = lambda tensor: (seen.append(tensor.shape), run(tensor))[1]
    try:
        lines = ort_engine.ocr(render_receipt(["CORNER CAFE", ("TOTAL", "12.50")], width=452))
    finally:
        detector.run = run
    assert "12.50" in " ".join(line.text for line in lines)
    assert seen and all(h % DET_STEP == 0 and w % DET_STEP == 0 for _, _, h, w in seen)


def _recognised_widths(engine, image) -> list[int]:
    """The widths of the batches the recogniser is given while ``engine`` reads ``image``."""
    stage = engine._ocr.text_rec
    inner = stage.session
    widths: list[int] = []

    def run(batch):
        widths.append(batch.shape[3])
        return inner(batch)

    stage.session = run
    try:
        engine.ocr(image)
    finally:
        stage.session = inner
    return widths


def test_short_lines_are_recognised_at_their_own_width():
    """OCR_REC_MIN_WIDTH: lines narrower than 320 px are not padded up to it (a third of the time)."""
    from ocr_service.config import Settings
    from ocr_service.engines import build_engine

    image = render_receipt(["CAFE", ("TOTAL", "9.50")], width=300)
    narrow = build_engine(Settings(runtime="onnxruntime", det_runtime="onnxruntime", cpu_threads=1))
    padded = build_engine(
        Settings(runtime="onnxruntime", det_runtime="onnxruntime", rec_min_width=320, cpu_threads=1)
    )
    assert Settings().rec_min_width == 48
    widths = _recognised_widths(narrow, image)
    assert widths and max(widths) < 320
    assert set(_recognised_widths(padded, image)) == {320}
    texts = [" ".join(line.text for line in engine.ocr(image)) for engine in (narrow, padded)]
    assert texts[0] == texts[1]


def test_both_runtimes_read_the_same_lines(ort_engine, ov_engine):
    image = render_receipt(
        ["CORNER CAFE", "12 Market Street", ("Latte", "3.80"), ("TOTAL EUR", "12,50"), "14.03.2024 10:42"],
        width=420,
    )
    # OpenVINO's padded shapes move a box by a few pixels: two lines on one row may swap
    ov_lines, ort_lines = (
        sorted(e.ocr(image), key=lambda ln: (ln.text, ln.x0)) for e in (ov_engine, ort_engine)
    )
    assert len(ov_lines) >= 5
    assert [line.text for line in ov_lines] == [line.text for line in ort_lines]
    for a, b in zip(ov_lines, ort_lines, strict=True):
        assert np.allclose(a.bbox, b.bbox, atol=6.0)
        assert abs(a.confidence - b.confidence) < 0.03  # the recogniser sees a wider padded batch
        # each character as sure on both (a space, the gap between words, the least alike)
        assert len(a.chars) == len(a.text) == len(b.chars)
        inked = [i for i, ch in enumerate(a.text) if not ch.isspace()]
        assert np.allclose([a.chars[i] for i in inked], [b.chars[i] for i in inked], atol=0.05)
    crop = np.ascontiguousarray(image[8:56, :320])
    ov_steps = ov_engine.class_probabilities([crop]).steps[0]
    ort_steps = ort_engine.class_probabilities([crop]).steps[0]
    assert np.array_equal(ov_steps.argmax(axis=-1), ort_steps.argmax(axis=-1))
    assert np.allclose(ov_steps, ort_steps, atol=1e-3)


def test_the_runtime_setting_names_its_choices_when_wrong(monkeypatch):
    from pydantic import ValidationError

    from ocr_service.config import Settings
    from ocr_service.engines.onnx import OnnxOcrEngine

    with pytest.raises(
        ValidationError, match="OCR_RUNTIME must be one of auto, onnxruntime, openvino, not 'cuda'"
    ):
        Settings(runtime="cuda")
    monkeypatch.setenv("OCR_RUNTIME", "tensorrt")
    with pytest.raises(ValidationError, match="OCR_RUNTIME must be one of auto, onnxruntime, openvino"):
        Settings()
    monkeypatch.setenv("OCR_RUNTIME", " OpenVINO ")
    assert Settings().runtime == "openvino"
    with pytest.raises(ValueError, match="unknown runtime 'cuda'"):
        OnnxOcrEngine(runtime="cuda")
    with pytest.raises(
        ValidationError, match="OCR_DET_RUNTIME must be one of onnxruntime, openvino, not 'gpu'"
    ):
        Settings(det_runtime="gpu")
    with pytest.raises(ValueError, match="unknown runtime 'gpu'"):
        OnnxOcrEngine(det_runtime="gpu")


def test_each_character_says_how_surely_it_was_read(engine):
    image = render_receipt(["", "14.03.2024 10:42", ""], width=360, size=24)
    (line,) = [ln for ln in engine.ocr(image) if "2024" in ln.text]
    assert len(line.chars) == len(line.text)
    assert all(0.0 < c <= 1.0 for c in line.chars)
    # the line's score is the mean of its characters' (rapidocr's own)
    assert abs(sum(line.chars) / len(line.chars) - line.confidence) < 1e-3
    # the top of the year's last digit rubbed out: that digit, not the line, is the unsure one
    x0, y0, x1, y1 = (int(v) for v in line.bbox)
    digit = (x1 - x0) / len(line.text)
    last = x0 + int(digit * (line.text.index("2024") + 3))
    rubbed = image.copy()
    rubbed[y0 : int(y0 + 0.6 * (y1 - y0)), last + 1 : last + int(digit) + 1] = 255
    (worn,) = [ln for ln in engine.ocr(rubbed) if "10:42" in ln.text]
    assert len(worn.chars) == len(worn.text)
    inked = [c for c, ch in zip(line.chars, line.text, strict=True) if not ch.isspace()]
    at = worn.text.index("10:42") - 2  # the year's last digit, whatever it was read as
    assert min(inked) > 0.95 and worn.chars[at] < 0.9
    assert worn.chars[at] == min(c for c, ch in zip(worn.chars, worn.text, strict=True) if not ch.isspace())
    # moved with its page, a line keeps them
    assert line.shifted(100.0, 5.0).chars == line.chars


def test_class_probabilities_per_crop(engine):
    image = render_receipt(["CORNER CAFE 12.50"], width=360)
    crop = np.ascontiguousarray(image[10:58, :320])
    wide = np.full((48, 400, 3), 255, np.uint8)
    answer = engine.class_probabilities([crop, crop, wide])
    assert isinstance(answer, ClassProbabilities)
    assert answer.classes[0] == "blank" and len(answer.classes) > 1000
    assert len(answer.steps) == 3
    for steps in answer.steps:
        assert steps.ndim == 2 and steps.shape[1] == len(answer.classes)
        assert np.allclose(steps.sum(axis=-1), 1.0, atol=1e-3)
    # crops of another width go through on their own: more time steps, same classes
    assert answer.steps[2].shape[0] > answer.steps[0].shape[0]
    assert np.array_equal(answer.steps[0], answer.steps[1])
    assert engine.class_probabilities([]).steps == []


@pytest.mark.parametrize("runtime", ["openvino", "onnxruntime"])
def test_a_recognition_model_without_its_dictionary_is_refused(runtime):
    """rapidocr would download a dictionary for it: the engine refuses it when it loads."""
    from ocr_service.engines.onnx import OnnxOcrEngine

    models = bundled_onnx_models()
    with pytest.raises(RuntimeError, match="dictionary"):
        OnnxOcrEngine(rec_model_path=models["det"], runtime=runtime)


def test_a_missing_model_file_is_refused(tmp_path):
    from ocr_service.engines.onnx import OnnxOcrEngine

    with pytest.raises(RuntimeError, match="no detection model file"):
        OnnxOcrEngine(det_model_path=tmp_path / "missing.onnx")


def test_an_empty_paddle_model_folder_is_refused(tmp_path):
    """PaddleOCR would download into it: the engine refuses it before PaddleOCR is built."""
    from ocr_service.engines.paddle import PaddleOcrEngine

    with pytest.raises(RuntimeError, match="no Paddle inference model"):
        PaddleOcrEngine(det_model_dir=tmp_path)


def test_the_paddle_downloader_is_replaced_by_a_refusal(tmp_path):
    from ocr_service.engines.models import refuse_download

    with pytest.raises(RuntimeError, match="downloads are disabled"):
        refuse_download(str(tmp_path), "https://example.invalid/model.tar")


def test_the_mrz_recogniser_runs_in_bfloat16_only_where_the_cpu_computes_it(monkeypatch):
    """OCR_MRZ_RUNTIME=auto: OpenVINO where the CPU has bfloat16 (faster), ONNX Runtime elsewhere
    (OpenVINO's float32 is no faster than ONNX Runtime's on an MRZ)."""
    from pydantic import ValidationError

    from ocr_service.config import Settings
    from ocr_service.engines import onnx

    assert Settings().mrz_runtime == "auto"
    # the CPU's capability is what a test cannot choose: the probe is replaced
    monkeypatch.setattr(onnx, "native_bfloat16", lambda: False)
    assert onnx.mrz_runtime_for("auto") == "onnxruntime"
    engine = onnx.OnnxOcrEngine(cpu_threads=1)
    assert engine._recognise_mrz is engine._recognise  # the text recogniser's own session
    assert "MRZ" not in engine.describe()["runtime"]
    monkeypatch.setattr(onnx, "native_bfloat16", lambda: True)
    assert onnx.mrz_runtime_for("auto") == "openvino"
    assert onnx.mrz_runtime_for("onnxruntime") == "onnxruntime"
    with pytest.raises(ValueError, match="unknown MRZ runtime 'cuda'"):
        onnx.mrz_runtime_for("cuda")
    with pytest.raises(ValidationError, match="OCR_MRZ_RUNTIME must be one of auto, onnxruntime, openvino"):
        Settings(mrz_runtime="cuda")


def test_the_mrz_recogniser_on_openvino_reads_as_onnx_runtime_does():
    """The MRZ reader's recogniser at the CPU's own precision reads generated documents as
    float32 does (lines and validity); its inputs are padded with white to a
    multiple of MRZ_WIDTH_STEP (a few shapes)."""
    import random

    from ocr_service.engines.onnx import OnnxOcrEngine
    from ocr_service.engines.shapes import MRZ_WIDTH_STEP
    from ocr_service.mrz import scan_mrz
    from tests.mrz.synth import make_sample

    native = OnnxOcrEngine(runtime="onnxruntime", mrz_runtime="openvino", cpu_threads=1)
    f32 = OnnxOcrEngine(runtime="onnxruntime", mrz_runtime="onnxruntime", cpu_threads=1)
    assert f32._recognise_mrz is f32._recognise
    if native.mrz_precision != "bf16":
        pytest.skip("NOT RUN: this CPU does not compute bfloat16 (OpenVINO runs the MRZ in float32 here)")
    assert "(MRZ: openvino " in native.describe()["runtime"] and " bf16)" in native.describe()["runtime"]
    widths = []
    run = native._recognise_mrz.run
    native._recognise_mrz.run = lambda batch: (widths.append(batch.shape[3]), run(batch))[1]
    rng = random.Random(4242)
    for fmt in ("TD3", "TD1", "TD2"):
        image, doc = make_sample(rng, fmt)
        a, b = (scan_mrz(image, e).result for e in (native, f32))
        assert a is not None and b is not None
        assert a.lines == b.lines == doc.lines
        assert a.valid and b.valid
    assert widths and all(w % MRZ_WIDTH_STEP == 0 for w in widths)
    assert len(set(widths)) <= 8  # a handful of shapes for three documents
    crop = np.full((48, 333, 3), 255, np.uint8)
    crop[12:36, 30:300] = 0
    steps = native.class_probabilities([crop]).steps[0]
    assert steps.shape == f32.class_probabilities([crop]).steps[0].shape  # cut back to its width


def test_auto_runs_every_model_in_bfloat16_with_one_recogniser_where_the_cpu_computes_it(monkeypatch):
    """OCR_RUNTIME=auto: on a CPU with bfloat16, every model on OpenVINO at that precision and the
    MRZ reader on the text recogniser's compiled model (compiled once: its memory paid once);
    on any other CPU, ONNX Runtime as OCR_RUNTIME=onnxruntime."""
    import openvino as ov

    from ocr_service.config import Settings
    from ocr_service.engines import build_engine, onnx

    assert Settings().runtime == "auto"
    assert onnx.runtime_for("onnxruntime") == ("onnxruntime", "f32")
    assert onnx.runtime_for("openvino") == ("openvino", "f32")
    with pytest.raises(ValueError, match="unknown runtime 'cuda'"):
        onnx.runtime_for("cuda")
    monkeypatch.setattr(onnx, "native_bfloat16", lambda: False)
    assert onnx.runtime_for("auto") == ("onnxruntime", "f32")
    elsewhere = build_engine(Settings(cpu_threads=1))
    assert (elsewhere.runtime, elsewhere.det_runtime, elsewhere.mrz_runtime) == (
        "onnxruntime",
        "openvino",
        "onnxruntime",
    )
    assert elsewhere._recognise_mrz is elsewhere._recognise
    monkeypatch.undo()
    if not onnx.native_bfloat16():
        pytest.skip("NOT RUN: this CPU does not compute bfloat16 (auto is ONNX Runtime here, checked above)")
    assert onnx.runtime_for("auto") == ("openvino", "native")
    compiled_models = []
    compile_model = ov.Core.compile_model

    def counting(core, model, *args, **kwargs):
        compiled = compile_model(core, model, *args, **kwargs)
        compiled_models.append(compiled)
        return compiled

    monkeypatch.setattr(ov.Core, "compile_model", counting)
    native = build_engine(Settings(cpu_threads=1, det_runtime="onnxruntime"))  # overruled: OpenVINO
    assert (native.runtime, native.det_runtime, native.mrz_runtime) == ("openvino", "openvino", "openvino")
    assert native.describe()["runtime"].endswith(" bf16") and "MRZ" not in native.describe()["runtime"]
    # the detector, rapidocr's reading of the whole recogniser file (replaced at once by) the
    # recogniser cut to its alphabetic classes (OCR_REC_CHARACTERS); the MRZ reader compiles nothing
    assert len(compiled_models) == 3
    width = native._rec_compiled.output(0).get_partial_shape()[-1].get_length()
    assert width == len(native.rec_classes) < 2000  # the cut recogniser is the one kept
    for compiled in compiled_models:
        assert compiled.get_property("INFERENCE_PRECISION_HINT") == ov.Type.bf16
    mrz_model = native._recognise_mrz.run.request.get_compiled_model()
    assert mrz_model.get_property("INFERENCE_PRECISION_HINT") == ov.Type.bf16
    crop = np.full((48, 333, 3), 255, np.uint8)
    crop[12:36, 30:300] = 0
    assert native.class_probabilities([crop]).steps[0].shape[1] == len(native.rec_classes)

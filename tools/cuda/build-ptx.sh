#!/usr/bin/env bash
# Compiles the CUDA kernels of the tensor module (tensor/src/main/cuda/*.cu) to PTX, the form the
# backend ships: the NVIDIA driver compiles PTX for whatever GPU it finds when the module is loaded.
# The PTX is committed under tensor/src/main/resources/org/reason4j/tensor/cuda/, so a build without
# nvcc still ships the GPU backend; CudaPtxTest rebuilds it with this script (when the same nvcc is on
# the PATH) and fails if the committed files drift from the sources.
#
# Targets: compute_75 (Turing, the oldest that CUDA 13 supports) for every family, and compute_80
# for gemm_tc.cu, whose cp.async and TF32/BF16 mma need Ampere or newer; the backend loads it only on
# such GPUs. PTX made by nvcc 13 needs a CUDA 13 driver (580 or newer) to load.
# -fmad=false: Java never contracts a*b+c into one rounding, so the kernels do not either; the GEMMs
# ask for fused multiply-adds explicitly, as GemmReference uses Math.fma.
#
# Usage: tools/cuda/build-ptx.sh [OUT_DIR] [--check]
#   --check also assembles each PTX with ptxas for sm_75/sm_80/sm_90 and prints registers and spills.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
src=$root/tensor/src/main/cuda
out=$root/tensor/src/main/resources/org/reason4j/tensor/cuda
check=false
for arg in "$@"; do
  case $arg in
    --check) check=true ;;
    *) out=$arg ;;
  esac
done
mkdir -p "$out"

# family:virtual-architecture
modules="copy:75 elementwise:75 reduce:75 softmax:75 index:75 random:75 fused:75 gemm:75 gemm_tc:80"
flags=(-ptx -O3 -std=c++17 -fmad=false)

for m in $modules; do
  name=${m%%:*}
  arch=${m##*:}
  nvcc "${flags[@]}" -arch=compute_$arch -o "$out/$name.ptx" "$src/$name.cu" &
done
wait

if $check; then
  for m in $modules; do
    name=${m%%:*}
    arch=${m##*:}
    for sm in 75 80 90; do
      [ "$sm" -lt "$arch" ] && continue
      ptxas -arch=sm_$sm -v "$out/$name.ptx" -o /dev/null 2>&1 | awk -v sm=sm_$sm '
        /Compiling entry function/ { fn = $7; gsub(/\047/, "", fn) }
        /bytes stack frame/ { stack = $1; spill = $5 "/" $9 }
        /Used [0-9]+ registers/ { printf "%-6s %-28s regs %3d  stack %3d  spill %s\n", sm, fn, $5, stack, spill }
        /error|warning/ { print }'
    done
  done
fi

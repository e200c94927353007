#!/usr/bin/env bash
# Runs on the GPU machine, from the repository root, with .device made by tools/cuda/device-pack.sh:
# records which CUDA libraries exist, runs the gpu-tagged tests of the tensor module, then CudaBench.
# Everything goes to $OUT (or ./device-out when OUT is unset): cuda-libs.txt, gpu-tests.txt, bench.txt.
# Device-tool call:  run(command="bash tools/cuda/device-run.sh", carry=[".device"], timeout_s=600)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/device-out}
mkdir -p "$out"
r=$(mktemp -d) && tar xzf "$root/.device/jre.tgz" -C "$r" && export PATH=$r/jre/bin:$PATH
{ nvidia-smi; ldconfig -p | grep -E 'libcuda|cublas'; find / -name 'libcublas.so*' 2>/dev/null; } > "$out/cuda-libs.txt" 2>&1
cp=$root/.device/classes:$root/.device/test-classes
for j in "$root"/.device/lib/*.jar; do
  case $j in *junit-platform-console-standalone*) launcher=$j ;; *) cp=$cp:$j ;; esac
done
cd "$root/tensor" # the tests read tensor/src/main/cuda relative to the module
java --add-modules jdk.incubator.vector -Xmx16g -jar "$launcher" execute --class-path "$cp" \
  --select-package org.reason4j.tensor.cuda --include-tag gpu --details=tree --disable-banner --disable-ansi-colors 2>&1 | tee "$out/gpu-tests.txt"
tests=${PIPESTATUS[0]}
java --add-modules jdk.incubator.vector -Xmx16g -cp "$cp" org.reason4j.tensor.cuda.CudaBench 2>&1 | tee "$out/bench.txt"
exit "$tests"

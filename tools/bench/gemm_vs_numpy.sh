#!/usr/bin/env bash
# Runs `bench gemm --json` (reason4j) and numpy_gemm.py on the same shapes and thread counts, then
# prints GFLOP/s of both and their ratio per shape. Needs the compiled classes:
#   mvn -B -q -ntp -pl examples -am package -DskipTests
# Usage: tools/bench/gemm_vs_numpy.sh [--n 256,512,1024,2048] [--threads 1,2] [--shapes square,transformer,decode]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n=1024
threads="1,$(nproc)"
shapes=square,transformer
reps=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    *) echo "gemm_vs_numpy.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
cp="$root/tensor/target/classes:$root/examples/target/classes"
if [[ ! -f "$root/examples/target/classes/org/reason4j/examples/bench/GemmBench.class" ]]; then
  echo "gemm_vs_numpy.sh: build first: mvn -B -q -ntp -pl examples -am package -DskipTests" >&2
  exit 2
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
java --add-modules jdk.incubator.vector -Xmx6g -XX:+UseParallelGC -cp "$cp" \
  org.reason4j.examples.bench.GemmBench --json --n "$n" --threads "$threads" --shapes "$shapes" --reps "$reps" \
  2> >(grep -v 'incubator modules' >&2) > "$out/java.jsonl"
for t in ${threads//,/ }; do
  python3 "$here/numpy_gemm.py" --n "$n" --threads "$t" --shapes "$shapes" --reps "$reps" >> "$out/numpy.jsonl"
done
python3 - "$out/java.jsonl" "$out/numpy.jsonl" <<'EOF'
import json, sys
key = lambda r: (r["op"], r["m"], r["n"], r["k"], r["threads"])
ours = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
numpy = {key(r): r for r in (json.loads(l) for l in open(sys.argv[2]) if l.strip())}
print(f"{'op':<15}{'m':>6}{'n':>7}{'k':>6}{'thr':>4}  {'path':<15}{'reason4j':>9}{'numpy':>9}{'ratio':>7}   (best GFLOP/s; medians in brackets)")
for r in ours:
    np_r = numpy.get(key(r))
    if np_r is None:
        continue
    print(f"{r['op']:<15}{r['m']:>6}{r['n']:>7}{r['k']:>6}{r['threads']:>4}  {r['path']:<15}{r['gflops']:>9.1f}{np_r['gflops']:>9.1f}"
          f"{r['gflops'] / np_r['gflops']:>7.2f}   [{r['median_gflops']:.1f} / {np_r['median_gflops']:.1f}]")
EOF

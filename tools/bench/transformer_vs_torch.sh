#!/usr/bin/env bash
# reason4j against PyTorch on the CPU, same machine, same weights, same thread count: generation tokens/s
# (batch 1 and 16, KV cache) and training forward+backward tokens/s (batch 8 x 256, no optimizer step) of
# a stories15M-shaped Llama, then the peak resident memory of loading a BF16 checkpoint next to the F32
# size of its weights. Prints a table with the ratio reason4j / PyTorch per row (above 1: reason4j faster).
#
# Usage: tools/bench/transformer_vs_torch.sh [--threads T] [--repeats R] [--openblas DIR] [--memory-preset NAME] [--workdir DIR]
#                                       [--workloads generate_b1,generate_b16,train_b8x256] [--memory-only]
#   --openblas DIR     also run PyTorch with this libblas.so.3 first on LD_LIBRARY_PATH. Debian's torch calls
#                      whatever libblas.so.3 resolves to, by default the unoptimised reference BLAS; to get
#                      OpenBLAS without installing it: apt-get download libopenblas0-pthread &&
#                      dpkg -x libopenblas0-pthread_*.deb ob && --openblas ob/usr/lib/x86_64-linux-gnu/openblas-pthread
#   --memory-preset    the model shape whose BF16 load is measured (stories15M, the default, or stories110M)
# Needs /usr/bin/python3 with torch (Debian's python3-torch) and /usr/bin/time. Not part of the build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
threads=$(nproc); repeats=3; workloads=generate_b1,generate_b16,train_b8x256; openblas=""; memory_preset=stories15M; work=""; speed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --openblas) openblas="$(cd "$2" && pwd)"; shift 2 ;;
    --memory-preset) memory_preset="$2"; shift 2 ;;
    --workdir) work="$2"; shift 2 ;;
    --workloads) workloads="$2"; shift 2 ;;
    --memory-only) speed=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -n "$work" ] || work="$(mktemp -d)"
mkdir -p "$work"
r4j() { JAVA_OPTS="-Dreason4j.threads=$threads ${JAVA_OPTS:-}" "$root/reason4j" "$@"; }
torch() { OMP_NUM_THREADS="$threads" /usr/bin/python3 "$root/tools/bench/torch_transformer.py" "$@"; }
r4j --version >/dev/null 2>&1 # builds the jars first if they are stale, outside any measurement

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)  (machine: $(nproc) cores; threads: $threads; repeats: $repeats; work dir: $work)"
if [ "$speed" = 1 ]; then
  r4j bench transformer --json --threads "$threads" --repeats "$repeats" --workloads "$workloads" --checkpoint "$work/stories15M" 2>/dev/null > "$work/reason4j.jsonl"
  torch bench --model "$work/stories15M" --threads "$threads" --repeats "$repeats" --workloads "$workloads" > "$work/pytorch.jsonl"
  if [ -n "$openblas" ]; then
    LD_LIBRARY_PATH="$openblas" OPENBLAS_NUM_THREADS="$threads" torch bench --model "$work/stories15M" --threads "$threads" \
      --repeats "$repeats" --workloads "$workloads" > "$work/pytorch_openblas.jsonl"
  fi
  echo "load average after speed runs: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

# Memory: a BF16 copy of the checkpoint, loaded by `reason4j bench load` under /usr/bin/time -v.
mem="$work/$memory_preset"
[ -f "$mem/config.json" ] || r4j bench transformer --preset "$memory_preset" --checkpoint "$mem" --save-only 2>/dev/null
torch to-bf16 "$mem" "$mem-bf16"
/usr/bin/time -v "$root/reason4j" doctor > /dev/null 2> "$work/time_baseline.txt"
/usr/bin/time -v "$root/reason4j" bench load --model "$mem-bf16" > "$work/load_bf16.json" 2> "$work/time_bf16.txt"
/usr/bin/time -v "$root/reason4j" bench load --model "$mem" > "$work/load_f32.json" 2> "$work/time_f32.txt"

WORK="$work" python3 - <<'PY'
import json, os, re
work = os.environ["WORK"]
def rows(name):
    path = os.path.join(work, name)
    return {r["workload"]: r for r in map(json.loads, open(path))} if os.path.exists(path) else {}
def agree(a, b):
    if isinstance(a, dict):
        return a["ids"] == b["ids"] and abs(a["logprob_sum"] - b["logprob_sum"]) <= 1e-3 * abs(b["logprob_sum"])
    return abs(a - b) <= 1e-4 * abs(b)
ours, sides = rows("reason4j.jsonl"), [("PyTorch", rows("pytorch.jsonl")), ("PyTorch+OpenBLAS", rows("pytorch_openblas.jsonl"))]
sides = [(n, s) for n, s in sides if s]
head = "%-14s %14s" % ("workload", "reason4j tok/s") + "".join("  %18s %7s" % (n + " tok/s", "ratio") for n, _ in sides) + "  same result"
if ours: print(head); print("-" * len(head))
for w, r in ours.items():
    line = "%-14s %14.1f" % (w, r["median"])
    for _, s in sides:
        line += "  %18.1f %6.2fx" % (s[w]["median"], r["median"] / s[w]["median"])
    print(line + "  " + ("yes" if all(agree(r["check"], s[w]["check"]) for _, s in sides) else "NO: %s vs %s" % (r["check"], [s[w]["check"] for _, s in sides])))
for n, s in sides:
    print("%s: torch %s, BLAS %s" % (n, next(iter(s.values()))["torch"], next(iter(s.values()))["blas"]))
def rss(name):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(os.path.join(work, name)).read()).group(1)) * 1024
base = rss("time_baseline.txt")
print("\nJVM baseline (reason4j doctor): peak RSS %.0f MB" % (base / 1e6))
for label, js, tf in [("BF16", "load_bf16.json", "time_bf16.txt"), ("F32", "load_f32.json", "time_f32.txt")]:
    j = json.load(open(os.path.join(work, js)))
    peak = rss(tf)
    print("load %-4s checkpoint (%d parameters, F32 weights %.1f MB): peak RSS %.1f MB = %.2fx F32 (%.2fx above the baseline); "
          "heap peak %.1f MB; %.2f s" % (label, j["parameters"], j["f32_bytes"] / 1e6, peak / 1e6, peak / j["f32_bytes"],
          (peak - base) / j["f32_bytes"], j["heap_peak_bytes"] / 1e6, j["seconds"]))
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

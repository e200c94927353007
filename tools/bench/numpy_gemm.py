#!/usr/bin/env python3
"""numpy's F32 matmul on the shapes of `reason4j bench gemm`, printed as the same JSON lines.

Usage: numpy_gemm.py [--n 256,512,1024] [--threads T] [--shapes square,transformer,decode] [--reps R]

The thread count is set through OPENBLAS_NUM_THREADS / OMP_NUM_THREADS before numpy is imported, so
one process measures one thread count (gemm_vs_numpy.sh runs one per count). Transposed operands are
transposed views, as in the Java benchmark. Note: OPENBLAS_CORETYPE=SkylakeX crashes on CPUs without
AVX-512 (this project's AMD EPYC Zen 3 has none); leave OpenBLAS to detect the core (Haswell kernels).
"""
import argparse
import json
import os
import time


def cases(sizes, families):
    """(op, m, k, n, a_transposed, b_transposed) in the order GemmBench.cases lists them."""
    out = []
    if "square" in families:
        out += [("square", n, n, n, False, False) for n in sizes]
    if "transformer" in families:
        tokens, c, hidden = 512, 768, 3072
        out += [("linear_fwd", tokens, c, hidden, False, False),
                ("linear_dx", tokens, hidden, c, False, True),
                ("linear_dw", c, tokens, hidden, True, False)]
    if "decode" in families:
        out += [("decode_head", 1, 288, 32000, False, False),
                ("decode_head_bt", 1, 288, 32000, False, True),
                ("decode_mlp", 1, 768, 3072, False, False),
                ("decode_mlp_bt", 1, 768, 3072, False, True)]
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", default="1024")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--shapes", default="square,transformer")
    p.add_argument("--reps", type=int, default=10)
    args = p.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import numpy as np  # after the thread count is in the environment

    rng = np.random.default_rng(1)
    sizes = [int(s) for s in args.n.split(",")]
    for op, m, k, n, at, bt in cases(sizes, args.shapes.split(",")):
        a = rng.standard_normal((k, m), dtype=np.float32).T if at else rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((n, k), dtype=np.float32).T if bt else rng.standard_normal((k, n), dtype=np.float32)
        start = time.perf_counter()
        i = 0
        while i < 3 or time.perf_counter() - start < 0.5:  # warm-up, as the Java side does
            a @ b
            i += 1
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - t0)
        times.sort()
        flops = 2.0 * m * n * k
        print(json.dumps({"op": op, "m": m, "n": n, "k": k, "threads": args.threads, "path": "numpy-openblas",
                          "gflops": round(flops / times[0] * 1e-9, 2),
                          "median_gflops": round(flops / times[len(times) // 2] * 1e-9, 2),
                          "best_ms": round(times[0] * 1e3, 2)}), flush=True)


if __name__ == "__main__":
    main()

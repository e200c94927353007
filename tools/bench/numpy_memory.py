#!/usr/bin/env python3
"""numpy on the memory-bound operations of MemoryJmh (16M floats), as GB/s: the practical ceiling to
compare reason4j's elementwise ops and sums against.

Usage: numpy_memory.py [--threads T] [--reps R]

Bytes per operation, counted as in MemoryJmh: copy moves 2 x 64 MiB, a + b and a * b 3 x 64 MiB (the
output counted once), sum reads 64 MiB, exp reads and writes 64 MiB. numpy's elementwise ops run on
one thread whatever OPENBLAS_NUM_THREADS says; "into" variants write a preallocated output (out=),
the others allocate a fresh array per call, as Tensor ops do.
"""
import argparse
import json
import os
import time


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=10)
    args = p.parse_args()
    os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    import numpy as np  # after the thread count is in the environment

    n = 1 << 24
    mib = 4 * n
    rng = np.random.default_rng(1)
    a = rng.standard_normal(n, dtype=np.float32)
    b = rng.standard_normal(n, dtype=np.float32)
    out = np.empty_like(a)
    ops = [
        ("copy_into", 2 * mib, lambda: np.copyto(out, a)),
        ("add", 3 * mib, lambda: a + b),
        ("add_into", 3 * mib, lambda: np.add(a, b, out=out)),
        ("mul", 3 * mib, lambda: a * b),
        ("exp", 2 * mib, lambda: np.exp(a)),
        ("sum", mib, lambda: a.sum()),
    ]
    for name, nbytes, fn in ops:
        for _ in range(3):
            fn()
        times = []
        for _ in range(args.reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        times.sort()
        print(json.dumps({"op": name, "elements": n, "threads": args.threads, "best_ms": round(times[0] * 1e3, 3),
                          "gb_per_s": round(nbytes / times[0] * 1e-9, 2),
                          "median_gb_per_s": round(nbytes / times[len(times) // 2] * 1e-9, 2)}), flush=True)


if __name__ == "__main__":
    main()

package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Tensor;

/**
 * Walks several same-shaped tensor views in row-major order, one inner run at a time. Axes that are
 * laid out consecutively in every operand are merged first, so a contiguous tensor is one run and a
 * broadcast row is a run with stride 0. Kernels then write tight loops over
 * (offset + j * innerStride) for each run.
 */
final class Strided {
  /** Called once per inner run with each operand's start offset and the run length. */
  @FunctionalInterface
  interface Run {
    void run(int[] offsets, int len);
  }

  final int[] shape; // merged shape, rank >= 1
  final int[][] strides; // [operand][axis]
  final int[] base; // offset of each operand
  final int[] inner; // inner stride of each operand
  final int numel;

  Strided(Tensor... ops) {
    int[] s = ops[0].shape();
    int k = ops.length;
    int[][] st = new int[k][];
    base = new int[k];
    for (int i = 0; i < k; i++) {
      st[i] = ops[i].strides();
      base[i] = ops[i].offset();
    }
    // Merge axis d into d+1 when every operand is consecutive across them; drop size-1 axes.
    int[] ms = new int[Math.max(1, s.length)];
    int[][] mst = new int[k][Math.max(1, s.length)];
    int r = 0;
    for (int d = 0; d < s.length; d++) {
      if (s[d] == 1) continue;
      if (r > 0 && mergeable(mst, st, r - 1, d, s[d], k)) {
        ms[r - 1] *= s[d];
        for (int i = 0; i < k; i++) mst[i][r - 1] = st[i][d];
      } else {
        ms[r] = s[d];
        for (int i = 0; i < k; i++) mst[i][r] = st[i][d];
        r++;
      }
    }
    if (r == 0) {
      ms[0] = 1;
      r = 1;
    }
    shape = java.util.Arrays.copyOf(ms, r);
    strides = new int[k][];
    inner = new int[k];
    for (int i = 0; i < k; i++) {
      strides[i] = java.util.Arrays.copyOf(mst[i], r);
      inner[i] = strides[i][r - 1];
    }
    numel = ops[0].numel();
  }

  private static boolean mergeable(int[][] mst, int[][] st, int prev, int d, int size, int k) {
    for (int i = 0; i < k; i++) if (mst[i][prev] != st[i][d] * size) return false;
    return true;
  }

  int innerLength() {
    return shape[shape.length - 1];
  }

  /** Visits the elements with row-major indices [from, to) as runs along the innermost axis. */
  void forEachRun(int from, int to, Run body) {
    int rank = shape.length, k = base.length, n = innerLength();
    int[] idx = new int[rank];
    int rest = from;
    for (int d = rank - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest /= shape[d];
    }
    int[] off = new int[k];
    for (int i = 0; i < k; i++) {
      int o = base[i];
      for (int d = 0; d < rank; d++) o += idx[d] * strides[i][d];
      off[i] = o;
    }
    int pos = from;
    int[] start = new int[k];
    while (pos < to) {
      int len = Math.min(n - idx[rank - 1], to - pos);
      System.arraycopy(off, 0, start, 0, k);
      body.run(start, len);
      pos += len;
      // advance to the next run
      for (int i = 0; i < k; i++) off[i] += len * inner[i];
      idx[rank - 1] += len;
      for (int d = rank - 1; d > 0 && idx[d] == shape[d]; d--) {
        for (int i = 0; i < k; i++) off[i] += strides[i][d - 1] - shape[d] * strides[i][d];
        idx[d] = 0;
        idx[d - 1]++;
      }
    }
  }
}

package org.reason4j.tensor.cpu;

import org.reason4j.tensor.cpu.CpuGemm.Operand;
import org.reason4j.tensor.cpu.CpuGemm.Problem;

/**
 * Products of a few rows with a B stored transposed (B[k][j] contiguous along k: a weight kept as
 * (out, in), a tied embedding used as the output head, a K cache). Each output is one scalar FMA chain
 * over k: exactly the reference order, so no vector lanes run along k. Eight chains are interleaved to
 * hide the FMA latency, and columns are taken in blocks whose slice of B stays in L2 while every row
 * uses it, so B is read from memory once. Plain Java: it needs no Vector API.
 */
final class GemvDot {
  /** Columns per block: 64 columns x 256 k = 64 KB of B, reused from L2 by every row. */
  private static final int JB = 64;
  /** Fused multiply-adds below which one thread does the whole product. */
  private static final long TASK_WORK = 1 << 18;

  private GemvDot() {}

  static void matmul(Problem p) {
    int blocks = (p.n() + JB - 1) / JB;
    long work = (long) p.m() * JB * p.k();
    int grain = (int) Math.max(1, TASK_WORK / Math.max(1, work));
    Parallel.forRange(p.batch() * blocks, grain, (from, to) -> {
      float[] aRow = new float[GemmReference.KC];
      for (int t = from; t < to; t++) {
        int bi = t / blocks, j0 = (t % blocks) * JB;
        columns(p, bi, j0, Math.min(p.n(), j0 + JB), aRow);
      }
    });
  }

  /**
   * Columns [j0, j1) of every row of C[bi]; k blocks outermost so each block's slice of B is reused. The
   * row's k block of A is first copied to {@code aRow}: a contiguous read keeps the inner loop to a load
   * and an FMA per element, where a strided one adds a multiply and a bounds check per k.
   */
  private static void columns(Problem p, int bi, int j0, int j1, float[] aRow) {
    Operand a = p.a(), b = p.b();
    float[] pa = a.data(), pb = b.data(), c = p.c();
    for (int k0 = 0; k0 < p.k(); k0 += GemmReference.KC) {
      int kc = Math.min(GemmReference.KC, p.k() - k0);
      boolean first = k0 == 0;
      for (int r = 0; r < p.m(); r++) {
        for (int k = 0; k < kc; k++) aRow[k] = pa[a.at(bi, r, k0 + k)];
        int j = j0;
        for (; j + 8 <= j1; j += 8) dot8(aRow, kc, pb, b.at(bi, k0, j), b.colStride(), c, p.cAt(bi, r, j), first);
        for (; j < j1; j++) {
          int bj = b.at(bi, k0, j);
          float s = 0;
          for (int k = 0; k < kc; k++) s = Math.fma(aRow[k], pb[bj + k], s);
          put(c, p.cAt(bi, r, j), s, first);
        }
      }
    }
  }

  /** Eight outputs at once: column t of B starts at b0 + t * bs and runs contiguously along k. */
  private static void dot8(float[] aRow, int kc, float[] pb, int b0, int bs, float[] c, int ci, boolean first) {
    int b1 = b0 + bs, b2 = b1 + bs, b3 = b2 + bs, b4 = b3 + bs, b5 = b4 + bs, b6 = b5 + bs, b7 = b6 + bs;
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (int k = 0; k < kc; k++) {
      float av = aRow[k];
      s0 = Math.fma(av, pb[b0 + k], s0);
      s1 = Math.fma(av, pb[b1 + k], s1);
      s2 = Math.fma(av, pb[b2 + k], s2);
      s3 = Math.fma(av, pb[b3 + k], s3);
      s4 = Math.fma(av, pb[b4 + k], s4);
      s5 = Math.fma(av, pb[b5 + k], s5);
      s6 = Math.fma(av, pb[b6 + k], s6);
      s7 = Math.fma(av, pb[b7 + k], s7);
    }
    put(c, ci, s0, first);
    put(c, ci + 1, s1, first);
    put(c, ci + 2, s2, first);
    put(c, ci + 3, s3, first);
    put(c, ci + 4, s4, first);
    put(c, ci + 5, s5, first);
    put(c, ci + 6, s6, first);
    put(c, ci + 7, s7, first);
  }

  /** The first k block stores its sum; later blocks add theirs, as the reference does. */
  private static void put(float[] c, int i, float blockSum, boolean first) {
    c[i] = first ? blockSum : c[i] + blockSum;
  }
}

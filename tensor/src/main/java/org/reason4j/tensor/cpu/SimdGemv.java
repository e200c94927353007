package org.reason4j.tensor.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.reason4j.tensor.cpu.CpuGemm.Operand;
import org.reason4j.tensor.cpu.CpuGemm.Problem;

/**
 * Products of a few rows with a row-major B (B[k][j] contiguous along j): the decode step of
 * generation, (1 x C) times (C x V). The reference loop already streams B row by row; this is that loop
 * with vectors, four k per pass over the accumulators (each lane still sees its k in increasing order),
 * on column chunks whose accumulators stay in L2. B is read once for all rows, in long sequential runs,
 * which is what a memory-bound product needs: on (288 x 32000) chunks of 1024 columns streamed at 26
 * GB/s, chunks of 16000 at 42 GB/s. Loaded only when the Vector API module is present.
 */
final class SimdGemv {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  /** Accumulator floats per chunk (all rows together): 64 KB. */
  private static final int ACC = 1 << 14;
  /** Fused multiply-adds below which one thread does the whole product. */
  private static final long TASK_WORK = 1 << 18;

  private SimdGemv() {}

  /**
   * Cuts the columns into chunks as wide as the accumulators allow, their number a multiple of the
   * thread count so that one matrix keeps every thread busy.
   */
  static void matmul(Problem p) {
    int threads = Parallel.threads();
    int widest = Math.max(F.length(), ACC / p.m());
    int chunks = (p.n() + widest - 1) / widest;
    chunks = (chunks + threads - 1) / threads * threads;
    int width = Math.min(p.n(), ((p.n() + chunks - 1) / chunks + 7) / 8 * 8);
    int perMatrix = (p.n() + width - 1) / width;
    long work = (long) p.m() * width * p.k();
    int grain = (int) Math.max(1, TASK_WORK / Math.max(1, work));
    Parallel.forRange(p.batch() * perMatrix, grain, (from, to) -> {
      float[] acc = new float[p.m() * width];
      for (int t = from; t < to; t++) {
        int bi = t / perMatrix, j0 = (t % perMatrix) * width;
        chunk(p, bi, j0, Math.min(p.n(), j0 + width), acc, width);
      }
    });
  }

  /** Columns [j0, j1) of every row of C[bi]; acc holds one row of {@code width} per output row. */
  private static void chunk(Problem p, int bi, int j0, int j1, float[] acc, int width) {
    Operand a = p.a(), b = p.b();
    float[] pa = a.data(), pb = b.data();
    int w = j1 - j0, ldb = b.rowStride(), as = a.colStride();
    for (int k0 = 0; k0 < p.k(); k0 += GemmReference.KC) {
      int k1 = Math.min(p.k(), k0 + GemmReference.KC);
      Arrays.fill(acc, 0f);
      int k = k0;
      for (; k + 4 <= k1; k += 4) {
        int bk = b.at(bi, k, j0);
        for (int r = 0; r < p.m(); r++) {
          int ai = a.at(bi, r, k);
          axpy4(acc, r * width, pa[ai], pa[ai + as], pa[ai + 2 * as], pa[ai + 3 * as], pb, bk, ldb, w);
        }
      }
      for (; k < k1; k++) {
        int bk = b.at(bi, k, j0);
        for (int r = 0; r < p.m(); r++) axpy1(acc, r * width, pa[a.at(bi, r, k)], pb, bk, w);
      }
      for (int r = 0; r < p.m(); r++) store(acc, r * width, p.c(), p.cAt(bi, r, j0), w, k0 == 0);
    }
  }

  /** acc[j] = fma(a3, B3[j], fma(a2, B2[j], fma(a1, B1[j], fma(a0, B0[j], acc[j])))) for rows Bi of B. */
  private static void axpy4(
      float[] acc, int ao, float a0, float a1, float a2, float a3, float[] b, int bo, int ldb, int w) {
    FloatVector v0 = FloatVector.broadcast(F, a0), v1 = FloatVector.broadcast(F, a1);
    FloatVector v2 = FloatVector.broadcast(F, a2), v3 = FloatVector.broadcast(F, a3);
    int b1 = bo + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
    int j = 0;
    for (int end = F.loopBound(w); j < end; j += F.length()) {
      FloatVector s = FloatVector.fromArray(F, acc, ao + j);
      s = v0.fma(FloatVector.fromArray(F, b, bo + j), s);
      s = v1.fma(FloatVector.fromArray(F, b, b1 + j), s);
      s = v2.fma(FloatVector.fromArray(F, b, b2 + j), s);
      s = v3.fma(FloatVector.fromArray(F, b, b3 + j), s);
      s.intoArray(acc, ao + j);
    }
    for (; j < w; j++) {
      float s = acc[ao + j];
      s = Math.fma(a0, b[bo + j], s);
      s = Math.fma(a1, b[b1 + j], s);
      s = Math.fma(a2, b[b2 + j], s);
      acc[ao + j] = Math.fma(a3, b[b3 + j], s);
    }
  }

  private static void axpy1(float[] acc, int ao, float a0, float[] b, int bo, int w) {
    FloatVector v0 = FloatVector.broadcast(F, a0);
    int j = 0;
    for (int end = F.loopBound(w); j < end; j += F.length()) {
      v0.fma(FloatVector.fromArray(F, b, bo + j), FloatVector.fromArray(F, acc, ao + j)).intoArray(acc, ao + j);
    }
    for (; j < w; j++) acc[ao + j] = Math.fma(a0, b[bo + j], acc[ao + j]);
  }

  /** The first k block stores its sums into C; later blocks add theirs. */
  private static void store(float[] acc, int ao, float[] c, int co, int w, boolean first) {
    if (first) {
      System.arraycopy(acc, ao, c, co, w);
      return;
    }
    int j = 0;
    for (int end = F.loopBound(w); j < end; j += F.length()) {
      FloatVector.fromArray(F, c, co + j).add(FloatVector.fromArray(F, acc, ao + j)).intoArray(c, co + j);
    }
    for (; j < w; j++) c[co + j] += acc[ao + j];
  }
}

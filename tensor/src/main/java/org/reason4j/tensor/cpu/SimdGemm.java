package org.reason4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.reason4j.tensor.cpu.CpuGemm.Operand;
import org.reason4j.tensor.cpu.CpuGemm.Problem;

/**
 * The fast F32 GEMM, in the Goto/BLIS layout: B is packed in blocks of KC x NC (kept in L3) as panels of
 * NR columns, A in blocks of MC x KC (kept in L2) as panels of MR rows, and a 4 x 16 register tile
 * (eight 8-lane accumulators) runs over one A panel and one B panel (kept in L1).
 *
 * <p>Why 4 x 16: measured on a Zen 3 core with C2 of JDK 17, it reaches about 87% of the core's FMA peak
 * (eight accumulators just cover the FMA latency on two pipes); 6 x 16 and 8 x 8 reach about 80%
 * (6 x 16 keeps bounds checks on A in its loop), 5 x 16 and 3 x 24 less, and 4 x 24 or 2 x 32 (twelve
 * accumulators plus three B vectors) run out of the 16 AVX2 registers and reach under half. Unrolling
 * k by hand makes every variant slower.
 *
 * <p>The cache block KC equals the reference's accumulation block, which is what makes the result
 * identical to {@link GemmReference}: the tile's accumulators start at zero for each k block, take one
 * fused multiply-add per k in increasing order, and are then stored (first block) or added to C. Edge
 * tiles run the same tile on zero-padded panels and copy out the valid part, so they follow the same
 * order. Threads split M or N, never K.
 *
 * <p>Loaded only when the Vector API module is present (see {@link Simd}).
 */
final class SimdGemm {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  static final int MR = 4;
  static final int NR = 16;
  static final int KC = GemmReference.KC;
  /**
   * Rows of A per block: MC x KC floats = 144 KB, within a Zen 3 core's 512 KB L2. (Blocks of 64 to 512
   * rows and 512 to 4096 columns measured within noise of each other: the register tile is the limit.)
   */
  static final int MC = 144;
  /** Columns of B per block: KC x NC floats = 2 MB, within the shared L3. */
  static final int NC = 2048;
  /**
   * Below this many flops (about 0.1 ms on one core) the product runs on one thread: a parallel region
   * costs 10 to 25 us here, more when a parked worker has to be woken.
   */
  private static final long SPLIT_FLOPS = 1L << 23;

  /** Per-thread packing buffers, grown on demand and reused across calls. */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] tile = new float[MR * NR];

    float[] a(int size) {
      if (a.length < size) a = new float[size];
      return a;
    }

    float[] b(int size) {
      if (b.length < size) b = new float[size];
      return b;
    }
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private SimdGemm() {}

  /** True when 256-bit float vectors are compiled to hardware vectors (AVX2 or better). */
  static boolean usable() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= F.vectorBitSize();
  }

  /**
   * Splits the product into equal tasks, a multiple of the thread count: each matrix of the batch is
   * cut along its larger side (N or M) into threads / gcd(batch, threads) parts (one part, the whole
   * matrix, when the batch divides evenly between the threads).
   */
  static void matmul(Problem p) {
    int threads = Parallel.threads();
    long flops = 2L * p.batch() * p.m() * p.n() * p.k();
    boolean splitN = p.n() >= p.m();
    int units = splitN ? ceilDiv(p.n(), NR) : ceilDiv(p.m(), MR);
    int parts = flops < SPLIT_FLOPS ? 1 : Math.min(units, threads / gcd(p.batch(), threads));
    int tasks = p.batch() * parts;
    Parallel.forRange(tasks, flops < SPLIT_FLOPS ? tasks : 1, (from, to) -> {
      Buffers buf = BUFFERS.get();
      for (int t = from; t < to; t++) {
        int bi = t / parts, part = t % parts;
        int u0 = (int) ((long) units * part / parts), u1 = (int) ((long) units * (part + 1) / parts);
        if (splitN) block(p, bi, 0, p.m(), u0 * NR, Math.min(p.n(), u1 * NR), buf);
        else block(p, bi, u0 * MR, Math.min(p.m(), u1 * MR), 0, p.n(), buf);
      }
    });
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** C[bi][m0:m1, n0:n1] on the calling thread: the three cache-blocking loops of Goto's algorithm. */
  private static void block(Problem p, int bi, int m0, int m1, int n0, int n1, Buffers buf) {
    for (int jc = n0; jc < n1; jc += NC) {
      int nc = Math.min(NC, n1 - jc);
      for (int pc = 0; pc < p.k(); pc += KC) {
        int kc = Math.min(KC, p.k() - pc);
        float[] bp = buf.b(kc * ceilDiv(nc, NR) * NR);
        packB(p.b(), bi, pc, kc, jc, nc, bp);
        for (int ic = m0; ic < m1; ic += MC) {
          int mc = Math.min(MC, m1 - ic);
          float[] ap = buf.a(ceilDiv(mc, MR) * MR * kc);
          packA(p.a(), bi, ic, mc, pc, kc, ap);
          macroKernel(p, bi, ic, mc, jc, nc, kc, pc == 0, ap, bp, buf.tile);
        }
      }
    }
  }

  /** All register tiles of one packed A block times one packed B block. */
  private static void macroKernel(
      Problem p, int bi, int ic, int mc, int jc, int nc, int kc, boolean first, float[] ap, float[] bp, float[] tile) {
    float[] c = p.c();
    int ldc = p.n();
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      for (int ir = 0; ir < mc; ir += MR) {
        int mr = Math.min(MR, mc - ir);
        int co = p.cAt(bi, ic + ir, jc + jr);
        if (mr == MR && nr == NR) {
          tile(kc, ap, ir * kc, bp, jr * kc, c, co, ldc, first);
        } else {
          tile(kc, ap, ir * kc, bp, jr * kc, tile, 0, NR, true);
          for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
              int ci = co + r * ldc + j;
              c[ci] = first ? tile[r * NR + j] : c[ci] + tile[r * NR + j];
            }
          }
        }
      }
    }
  }

  /**
   * The 4 x 16 register tile: C[4][16] (=, or += when not the first k block) the sum over kc of the
   * packed A panel (k-major, 4 per k) times the packed B panel (k-major, 16 per k).
   */
  private static void tile(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, boolean first) {
    FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F);
    FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F);
    FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F);
    FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F);
    for (int k = 0; k < kc; k++) {
      int ak = ao + k * MR, bk = bo + k * NR;
      FloatVector b0 = FloatVector.fromArray(F, bp, bk);
      FloatVector b1 = FloatVector.fromArray(F, bp, bk + 8);
      FloatVector a = FloatVector.broadcast(F, ap[ak]);
      c00 = a.fma(b0, c00);
      c01 = a.fma(b1, c01);
      a = FloatVector.broadcast(F, ap[ak + 1]);
      c10 = a.fma(b0, c10);
      c11 = a.fma(b1, c11);
      a = FloatVector.broadcast(F, ap[ak + 2]);
      c20 = a.fma(b0, c20);
      c21 = a.fma(b1, c21);
      a = FloatVector.broadcast(F, ap[ak + 3]);
      c30 = a.fma(b0, c30);
      c31 = a.fma(b1, c31);
    }
    // The two cases are written out: a conditional choosing between vectors (acc or C + acc) makes C2 on
    // JDK 17 compile the whole tile about twice as slow once both cases have run.
    if (first) {
      c00.intoArray(c, co);
      c01.intoArray(c, co + 8);
      c10.intoArray(c, co + ldc);
      c11.intoArray(c, co + ldc + 8);
      c20.intoArray(c, co + 2 * ldc);
      c21.intoArray(c, co + 2 * ldc + 8);
      c30.intoArray(c, co + 3 * ldc);
      c31.intoArray(c, co + 3 * ldc + 8);
    } else {
      FloatVector.fromArray(F, c, co).add(c00).intoArray(c, co);
      FloatVector.fromArray(F, c, co + 8).add(c01).intoArray(c, co + 8);
      FloatVector.fromArray(F, c, co + ldc).add(c10).intoArray(c, co + ldc);
      FloatVector.fromArray(F, c, co + ldc + 8).add(c11).intoArray(c, co + ldc + 8);
      FloatVector.fromArray(F, c, co + 2 * ldc).add(c20).intoArray(c, co + 2 * ldc);
      FloatVector.fromArray(F, c, co + 2 * ldc + 8).add(c21).intoArray(c, co + 2 * ldc + 8);
      FloatVector.fromArray(F, c, co + 3 * ldc).add(c30).intoArray(c, co + 3 * ldc);
      FloatVector.fromArray(F, c, co + 3 * ldc + 8).add(c31).intoArray(c, co + 3 * ldc + 8);
    }
  }

  /** Packs B[bi][pc:pc+kc, jc:jc+nc] as panels of NR columns, k-major, zero-padded to NR. */
  private static void packB(Operand b, int bi, int pc, int kc, int jc, int nc, float[] bp) {
    float[] src = b.data();
    int rs = b.rowStride(), cs = b.colStride(), base = b.at(bi, pc, jc);
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr), dst = jr * kc, s = base + jr * cs;
      if (nr == NR && cs == 1) {
        for (int k = 0; k < kc; k++) {
          FloatVector.fromArray(F, src, s + k * rs).intoArray(bp, dst + k * NR);
          FloatVector.fromArray(F, src, s + k * rs + 8).intoArray(bp, dst + k * NR + 8);
        }
        continue;
      }
      // Other layouts walk the source along its contiguous axis when it has one.
      if (rs == 1) {
        for (int j = 0; j < nr; j++) for (int k = 0; k < kc; k++) bp[dst + k * NR + j] = src[s + j * cs + k];
      } else {
        for (int k = 0; k < kc; k++) for (int j = 0; j < nr; j++) bp[dst + k * NR + j] = src[s + k * rs + j * cs];
      }
      for (int k = 0; k < kc; k++) for (int j = nr; j < NR; j++) bp[dst + k * NR + j] = 0f;
    }
  }

  /** Packs A[bi][ic:ic+mc, pc:pc+kc] as panels of MR rows, k-major, zero-padded to MR. */
  private static void packA(Operand a, int bi, int ic, int mc, int pc, int kc, float[] ap) {
    float[] src = a.data();
    int rs = a.rowStride(), cs = a.colStride(), base = a.at(bi, ic, pc);
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir), dst = ir * kc, s = base + ir * rs;
      if (cs == 1) {
        for (int r = 0; r < mr; r++) for (int k = 0; k < kc; k++) ap[dst + k * MR + r] = src[s + r * rs + k];
      } else {
        for (int k = 0; k < kc; k++) for (int r = 0; r < mr; r++) ap[dst + k * MR + r] = src[s + k * cs + r * rs];
      }
      for (int k = 0; k < kc; k++) for (int r = mr; r < MR; r++) ap[dst + k * MR + r] = 0f;
    }
  }
}

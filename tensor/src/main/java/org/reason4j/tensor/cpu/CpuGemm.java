package org.reason4j.tensor.cpu;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * F32 matrix products for the CPU backend: picks a kernel for the operands' shape and layout. Every
 * kernel reproduces {@link GemmReference} bit for bit (k in blocks of 256, fused multiply-adds in
 * increasing k inside a block, block sums added in order), so which kernel runs, how the work is split
 * and how many threads there are never change a result.
 *
 * <p>The SIMD kernels use the incubating Vector API; without it ({@link Simd}) the plain kernels run:
 * slower, same bits. This class deliberately holds no arithmetic.
 */
public final class CpuGemm {
  /** Which kernel a product runs on (benchmarks report it). */
  public enum Path {
    /** Packed, cache-blocked 4x16 register tiles with the Vector API ({@link SimdGemm}). */
    PACKED_SIMD,
    /** Few rows times a row-major B, streaming B's rows once ({@link SimdGemv}). */
    GEMV_ROWS_SIMD,
    /** Few rows times a B stored transposed: one scalar FMA chain per output ({@link GemvDot}). */
    GEMV_DOT,
    /** The reference loop; used when the Vector API is absent. */
    REFERENCE
  }

  /**
   * Rows (after folding the batch into rows) up to which streaming a row-major B beats packing it:
   * measured crossover between 8 and 12 rows for (288 x 32000) and (768 x 3072) weights.
   */
  static final int GEMV_ROWS_MAX_M = 8;
  /** Rows up to which one FMA chain per output beats transposing B into panels: only a single row. */
  static final int GEMV_DOT_MAX_M = 1;

  private CpuGemm() {}

  /** Whether the Vector API is present and wide enough (256-bit) for the SIMD kernels. */
  public static boolean simd() {
    return Simd.ENABLED;
  }

  /**
   * The kernel {@code a.matmul(b)} runs on in this JVM, for F32 operands (M, K) x (K, N), or
   * (batch, M, K) x (batch, K, N) with the same batch.
   */
  public static Path path(Tensor a, Tensor b) {
    int r = a.rank();
    boolean shapesFit = r == b.rank() && (r == 2 || r == 3) && a.dim(r - 1) == b.dim(r - 2) && (r == 2 || a.dim(0) == b.dim(0));
    if (!shapesFit || a.dtype() != DType.F32 || b.dtype() != DType.F32) {
      throw new IllegalArgumentException("CpuGemm.path: needs F32 (M, K) x (K, N) or equally batched operands, got "
          + a.dtype() + " " + Shape.str(a.shape()) + " and " + b.dtype() + " " + Shape.str(b.shape()));
    }
    return path(Problem.of(r == 2 ? a.unsqueeze(0) : a, r == 2 ? b.unsqueeze(0) : b, null));
  }

  static Path path(Problem p) {
    boolean rowMajorB = p.b().colStride() == 1;
    if (!rowMajorB && p.b().rowStride() == 1 && p.m() <= GEMV_DOT_MAX_M) return Path.GEMV_DOT;
    if (!Simd.ENABLED) return Path.REFERENCE;
    if (rowMajorB && p.m() <= GEMV_ROWS_MAX_M) return Path.GEMV_ROWS_SIMD;
    return Path.PACKED_SIMD;
  }

  /** out = a @ b for a (batch, M, K), b (batch, K, N) strided views and out contiguous (batch, M, N). */
  static void matmul(Tensor a, Tensor b, Tensor out) {
    if (out.numel() == 0 || a.dim(2) == 0) return; // nothing to write: the reference writes nothing either
    Problem p = Problem.of(a, b, out);
    switch (path(p)) {
      case PACKED_SIMD: SimdGemm.matmul(p); break;
      case GEMV_ROWS_SIMD: SimdGemv.matmul(p); break;
      case GEMV_DOT: GemvDot.matmul(p); break;
      default: GemmReference.matmul(a, b, out);
    }
  }

  /** One strided matrix operand: element (batch i, row r, column c) is at offset + i*batch + r*row + c*col. */
  record Operand(float[] data, int offset, int batchStride, int rowStride, int colStride) {
    static Operand of(Tensor t) {
      int[] s = t.strides();
      return new Operand(((CpuStorage) t.storage()).floats(), t.offset(), s[0], s[1], s[2]);
    }

    int at(int batch, int row, int col) {
      return offset + batch * batchStride + row * rowStride + col * colStride;
    }
  }

  /**
   * A batched product C[i] = A[i] B[i] with A (batch, m, k), B (batch, k, n) and C contiguous at
   * cOffset. A shared B (batch stride 0) with evenly strided A rows is folded into one product of
   * batch*m rows: the common "activations (B, T, C) times a weight" case becomes one large GEMM.
   */
  record Problem(int batch, int m, int n, int k, Operand a, Operand b, float[] c, int cOffset) {
    static Problem of(Tensor a, Tensor b, Tensor out) {
      int batch = a.dim(0), m = a.dim(1), k = a.dim(2), n = b.dim(2);
      Operand oa = Operand.of(a), ob = Operand.of(b);
      float[] c = out == null ? null : ((CpuStorage) out.storage()).floats();
      int co = out == null ? 0 : out.offset();
      boolean rowsEven = m == 1 || oa.batchStride() == m * oa.rowStride();
      if (batch > 1 && ob.batchStride() == 0 && rowsEven) {
        int rowStride = m == 1 ? oa.batchStride() : oa.rowStride();
        return new Problem(1, batch * m, n, k, new Operand(oa.data(), oa.offset(), 0, rowStride, oa.colStride()), ob, c, co);
      }
      return new Problem(batch, m, n, k, oa, ob, c, co);
    }

    /** Offset of C[batch, row, col]. */
    int cAt(int batch, int row, int col) {
      return cOffset + (batch * m + row) * n + col;
    }
  }
}

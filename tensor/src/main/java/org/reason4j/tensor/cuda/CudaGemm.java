package org.reason4j.tensor.cuda;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Launches of the own GEMM kernels (gemm.cu, gemm_tc.cu) for out (batch, M, N) = a (batch, M, K) @ b
 * (batch, K, N) with any strides. The tensor-core kernels come in four variants, by which axis of each
 * operand is stored contiguously in shared memory (the one with the smaller stride, for coalesced
 * loads); 16-byte copies are used when that axis has stride 1 and every other offset keeps 16-byte
 * alignment. No variant or tile size depends on M, so rows never depend on the batch they are in.
 */
final class CudaGemm {
  private static final int MAX_GRID_Z = 65535;

  private CudaGemm() {}

  static void matmul(CudaBackend be, GemmPath path, Tensor a, Tensor b, Tensor out) {
    int batch = out.dim(0), m = out.dim(1), n = out.dim(2), k = a.dim(2);
    if ((long) batch * m * n == 0) return;
    int[] as = a.strides(), bs = b.strides();
    int z = Math.min(batch, MAX_GRID_Z);
    if (ceil(m, 16) > MAX_GRID_Z) throw new IllegalArgumentException("matmul: M = " + m + " rows is more than the GPU grid allows (" + 16 * MAX_GRID_Z + ")");
    if (a.dtype() == DType.F64) {
      be.gpu().launch(Kernel.GEMM_F64, ceil(n, 16), ceil(m, 16), z, 16, 16, batch, m, n, k, be.ptr(a), as[0], as[1], as[2],
          be.ptr(b), bs[0], bs[1], bs[2], be.ptr(out));
      return;
    }
    if (a.dtype() != DType.F32) throw new IllegalArgumentException("matmul: needs F32 or F64, got " + a.dtype());
    if (path == GemmPath.SIMT) {
      be.gpu().launch(Kernel.GEMM_SIMT_F32, ceil(n, 64), ceil(m, 64), z, 256, 1, batch, m, n, k, be.ptr(a), as[0], as[1],
          as[2], be.ptr(b), bs[0], bs[1], bs[2], be.ptr(out));
      return;
    }
    boolean aAlongK = as[2] <= as[1], bAlongN = bs[2] <= bs[1];
    int aVec = vectorizable(a, aAlongK ? 2 : 1, aAlongK ? 1 : 2) ? 1 : 0;
    int bVec = vectorizable(b, bAlongN ? 2 : 1, bAlongN ? 1 : 2) ? 1 : 0;
    be.gpu().launch(tensorCoreKernel(path, aAlongK, bAlongN), ceil(n, 128), ceil(m, 128), z, 256, 1, batch, m, n, k,
        be.ptr(a), as[0], as[1], as[2], aVec, be.ptr(b), bs[0], bs[1], bs[2], bVec, be.ptr(out));
  }

  static Kernel tensorCoreKernel(GemmPath path, boolean aAlongK, boolean bAlongN) {
    boolean bf16 = path == GemmPath.BF16;
    if (aAlongK) {
      if (bAlongN) return bf16 ? Kernel.GEMM_BF16_KN : Kernel.GEMM_TF32_KN;
      return bf16 ? Kernel.GEMM_BF16_KK : Kernel.GEMM_TF32_KK;
    }
    if (bAlongN) return bf16 ? Kernel.GEMM_BF16_MN : Kernel.GEMM_TF32_MN;
    return bf16 ? Kernel.GEMM_BF16_MK : Kernel.GEMM_TF32_MK;
  }

  /**
   * True when 16-byte cp.async copies are valid for a 3-D operand whose shared-memory rows run along
   * {@code contiguous}: that axis has stride 1, and the offset and every other stride (of axes longer
   * than 1) are multiples of 4 elements. Storages start 256-byte aligned.
   */
  static boolean vectorizable(Tensor t, int contiguous, int other) {
    int[] s = t.strides(), shape = t.shape();
    if (s[contiguous] != 1 && shape[contiguous] > 1) return false;
    if (t.offset() % 4 != 0) return false;
    if (shape[other] > 1 && s[other] % 4 != 0) return false;
    return shape[0] <= 1 || s[0] % 4 == 0;
  }

  private static int ceil(int a, int b) {
    return (a + b - 1) / b;
  }
}

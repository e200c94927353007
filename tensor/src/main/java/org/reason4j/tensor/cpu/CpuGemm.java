package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Tensor;

/**
 * F32 matrix products for the CPU backend. Currently the reference kernel ({@link GemmReference});
 * a blocked SIMD kernel with the same accumulation order replaces it.
 */
final class CpuGemm {
  private CpuGemm() {}

  static void matmul(Tensor a, Tensor b, Tensor out) {
    GemmReference.matmul(a, b, out);
  }
}

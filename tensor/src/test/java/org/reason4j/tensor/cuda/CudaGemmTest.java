package org.reason4j.tensor.cuda;

import org.junit.jupiter.api.Tag;

/** The GEMM paths on CUDA device 0. Tagged gpu; skipped, with the reason, where CUDA does not work. */
@Tag("gpu")
class CudaGemmTest extends GemmPathsContract {
  @Override
  protected CudaBackend backendOrSkip() {
    return GpuTests.requireCuda("CudaGemmTest");
  }
}

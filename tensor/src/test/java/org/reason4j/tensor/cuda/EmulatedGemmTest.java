package org.reason4j.tensor.cuda;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The GEMM paths on the kernel emulator posing as a compute capability 9.0 GPU, so that the tensor-core
 * kernels' tiling, fragment loads, edges and epilogue run (against the PTX fragment layouts as
 * tensor_cores_host.h transcribes them). Smaller shapes than on a GPU: the emulator is slow. Tagged slow.
 */
@Tag("slow")
class EmulatedGemmTest extends GemmPathsContract {
  private static EmulatedGpu gpu;
  private static CudaBackend backend;

  @Override
  protected CudaBackend backendOrSkip() {
    if (backend == null) {
      String why = EmulatedGpu.build();
      GpuTests.skipUnless(why, "EmulatedGemmTest");
      try {
        gpu = EmulatedGpu.start(90, 256);
      } catch (IOException e) {
        GpuTests.skipUnless("the kernel emulator did not start: " + e.getMessage(), "EmulatedGemmTest");
      }
      backend = new CudaBackend(gpu);
    }
    return backend;
  }

  @AfterAll
  static void stop() {
    if (gpu != null) gpu.close();
    gpu = null;
    backend = null;
  }

  @Override
  protected String cublasProblem() {
    return "the kernel emulator has no cuBLAS";
  }

  @Override
  protected int[][] shapes() {
    return new int[][] {{1, 1, 1}, {7, 13, 5}, {129, 33, 131}, {130, 40, 9}};
  }

  @Override
  protected int[] invarianceShape() {
    return new int[] {200, 48, 70};
  }
}

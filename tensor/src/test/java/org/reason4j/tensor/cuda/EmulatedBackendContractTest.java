package org.reason4j.tensor.cuda;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.reason4j.tensor.Backend;

/**
 * The contract suites against the CUDA backend with its kernels emulated on the CPU ({@link EmulatedGpu}):
 * the real kernel sources and the real launch code, compared with the CPU backend, on any machine with
 * g++. The emulated GPU reports compute capability 7.5, so matrix products take the SIMT kernel and must
 * give the CPU's bits. Slow (building the emulator, one OS thread per CUDA thread for synchronising
 * kernels), so tagged slow; skipped with the reason where g++ is missing.
 */
@Tag("slow")
class EmulatedBackendContractTest {
  private static String why;
  private static EmulatedGpu gpu;
  private static CudaBackend backend;

  @BeforeAll
  static void start() throws IOException {
    why = EmulatedGpu.build();
    if (why == null) {
      gpu = EmulatedGpu.start(75, 512);
      backend = new CudaBackend(gpu);
    }
  }

  @AfterAll
  static void stop() {
    if (gpu != null) gpu.close();
  }

  @Nested
  class Elementwise extends ElementwiseContract {
    @Override
    protected String unavailable() {
      return why;
    }

    @Override
    protected Backend backend() {
      return backend;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class Reductions extends ReductionContract {
    @Override
    protected String unavailable() {
      return why;
    }

    @Override
    protected Backend backend() {
      return backend;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class MatmulAndIndexing extends MatmulIndexContract {
    @Override
    protected String unavailable() {
      return why;
    }

    @Override
    protected Backend backend() {
      return backend;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class Fused extends FusedContract {
    @Override
    protected String unavailable() {
      return why;
    }

    @Override
    protected Backend backend() {
      return backend;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }
}

package org.reason4j.tensor.cuda;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.Device;

/**
 * The contract suites against CUDA device 0 with its default GEMM path (TF32 tensor cores on compute
 * capability 8.0+, else the exact SIMT kernel). Tagged gpu; skipped, with the reason, where CUDA does not
 * work. F32 products must be within 2e-3 of |A| @ |B| for TF32 (inputs keep 10 of 23 mantissa bits),
 * 1e-2 for BF16 (7 bits) and be exact for SIMT (the CPU's accumulation order).
 */
@Tag("gpu")
class CudaBackendContractTest {
  static String unavailableHere() {
    return Backends.availability(Device.Kind.CUDA);
  }

  static Backend cuda() {
    return Backends.get(Device.cuda(0));
  }

  static double tolerance(GemmPath path) {
    switch (path) {
      case TF32: return 2e-3;
      case BF16: return 1e-2;
      case CUBLAS: return 1e-5;
      default: return 0;
    }
  }

  @Nested
  class Elementwise extends ElementwiseContract {
    @Override
    protected String unavailable() {
      return unavailableHere();
    }

    @Override
    protected Backend backend() {
      return cuda();
    }

    @Override
    protected double gemmTolerance() {
      return tolerance(((CudaBackend) cuda()).gemmPath());
    }
  }

  @Nested
  class Reductions extends ReductionContract {
    @Override
    protected String unavailable() {
      return unavailableHere();
    }

    @Override
    protected Backend backend() {
      return cuda();
    }

    @Override
    protected double gemmTolerance() {
      return tolerance(((CudaBackend) cuda()).gemmPath());
    }
  }

  @Nested
  class MatmulAndIndexing extends MatmulIndexContract {
    @Override
    protected String unavailable() {
      return unavailableHere();
    }

    @Override
    protected Backend backend() {
      return cuda();
    }

    @Override
    protected double gemmTolerance() {
      return tolerance(((CudaBackend) cuda()).gemmPath());
    }
  }

  @Nested
  class Fused extends FusedContract {
    @Override
    protected String unavailable() {
      return unavailableHere();
    }

    @Override
    protected Backend backend() {
      return cuda();
    }

    @Override
    protected double gemmTolerance() {
      return tolerance(((CudaBackend) cuda()).gemmPath());
    }
  }
}

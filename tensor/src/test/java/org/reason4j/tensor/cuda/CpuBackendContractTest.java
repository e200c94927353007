package org.reason4j.tensor.cuda;

import org.junit.jupiter.api.Nested;
import org.reason4j.tensor.Backend;

/**
 * The contract suites run against the CPU backend itself: its strided and offset paths (the scrambled
 * inputs) against its contiguous ones. It also keeps the suites honest where no GPU is present.
 */
class CpuBackendContractTest {
  @Nested
  class Elementwise extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return CPU;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class Reductions extends ReductionContract {
    @Override
    protected Backend backend() {
      return CPU;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class MatmulAndIndexing extends MatmulIndexContract {
    @Override
    protected Backend backend() {
      return CPU;
    }

    /** GemmReference's order does not depend on strides: bit-identical. */
    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }

  @Nested
  class Fused extends FusedContract {
    @Override
    protected Backend backend() {
      return CPU;
    }

    @Override
    protected double gemmTolerance() {
      return 0;
    }
  }
}

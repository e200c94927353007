package org.reason4j.tensor.cuda;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.Device;

/** Skips a gpu-tagged test where CUDA does not work, printing the reason once per suite. */
final class GpuTests {
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private GpuTests() {}

  static void skipUnless(String why, String suite) {
    if (why != null && REPORTED.add(suite)) System.err.println("skipping " + suite + ": " + why);
    Assumptions.assumeTrue(why == null, why);
  }

  static CudaBackend requireCuda(String suite) {
    skipUnless(Backends.availability(Device.Kind.CUDA), suite);
    return (CudaBackend) Backends.get(Device.cuda(0));
  }
}

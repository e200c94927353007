package org.reason4j.tensor.cuda;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.BackendProvider;
import org.reason4j.tensor.Device;

/**
 * Registers the CUDA backend with {@link java.util.ServiceLoader}. Loading and asking this class never
 * throws: {@link #availability()} is null when a GPU works and otherwise one sentence (JCuda missing, no
 * driver, driver too old, no device), and the CPU backend is untouched either way. Backends are made
 * once per device and shared.
 */
public final class CudaBackendProvider implements BackendProvider {
  private static final Map<Integer, CudaBackend> BACKENDS = new ConcurrentHashMap<>();

  @Override
  public Device.Kind kind() {
    return Device.Kind.CUDA;
  }

  @Override
  public String availability() {
    return CudaProbe.status().problem();
  }

  @Override
  public Backend create(int index) {
    return backend(index);
  }

  /** The shared backend of device {@code index}; throws IllegalStateException with the reason when CUDA cannot work. */
  static CudaBackend backend(int index) {
    CudaProbe.Status s = CudaProbe.status();
    if (s.problem() != null) throw new IllegalStateException("cuda:" + index + " is not available: " + s.problem());
    return BACKENDS.computeIfAbsent(index, i -> new CudaBackend(Gpu.open(i, s.deviceCount())));
  }
}

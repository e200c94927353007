package org.reason4j.tensor.cpu;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.BackendProvider;
import org.reason4j.tensor.Device;

/** Registers the CPU backend with {@link java.util.ServiceLoader}; it is always available. */
public final class CpuBackendProvider implements BackendProvider {
  @Override
  public Device.Kind kind() {
    return Device.Kind.CPU;
  }

  @Override
  public Backend create(int index) {
    if (index != 0) throw new IllegalArgumentException("there is one CPU device (cpu), not cpu:" + index);
    return CpuBackend.INSTANCE;
  }

  @Override
  public String availability() {
    return null;
  }
}

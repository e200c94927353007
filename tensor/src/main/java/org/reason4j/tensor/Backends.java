package org.reason4j.tensor;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader}. Layer code never calls this: it follows the backend of
 * the tensors it is given. Only the edges (loading a model, {@code module.to(device)}, the CLI) ask for
 * a device by name.
 */
public final class Backends {
  private static final Map<Device.Kind, BackendProvider> PROVIDERS = load();

  private Backends() {}

  private static Map<Device.Kind, BackendProvider> load() {
    Map<Device.Kind, BackendProvider> m = new EnumMap<>(Device.Kind.class);
    for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) m.putIfAbsent(p.kind(), p);
    return m;
  }

  /** The CPU backend, always present. */
  public static Backend cpu() {
    return get(Device.CPU);
  }

  /** The backend for a device, or an {@link IllegalStateException} that says why it is unavailable. */
  public static Backend get(Device device) {
    BackendProvider p = PROVIDERS.get(device.kind());
    if (p == null) {
      throw new IllegalStateException(
          "no backend for " + device + " is on the class path (for CUDA add the reason4j CUDA jars)");
    }
    String why = p.availability();
    if (why != null) throw new IllegalStateException(device + " is not available: " + why);
    return p.create(device.index());
  }

  /** Null when the device can be used; otherwise why not. */
  public static String availability(Device.Kind kind) {
    BackendProvider p = PROVIDERS.get(kind);
    return p == null ? "no " + kind + " backend on the class path" : p.availability();
  }
}

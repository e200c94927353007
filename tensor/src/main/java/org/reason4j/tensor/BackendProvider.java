package org.reason4j.tensor;

/**
 * A factory for one kind of device, listed in {@code META-INF/services/org.reason4j.tensor.BackendProvider}
 * and found with {@link java.util.ServiceLoader}. A provider must not throw while being loaded: a missing
 * driver or library is reported by {@link #availability()} and by {@link #create(int)} as one clear message.
 */
public interface BackendProvider {
  Device.Kind kind();

  /** Creates (or returns the cached) backend for device {@code index}. */
  Backend create(int index);

  /** Null when the backend can be used here; otherwise one sentence saying why not. */
  String availability();
}

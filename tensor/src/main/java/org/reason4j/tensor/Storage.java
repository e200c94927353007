package org.reason4j.tensor;

/**
 * A flat buffer of elements owned by one backend. Tensors are views over a storage (shape, strides,
 * offset). CPU storages are heap arrays and need no release; device storages are freed by
 * {@link #release()} (called by a {@link TensorScope}), never by the garbage collector.
 */
public interface Storage {
  DType dtype();

  /** Number of elements. */
  int size();

  Backend backend();

  /** Frees device memory now; a no-op on the CPU. Using the storage afterwards is an error. */
  default void release() {}

  /** True once {@link #release()} has run. */
  default boolean isReleased() {
    return false;
  }
}

package org.reason4j.tensor.cpu;

/**
 * Whether the CPU backend's Vector API kernels ({@link SimdGemm}, {@link SimdGemv}, {@link SimdReduce})
 * can run. The Vector API is an incubating module: a JVM started without
 * {@code --add-modules jdk.incubator.vector} lacks it, and then those classes must never be loaded. Each
 * of them has a plain-Java twin with the same results, so the answer changes speed, never bits.
 */
final class Simd {
  /** Decided once, when the first kernel asks. */
  static final boolean ENABLED = detect();

  private Simd() {}

  private static boolean detect() {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
    return SimdGemm.usable(); // only reached, so only loaded, when the module is there
  }
}

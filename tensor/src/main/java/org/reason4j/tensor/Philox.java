package org.reason4j.tensor;

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
 * counter-based generator PyTorch and JAX use on GPUs. A draw is a pure function of (key, counter), so
 * element i of a random tensor can be computed by any thread, on any device, in any order.
 */
public final class Philox {
  private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
  private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;

  private Philox() {}

  /**
   * The first two 32-bit outputs for key = seed, counter = (counter, stream), packed as one long
   * (word 0 in the low half).
   */
  public static long draw(long seed, long stream, long counter) {
    int c0 = (int) counter, c1 = (int) (counter >>> 32), c2 = (int) stream, c3 = (int) (stream >>> 32);
    int k0 = (int) seed, k1 = (int) (seed >>> 32);
    for (int r = 0; r < 10; r++) {
      long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
      long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
      int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
      int n1 = (int) p1;
      int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
      int n3 = (int) p0;
      c0 = n0;
      c1 = n1;
      c2 = n2;
      c3 = n3;
      k0 += W0;
      k1 += W1;
    }
    return (c0 & 0xFFFFFFFFL) | ((long) c1 << 32);
  }

  /** Uniform in [0, 1) with 24 random bits (exactly representable as a float). */
  public static float uniform(long seed, long stream, long counter) {
    return ((int) draw(seed, stream, counter) >>> 8) * 0x1.0p-24f;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public static double uniformDouble(long seed, long stream, long counter) {
    long w = draw(seed, stream, counter);
    return (w >>> 11) * 0x1.0p-53;
  }

  /** A standard normal draw by Box-Muller from the two words of one counter. */
  public static double normal(long seed, long stream, long counter) {
    long w = draw(seed, stream, counter);
    double u1 = (((int) w >>> 8) + 1) * 0x1.0p-24; // (0, 1]: log is finite
    double u2 = ((int) (w >>> 32) >>> 8) * 0x1.0p-24;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

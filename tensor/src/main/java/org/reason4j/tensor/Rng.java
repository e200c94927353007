package org.reason4j.tensor;

/**
 * A seeded random stream: (seed, stream) name it, and a counter says how many draws were used. Every
 * method consumes counters deterministically (a tensor of n elements uses n), so the same seed gives
 * the same numbers whatever the thread count, and {@link #state()} / {@link #restore(long[])} make a
 * checkpoint resume exactly where it stopped.
 */
public final class Rng {
  private final long seed;
  private final long stream;
  private long counter;

  public Rng(long seed) {
    this(seed, 0);
  }

  public Rng(long seed, long stream) {
    this.seed = seed;
    this.stream = stream;
  }

  /** An independent generator for another purpose (dropout, sampling, data order) from the same seed. */
  public Rng fork(long newStream) {
    return new Rng(seed, newStream);
  }

  public long seed() {
    return seed;
  }

  /** (seed, stream, counter): everything needed to continue this stream. */
  public long[] state() {
    return new long[] {seed, stream, counter};
  }

  public static Rng restore(long[] state) {
    Rng r = new Rng(state[0], state[1]);
    r.counter = state[2];
    return r;
  }

  private long take(long n) {
    long c = counter;
    counter += n;
    return c;
  }

  /** Uniform [0, 1) values of the given dtype on a backend. */
  public Tensor uniform(Backend backend, DType dtype, int... shape) {
    return fill(backend, dtype, Distribution.UNIFORM, 0, shape);
  }

  /** F32 uniform [0, 1) on the CPU. */
  public Tensor uniform(int... shape) {
    return uniform(Backends.cpu(), DType.F32, shape);
  }

  public Tensor normal(Backend backend, DType dtype, int... shape) {
    return fill(backend, dtype, Distribution.NORMAL, 0, shape);
  }

  /** F32 standard normal on the CPU. */
  public Tensor normal(int... shape) {
    return normal(Backends.cpu(), DType.F32, shape);
  }

  /** A BOOL mask that is true with probability p. */
  public Tensor bernoulli(Backend backend, double p, int... shape) {
    if (p < 0 || p > 1) throw new IllegalArgumentException("bernoulli: p = " + p + " is outside [0, 1]");
    return fill(backend, DType.BOOL, Distribution.BERNOULLI, p, shape);
  }

  private Tensor fill(Backend backend, DType dtype, Distribution d, double p, int[] shape) {
    Tensor out = Tensor.zeros(backend, dtype, shape);
    backend.random(d, seed, stream, take(out.numel()), p, out);
    return out;
  }

  /** One uniform double in [0, 1) on the host. */
  public double nextDouble() {
    return Philox.uniformDouble(seed, stream, take(1));
  }

  /** Uniform integer in [0, bound), without modulo bias worth mentioning (53-bit source). */
  public int nextInt(int bound) {
    if (bound <= 0) throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
    return (int) Math.min(bound - 1, (long) (nextDouble() * bound));
  }

  public double nextNormal() {
    return Philox.normal(seed, stream, take(1));
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** Draws one index from unnormalised non-negative weights (inverse CDF). */
  public int categorical(double[] weights) {
    double total = 0;
    for (double w : weights) {
      if (!(w >= 0)) throw new IllegalArgumentException("categorical: weights must be non-negative, got " + w);
      total += w;
    }
    if (!(total > 0)) throw new IllegalArgumentException("categorical: weights sum to " + total);
    double u = nextDouble() * total, acc = 0;
    int last = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] == 0) continue;
      acc += weights[i];
      last = i;
      if (u < acc) return i;
    }
    return last;
  }
}

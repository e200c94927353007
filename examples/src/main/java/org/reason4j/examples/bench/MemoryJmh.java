package org.reason4j.examples.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.Parallel;

/**
 * JMH: the memory-bound kernels against the machine's practical ceiling. Bytes moved per operation
 * (divide by the time for GB/s), on 16M floats of 64 MiB each: {@code copyCeiling} (System.arraycopy)
 * 2 x 64 MiB; {@code addPlainLoop} (a plain Java loop into a preallocated array, the ceiling for a
 * three-operand op), {@code add}, {@code addInto}, {@code mul} 3 x 64 MiB, counting the output once;
 * {@code exp} 2 x 64 MiB; {@code sum} 64 MiB. {@code sumColumns} reads 12 MiB. {@code softmax},
 * {@code logSoftmax} and {@code crossEntropy} work on (1024 x 32000) logits (125 MiB).
 *
 * <p>The forks run with a fixed, pre-touched heap ({@code -Xms6g -XX:+AlwaysPreTouch}): without it an
 * allocating op on 64 MiB spends most of its time in page faults while the heap grows (measured 50 to
 * 190 ms for {@code add} against 11 ms), which measures the JVM's heap sizing, not the kernel.
 * Run: {@code java -jar examples/target/benchmarks.jar MemoryJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class MemoryJmh {
  /** 16M floats: far larger than the caches, so every pass goes to memory. */
  static final int N = 1 << 24;
  static final int ROWS = 1024;
  static final int VOCAB = 32000;

  @Param({"1", "2"})
  public int threads;

  private Tensor a;
  private Tensor b;
  private Tensor out;
  private float[] pa;
  private float[] pb;
  private float[] po;
  private Tensor activations;
  private Tensor logits;
  private Tensor targets;
  private Tensor loss;
  private Tensor lse;
  private Backend backend;

  @Setup
  public void setUp() {
    Parallel.setThreads(threads);
    Rng rng = new Rng(1);
    a = rng.normal(N);
    b = rng.normal(N);
    out = Tensor.zeros(N);
    pa = a.toFloatArray();
    pb = b.toFloatArray();
    po = new float[N];
    activations = rng.normal(4096, 768);
    logits = rng.normal(ROWS, VOCAB);
    long[] t = new long[ROWS];
    for (int i = 0; i < ROWS; i++) t[i] = (i * 7919L) % VOCAB;
    targets = Tensor.of(t, ROWS);
    loss = Tensor.zeros(ROWS);
    lse = Tensor.zeros(ROWS);
    backend = a.backend();
  }

  @Benchmark
  public float[] copyCeiling() {
    System.arraycopy(pa, 0, po, 0, N);
    return po;
  }

  @Benchmark
  public float[] addPlainLoop() {
    for (int i = 0; i < N; i++) po[i] = pa[i] + pb[i];
    return po;
  }

  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  @Benchmark
  public Tensor addInto() {
    backend.binary(BinaryOp.ADD, a, b, out);
    return out;
  }

  @Benchmark
  public Tensor mul() {
    return a.mul(b);
  }

  @Benchmark
  public Tensor exp() {
    return a.exp();
  }

  @Benchmark
  public Tensor sum() {
    return a.sum();
  }

  /** A bias gradient: the (4096 x 768) rows summed into one row (12 MiB read). */
  @Benchmark
  public Tensor sumColumns() {
    return activations.sum(0, false);
  }

  @Benchmark
  public Tensor softmax() {
    return logits.softmax(-1);
  }

  @Benchmark
  public Tensor logSoftmax() {
    return logits.logSoftmax(-1);
  }

  @Benchmark
  public Tensor crossEntropy() {
    backend.crossEntropy(logits, targets, loss, lse);
    return loss;
  }
}

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
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.Parallel;

/**
 * JMH: F32 matrix products through {@link Tensor#matmul}, output allocation included (as a caller sees
 * it). GFLOP/s = 2 m n k / time; the shapes are those of {@link GemmBench} ("square:N" or an op name).
 * Run: {@code java -jar examples/target/benchmarks.jar GemmJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class GemmJmh {
  @Param({"square:256", "square:1024", "linear_fwd", "linear_dx", "linear_dw", "decode_head", "decode_head_bt"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  private Tensor a;
  private Tensor b;

  @Setup
  public void setUp() {
    Parallel.setThreads(threads);
    GemmBench.Case c = GemmBench.caseNamed(shape);
    Rng rng = new Rng(1);
    a = c.aTransposed() ? rng.normal(c.k(), c.m()).transpose(0, 1) : rng.normal(c.m(), c.k());
    b = c.bTransposed() ? rng.normal(c.n(), c.k()).transpose(0, 1) : rng.normal(c.k(), c.n());
  }

  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }
}

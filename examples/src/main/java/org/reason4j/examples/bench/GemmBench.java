package org.reason4j.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.CpuGemm;
import org.reason4j.tensor.cpu.Parallel;
import org.reason4j.tensor.io.Json;

/**
 * {@code reason4j bench gemm}: times F32 matrix products on the CPU backend and prints GFLOP/s (best and
 * median of several timed runs after a warm-up). Shape families: {@code square} (n x n times n x n for
 * each --n), {@code transformer} (one GPT-2-small MLP layer with 512 tokens: the forward product and the
 * two transposed products of its backward) and {@code decode} (one token times an output head or an MLP
 * weight, with the weight stored either way round). {@code tools/bench/numpy_gemm.py} prints the same
 * JSON lines for numpy, and {@code tools/bench/gemm_vs_numpy.sh} compares the two.
 *
 * <p>This is a measuring tool, not a test: it asserts nothing about speed.
 */
public final class GemmBench {
  /** One timed product: A (m x k) times B (k x n); a transposed operand is a transpose view. */
  record Case(String op, int m, int k, int n, boolean aTransposed, boolean bTransposed) {}

  /** What one command line asks for. */
  record Options(int[] sizes, int[] threads, List<String> families, int reps, boolean json) {}

  private static final String USAGE = "usage: bench gemm [--n N[,N...]] [--threads T[,T...]] "
      + "[--shapes square,transformer,decode] [--reps R] [--json]";

  private GemmBench() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the benchmark for the flags after {@code bench gemm}; returns a process exit code. */
  public static int run(String[] args) {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench gemm: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    int restore = Parallel.threads();
    try {
      for (int t : o.threads()) {
        Parallel.setThreads(t);
        for (Case c : cases(o)) report(c, t, time(c, o.reps()), o.json());
      }
    } finally {
      Parallel.setThreads(restore);
    }
    return 0;
  }

  static Options parse(String[] args) {
    int[] sizes = {1024};
    int[] threads = {Parallel.threads()};
    List<String> families = List.of("square", "transformer");
    int reps = 10;
    boolean json = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--json")) {
        json = true;
        continue;
      }
      if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
      String v = args[++i];
      switch (flag) {
        case "--n": sizes = positiveInts(flag, v); break;
        case "--threads": threads = positiveInts(flag, v); break;
        case "--reps": reps = positiveInts(flag, v)[0]; break;
        case "--shapes":
          families = Arrays.asList(v.split(","));
          for (String f : families) {
            if (!List.of("square", "transformer", "decode").contains(f)) {
              throw new IllegalArgumentException("unknown shape family '" + f + "' (square, transformer, decode)");
            }
          }
          break;
        default: throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    return new Options(sizes, threads, families, reps, json);
  }

  private static int[] positiveInts(String flag, String v) {
    try {
      int[] r = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
      for (int x : r) if (x < 1) throw new NumberFormatException();
      return r;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes positive integers, got '" + v + "'");
    }
  }

  /** The products for the chosen families, in a fixed order (the numpy script lists the same). */
  static List<Case> cases(Options o) {
    List<Case> cs = new ArrayList<>();
    if (o.families().contains("square")) {
      for (int n : o.sizes()) cs.add(new Case("square", n, n, n, false, false));
    }
    if (o.families().contains("transformer")) {
      int tokens = 512, c = 768, hidden = 3072; // x (512 x 768), w (768 x 3072), y = x w
      cs.add(new Case("linear_fwd", tokens, c, hidden, false, false)); // y = x w
      cs.add(new Case("linear_dx", tokens, hidden, c, false, true)); // dx = dy w^T
      cs.add(new Case("linear_dw", c, tokens, hidden, true, false)); // dw = x^T dy
    }
    if (o.families().contains("decode")) {
      cs.add(new Case("decode_head", 1, 288, 32000, false, false)); // stories-size head, (C, V) weight
      cs.add(new Case("decode_head_bt", 1, 288, 32000, false, true)); // the same head stored (V, C)
      cs.add(new Case("decode_mlp", 1, 768, 3072, false, false));
      cs.add(new Case("decode_mlp_bt", 1, 768, 3072, false, true));
    }
    return cs;
  }

  /** A case by name, as the JMH benchmark takes it: "square:N" or one of the fixed shapes' op names. */
  static Case caseNamed(String name) {
    if (name.startsWith("square:")) {
      int n = positiveInts("square", name.substring("square:".length()))[0];
      return new Case("square", n, n, n, false, false);
    }
    Options all = new Options(new int[0], new int[0], List.of("transformer", "decode"), 1, false);
    for (Case c : cases(all)) if (c.op().equals(name)) return c;
    throw new IllegalArgumentException("unknown GEMM case '" + name + "'");
  }

  /** Result of timing one case: seconds per product, sorted, and the kernel that ran. */
  record Timing(double[] seconds, CpuGemm.Path path) {
    double best() {
      return seconds[0];
    }

    double median() {
      return seconds[seconds.length / 2];
    }
  }

  static Timing time(Case c, int reps) {
    Rng rng = new Rng(1);
    Tensor a = c.aTransposed() ? rng.normal(c.k(), c.m()).transpose(0, 1) : rng.normal(c.m(), c.k());
    Tensor b = c.bTransposed() ? rng.normal(c.n(), c.k()).transpose(0, 1) : rng.normal(c.k(), c.n());
    // Warm-up: until the JIT has compiled the kernels (at least 0.5 s and 3 products).
    long start = System.nanoTime();
    for (int i = 0; i < 3 || System.nanoTime() - start < 500_000_000L; i++) a.matmul(b);
    double[] s = new double[reps];
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      a.matmul(b);
      s[r] = (System.nanoTime() - t0) * 1e-9;
    }
    Arrays.sort(s);
    return new Timing(s, CpuGemm.path(a, b));
  }

  private static void report(Case c, int threads, Timing t, boolean json) {
    double flops = 2.0 * c.m() * c.n() * c.k();
    double best = flops / t.best() * 1e-9, median = flops / t.median() * 1e-9;
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("op", c.op());
      line.put("m", c.m());
      line.put("n", c.n());
      line.put("k", c.k());
      line.put("threads", threads);
      line.put("path", t.path().name());
      line.put("gflops", round(best));
      line.put("median_gflops", round(median));
      line.put("best_ms", round(t.best() * 1e3));
      System.out.println(Json.write(line));
    } else {
      System.out.printf("%-15s m=%-5d n=%-6d k=%-5d threads=%d %-15s best %7.1f GFLOP/s  median %7.1f GFLOP/s  (%.3f ms)%n",
          c.op(), c.m(), c.n(), c.k(), threads, t.path(), best, median, t.best() * 1e3);
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

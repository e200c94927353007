package org.reason4j.examples.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.Parallel;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * End-to-end speed of the tiny models the RL demo trains (a Llama of dim 96, 3 layers, a 42-token
 * vocabulary), where per-op overhead rather than arithmetic sets the pace: one training step (32 left-padded
 * rows of 96 tokens: forward, masked cross-entropy, backward, AdamW) and one sampled generation (64 prompts
 * of 20 to 43 tokens, 40 new tokens each, KV cache, no EOS). Each workload runs {@code warmup} times, then
 * {@code repeats} timed times; tokens/s medians are printed as JSON lines with a {@code check} value (the
 * loss, row 0's summed log-probs) that must not move when only speed changes.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp 'examples/target/reason4j.jar:examples/target/lib/*'
 * org.reason4j.examples.bench.TinyBench [train|generate|all] [repeats] [threads]}. A measuring tool; it
 * asserts nothing about speed.
 */
public final class TinyBench {
  /** The demo-sized model: vocab 42, dim 96, MLP 256, 3 layers, 4 heads, context 256. */
  public static final ModelConfig CONFIG = ModelConfig.llama(42, 96, 256, 3, 4, 4, 256);
  public static final int TRAIN_ROWS = 32, TRAIN_TOKENS = 96, GEN_ROWS = 64, GEN_NEW = 40;
  private static final long SEED = 7;

  /** What is timed. */
  public enum Workload {
    TRAIN("tiny_train_b32x96", (long) TRAIN_ROWS * TRAIN_TOKENS),
    GENERATE("tiny_generate_b64x40", (long) GEN_ROWS * GEN_NEW);

    private final String label;
    private final long tokens;

    Workload(String label, long tokens) {
      this.label = label;
      this.tokens = tokens;
    }

    public String label() {
      return label;
    }

    /** Tokens one run consumes (training) or produces (generation). */
    public long tokens() {
      return tokens;
    }
  }

  /**
   * Tokens per second of each timed run (wall clock), the same per second of the calling thread's CPU
   * time, and the last run's check value. With one thread every kernel runs on the calling thread, so
   * the CPU-time figure is the whole work and hardly moves when other processes share the machine.
   */
  public record Result(Workload workload, double[] tokensPerSecond, double[] tokensPerCpuSecond, double check) {
    public double median() {
      return TransformerBench.median(tokensPerSecond);
    }

    public double medianCpu() {
      return TransformerBench.median(tokensPerCpuSecond);
    }
  }

  /** A model, its optimizer and the fixed batch: the state one training step changes. */
  public static final class TrainState {
    final CausalLM model = CausalLM.create(CONFIG, SEED);
    final AdamW optimizer = new AdamW(model.namedParameters(), AdamW.Config.defaults().withLr(1e-3));
    final Tensor ids, positions, keyMask, targets;

    public TrainState() {
      long[] id = new long[TRAIN_ROWS * TRAIN_TOKENS], tg = new long[id.length];
      boolean[] real = new boolean[id.length];
      for (int r = 0; r < TRAIN_ROWS; r++) {
        int pad = r % 16; // left padding, as rollouts are laid out
        for (int j = 0; j < TRAIN_TOKENS; j++) {
          int i = r * TRAIN_TOKENS + j;
          real[i] = j >= pad;
          id[i] = real[i] ? tokenId(r, j) : 0;
          tg[i] = real[i] && j + 1 < TRAIN_TOKENS ? tokenId(r, j + 1) : -1;
        }
      }
      ids = Tensor.of(id, TRAIN_ROWS, TRAIN_TOKENS);
      keyMask = Tensor.of(real, TRAIN_ROWS, TRAIN_TOKENS);
      positions = CausalLM.positionsFromMask(keyMask, TRAIN_TOKENS);
      targets = Tensor.of(tg, TRAIN_ROWS, TRAIN_TOKENS);
    }

    /** One step; returns the loss before the update. */
    public double step() {
      model.train();
      optimizer.zeroGrad();
      Var logits = model.forward(ids, positions, keyMask, null).logits(); // (B, T, V)
      Var loss = Losses.crossEntropy(logits, targets);
      loss.backward();
      optimizer.step();
      return loss.value().item();
    }
  }

  private TinyBench() {}

  /** A fixed token in [3, V): a formula, so every run sees the same data. */
  static long tokenId(int row, int position) {
    return 3 + ((long) row * 31 + (long) position * 17) % (CONFIG.vocabSize() - 3);
  }

  /** One sampled generation; returns row 0's summed log-probs. */
  public static double generate(CausalLM model) {
    List<int[]> prompts = new ArrayList<>();
    for (int r = 0; r < GEN_ROWS; r++) {
      int[] p = new int[20 + (r * 7) % 24];
      for (int j = 0; j < p.length; j++) p[j] = (int) tokenId(r, j);
      prompts.add(p);
    }
    List<GenerationResult> out = new Generator(model, null).generate(prompts, GenerationConfig.sampling(GEN_NEW, 1.0, Set.of(), SEED));
    double sum = 0;
    for (float lp : out.get(0).logprobs()) sum += lp;
    return sum;
  }

  /** Times one workload: {@code warmup} untimed runs, then {@code repeats} timed ones. */
  public static Result measure(Workload w, int warmup, int repeats) {
    TrainState train = w == Workload.TRAIN ? new TrainState() : null;
    CausalLM model = train == null ? CausalLM.create(CONFIG, SEED) : null;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    double check = 0;
    double[] tps = new double[repeats], cpuTps = new double[repeats];
    for (int i = -warmup; i < repeats; i++) {
      long t0 = System.nanoTime(), c0 = cpu.getCurrentThreadCpuTime();
      check = train != null ? train.step() : generate(model);
      if (i >= 0) {
        tps[i] = w.tokens() / ((System.nanoTime() - t0) / 1e9);
        cpuTps[i] = w.tokens() / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9);
      }
    }
    return new Result(w, tps, cpuTps, check);
  }

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "all";
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (args.length > 2) Parallel.setThreads(Integer.parseInt(args[2]));
    for (Workload w : Workload.values()) {
      if (!which.equals("all") && !w.name().equalsIgnoreCase(which)) continue;
      Result r = measure(w, 3, repeats);
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("workload", w.label());
      j.put("threads", Parallel.threads());
      j.put("median", r.median());
      j.put("median_per_cpu_second", r.medianCpu());
      j.put("samples", r.tokensPerSecond());
      j.put("check", r.check());
      System.out.println(Json.write(j));
    }
  }
}

package org.reason4j.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * {@code reason4j bench transformer}: end-to-end speed of a Llama the shape of llama2.c's TinyStories
 * models, with random weights, on the CPU: greedy generation with a KV cache at batch 1 and 16 (prompt
 * of 16 tokens, 128 new tokens, no EOS) and one training forward + backward (batch 8 x 256 tokens,
 * cross-entropy, no optimizer step). {@code tools/bench/torch_transformer.py} runs the same workloads on
 * the same weights (saved here with {@link HfCheckpoint#save}) in PyTorch, and
 * {@code tools/bench/transformer_vs_torch.sh} prints both side by side.
 *
 * <p>Each workload runs once to warm up the JIT, then {@code repeats} times; the median is reported.
 * A {@code check} value (row 0's first generated ids and summed log-probs, the training loss) lets the comparison script confirm
 * that both sides computed the same thing. This is a measuring tool: it asserts nothing about speed.
 */
public final class TransformerBench {
  public static final int PROMPT_TOKENS = 16, NEW_TOKENS = 128, TRAIN_BATCH = 8, TRAIN_TOKENS = 256;
  /** Seed of the random weights (Hugging Face's initialisation: N(0, 0.02^2) matrices, unit norms). */
  public static final long SEED = 1234;

  /** Model shapes of llama2.c's stories models (tied embeddings, vocabulary of Llama 2). */
  public enum Preset {
    STORIES15M("stories15M", ModelConfig.llama(32000, 288, 768, 6, 6, 6, 256)),
    STORIES110M("stories110M", ModelConfig.llama(32000, 768, 2048, 12, 12, 12, 1024));

    private final String label;
    private final ModelConfig config;

    Preset(String label, ModelConfig untied) {
      this.label = label;
      this.config = untied.withTiedEmbeddings(true);
    }

    public String label() {
      return label;
    }

    public ModelConfig config() {
      return config;
    }

    /** By the label as written on the command line, ignoring case. */
    public static Preset of(String label) {
      for (Preset p : values()) if (p.label.equalsIgnoreCase(label)) return p;
      throw new IllegalArgumentException("unknown preset '" + label + "' (stories15M, stories110M)");
    }
  }

  /** What is timed. */
  public enum Workload {
    GENERATE_B1("generate_b1", 1),
    GENERATE_B16("generate_b16", 16),
    TRAIN_B8("train_b8x256", TRAIN_BATCH);

    private final String label;
    private final int batch;

    Workload(String label, int batch) {
      this.label = label;
      this.batch = batch;
    }

    public String label() {
      return label;
    }

    /** Tokens one run produces (generation) or consumes (training). */
    public long tokens() {
      return this == TRAIN_B8 ? (long) batch * TRAIN_TOKENS : (long) batch * NEW_TOKENS;
    }
  }

  /** The median of timed runs (the mean of the middle two for an even count); TinyBench uses it too. */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /**
   * Tokens per second of each timed run (wall clock), the same per second of CPU time used by the whole
   * process (NaN where the JVM cannot tell), and what the first run computed. On a machine shared with
   * other programs the CPU-time figure of a one-thread run measures the work itself, where the wall-clock
   * figure also measures how much of a core the scheduler gave.
   */
  public record Result(Workload workload, double[] tokensPerSecond, double[] tokensPerCpuSecond, Object check) {
    public double median() {
      return TransformerBench.median(tokensPerSecond);
    }

    public double medianCpu() {
      return TransformerBench.median(tokensPerCpuSecond);
    }


    /** One JSON-ready row, in the same fields torch_transformer.py prints. */
    public Map<String, Object> toJson(Preset preset, int threads) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("impl", "reason4j");
      j.put("preset", preset.label());
      j.put("workload", workload.label());
      j.put("threads", threads);
      j.put("unit", "tokens/s");
      j.put("median", median());
      j.put("samples", tokensPerSecond);
      j.put("median_cpu", medianCpu());
      j.put("samples_cpu", tokensPerCpuSecond);
      j.put("check", check);
      return j;
    }
  }

  private TransformerBench() {}

  /** The benchmark model: random weights from {@link #SEED}. */
  public static CausalLM model(Preset preset) {
    return CausalLM.create(preset.config(), SEED);
  }

  /** Writes the model where PyTorch can read it (config.json + model.safetensors, F32). */
  public static void save(CausalLM model, Path dir) throws IOException {
    HfCheckpoint.save(model, dir);
  }

  /**
   * Token id at (row, position) of every input: a fixed formula (torch_transformer.py has the same) that
   * avoids the special ids 0..2 and spreads over the vocabulary.
   */
  public static long tokenId(int row, int position, int vocab) {
    return 3 + ((long) row * 7919 + (long) position * 104729) % (vocab - 3);
  }

  /** Warms up once, then times {@code repeats} runs. */
  public static Result measure(CausalLM model, Workload w, int repeats) {
    Object check = run(model, w).check;
    double[] tps = new double[repeats], cpuTps = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime(), c0 = processCpuNanos();
      run(model, w);
      tps[i] = w.tokens() / ((System.nanoTime() - t0) / 1e9);
      cpuTps[i] = c0 < 0 ? Double.NaN : w.tokens() / ((processCpuNanos() - c0) / 1e9);
    }
    return new Result(w, tps, cpuTps, check);
  }

  /** CPU time of all the JVM's threads (JIT and GC included), or -1 where the platform does not say. */
  static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
  }

  private record Run(Object check) {}

  private static Run run(CausalLM model, Workload w) {
    return w == Workload.TRAIN_B8 ? train(model) : generate(model, w.batch);
  }

  /** Greedy generation of NEW_TOKENS per row with EOS disabled; the check is row 0's first 16 ids and its summed log-probs. */
  private static Run generate(CausalLM model, int batch) {
    int vocab = model.config().vocabSize();
    List<int[]> prompts = new ArrayList<>();
    for (int r = 0; r < batch; r++) {
      int[] p = new int[PROMPT_TOKENS];
      for (int j = 0; j < PROMPT_TOKENS; j++) p[j] = (int) tokenId(r, j, vocab);
      prompts.add(p);
    }
    List<GenerationResult> out = new Generator(model, null).generate(prompts, GenerationConfig.greedy(NEW_TOKENS, Set.of()));
    for (GenerationResult g : out) {
      if (g.ids().length != NEW_TOKENS) throw new IllegalStateException("generated " + g.ids().length + " tokens, expected " + NEW_TOKENS);
    }
    double logprobSum = 0;
    for (float lp : out.get(0).logprobs()) logprobSum += lp;
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("ids", Arrays.copyOf(out.get(0).ids(), 16));
    check.put("logprob_sum", logprobSum);
    return new Run(check);
  }

  /** Forward, mean cross-entropy against the next token, backward; gradients dropped before each run. */
  private static Run train(CausalLM model) {
    int vocab = model.config().vocabSize();
    long[] ids = new long[TRAIN_BATCH * TRAIN_TOKENS], targets = new long[ids.length];
    for (int r = 0; r < TRAIN_BATCH; r++) {
      for (int j = 0; j < TRAIN_TOKENS; j++) {
        ids[r * TRAIN_TOKENS + j] = tokenId(r, j, vocab);
        targets[r * TRAIN_TOKENS + j] = tokenId(r, j + 1, vocab);
      }
    }
    model.train();
    model.zeroGrad();
    Var logits = model.forward(Tensor.of(ids, TRAIN_BATCH, TRAIN_TOKENS)).logits(); // (B, T, V)
    Var loss = Losses.crossEntropy(logits, Tensor.of(targets, TRAIN_BATCH, TRAIN_TOKENS));
    loss.backward();
    return new Run(loss.value().item());
  }
}

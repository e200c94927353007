package org.reason4j.transformer.model;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Linear;
import org.reason4j.nn.Module;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/**
 * A decoder-only language model: token ids in, last hidden states and next-token logits out. The same
 * forward serves training (with gradients, no cache) and generation (no-grad, with a {@link KvCache}),
 * so sampled log-probs and training log-probs come from identical arithmetic.
 *
 * <p>Inputs follow Hugging Face: {@code ids} (B, T), {@code positions} (B, T) (the position of each new
 * token, 0-based, skipping left padding), and {@code keyMask} (B, S) with S = cached + T, true for real
 * tokens and false for padding. Logit at position p predicts token p + 1.
 */
public abstract class CausalLM extends Module {
  /** Hidden states after the final norm (B, T, C) and logits (B, T, V). */
  public record Output(Var hidden, Var logits) {}

  public abstract ModelConfig config();

  /** Hidden states after the final norm (B, T, C); the cache, when given, advances by T. */
  public abstract Var hidden(Tensor ids, Tensor positions, Tensor keyMask, KvCache cache);

  /** The output head: hidden (..., C) -> logits (..., V). */
  public Var head(Var hidden) {
    return outputHead().forward(hidden); // (..., V)
  }

  /** The layer {@link #head} applies (it may share its weight with the token embeddings). */
  protected abstract Linear outputHead();

  /** What {@link #keepTransposedWeights} returns: closing it drops the copies. */
  public interface TransposedWeights extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * For decoding {@code rows} rows at a time: keeps row-major copies of W^T for every {@link Linear} of
   * the model, the output head included, until the returned scope is closed, when the backend multiplies
   * that few rows faster by them ({@link org.reason4j.tensor.Backend#rowsFavouringRowMajorWeights}) and
   * they fit in half of the free heap; otherwise it keeps none. No-grad forwards then use the copies; the
   * results are the same bits. The weights must not change while the scope is open.
   */
  public TransposedWeights keepTransposedWeights(int rows) {
    Linear head = outputHead();
    if (rows > head.weight().value().backend().rowsFavouringRowMajorWeights()) return () -> {};
    Set<Linear> linears = Collections.newSetFromMap(new IdentityHashMap<>());
    linears.add(head);
    for (Module m : namedModules().values()) if (m instanceof Linear) linears.add((Linear) m);
    long bytes = 0;
    for (Linear l : linears) bytes += 4L * l.weight().value().numel();
    Runtime rt = Runtime.getRuntime();
    if (bytes > (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) / 2) return () -> {};
    for (Linear l : linears) l.keepTransposedCopy(true);
    return () -> {
      for (Linear l : linears) l.keepTransposedCopy(false);
    };
  }

  public Output forward(Tensor ids, Tensor positions, Tensor keyMask, KvCache cache) {
    Var h = hidden(ids, positions, keyMask, cache);
    return new Output(h, head(h));
  }

  /** A forward over unpadded ids (B, T) from position 0, without a cache. */
  public Output forward(Tensor ids) {
    return forward(ids, defaultPositions(ids.dim(0), ids.dim(1)), null, null);
  }

  public KvCache newCache(int batch, int capacity) {
    return new KvCache(config(), batch, capacity, parameters().get(0).value().backend());
  }

  /** 0..T-1 for every row. */
  public static Tensor defaultPositions(int b, int t) {
    long[] p = new long[b * t];
    for (int i = 0; i < b * t; i++) p[i] = i % t;
    return Tensor.of(p, b, t);
  }

  /**
   * Positions of the last {@code t} tokens given a (B, S) mask of real tokens, as Hugging Face computes
   * them: cumulative count of real tokens minus one, and 1 at padding (any value works there).
   */
  public static Tensor positionsFromMask(Tensor keyMask, int t) {
    boolean[] m = keyMask.toBoolArray();
    int b = keyMask.dim(0), s = keyMask.dim(1);
    long[] p = new long[b * t];
    for (int r = 0; r < b; r++) {
      long count = 0;
      for (int j = 0; j < s; j++) {
        if (m[r * s + j]) count++;
        if (j >= s - t) p[r * t + j - (s - t)] = m[r * s + j] ? count - 1 : 1;
      }
    }
    return Tensor.of(p, b, t);
  }

  /**
   * Fills parameters as Hugging Face's {@code _init_weights} does for a fresh model: matrices from
   * N(0, std^2), biases 0, norm weights 1.
   */
  public void initWeights(Rng rng, double std) {
    for (Map.Entry<String, Var> e : namedParameters().entrySet()) {
      Tensor v = e.getValue().value();
      if (v.rank() >= 2) v.copyFrom(rng.normal(v.shape()).mul(std));
      else if (e.getKey().endsWith("bias")) v.fill(0);
      else v.fill(1);
    }
  }

  /** Builds a fresh model with HF-style random weights (initializer_range 0.02). */
  public static CausalLM create(ModelConfig c, long seed) {
    CausalLM m = c.family() == ModelConfig.Family.GPT2 ? new Gpt2LMHeadModel(c) : new LlamaForCausalLM(c);
    m.initWeights(new Rng(seed), 0.02);
    return m;
  }

  /** Builds a model with zero weights, ready to load a checkpoint into. */
  public static CausalLM empty(ModelConfig c) {
    return c.family() == ModelConfig.Family.GPT2 ? new Gpt2LMHeadModel(c) : new LlamaForCausalLM(c);
  }

  /** Zero F32 parameter of a shape (weights are filled by {@link #initWeights} or a checkpoint). */
  static Var zeros(int... shape) {
    return Var.param(Tensor.zeros(DType.F32, shape));
  }

  /** The ids must fit the context; the error names both numbers. */
  void checkLength(int total) {
    if (total > config().maxPositions()) {
      throw new IllegalArgumentException("sequence of " + total + " tokens is longer than the model's context of " + config().maxPositions());
    }
  }
}

package org.reason4j.rl.rewardmodel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Linear;
import org.reason4j.rl.eval.CandidateScorer;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.SafetensorsWriter;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.io.ShardedSafetensors;
import org.reason4j.transformer.model.CausalLM;

/**
 * An outcome reward model (ReFT paper's reranker, ALGORITHMS §9.4): the policy's transformer as a backbone
 * and a 2-way linear classifier, without bias, on the hidden state of each sequence's last real token,
 * as Hugging Face's {@code LlamaForSequenceClassification} pools; class 1 means "this solution is correct".
 * Sequences are right-padded, so the last real token of row i sits at {@code length_i − 1} and sees
 * everything before it.
 *
 * <p>Saved as a Hugging Face model folder (the backbone) with the classifier in {@value #HEAD_FILE} under
 * the key {@code score.weight}. The backbone's LM head is computed but unused: the price of reusing the
 * causal model's forward unchanged.
 */
public final class RewardModel implements CandidateScorer {
  /** The classifier's file beside the backbone's weights. */
  public static final String HEAD_FILE = "score.safetensors";

  /** The classifier's key, as transformers names it. */
  public static final String HEAD_KEY = "score.weight";

  private final CausalLM backbone;
  private final Linear score;

  /** A fresh classifier (N(0, 0.02²), Hugging Face's initializer range) on a backbone. */
  public RewardModel(CausalLM backbone, long seed) {
    this(backbone, new Linear(Var.param(new Rng(seed, 17).normal(2, backbone.config().hiddenSize()).mul(0.02)), null));
  }

  private RewardModel(CausalLM backbone, Linear score) {
    this.backbone = backbone;
    this.score = score;
    backbone.eval();
  }

  public CausalLM backbone() {
    return backbone;
  }

  /**
   * Class logits (B, 2) of right-padded ids (B, T) whose rows hold {@code lengths[i]} real tokens.
   */
  public Var logits(Tensor ids, int[] lengths) {
    int b = ids.dim(0), t = ids.dim(1);
    Var hidden = backbone.forward(ids).hidden(); // (B, T, C)
    long[] last = new long[b];
    for (int i = 0; i < b; i++) {
      if (lengths[i] < 1 || lengths[i] > t) throw new IllegalArgumentException("row " + i + " has length " + lengths[i] + " in a batch of width " + t);
      last[i] = (long) i * t + lengths[i] - 1;
    }
    Var pooled = hidden.reshape(b * t, hidden.dim(2)).indexSelect(0, Tensor.of(last, b)); // (B, C)
    return score.forward(pooled); // (B, 2)
  }

  /** Right-padded (B, T) ids of token sequences, and their lengths. */
  public record Batch(Tensor ids, int[] lengths) {
    public static Batch of(List<int[]> sequences) {
      int b = sequences.size(), t = 1;
      for (int[] s : sequences) t = Math.max(t, s.length);
      long[] ids = new long[b * t];
      int[] lengths = new int[b];
      for (int i = 0; i < b; i++) {
        int[] s = sequences.get(i);
        if (s.length == 0) throw new IllegalArgumentException("sequence " + i + " is empty");
        for (int j = 0; j < s.length; j++) ids[i * t + j] = s[j];
        lengths[i] = s.length;
      }
      return new Batch(Tensor.of(ids, b, t), lengths);
    }
  }

  /**
   * P(correct) for each sequence (prompt ids then response ids), in batches of 16, no gradients; a sequence
   * longer than the backbone's context is read up to the context (training cuts at its maxLength likewise).
   */
  @Override
  public double[] probabilityCorrect(List<int[]> sequences) {
    double[] out = new double[sequences.size()];
    int context = backbone.config().maxPositions();
    try (GradMode g = GradMode.disabled()) {
      for (int start = 0; start < sequences.size(); start += 16) {
        List<int[]> part = new ArrayList<>();
        for (int[] s : sequences.subList(start, Math.min(sequences.size(), start + 16))) part.add(s.length > context ? Arrays.copyOf(s, context) : s);
        Batch b = Batch.of(part);
        float[] p = logits(b.ids(), b.lengths()).value().softmax(1).toFloatArray();
        for (int i = 0; i < b.lengths().length; i++) out[start + i] = p[2 * i + 1];
      }
    }
    return out;
  }

  /** Trainable parameters: the backbone's (HF names), then {@value #HEAD_KEY}. */
  public Map<String, Var> parameters() {
    Map<String, Var> out = new LinkedHashMap<>(backbone.namedParameters());
    out.put(HEAD_KEY, score.weight());
    return out;
  }

  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>(backbone.stateDict());
    out.put(HEAD_KEY, score.weight().value());
    return out;
  }

  public void loadStateDict(Map<String, Tensor> weights) {
    Map<String, Tensor> lm = new LinkedHashMap<>(weights);
    Tensor head = lm.remove(HEAD_KEY);
    if (head == null) throw new IllegalArgumentException("the reward model's weights have no " + HEAD_KEY);
    backbone.loadStateDict(lm, true);
    score.weight().value().copyFrom(head);
  }

  /** Writes the backbone as a Hugging Face folder and the classifier beside it. */
  public void save(Path dir) throws IOException {
    HfCheckpoint.save(backbone, dir);
    SafetensorsWriter.write(dir.resolve(HEAD_FILE), Map.of(HEAD_KEY, score.weight().value()), Map.of("format", "pt"));
  }

  /** Reads a folder {@link #save} wrote. */
  public static RewardModel load(Path dir) throws IOException {
    Path head = dir.resolve(HEAD_FILE);
    if (!Files.isRegularFile(head)) throw new IOException(dir + ": no " + HEAD_FILE + "; this is not a reward model folder (reason4j reward-model writes one)");
    CausalLM backbone = HfCheckpoint.load(dir);
    try (ShardedSafetensors w = ShardedSafetensors.openFile(head)) {
      if (!w.contains(HEAD_KEY)) throw new IOException(head + ": missing tensor " + HEAD_KEY);
      Tensor weight = w.readAs(HEAD_KEY, DType.F32);
      int hidden = backbone.config().hiddenSize();
      if (weight.rank() != 2 || weight.dim(0) != 2 || weight.dim(1) != hidden) {
        throw new IOException(head + ": " + HEAD_KEY + " must be (2, " + hidden + "), got " + Arrays.toString(weight.shape()));
      }
      return new RewardModel(backbone, new Linear(Var.param(weight.contiguous()), null));
    }
  }

  /** Sequences as the model reads them: prompt ids then response ids, cut to the first {@code maxLength}. */
  public static List<int[]> sequences(List<int[]> prompts, List<int[]> responses, int maxLength) {
    List<int[]> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) out.add(join(prompts.get(i), responses.get(i), maxLength));
    return out;
  }

  static int[] join(int[] prompt, int[] response, int maxLength) {
    int n = Math.min(maxLength, prompt.length + response.length);
    int[] s = new int[n];
    for (int j = 0; j < n; j++) s[j] = j < prompt.length ? prompt[j] : response[j - prompt.length];
    return s;
  }
}

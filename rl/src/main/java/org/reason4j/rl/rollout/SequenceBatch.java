package org.reason4j.rl.rollout;

import java.util.Arrays;
import java.util.List;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;

/**
 * Samples as padded tensors for the training forward. Each row is laid out
 * <pre>
 *   [left pad][prompt][response][right pad]      ids (N, S), S = P + R
 *    \___ P = the widest generation prompt ___/   response tokens start at column P in every row
 * </pre>
 * with the left padding the generate call used (P is the largest {@link Sample#promptWidth()} of the
 * batch), so rows sampled together keep their sampling layout exactly. Right padding is never attended to
 * (it lies in every real token's future). The response tensors are (N, R): column t is response token
 * t, predicted by the logits at column P - 1 + t; masked columns hold target -1 and 0 elsewhere.
 *
 * @param keyMask      (N, S) BOOL, true on prompt and response tokens
 * @param positions    (N, S) I64, 0-based position of each real token (skipping the left padding)
 * @param targets      (N, R) I64 response ids, -1 past each response
 * @param responseMask (N, R) F32, m_t: 1 on response tokens (EOS included), 0 on padding
 * @param oldLogProbs  (N, R) F32, ℓ^old from the rollout, 0 on padding
 * @param advantages   (N, R) F32, or null before an estimator filled them in
 */
public record SequenceBatch(List<Sample> samples, Tensor ids, Tensor keyMask, Tensor positions, Tensor targets,
    Tensor responseMask, Tensor oldLogProbs, Tensor advantages, int promptWidth, int responseWidth) {

  public SequenceBatch {
    samples = List.copyOf(samples);
  }

  /** The padding id in {@code ids}; any valid id would do, since padding is masked everywhere. */
  public static final int PAD_ID = 0;

  /** Lays out the samples; advantages are left null. */
  public static SequenceBatch of(List<Sample> samples) {
    if (samples.isEmpty()) throw new IllegalArgumentException("a sequence batch needs at least one sample");
    int n = samples.size(), p = 0, r = 1;
    for (Sample s : samples) {
      p = Math.max(p, s.promptWidth());
      r = Math.max(r, s.length());
    }
    int width = p + r;
    long[] ids = new long[n * width], targets = new long[n * r];
    boolean[] key = new boolean[n * width];
    float[] mask = new float[n * r];
    Arrays.fill(targets, -1);
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      int start = p - s.promptIds().length;
      for (int j = 0; j < s.promptIds().length; j++) {
        ids[i * width + start + j] = s.promptIds()[j];
        key[i * width + start + j] = true;
      }
      for (int t = 0; t < s.length(); t++) {
        ids[i * width + p + t] = s.responseIds()[t];
        key[i * width + p + t] = true;
        targets[i * r + t] = s.responseIds()[t];
        mask[i * r + t] = 1;
      }
    }
    Tensor keyMask = Tensor.of(key, n, width);
    float[][] old = new float[n][];
    for (int i = 0; i < n; i++) old[i] = samples.get(i).logProbs();
    return new SequenceBatch(samples, Tensor.of(ids, n, width), keyMask, CausalLM.positionsFromMask(keyMask, width),
        Tensor.of(targets, n, r), Tensor.of(mask, n, r), pad(old, n, r), null, p, r);
  }

  /** The same batch with per-token advantages, one array per sample (its response length). */
  public SequenceBatch withAdvantages(float[][] perToken) {
    return new SequenceBatch(samples, ids, keyMask, positions, targets, responseMask, oldLogProbs, pad(perToken), promptWidth, responseWidth);
  }

  public int size() {
    return samples.size();
  }

  /** Response tokens in the batch (the sum of the response mask). */
  public long responseTokens() {
    long t = 0;
    for (Sample s : samples) t += s.length();
    return t;
  }

  /** Prompt and response tokens in the batch (the sum of the key mask): what the forward really processes. */
  public long realTokens() {
    long t = 0;
    for (Sample s : samples) t += s.promptIds().length + s.length();
    return t;
  }

  /** Per-sample per-token values (ragged, one array per row) as an (N, R) F32 tensor, 0 past each row. */
  public Tensor pad(float[][] perToken) {
    if (perToken.length != samples.size()) throw new IllegalArgumentException(perToken.length + " rows for a batch of " + samples.size());
    for (int i = 0; i < perToken.length; i++) {
      if (perToken[i].length != samples.get(i).length()) {
        throw new IllegalArgumentException("row " + i + " has " + perToken[i].length + " values for " + samples.get(i).length() + " tokens");
      }
    }
    return pad(perToken, samples.size(), responseWidth);
  }

  private static Tensor pad(float[][] rows, int n, int r) {
    float[] out = new float[n * r];
    for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, out, i * r, rows[i].length);
    return Tensor.of(out, n, r);
  }

  /** An (N, R) tensor as ragged per-sample arrays (each cut to its response length). */
  public float[][] unpad(Tensor t) {
    float[] all = t.contiguous().toFloatArray();
    int r = t.dim(1);
    float[][] out = new float[samples.size()][];
    for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOfRange(all, i * r, i * r + samples.get(i).length());
    return out;
  }
}

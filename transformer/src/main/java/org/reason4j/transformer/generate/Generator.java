package org.reason4j.transformer.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.reason4j.autograd.GradMode;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.KvCache;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.Tokenizer;

/**
 * Batched generation with a KV cache: prompts are left-padded into one batch, prefilled in one forward,
 * then decoded one token per step; rows that finish (EOS, a stop string, the length limit) leave the
 * batch. Each row samples from its own seeded stream, and the log-prob it reports for a token is computed
 * by the same kernels as the training loss ({@link Losses#logProbsOfTargets}) on the same cache layout,
 * so it equals the training forward's log-prob for that token.
 *
 * <p>It runs the model's ordinary forward under {@link GradMode#disabled()}; nothing here is a second
 * implementation of the model. For a batch of a few rows it keeps transposed copies of the weights for
 * the length of the call ({@link CausalLM#keepTransposedWeights}): same bits, several times faster
 * decode steps. So the model's weights must not change while {@code generate} runs (from a stream
 * callback, say).
 *
 * <p>A call with more rows than fit in memory at once (a DAPO generation batch of 1536 prompts x 16
 * responses, say) runs in consecutive chunks of rows, each padded to the whole call's prompt width and
 * sampling from the same per-row streams: the results are the same bits as one batch would give
 * ({@link #maxRowsPerCall}).
 */
public final class Generator {
  /** Receives each new token as it is chosen, with the text it adds (may be empty mid-character). */
  @FunctionalInterface
  public interface Stream {
    void onToken(int row, int id, String textDelta);
  }

  /** Share of the JVM's maximum heap that one chunk's KV cache and logits may take. */
  static final double HEAP_SHARE = 0.25;

  private final CausalLM model;
  private final Tokenizer tokenizer;
  private int maxRows = 0;

  /** A generator over a model; the tokenizer (may be null) decodes text and checks stop strings. */
  public Generator(CausalLM model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
  }

  /**
   * Caps the rows decoded together (0, the default, sizes chunks to a quarter of the maximum heap); the
   * results do not depend on it.
   */
  public Generator maxRowsPerCall(int rows) {
    if (rows < 0) throw new IllegalArgumentException("maxRowsPerCall must be >= 0, got " + rows);
    this.maxRows = rows;
    return this;
  }

  /**
   * Rows decoded together for prompts of {@code promptLen} tokens and {@code maxNew} new ones: as many as
   * fit a KV cache (F32 keys and values of every layer) plus a few vocabulary-wide rows of logits in a
   * quarter of the maximum heap, at least 1.
   */
  int rowsPerChunk(int promptLen, int maxNew) {
    if (maxRows > 0) return maxRows;
    ModelConfig m = model.config();
    double perRow = 4.0 * (2.0 * m.numLayers() * m.numKvHeads() * m.headDim() * (promptLen + maxNew) + 4.0 * m.vocabSize()
        + 8.0 * m.hiddenSize() * (promptLen + 1));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, HEAP_SHARE * Runtime.getRuntime().maxMemory() / perRow));
  }

  /** Encodes one prompt (with the tokenizer's special tokens, e.g. BOS) and generates from it. */
  public GenerationResult generate(String prompt, GenerationConfig c, Stream stream) {
    if (tokenizer == null) throw new IllegalStateException("generate(String): this generator has no tokenizer");
    return generate(List.of(tokenizer.encode(prompt, true)), c, stream).get(0);
  }

  public List<GenerationResult> generate(List<int[]> prompts, GenerationConfig c) {
    return generate(prompts, c, null);
  }

  public List<GenerationResult> generate(List<int[]> prompts, GenerationConfig c, Stream stream) {
    int b = prompts.size(), promptLen = 0, context = model.config().maxPositions();
    for (int[] p : prompts) {
      if (p.length == 0) throw new IllegalArgumentException("generate: empty prompt (it needs at least one token, e.g. BOS)");
      promptLen = Math.max(promptLen, p.length);
    }
    if (promptLen > context) {
      throw new IllegalArgumentException("generate: prompt of " + promptLen + " tokens is longer than the model's context of " + context);
    }
    int maxNew = Math.min(c.maxNewTokens(), context - promptLen);
    int chunk = rowsPerChunk(promptLen, maxNew), vocab = model.config().vocabSize();
    List<Row> all = new ArrayList<>(b);
    for (int r = 0; r < b; r++) all.add(new Row(r % chunk, r, prompts.get(r), vocab, new Rng(c.seed()).fork(r)));
    if (b > 0 && maxNew > 0) {
      try (GradMode g = GradMode.disabled(); CausalLM.TransposedWeights t = model.keepTransposedWeights(Math.min(chunk, b))) {
        for (int from = 0; from < b; from += chunk) decode(all.subList(from, Math.min(b, from + chunk)).toArray(new Row[0]), promptLen, maxNew, c, stream);
      }
    }
    List<GenerationResult> out = new ArrayList<>();
    for (Row row : all) {
      FinishReason why = row.finish == null ? FinishReason.LENGTH : row.finish;
      out.add(new GenerationResult(row.prompt, row.ids(), decode(row.ids(), true), row.logprobs(), why));
    }
    return out;
  }

  private void decode(Row[] rows, int promptLen, int maxNew, GenerationConfig c, Stream stream) {
    KvCache cache = model.newCache(rows.length, promptLen + maxNew);
    long[] ids = new long[rows.length * promptLen];
    boolean[] mask = new boolean[rows.length * promptLen];
    for (Row row : rows) {
      int pad = promptLen - row.prompt.length;
      for (int j = 0; j < row.prompt.length; j++) {
        ids[row.index * promptLen + pad + j] = row.prompt[j];
        mask[row.index * promptLen + pad + j] = true;
      }
    }
    List<Row> active = new ArrayList<>(Arrays.asList(rows));
    Tensor keyMask = Tensor.of(mask, rows.length, promptLen);
    Tensor input = Tensor.of(ids, rows.length, promptLen);
    Var last = model.hidden(input, CausalLM.positionsFromMask(keyMask, promptLen), keyMask, cache)
        .slice(1, promptLen - 1, promptLen); // (B, 1, C): only the last prompt position needs logits
    Var logits = model.head(last); // (B, 1, V)
    for (int step = 0; step < maxNew; step++) {
      pick(active, logits, c, stream, step == maxNew - 1);
      List<Row> still = new ArrayList<>();
      for (Row r : active) if (r.finish == null) still.add(r);
      if (still.isEmpty()) return;
      if (still.size() < active.size()) { // finished rows leave the batch (and the cache)
        long[] keep = new long[still.size()];
        for (int i = 0; i < keep.length; i++) keep[i] = active.indexOf(still.get(i));
        cache.selectRows(keep);
        keyMask = keyMask.indexSelect(0, Tensor.of(keep, keep.length));
        active = still;
      }
      int n = active.size();
      long[] next = new long[n], pos = new long[n];
      for (int i = 0; i < n; i++) {
        Row r = active.get(i);
        next[i] = r.lastId();
        pos[i] = r.prompt.length + r.count - 1;
      }
      keyMask = Tensor.concat(1, keyMask, Tensor.of(fill(n), n, 1));
      logits = model.forward(Tensor.of(next, n, 1), Tensor.of(pos, n, 1), keyMask, cache).logits(); // (n, 1, V)
    }
  }

  /** Chooses the next token of every active row from logits (n, 1, V) and applies the stop rules. */
  private void pick(List<Row> active, Var logits, GenerationConfig c, Stream stream, boolean lastStep) {
    int n = active.size(), v = model.config().vocabSize();
    float[] all = logits.value().toFloatArray();
    long[] chosen = new long[n];
    for (int i = 0; i < n; i++) {
      Row r = active.get(i);
      chosen[i] = Sampler.next(Arrays.copyOfRange(all, i * v, (i + 1) * v), r.seen, c, r.rng);
    }
    double temperature = c.greedy() ? 1 : c.temperature();
    float[] lp = Losses.logProbsOfTargets(logits, Tensor.of(chosen, n, 1), temperature).value().toFloatArray();
    for (int i = 0; i < n; i++) {
      Row r = active.get(i);
      int id = (int) chosen[i];
      r.add(id, lp[i]);
      String delta = "";
      if (stream != null || !c.stopStrings().isEmpty()) {
        String text = decode(r.ids(), true);
        delta = r.delta(text);
        for (String s : c.stopStrings()) if (text.contains(s)) r.finish = FinishReason.STOP_STRING;
      }
      if (c.eosIds().contains(id)) r.finish = FinishReason.EOS;
      else if (lastStep && r.finish == null) r.finish = FinishReason.LENGTH;
      if (stream != null) stream.onToken(r.callRow, id, delta);
    }
  }

  private String decode(int[] ids, boolean skipSpecial) {
    return tokenizer == null ? "" : tokenizer.decode(ids, skipSpecial);
  }

  private static boolean[] fill(int n) {
    boolean[] t = new boolean[n];
    Arrays.fill(t, true);
    return t;
  }

  /** One sequence's state while decoding. */
  private static final class Row {
    final int index; // position in the decoded chunk
    final int callRow; // position in the generate call (the stream reports it)
    final int[] prompt;
    final boolean[] seen;
    final Rng rng;
    int[] out;
    float[] lps;
    int count;
    int streamed; // characters of text already passed to the stream
    FinishReason finish;

    Row(int index, int callRow, int[] prompt, int vocab, Rng rng) {
      this.index = index;
      this.callRow = callRow;
      this.prompt = prompt;
      this.rng = rng;
      seen = new boolean[vocab];
      for (int id : prompt) if (id >= 0 && id < vocab) seen[id] = true;
      out = new int[16];
      lps = new float[16];
    }

    void add(int id, float lp) {
      if (count == out.length) {
        out = Arrays.copyOf(out, 2 * count);
        lps = Arrays.copyOf(lps, 2 * count);
      }
      out[count] = id;
      lps[count++] = lp;
      seen[id] = true;
    }

    int lastId() {
      return out[count - 1];
    }

    int[] ids() {
      return Arrays.copyOf(out, count);
    }

    float[] logprobs() {
      return Arrays.copyOf(lps, count);
    }

    /** The text added since the last call; a trailing incomplete character is held back. */
    String delta(String text) {
      int end = text.length();
      while (end > streamed && text.charAt(end - 1) == '\uFFFD') end--;
      if (end <= streamed) return "";
      String d = text.substring(streamed, end);
      streamed = end;
      return d;
    }
  }
}

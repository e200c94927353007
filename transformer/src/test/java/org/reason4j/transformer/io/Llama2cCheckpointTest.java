package org.reason4j.transformer.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.GradMode;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.KvCache;

/**
 * llama2.c checkpoints: the real pretrained stories260K must greedily write the story its authors
 * published (token ids from an independent C port of run.c, tools/transformer/llama2c_greedy.c), the
 * weights land under the right names with q/k rows permuted as transformers' converter does, and bad
 * headers fail before any large allocation.
 */
class Llama2cCheckpointTest {
  static final String PUBLISHED = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park."
      + " One day, she saw a big, red ball.";

  @TempDir Path tmp;

  static Path stories() {
    return Path.of(System.getProperty("reason4j.data", "../../shared/data")).resolve("models/stories260K");
  }

  @Test
  void stories260KGreedilyWritesThePublishedStory() throws Exception {
    Path bin = stories().resolve("stories260K.bin");
    Assumptions.assumeTrue(Files.exists(bin) && Files.exists(stories().resolve("tok512.bin")), "stories260K absent: " + stories());
    Map<String, Object> golden = Json.readObject(Path.of(getClass().getResource("/golden/stories260K_greedy.json").toURI()));
    long[] expected = ((List<?>) golden.get("ids")).stream().mapToLong(o -> (Long) o).toArray();

    CausalLM m = Llama2cCheckpoint.load(bin);
    assertEquals(512, m.config().vocabSize());
    assertEquals(4, m.config().numKvHeads());
    long[] ids = greedy(m, 1, ((Long) golden.get("steps")).intValue());
    String text = decode(stories().resolve("tok512.bin"), ids);
    System.out.println("stories260K greedy (" + ids.length + " tokens): " + text);
    assertArrayEquals(expected, ids, "token ids differ from llama2.c's run.c");
    assertEquals(golden.get("text"), text);
    assertTrue(text.startsWith(PUBLISHED), text);
  }

  /** run.c's generate() at temperature 0: feed BOS, take the argmax, stop at BOS or after {@code steps} positions. */
  static long[] greedy(CausalLM m, long bos, int steps) {
    List<Long> out = new ArrayList<>();
    KvCache cache = m.newCache(1, steps);
    long token = bos;
    try (GradMode g = GradMode.disabled()) {
      for (int pos = 0; pos < steps; pos++) {
        float[] logits = m.forward(Tensor.of(new long[] {token}, 1, 1), Tensor.of(new long[] {pos}, 1, 1), null, cache)
            .logits().value().toFloatArray();
        int next = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[next]) next = i;
        if (next == bos) break;
        out.add((long) next);
        token = next;
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Decodes ids with a llama2.c tokenizer file (int max_token_length, then per token: float score, int
   * length, bytes) as run.c prints them: no leading space after BOS, {@code <0xXX>} as a raw byte,
   * unprintable single bytes dropped. Test-only; the real tokenizer lives in transformer.tokenizer.
   */
  static String decode(Path tokFile, long[] ids) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tokFile)).order(ByteOrder.LITTLE_ENDIAN);
    b.getInt();
    List<byte[]> vocab = new ArrayList<>();
    while (b.hasRemaining()) {
      b.getFloat();
      byte[] piece = new byte[b.getInt()];
      b.get(piece);
      vocab.add(piece);
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    long prev = 1;
    for (long id : ids) {
      byte[] piece = vocab.get((int) id);
      String s = new String(piece, StandardCharsets.ISO_8859_1);
      if (prev == 1 && piece.length > 0 && piece[0] == ' ') piece = Arrays.copyOfRange(piece, 1, piece.length);
      if (s.matches("<0x[0-9A-F]{2}>")) piece = new byte[] {(byte) Integer.parseInt(s.substring(3, 5), 16)};
      boolean unprintable = piece.length == 1 && (piece[0] & 0xff) < 32 && piece[0] != '\n' && piece[0] != '\t';
      if (!unprintable) text.writeBytes(piece);
      prev = id;
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stories260KSavedAsHuggingFaceLoadsBackBitExact() throws Exception {
    Path bin = stories().resolve("stories260K.bin");
    Assumptions.assumeTrue(Files.exists(bin), "stories260K absent: " + bin);
    CausalLM m = Llama2cCheckpoint.load(bin);
    HfCheckpoint.save(m, tmp.resolve("stories260K-hf"));
    CausalLM back = HfCheckpoint.load(tmp.resolve("stories260K-hf"));
    assertEquals(m.config(), back.config());
    Tensor ids = Tensor.of(new long[] {1, 403, 407, 261, 378, 432, 383}, 1, 7);
    try (GradMode g = GradMode.disabled()) {
      assertArrayEquals(m.forward(ids).logits().value().toFloatArray(), back.forward(ids).logits().value().toFloatArray(), 0f);
    }
  }

  /** A llama2.c file whose float at offset i (after the header) is i, so every weight tells where it came from. */
  static Path synthetic(Path dir, int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seqLen) throws IOException {
    int[] header = {dim, hidden, layers, heads, kvHeads, vocab, seqLen};
    Llama2cCheckpoint.Header h = new Llama2cCheckpoint.Header(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), vocab > 0, seqLen);
    int floats = (int) ((h.expectedBytes() - Llama2cCheckpoint.HEADER_BYTES) / 4);
    ByteBuffer b = ByteBuffer.allocate(Llama2cCheckpoint.HEADER_BYTES + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : header) b.putInt(v);
    for (int i = 0; i < floats; i++) b.putFloat(i);
    Path file = dir.resolve("synthetic.bin");
    Files.write(file, b.array());
    return file;
  }

  @Test
  void weightsLandInRunCsOrderWithQueryAndKeyRowsPermutedToHalves() throws IOException {
    int dim = 8, hidden = 12, heads = 2, kvHeads = 1, vocab = 10, d = dim / heads, kvDim = kvHeads * d;
    Path file = synthetic(tmp, dim, hidden, 2, heads, kvHeads, -vocab, 4); // negative vocab: separate classifier
    CausalLM m = Llama2cCheckpoint.load(file);
    Map<String, Tensor> w = m.stateDict();
    assertFalse(m.config().tieWordEmbeddings());
    assertEquals(0f, w.get("model.embed_tokens.weight").toFloatArray()[0]);
    int rmsAtt = vocab * dim, wq = rmsAtt + 2 * dim, wk = wq + 2 * dim * dim;
    assertEquals(rmsAtt + dim, w.get("model.layers.1.input_layernorm.weight").toFloatArray()[0], "layer 1's norm follows layer 0's");
    // transformers' permute: within a head, row i comes from row 2i and row D/2 + i from row 2i + 1.
    float[] q1 = w.get("model.layers.1.self_attn.q_proj.weight").toFloatArray();
    int q1Start = wq + dim * dim;
    int[] rowSource = {0, 2, 1, 3, 4, 6, 5, 7};
    for (int row = 0; row < dim; row++) assertEquals(q1Start + rowSource[row] * dim, q1[row * dim], "q_proj row " + row);
    float[] k0 = w.get("model.layers.0.self_attn.k_proj.weight").toFloatArray();
    for (int row = 0; row < kvDim; row++) assertEquals(wk + rowSource[row] * dim, k0[row * dim], "k_proj row " + row);
    int wv = wk + 2 * dim * kvDim;
    assertEquals(wv + 1, w.get("model.layers.0.self_attn.v_proj.weight").toFloatArray()[1], "v_proj is not permuted");
    float[] head = w.get("lm_head.weight").toFloatArray();
    long total = (Files.size(file) - Llama2cCheckpoint.HEADER_BYTES) / 4;
    assertEquals(total - vocab * dim, head[0], "the classifier is the last array, after the two RoPE tables");
    assertEquals(total - 1, head[head.length - 1]);
  }

  @Test
  void aSharedClassifierTiesTheHeadToTheEmbedding() throws IOException {
    CausalLM m = Llama2cCheckpoint.load(synthetic(tmp, 8, 12, 1, 2, 2, 10, 4));
    assertTrue(m.config().tieWordEmbeddings());
    assertEquals(List.of("model.embed_tokens.weight"), m.stateDict().keySet().stream().filter(k -> !k.startsWith("model.layers") && !k.equals("model.norm.weight")).toList());
  }

  private Path withHeader(int... fields) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * fields.length + 64).order(ByteOrder.LITTLE_ENDIAN);
    for (int f : fields) b.putInt(f);
    Path file = tmp.resolve("bad.bin");
    Files.write(file, b.array());
    return file;
  }

  private static String error(Path file) {
    return assertThrows(CheckpointException.class, () -> Llama2cCheckpoint.load(file)).getMessage();
  }

  @Test
  void badHeadersAndSizesFailBeforeAnyLargeAllocation() throws IOException {
    Path file = synthetic(tmp, 8, 12, 1, 2, 1, 10, 4);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
    String m = error(file);
    assertTrue(m.startsWith(file.toString()) && m.contains("implies " + bytes.length + " bytes, but the file has " + (bytes.length - 4)) && m.contains("truncated"), m);

    // A header asking for ~2^55 bytes must be refused by the size check, not by an OutOfMemoryError.
    m = error(withHeader(1 << 20, 1 << 20, 1 << 10, 1 << 4, 1 << 4, 32000, 256));
    assertTrue(m.contains("bytes, but the file has 92"), m);
    m = error(withHeader(1 << 30, Integer.MAX_VALUE, Integer.MAX_VALUE, 2, 1, Integer.MAX_VALUE, Integer.MAX_VALUE));
    assertTrue(m.contains("more than 2^63 bytes"), m);

    assertTrue(error(withHeader(0x616b3432, 2, 0, 0, 0, 0, 0)).contains("version-2 export (magic \"ak42\")"));
    assertTrue(error(withHeader(8, 12, 0, 2, 1, 10, 4)).contains("header field n_layers is 0; it must be positive"));
    assertTrue(error(withHeader(8, 12, 1, 2, 1, 0, 4)).contains("header field vocab_size is 0; it must be nonzero"));
    assertTrue(error(withHeader(8, 12, 1, 2, 3, 10, 4)).contains("n_heads 2 is not a multiple of n_kv_heads 3"));
    assertTrue(error(withHeader(12, 12, 1, 4, 1, 10, 4)).contains("dim 12 must split into n_heads 4 heads of even size"));
    assertTrue(error(tmp.resolve("absent.bin")).endsWith("absent.bin: does not exist"));
    assertTrue(error(tmp).contains("is a directory"));
    Files.write(tmp.resolve("short.bin"), new byte[10]);
    assertTrue(error(tmp.resolve("short.bin")).contains("too short for llama2.c's 28-byte header"));
  }
}

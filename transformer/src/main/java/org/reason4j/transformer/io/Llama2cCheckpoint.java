package org.reason4j.transformer.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.CpuBackend;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * Reads the checkpoint format of Karpathy's llama2.c ({@code run.c}, the "legacy" version-0 export) into
 * a {@link org.reason4j.transformer.model.LlamaForCausalLM} with Hugging Face names, e.g. the pretrained
 * {@code stories260K.bin}.
 *
 * <p>The file is a header of seven little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
 * vocab_size, seq_len; a negative vocab_size means the classifier is stored separately instead of shared
 * with the embedding), then float32 arrays in the order of {@code run.c}'s {@code memory_map_weights}:
 * token_embedding_table, rms_att_weight, wq, wk, wv, wo, rms_ffn_weight, w1, w2, w3, rms_final_weight,
 * two unused RoPE tables (freq_cis_real, freq_cis_imag, seq_len * head_size / 2 each), then wcls when
 * unshared. Each per-layer array holds all layers back to back.
 *
 * <p>llama2.c's RoPE rotates interleaved pairs (x[2i], x[2i+1]); Hugging Face's rotates halves (x[i],
 * x[i + D/2]). The rows of wq and wk are permuted per head, exactly as transformers'
 * {@code convert_llama_weights_to_hf.py} {@code permute} does, so the rotate-half model computes what
 * run.c computes. RMSNorm epsilon is run.c's 1e-5 and RoPE theta 10000.
 *
 * <p>The expected file size is computed from the header (in long arithmetic, overflow checked) and must
 * equal the real size before anything is allocated, so a corrupt header cannot ask for a giant array.
 * The newer "ak42" export versions (quantized or not) are rejected with a message that says so.
 */
public final class Llama2cCheckpoint {
  static final int HEADER_BYTES = 7 * 4;
  /** The first int32 of export.py's version-1/2 files: "ak42" in little-endian ASCII. */
  static final int VERSIONED_MAGIC = 0x616b3432;
  private static final int CHUNK_BYTES = 1 << 20;

  private Llama2cCheckpoint() {}

  /** The header's fields; {@code sharedClassifier} is the sign of the stored vocab_size. */
  public record Header(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, boolean sharedClassifier, int seqLen) {
    public int headSize() {
      return dim / heads;
    }

    /** In llama2.c's own field names, as error messages show it. */
    @Override
    public String toString() {
      return "(dim " + dim + ", hidden_dim " + hiddenDim + ", n_layers " + layers + ", n_heads " + heads + ", n_kv_heads " + kvHeads
          + ", vocab_size " + vocabSize + (sharedClassifier ? " shared" : " unshared") + ", seq_len " + seqLen + ")";
    }

    /**
     * The Hugging Face config of this model. BOS is 1 and EOS 2 (SentencePiece's ids); 1 is listed as an
     * end token as well, because llama2.c's story models end a story by emitting BOS, where run.c stops.
     */
    public ModelConfig config() {
      return new ModelConfig(ModelConfig.Family.LLAMA, "llama", vocabSize, dim, hiddenDim, layers, heads, kvHeads, headSize(), seqLen,
          1e-5, 10000.0, null, sharedClassifier, false, false, "silu", List.of(2, 1), 1, null);
    }

    /** Bytes the whole file must have: header plus every float32 array; throws ArithmeticException past 2^63. */
    long expectedBytes() {
      long kvDim = (long) kvHeads * headSize();
      long perLayer = Math.addExact(Math.multiplyExact(2L * dim, (long) dim), Math.multiplyExact(2L * dim, kvDim)); // wq, wo, wk, wv
      perLayer = Math.addExact(perLayer, Math.multiplyExact(3L * dim, (long) hiddenDim)); // w1, w2, w3
      perLayer = Math.addExact(perLayer, 2L * dim); // the two RMSNorm weights
      long floats = Math.multiplyExact((long) layers, perLayer);
      long embedding = Math.multiplyExact((long) vocabSize, (long) dim);
      floats = Math.addExact(floats, sharedClassifier ? embedding : Math.multiplyExact(2L, embedding));
      floats = Math.addExact(floats, dim + (long) seqLen * headSize()); // final norm, the two RoPE tables
      return Math.addExact(HEADER_BYTES, Math.multiplyExact(4L, floats));
    }
  }

  /** Loads a llama2.c checkpoint onto the CPU. */
  public static CausalLM load(Path bin) throws IOException {
    return load(bin, Device.CPU);
  }

  /** Loads a llama2.c checkpoint onto a device, one weight array at a time. */
  public static CausalLM load(Path bin, Device device) throws IOException {
    try (FileChannel ch = open(bin)) {
      Header h = readHeader(bin, ch);
      CausalLM model = CausalLM.empty(h.config());
      if (!device.equals(Device.CPU)) model.to(device);
      new Reader(bin, ch, h, model.stateDict()).readAll();
      return model;
    }
  }

  /** Reads and validates the header, including that the file has exactly the size it implies. */
  public static Header readHeader(Path bin) throws IOException {
    try (FileChannel ch = open(bin)) {
      return readHeader(bin, ch);
    }
  }

  private static FileChannel open(Path bin) throws IOException {
    if (!Files.exists(bin)) throw new CheckpointException(bin, "does not exist");
    if (Files.isDirectory(bin)) throw new CheckpointException(bin, "is a directory, not a llama2.c checkpoint");
    return FileChannel.open(bin, StandardOpenOption.READ);
  }

  private static Header readHeader(Path bin, FileChannel ch) throws IOException {
    long size = ch.size();
    if (size < HEADER_BYTES) throw new CheckpointException(bin, "the file is " + size + " bytes, too short for llama2.c's 28-byte header");
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    readFully(bin, ch, b, 0);
    int[] f = new int[7];
    for (int i = 0; i < 7; i++) f[i] = b.getInt(4 * i);
    if (f[0] == VERSIONED_MAGIC) {
      throw new CheckpointException(bin, "is a llama2.c version-" + f[1] + " export (magic \"ak42\"); only the legacy format that run.c reads"
          + " is supported (export.py --version 0)");
    }
    String[] names = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
    for (int i = 0; i < 7; i++) {
      boolean vocab = i == 5; // the only field whose sign carries meaning
      if (vocab ? f[i] == 0 || f[i] == Integer.MIN_VALUE : f[i] <= 0) {
        throw new CheckpointException(bin, "header field " + names[i] + " is " + f[i] + "; it must be " + (vocab ? "nonzero" : "positive")
            + " (is this a llama2.c checkpoint?)");
      }
    }
    if (f[4] > f[3] || f[3] % f[4] != 0) throw new CheckpointException(bin, "n_heads " + f[3] + " is not a multiple of n_kv_heads " + f[4]);
    if (f[0] % f[3] != 0 || (f[0] / f[3]) % 2 != 0) {
      throw new CheckpointException(bin, "dim " + f[0] + " must split into n_heads " + f[3] + " heads of even size");
    }
    Header h = new Header(f[0], f[1], f[2], f[3], f[4], Math.abs(f[5]), f[5] > 0, f[6]);
    long expected;
    try {
      expected = h.expectedBytes();
    } catch (ArithmeticException e) {
      throw new CheckpointException(bin, "the header " + h + " implies more than 2^63 bytes of weights; the header is corrupt");
    }
    if (expected != size) {
      throw new CheckpointException(bin, "the header " + h + " implies " + expected + " bytes, but the file has " + size
          + (size < expected ? " (truncated?)" : " (not a legacy llama2.c checkpoint, or a header that does not match its weights)"));
    }
    return h;
  }

  private static void readFully(Path bin, FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, at);
      if (r < 0) throw new CheckpointException(bin, "the file ended at byte " + at + " while reading weights");
      at += r;
    }
  }

  /** Walks the file in run.c's order, filling the model's parameters (HF names) one array at a time. */
  private static final class Reader {
    private final Path bin;
    private final FileChannel ch;
    private final Header h;
    private final Map<String, Tensor> params;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long position = HEADER_BYTES;

    Reader(Path bin, FileChannel ch, Header h, Map<String, Tensor> params) {
      this.bin = bin;
      this.ch = ch;
      this.h = h;
      this.params = params;
    }

    void readAll() throws IOException {
      read("model.embed_tokens.weight", 0);
      perLayer("input_layernorm.weight", 0);
      perLayer("self_attn.q_proj.weight", h.heads());
      perLayer("self_attn.k_proj.weight", h.kvHeads());
      perLayer("self_attn.v_proj.weight", 0);
      perLayer("self_attn.o_proj.weight", 0);
      perLayer("post_attention_layernorm.weight", 0);
      perLayer("mlp.gate_proj.weight", 0); // w1
      perLayer("mlp.down_proj.weight", 0); // w2
      perLayer("mlp.up_proj.weight", 0); // w3
      read("model.norm.weight", 0);
      position += 4L * h.seqLen() * h.headSize(); // freq_cis_real and freq_cis_imag: run.c recomputes RoPE too
      if (!h.sharedClassifier()) read("lm_head.weight", 0);
    }

    private void perLayer(String suffix, int permuteHeads) throws IOException {
      for (int l = 0; l < h.layers(); l++) read("model.layers." + l + "." + suffix, permuteHeads);
    }

    /** Reads the next array into a parameter; with {@code heads > 0} its rows are permuted from pairs to halves. */
    private void read(String name, int heads) throws IOException {
      Tensor target = params.get(name);
      float[] values = new float[target.numel()];
      for (int done = 0; done < values.length; ) {
        int n = Math.min(values.length - done, CHUNK_BYTES / 4);
        chunk.clear().limit(4 * n);
        readFully(bin, ch, chunk, position);
        chunk.flip();
        chunk.asFloatBuffer().get(values, done, n);
        position += 4L * n;
        done += n;
      }
      if (heads > 0) values = interleavedToHalves(values, heads, target.dim(1));
      target.copyFrom(Tensor.of(CpuBackend.INSTANCE.adopt(values, DType.F32), target.shape()).to(target.device()));
    }
  }

  /**
   * Reorders the rows of a q or k projection (heads * D, C) so that, within each head, the rows of the
   * pair (2i, 2i+1) become rows (i, i + D/2). This is transformers' {@code permute}:
   * {@code w.view(heads, D/2, 2, C).transpose(1, 2).reshape(heads * D, C)}.
   */
  static float[] interleavedToHalves(float[] w, int heads, int cols) {
    int d = w.length / cols / heads;
    float[] out = new float[w.length];
    for (int head = 0; head < heads; head++) {
      for (int i = 0; i < d / 2; i++) {
        for (int half = 0; half < 2; half++) {
          int from = head * d + 2 * i + half, to = head * d + half * (d / 2) + i;
          System.arraycopy(w, from * cols, out, to * cols, cols);
        }
      }
    }
    return out;
  }
}

package org.reason4j.transformer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * llama2.c's tokenizer.bin and the encode/decode of its run.c, reproduced exactly.
 *
 * <p>File: int32 max_token_length, then per token float32 score, int32 length, bytes (all
 * little-endian). Ids 0..2 are {@code <unk>}, BOS, EOS; 3..258 are the byte tokens {@code <0xXX>}.
 *
 * <p>Encode (run.c {@code encode}): optional BOS; the " " token as SentencePiece's dummy prefix when
 * the text is not empty; each UTF-8 code point as its vocabulary token, or its bytes as ids byte+3;
 * then, repeatedly, the adjacent pair whose concatenation is a token with the highest score is
 * merged (leftmost on ties, only scores above -1e10), until none is left. The same choice is made
 * with a heap instead of run.c's quadratic rescans. Decode (run.c {@code decode}): each token's
 * bytes, without the leading space right after BOS, a byte token giving its raw byte; the bytes are
 * then read as UTF-8 (lossily). run.c's printing filter (safe_printf) is not applied.
 */
public final class Llama2cTokenizer implements Tokenizer {
  public static final int UNK = 0, BOS = 1, EOS = 2;

  private final byte[][] pieces; // as C strings: cut at the first NUL, as strcmp/sprintf see them
  private final float[] scores;
  private final Map<String, Integer> lookup = new HashMap<>(); // key: bytes as ISO-8859-1 chars
  private final int dummyPrefix;

  private Llama2cTokenizer(byte[][] pieces, float[] scores, String where) {
    this.pieces = pieces;
    this.scores = scores;
    if (pieces.length < 259) throw new TokenizerException(where + ": " + pieces.length + " tokens; run.c needs at least 259 (<unk>, BOS, EOS, 256 bytes)");
    for (int i = pieces.length - 1; i >= 0; i--) lookup.put(key(pieces[i]), i); // duplicates: lowest id wins
    Integer space = lookup.get(" ");
    if (space == null) throw new TokenizerException(where + ": no \" \" token, which run.c needs as the dummy prefix");
    this.dummyPrefix = space;
  }

  /** Reads every token until the end of the file. */
  public static Llama2cTokenizer load(Path file) {
    return load(file, -1);
  }

  /** Reads exactly {@code vocabSize} tokens (as run.c does with the model's vocab_size), or all if negative. */
  public static Llama2cTokenizer load(Path file, int vocabSize) {
    byte[] data;
    try {
      data = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TokenizerException(file + ": cannot read: " + e.getMessage(), e);
    }
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (buf.remaining() < 4) throw new TokenizerException(file + ": too short for a llama2.c tokenizer");
    int maxTokenLength = buf.getInt();
    if (maxTokenLength <= 0 || maxTokenLength > 1 << 16) {
      throw new TokenizerException(file + ": max_token_length " + maxTokenLength + " is not plausible; not a llama2.c tokenizer.bin?");
    }
    List<byte[]> pieces = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    while (vocabSize < 0 ? buf.hasRemaining() : pieces.size() < vocabSize) {
      int at = buf.position();
      if (buf.remaining() < 8) throw new TokenizerException(file + ": truncated at token " + pieces.size() + " (offset " + at + ")");
      float score = buf.getFloat();
      int len = buf.getInt();
      if (len < 0 || len > maxTokenLength || len > buf.remaining()) {
        throw new TokenizerException(file + ": token " + pieces.size() + " at offset " + at + " has bad length " + len
            + " (max_token_length " + maxTokenLength + ", " + buf.remaining() + " bytes left)");
      }
      byte[] piece = new byte[len];
      buf.get(piece);
      pieces.add(cString(piece));
      scores.add(score);
    }
    float[] s = new float[scores.size()];
    for (int i = 0; i < s.length; i++) s[i] = scores.get(i);
    return new Llama2cTokenizer(pieces.toArray(new byte[0][]), s, file.toString());
  }

  private static byte[] cString(byte[] b) {
    for (int i = 0; i < b.length; i++) if (b[i] == 0) return java.util.Arrays.copyOf(b, i);
    return b;
  }

  private static String key(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String key(byte[] b, int off, int len) {
    return new String(b, off, len, StandardCharsets.ISO_8859_1);
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    byte[] bytes = Utf8.encode(text);
    IntList tokens = new IntList(bytes.length + 2);
    if (addSpecialTokens) tokens.add(BOS);
    if (bytes.length > 0) tokens.add(dummyPrefix);
    int start = 0, len = 0;
    for (int k = 0; k < bytes.length; k++) {
      if ((bytes[k] & 0xC0) != 0x80) len = 0;
      if (len == 0) start = k;
      len++;
      boolean nextIsContinuation = k + 1 < bytes.length && (bytes[k + 1] & 0xC0) == 0x80;
      if (nextIsContinuation && len < 4) continue;
      Integer id = lookup.get(key(cString(java.util.Arrays.copyOfRange(bytes, start, start + len))));
      if (id != null) {
        tokens.add(id);
      } else {
        for (int i = start; i < start + len; i++) tokens.add((bytes[i] & 0xFF) + 3);
      }
      len = 0;
    }
    return merge(tokens.toArray());
  }

  /** run.c's merge loop: best score first, then leftmost; a heap of (score, position) candidates. */
  private int[] merge(int[] ids) {
    int n = ids.length;
    int[] next = new int[n], prev = new int[n];
    PriorityQueue<long[]> heap = new PriorityQueue<>((x, y) -> {
      float sx = Float.intBitsToFloat((int) x[0]), sy = Float.intBitsToFloat((int) y[0]);
      if (sx != sy) return sx > sy ? -1 : 1; // primitive comparison: -0.0 equals 0.0, as in C
      return Long.compare(x[1], y[1]);
    });
    for (int i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      if (i + 1 < n) offer(heap, ids, i, i + 1);
    }
    while (!heap.isEmpty()) {
      long[] top = heap.poll();
      int pos = (int) top[1], right = next[pos];
      if (ids[pos] < 0 || right >= n || pairId(ids[pos], ids[right]) != (int) top[2]) continue; // stale
      ids[pos] = (int) top[2];
      ids[right] = -1;
      next[pos] = next[right];
      if (next[pos] < n) prev[next[pos]] = pos;
      if (prev[pos] >= 0) offer(heap, ids, prev[pos], pos);
      if (next[pos] < n) offer(heap, ids, pos, next[pos]);
    }
    IntList out = new IntList(n);
    for (int i = 0; i < n; i = next[i]) out.add(ids[i]);
    return out.toArray();
  }

  private void offer(PriorityQueue<long[]> heap, int[] ids, int left, int right) {
    int id = pairId(ids[left], ids[right]);
    if (id >= 0 && scores[id] > -1e10f) heap.add(new long[] {Float.floatToRawIntBits(scores[id]), left, id});
  }

  /** The id of the concatenation of two tokens, or -1 (C's sprintf("%s%s") + str_lookup). */
  private int pairId(int a, int b) {
    byte[] x = pieces[a], y = pieces[b];
    byte[] joined = java.util.Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, joined, x.length, y.length);
    Integer id = lookup.get(key(joined, 0, joined.length));
    return id == null ? -1 : id;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      if (id < 0 || id >= pieces.length) throw new TokenizerException("cannot decode id " + id + ": vocabulary has " + pieces.length + " tokens");
      if (skipSpecialTokens && id <= EOS) continue;
      byte[] piece = pieces[id];
      int from = i > 0 && ids[i - 1] == BOS && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
      int rawByte = rawByte(piece, from);
      if (rawByte >= 0) out.write(rawByte);
      else out.write(piece, from, piece.length - from);
    }
    return Utf8.decodeLossy(out.toByteArray());
  }

  /** sscanf(piece, "<0x%02hhX>") == 1: "<0x" then one or two hex digits; else -1. */
  private static int rawByte(byte[] p, int from) {
    if (p.length - from < 4 || p[from] != '<' || p[from + 1] != '0' || p[from + 2] != 'x') return -1;
    int d1 = Character.digit(p[from + 3], 16);
    if (d1 < 0) return -1;
    int d2 = p.length - from > 4 ? Character.digit(p[from + 4], 16) : -1;
    return d2 < 0 ? d1 : d1 * 16 + d2;
  }

  @Override
  public int vocabSize() {
    return pieces.length;
  }

  @Override
  public Integer tokenToId(String token) {
    return lookup.get(key(cString(Utf8.encode(token))));
  }

  @Override
  public String idToToken(int id) {
    return id >= 0 && id < pieces.length ? Utf8.decodeLossy(pieces[id]) : null;
  }

  /** The token's score from the file. */
  public float score(int id) {
    return scores[id];
  }

  @Override
  public OptionalInt bosId() {
    return OptionalInt.of(BOS);
  }

  @Override
  public OptionalInt eosId() {
    return OptionalInt.of(EOS);
  }

  @Override
  public Set<Integer> specialIds() {
    return Set.of(UNK, BOS, EOS);
  }
}

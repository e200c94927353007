package org.reason4j.transformer.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding as the Rust tokenizers library does it. A piece starts as one symbol per
 * character (unknown characters become byte-fallback tokens {@code <0xXX>}, the unk token, or
 * nothing); then the adjacent pair with the lowest merge rank is merged, leftmost first on ties,
 * until no pair has a merge. The loop uses a heap keyed by (rank, position) over a linked list of
 * symbols, so a piece of n characters costs O(n log n); whole pieces are cached.
 *
 * <p>Options: {@code unk_token}, {@code fuse_unk}, {@code byte_fallback}, {@code ignore_merges}
 * (a piece that is itself a token is not merged, as tiktoken does), {@code continuing_subword_prefix},
 * {@code end_of_word_suffix}. {@code dropout} is accepted and ignored: encoding is deterministic.
 */
final class Bpe implements TokenModel {
  /** Options of a BPE model; null strings mean "not set". */
  record Options(String unkToken, String continuingSubwordPrefix, String endOfWordSuffix,
                 boolean fuseUnk, boolean byteFallback, boolean ignoreMerges) {
    static final Options BYTE_LEVEL = new Options(null, null, null, false, false, false);
  }

  private static final int CACHE_CAPACITY = 1 << 16;
  private static final int MAX_CACHED_LENGTH = 256;

  private final Map<String, Integer> vocab;
  private final String[] idToToken;
  private final PairMap merges; // (left id, right id) -> rank << 32 | merged id
  private final Options options;
  private final int unkId;
  private final int[] byteIds = new int[256];
  private final Map<String, int[]> cache = new ConcurrentHashMap<>();

  /** A model whose merges map (left id, right id) to {@code rank << 32 | merged id}. */
  Bpe(Map<String, Integer> vocab, PairMap merges, Options options, String where) {
    this.vocab = vocab;
    this.idToToken = TokenModel.reverse(vocab, where);
    this.merges = merges;
    this.options = options;
    if (options.unkToken() != null && !vocab.containsKey(options.unkToken())) {
      throw new TokenizerException(where + ": unk_token '" + options.unkToken() + "' is not in the vocabulary");
    }
    this.unkId = options.unkToken() == null ? -1 : vocab.get(options.unkToken());
    for (int b = 0; b < 256; b++) byteIds[b] = vocab.getOrDefault(String.format(Locale.ROOT, "<0x%02X>", b), -1);
  }

  /** A model from merges listed in rank order (line i of merges.txt has rank i). */
  static Bpe fromMergeList(Map<String, Integer> vocab, List<String[]> mergeList, Options options, String where) {
    PairMap merges = new PairMap(mergeList.size());
    String prefix = options.continuingSubwordPrefix() == null ? "" : options.continuingSubwordPrefix();
    for (int rank = 0; rank < mergeList.size(); rank++) {
      String a = mergeList.get(rank)[0], b = mergeList.get(rank)[1];
      if (!b.startsWith(prefix)) {
        throw new TokenizerException(where + ": merge " + rank + " '" + a + " " + b + "': second part lacks the prefix '" + prefix + "'");
      }
      String joined = a + b.substring(prefix.length());
      Integer ia = vocab.get(a), ib = vocab.get(b), merged = vocab.get(joined);
      if (ia == null || ib == null || merged == null) {
        String missing = ia == null ? a : ib == null ? b : joined;
        throw new TokenizerException(where + ": merge " + rank + " '" + a + " " + b + "' uses '" + missing + "', which is not in the vocabulary");
      }
      merges.put(ia, ib, (long) rank << 32 | merged); // a repeated pair keeps its last rank, as in Rust
    }
    return new Bpe(vocab, merges, options, where);
  }

  /** The BPE model object of a tokenizer.json. */
  static Bpe fromJson(JsonObj o) {
    o.allowOnly(Set.of("type", "dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix",
        "fuse_unk", "byte_fallback", "ignore_merges", "vocab", "merges"));
    Map<String, Integer> vocab = TokenModel.readVocab(o.map().get("vocab"), o.child("vocab"));
    List<Object> raw = o.list("merges");
    List<String[]> merges = new java.util.ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) merges.add(TokenModel.mergePair(raw.get(i), o.child("merges") + "[" + i + "]"));
    Options options = new Options(o.optStr("unk_token", null), o.optStr("continuing_subword_prefix", null),
        o.optStr("end_of_word_suffix", null), o.bool("fuse_unk", false), o.bool("byte_fallback", false),
        o.bool("ignore_merges", false));
    return fromMergeList(vocab, merges, options, o.where());
  }

  @Override
  public void tokenize(String piece, IntList out) {
    if (piece.isEmpty()) return;
    if (options.ignoreMerges()) {
      Integer id = vocab.get(piece);
      if (id != null) {
        out.add(id);
        return;
      }
    }
    int[] ids = cache.get(piece);
    if (ids == null) {
      ids = merge(initialSymbols(piece));
      if (piece.length() < MAX_CACHED_LENGTH && cache.size() < CACHE_CAPACITY) cache.put(piece, ids);
    }
    out.addAll(ids);
  }

  /** One symbol per character; unknown characters per byte_fallback / unk_token / fuse_unk. */
  private IntList initialSymbols(String w) {
    IntList syms = new IntList(w.length());
    boolean pendingUnk = false;
    for (int i = 0; i < w.length(); ) {
      int n = Character.charCount(w.codePointAt(i));
      String s = w.substring(i, i + n);
      if (i > 0 && options.continuingSubwordPrefix() != null) s = options.continuingSubwordPrefix() + s;
      i += n;
      if (i == w.length() && options.endOfWordSuffix() != null) s = s + options.endOfWordSuffix();
      Integer id = vocab.get(s);
      if (id != null) {
        if (pendingUnk) syms.add(unkId);
        pendingUnk = false;
        syms.add(id);
      } else if (options.byteFallback() && addBytes(s, syms)) {
        continue; // Rust adds byte tokens without flushing a pending unk first
      } else if (unkId >= 0) {
        if (pendingUnk && !options.fuseUnk()) syms.add(unkId);
        pendingUnk = true;
      }
    }
    if (pendingUnk) syms.add(unkId);
    return syms;
  }

  private boolean addBytes(String s, IntList syms) {
    byte[] bytes = Utf8.encode(s);
    for (byte b : bytes) if (byteIds[b & 0xFF] < 0) return false;
    for (byte b : bytes) syms.add(byteIds[b & 0xFF]);
    return true;
  }

  /** Merges the lowest-ranked adjacent pair, leftmost first, until none is left. */
  private int[] merge(IntList syms) {
    int n = syms.size();
    int[] ids = syms.toArray();
    if (n < 2) return ids;
    int[] prev = new int[n], next = new int[n];
    LongHeap heap = new LongHeap(n);
    for (int i = 0; i < n; i++) {
      prev[i] = i - 1;
      next[i] = i + 1; // n means "none"
      if (i + 1 < n) push(heap, ids[i], ids[i + 1], i);
    }
    while (!heap.isEmpty()) {
      long top = heap.pop();
      int rank = (int) (top >>> 32), pos = (int) top;
      int right = next[pos];
      if (ids[pos] < 0 || right >= n) continue;
      long m = merges.get(ids[pos], ids[right]);
      if (m < 0 || (int) (m >>> 32) != rank) continue; // stale: the pair changed since it was queued
      ids[pos] = (int) m;
      ids[right] = -1;
      next[pos] = next[right];
      if (next[pos] < n) prev[next[pos]] = pos;
      if (prev[pos] >= 0) push(heap, ids[prev[pos]], ids[pos], prev[pos]);
      if (next[pos] < n) push(heap, ids[pos], ids[next[pos]], pos);
    }
    int k = 0;
    for (int i = 0; i < n; i = next[i]) ids[k++] = ids[i];
    return Arrays.copyOf(ids, k);
  }

  private void push(LongHeap heap, int a, int b, int pos) {
    long m = merges.get(a, b);
    if (m >= 0) heap.push((m >>> 32) << 32 | pos);
  }

  @Override
  public Integer tokenToId(String token) {
    return vocab.get(token);
  }

  @Override
  public String idToToken(int id) {
    return id >= 0 && id < idToToken.length ? idToToken[id] : null;
  }

  @Override
  public int idLimit() {
    return idToToken.length;
  }

  /** A binary min-heap of longs. */
  private static final class LongHeap {
    private long[] a;
    private int size;

    LongHeap(int capacity) {
      a = new long[Math.max(4, capacity)];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(long v) {
      if (size == a.length) a = Arrays.copyOf(a, size * 2);
      int i = size++;
      while (i > 0 && a[(i - 1) >> 1] > v) {
        a[i] = a[(i - 1) >> 1];
        i = (i - 1) >> 1;
      }
      a[i] = v;
    }

    long pop() {
      long top = a[0];
      long last = a[--size];
      int i = 0;
      while (true) {
        int c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && a[c + 1] < a[c]) c++;
        if (a[c] >= last) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
      return top;
    }
  }
}

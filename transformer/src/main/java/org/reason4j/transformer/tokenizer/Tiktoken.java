package org.reason4j.transformer.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Llama 3's tiktoken file (tokenizer.model): one "base64-bytes rank" line per token, the rank
 * being the id. tiktoken's BPE merges, at each step, the adjacent pair whose concatenation has the
 * lowest rank (leftmost on ties), and a piece that is a token as a whole is not merged at all;
 * that is exactly {@link Bpe} with one merge per (left, right) split of every token, ranked by the
 * token, and ignore_merges. Pre-tokenizer, special tokens (ids 128000..128255) and BOS come from
 * {@link BpeFamily#LLAMA3}; a tokenizer_config.json, if given, supplies the special tokens instead.
 */
final class Tiktoken {
  private Tiktoken() {}

  /** True if the file starts like a tiktoken rank file (and not like a SentencePiece protobuf). */
  static boolean looksLikeTiktoken(Path file) {
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      return first != null && first.matches("[A-Za-z0-9+/]+=* \\d+");
    } catch (IOException | java.io.UncheckedIOException e) {
      return false;
    }
  }

  static HfTokenizer load(Path file, Path config) {
    Map<String, Integer> vocab = readRanks(file);
    PairMap merges = new PairMap(vocab.size() * 3);
    for (Map.Entry<String, Integer> e : vocab.entrySet()) {
      String t = e.getKey();
      long value = (long) e.getValue() << 32 | e.getValue();
      for (int k = 1; k < t.length(); k++) {
        Integer a = vocab.get(t.substring(0, k)), b = vocab.get(t.substring(k));
        if (a != null && b != null) merges.put(a, b, value);
      }
    }
    Bpe model = new Bpe(vocab, merges, new Bpe.Options(null, null, null, false, false, true), file.toString());
    BpeFiles.Specials specials = config != null
        ? BpeFiles.Specials.fromConfig(config) : BpeFiles.Specials.defaults(BpeFamily.LLAMA3, vocab);
    return BpeFiles.assemble(BpeFamily.LLAMA3, model, specials, file.toString());
  }

  /** token (bytes written in the byte alphabet) -> rank. */
  private static Map<String, Integer> readRanks(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TokenizerException(file + ": cannot read as a tiktoken file: " + e.getMessage(), e);
    }
    Map<String, Integer> vocab = new HashMap<>(lines.size() * 2);
    Map<Integer, Integer> seenRank = new HashMap<>(lines.size() * 2);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) continue;
      int sp = line.indexOf(' ');
      byte[] bytes;
      int rank;
      try {
        bytes = Base64.getDecoder().decode(line.substring(0, Math.max(sp, 0)));
        rank = Integer.parseInt(line.substring(sp + 1));
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        throw new TokenizerException(file + " line " + (i + 1) + ": expected '<base64> <rank>'");
      }
      if (sp <= 0 || bytes.length == 0 || rank < 0) throw new TokenizerException(file + " line " + (i + 1) + ": expected '<base64> <rank>'");
      if (seenRank.put(rank, i + 1) != null) throw new TokenizerException(file + " line " + (i + 1) + ": rank " + rank + " appears twice");
      char[] chars = new char[bytes.length];
      for (int k = 0; k < bytes.length; k++) chars[k] = ByteAlphabet.charOf(bytes[k]);
      if (vocab.put(new String(chars), rank) != null) throw new TokenizerException(file + " line " + (i + 1) + ": token appears twice");
    }
    if (vocab.isEmpty()) throw new TokenizerException(file + ": no tokens");
    return vocab;
  }
}

package org.reason4j.transformer.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "model" of a tokenizer.json: turns one pre-tokenized piece into ids. Implementations:
 * {@link Bpe} and {@link WordPiece}; Unigram and WordLevel files are rejected with a clear error.
 */
interface TokenModel {

  /** Appends the ids of one piece. */
  void tokenize(String piece, IntList out);

  Integer tokenToId(String token);

  /** The token of an id, or null. */
  String idToToken(int id);

  /** One more than the largest id the model knows. */
  int idLimit();

  static TokenModel fromJson(JsonObj o) {
    String type = o.has("type") ? o.type() : inferType(o);
    switch (type) {
      case "BPE":
        return Bpe.fromJson(o);
      case "WordPiece":
        return WordPiece.fromJson(o);
      case "Unigram":
      case "WordLevel":
        throw o.fail("model type " + type + " is not supported (supported: BPE, WordPiece)");
      default:
        throw o.fail("unknown model type '" + type + "'");
    }
  }

  /** Files written by old versions of the library have no "type"; Rust tries BPE then WordPiece. */
  private static String inferType(JsonObj o) {
    if (o.has("merges")) return "BPE";
    if (o.has("vocab") && o.has("continuing_subword_prefix")) return "WordPiece";
    throw o.fail("model has no 'type' and is neither BPE (merges) nor WordPiece");
  }

  /** Reads a {token: id} object, rejecting non-integer, negative, duplicate or absurdly sparse ids. */
  static Map<String, Integer> readVocab(Object raw, String where) {
    if (raw == null) throw new TokenizerException(where + ": missing (the model needs a vocabulary)");
    JsonObj vocab = JsonObj.of(raw, where);
    Map<String, Integer> out = new HashMap<>(vocab.map().size() * 2);
    Map<Integer, String> seen = new HashMap<>(vocab.map().size() * 2);
    for (Map.Entry<String, Object> e : vocab.map().entrySet()) {
      if (!(e.getValue() instanceof Long) || (Long) e.getValue() < 0 || (Long) e.getValue() > Integer.MAX_VALUE) {
        throw vocab.fail("id of token '" + e.getKey() + "' must be a non-negative integer");
      }
      int id = (int) (long) (Long) e.getValue();
      String other = seen.put(id, e.getKey());
      if (other != null) throw vocab.fail("id " + id + " is used by both '" + other + "' and '" + e.getKey() + "'");
      out.put(e.getKey(), id);
    }
    return out;
  }

  /** id -> token as an array, refusing vocabularies whose ids are far sparser than their size. */
  static String[] reverse(Map<String, Integer> vocab, String where) {
    int max = -1;
    for (int id : vocab.values()) max = Math.max(max, id);
    if (max > Math.max(4L * vocab.size(), vocab.size() + 1_000_000L)) {
      throw new TokenizerException(where + ": largest id " + max + " is implausible for " + vocab.size() + " tokens");
    }
    String[] r = new String[max + 1];
    for (Map.Entry<String, Integer> e : vocab.entrySet()) r[e.getValue()] = e.getKey();
    return r;
  }

  /** Merges written as "a b" strings (exactly one space) or as [a, b] pairs; {@code location} names it in errors. */
  static String[] mergePair(Object m, String location) {
    if (m instanceof String s) {
      int sp = s.indexOf(' ');
      if (sp <= 0 || sp == s.length() - 1 || s.indexOf(' ', sp + 1) >= 0) {
        throw new TokenizerException(location + ": malformed merge '" + s + "' (expected \"a b\")");
      }
      return new String[] {s.substring(0, sp), s.substring(sp + 1)};
    }
    if (m instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String a && l.get(1) instanceof String b) {
      return new String[] {a, b};
    }
    throw new TokenizerException(location + ": malformed merge (expected \"a b\" or [a, b])");
  }
}

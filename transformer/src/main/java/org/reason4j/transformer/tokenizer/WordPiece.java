package org.reason4j.transformer.tokenizer;

import java.util.Map;
import java.util.Set;

/**
 * WordPiece (BERT): each piece is cut greedily into the longest vocabulary entries from the left,
 * non-initial parts carrying the continuing-subword prefix ("##"); a piece that cannot be cut, or
 * that is longer than {@code max_input_chars_per_word} characters, becomes the unk token.
 */
final class WordPiece implements TokenModel {
  private final Map<String, Integer> vocab;
  private final String[] idToToken;
  private final int unkId;
  private final String prefix;
  private final int maxInputCharsPerWord;

  WordPiece(Map<String, Integer> vocab, String unkToken, String prefix, int maxInputCharsPerWord, String where) {
    this.vocab = vocab;
    this.idToToken = TokenModel.reverse(vocab, where);
    Integer unk = vocab.get(unkToken);
    if (unk == null) throw new TokenizerException(where + ": unk_token '" + unkToken + "' is not in the vocabulary");
    this.unkId = unk;
    this.prefix = prefix;
    this.maxInputCharsPerWord = maxInputCharsPerWord;
  }

  static WordPiece fromJson(JsonObj o) {
    o.allowOnly(Set.of("type", "unk_token", "continuing_subword_prefix", "max_input_chars_per_word", "vocab"));
    return new WordPiece(TokenModel.readVocab(o.map().get("vocab"), o.child("vocab")),
        o.optStr("unk_token", "[UNK]"), o.optStr("continuing_subword_prefix", "##"),
        o.integer("max_input_chars_per_word", 100), o.where());
  }

  @Override
  public void tokenize(String piece, IntList out) {
    if (piece.codePointCount(0, piece.length()) > maxInputCharsPerWord) {
      out.add(unkId);
      return;
    }
    IntList parts = new IntList(4);
    for (int start = 0; start < piece.length(); ) {
      int end = piece.length();
      Integer found = null;
      while (start < end) {
        String sub = piece.substring(start, end);
        found = vocab.get(start > 0 ? prefix + sub : sub);
        if (found != null) break;
        end -= Character.charCount(piece.codePointBefore(end));
      }
      if (found == null) {
        out.add(unkId);
        return;
      }
      parts.add(found);
      start = end;
    }
    for (int i = 0; i < parts.size(); i++) out.add(parts.get(i));
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
}

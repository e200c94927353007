package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The added tokens of a tokenizer ("added_tokens": special tokens like {@code <|im_start|>} and
 * extra words). They are cut out of the text before the model sees it: tokens with
 * {@code normalized=false} are found in the raw text, the others in the normalized text of the
 * gaps. Matching is leftmost-longest, as the Rust library's Aho-Corasick automaton does it, then
 * per token: {@code single_word} (reject a match glued to a word character), {@code lstrip} /
 * {@code rstrip} (swallow the whitespace on that side).
 */
final class AddedVocabulary {

  /** One added token, with the flags of tokenizer.json / tokenizer_config.json. */
  record AddedToken(int id, String content, boolean singleWord, boolean lstrip, boolean rstrip,
                    boolean normalized, boolean special) {
    static AddedToken fromJson(JsonObj o, int id) {
      o.allowOnly(Set.of("id", "content", "single_word", "lstrip", "rstrip", "normalized", "special", "__type"));
      boolean special = o.bool("special", false);
      return new AddedToken(id, o.str("content"), o.bool("single_word", false), o.bool("lstrip", false),
          o.bool("rstrip", false), o.bool("normalized", !special), special);
    }
  }

  /** A piece of text ({@code id} = -1) or an added token, starting at {@code start}. */
  record Segment(String text, int id, int start) {}

  private final List<AddedToken> tokens;
  private final Map<Integer, AddedToken> byId = new HashMap<>();
  private final Map<String, AddedToken> byContent = new HashMap<>();
  private final Trie raw = new Trie();
  private final Trie normalizedTrie = new Trie();

  AddedVocabulary(List<AddedToken> tokens, Normalizer normalizer, String where) {
    Map<String, AddedToken> unique = new LinkedHashMap<>();
    for (AddedToken t : tokens) {
      if (t.content().isEmpty()) throw new TokenizerException(where + ": added token " + t.id() + " has empty content");
      AddedToken old = unique.putIfAbsent(t.content(), t);
      if (old != null && old.id() != t.id()) {
        throw new TokenizerException(where + ": added token '" + t.content() + "' has two ids, " + old.id() + " and " + t.id());
      }
      AddedToken sameId = byId.putIfAbsent(t.id(), t);
      if (sameId != null && !sameId.content().equals(t.content())) {
        throw new TokenizerException(where + ": id " + t.id() + " is both '" + sameId.content() + "' and '" + t.content() + "'");
      }
    }
    this.tokens = List.copyOf(unique.values());
    for (AddedToken t : this.tokens) {
      byContent.put(t.content(), t);
      if (!t.normalized()) {
        raw.add(t.content(), t);
      } else {
        String n = normalizer == null ? t.content() : normalizer.normalize(t.content());
        if (!n.isEmpty()) normalizedTrie.add(n, t);
      }
    }
  }

  List<AddedToken> tokens() {
    return tokens;
  }

  AddedToken byId(int id) {
    return byId.get(id);
  }

  AddedToken byContent(String content) {
    return byContent.get(content);
  }

  /** Cuts out the tokens that match the raw text. */
  List<Segment> splitRaw(String text) {
    return split(text, raw);
  }

  /** Cuts out the tokens that match normalized text. */
  List<Segment> splitNormalized(String text) {
    return split(text, normalizedTrie);
  }

  private static List<Segment> split(String s, Trie trie) {
    List<Segment> out = new ArrayList<>();
    int startOffset = 0;
    for (int i = 0; i < s.length(); ) {
      long match = trie.longestAt(s, i);
      if (match < 0) {
        i++;
        continue;
      }
      AddedToken t = trie.token((int) (match >>> 32));
      int start = i, stop = (int) match;
      i = stop; // the search resumes after the match, whether or not it is kept
      if (t.singleWord() && !isSingleWord(s, start, stop)) continue;
      if (t.lstrip()) start = Math.max(startOffset, skipWhiteSpaceBackward(s, start));
      if (t.rstrip()) stop = skipWhiteSpaceForward(s, stop);
      if (start < startOffset) continue; // would overlap whitespace a previous token swallowed
      if (startOffset < start) out.add(new Segment(s.substring(startOffset, start), -1, startOffset));
      out.add(new Segment(s.substring(start, stop), t.id(), start));
      startOffset = stop;
    }
    if (startOffset < s.length() || s.isEmpty()) out.add(new Segment(s.substring(startOffset), -1, startOffset));
    return out;
  }

  private static boolean isSingleWord(String s, int start, int stop) {
    boolean leftOk = start == 0 || !Chars.isWordChar(s.codePointBefore(start));
    boolean rightOk = stop == s.length() || !Chars.isWordChar(s.codePointAt(stop));
    return leftOk && rightOk;
  }

  private static int skipWhiteSpaceBackward(String s, int i) {
    while (i > 0 && Chars.isWhiteSpace(s.codePointBefore(i))) i -= Character.charCount(s.codePointBefore(i));
    return i;
  }

  private static int skipWhiteSpaceForward(String s, int i) {
    while (i < s.length() && Chars.isWhiteSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
    return i;
  }

  /** A character trie answering "the longest token starting here". */
  private static final class Trie {
    private final Node root = new Node();
    private final List<AddedToken> byIndex = new ArrayList<>();
    private final boolean[] firstChar = new boolean[65536];

    private static final class Node {
      final Map<Character, Node> children = new HashMap<>();
      int token = -1;
    }

    void add(String content, AddedToken t) {
      Node n = root;
      for (int k = 0; k < content.length(); k++) n = n.children.computeIfAbsent(content.charAt(k), c -> new Node());
      if (n.token < 0) {
        n.token = byIndex.size();
        byIndex.add(t);
      }
      firstChar[content.charAt(0)] = true;
    }

    AddedToken token(int index) {
      return byIndex.get(index);
    }

    /** (token index << 32 | end) of the longest token starting at i, or -1. */
    long longestAt(String s, int i) {
      if (!firstChar[s.charAt(i)]) return -1;
      Node n = root;
      long best = -1;
      for (int k = i; k < s.length(); k++) {
        n = n.children.get(s.charAt(k));
        if (n == null) break;
        if (n.token >= 0) best = (long) n.token << 32 | (k + 1);
      }
      return best;
    }
  }
}

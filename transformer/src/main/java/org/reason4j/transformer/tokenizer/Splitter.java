package org.reason4j.transformer.tokenizer;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splitting a string at the matches of a pattern, with the five delimiter behaviors of the Rust
 * tokenizers library ({@code NormalizedString::split}). A pattern first cuts the text into
 * consecutive segments, each a match or not; the behavior then decides what the matches become;
 * empty pieces are always dropped.
 */
final class Splitter {
  private Splitter() {}

  /** What happens to the matched delimiters. */
  enum Behavior {
    /** Matches are dropped. */
    REMOVED("Removed"),
    /** Matches become pieces of their own. */
    ISOLATED("Isolated"),
    /** A match is glued to the end of the piece before it. */
    MERGED_WITH_PREVIOUS("MergedWithPrevious"),
    /** A match is glued to the start of the piece after it. */
    MERGED_WITH_NEXT("MergedWithNext"),
    /** Consecutive matches become one piece. */
    CONTIGUOUS("Contiguous");

    final String jsonName;

    Behavior(String jsonName) {
      this.jsonName = jsonName;
    }

    static Behavior parse(JsonObj o, String key) {
      String s = o.str(key);
      for (Behavior b : values()) if (b.jsonName.equals(s)) return b;
      throw o.fail("unknown split behavior '" + s + "'");
    }
  }

  /** What a Split pre-tokenizer or a Replace step looks for: a regex or a literal string. */
  sealed interface SplitPattern {
    record Regex(Pattern pattern) implements SplitPattern {}

    record Literal(String text) implements SplitPattern {}

    /** {"Regex": "..."} (Oniguruma syntax, translated) or {"String": "..."}. */
    static SplitPattern fromJson(JsonObj o) {
      o.allowOnly(java.util.Set.of("Regex", "String"));
      if (o.has("Regex")) return new Regex(OnigRegex.compile(o.str("Regex"), o.where()));
      if (o.has("String")) return new Literal(o.str("String"));
      throw o.fail("pattern needs 'Regex' or 'String'");
    }
  }

  /** Consecutive segments [start, end) covering a string, each flagged as a match or not. */
  static final class Segments {
    final IntList starts = new IntList(16);
    final IntList ends = new IntList(16);
    final IntList isMatch = new IntList(16); // 1 or 0

    void add(int start, int end, boolean match) {
      starts.add(start);
      ends.add(end);
      isMatch.add(match ? 1 : 0);
    }

    int size() {
      return starts.size();
    }

    boolean match(int k) {
      return isMatch.get(k) != 0;
    }

    void invert() {
      for (int k = 0; k < size(); k++) isMatch.set(k, 1 - isMatch.get(k));
    }
  }

  static Segments find(SplitPattern pattern, String s) {
    if (pattern instanceof SplitPattern.Regex r) return findRegex(r.pattern(), s);
    return findLiteral(((SplitPattern.Literal) pattern).text(), s);
  }

  static Segments findRegex(Pattern p, String s) {
    Segments seg = new Segments();
    int prev = 0;
    Matcher m = p.matcher(s);
    while (m.find()) {
      if (m.start() > prev) seg.add(prev, m.start(), false);
      seg.add(m.start(), m.end(), true);
      prev = m.end();
    }
    if (prev < s.length()) seg.add(prev, s.length(), false);
    return seg;
  }

  static Segments findLiteral(String needle, String s) {
    Segments seg = new Segments();
    int prev = 0;
    if (!needle.isEmpty()) {
      for (int at = s.indexOf(needle); at >= 0; at = s.indexOf(needle, prev)) {
        if (at > prev) seg.add(prev, at, false);
        seg.add(at, at + needle.length(), true);
        prev = at + needle.length();
      }
    }
    if (prev < s.length()) seg.add(prev, s.length(), false);
    return seg;
  }

  /** Every code point that satisfies the predicate is a match of its own. */
  static Segments findChars(IntPredicate isDelimiter, String s) {
    Segments seg = new Segments();
    int prev = 0;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int n = Character.charCount(c);
      if (isDelimiter.test(c)) {
        if (i > prev) seg.add(prev, i, false);
        seg.add(i, i + n, true);
        prev = i + n;
      }
      i += n;
    }
    if (prev < s.length()) seg.add(prev, s.length(), false);
    return seg;
  }

  /**
   * Applies a behavior and appends the non-empty pieces to {@code out}. A piece keeps
   * {@code atStart} only if it begins where the input began.
   */
  static void apply(PreTokenizer.Piece in, Segments seg, Behavior behavior, List<PreTokenizer.Piece> out) {
    switch (behavior) {
      case REMOVED -> {
        for (int k = 0; k < seg.size(); k++) if (!seg.match(k)) emit(in, seg.starts.get(k), seg.ends.get(k), out);
      }
      case ISOLATED -> {
        for (int k = 0; k < seg.size(); k++) emit(in, seg.starts.get(k), seg.ends.get(k), out);
      }
      case CONTIGUOUS -> merged(in, seg, out, false);
      case MERGED_WITH_PREVIOUS -> merged(in, seg, out, true);
      case MERGED_WITH_NEXT -> mergedWithNext(in, seg, out);
    }
  }

  private static void emit(PreTokenizer.Piece in, int s, int e, List<PreTokenizer.Piece> out) {
    if (e > s) out.add(new PreTokenizer.Piece(in.text().substring(s, e), in.atStart() && s == 0));
  }

  /**
   * CONTIGUOUS: a segment joins the previous piece when it has the same match flag.
   * MERGED_WITH_PREVIOUS: a match joins the previous piece unless that one ended with a match.
   */
  private static void merged(PreTokenizer.Piece in, Segments seg, List<PreTokenizer.Piece> out, boolean withPrevious) {
    boolean previousMatch = false;
    int pieceStart = -1, pieceEnd = -1;
    for (int k = 0; k < seg.size(); k++) {
      boolean match = seg.match(k);
      boolean join = withPrevious ? match && !previousMatch : match == previousMatch;
      if (join && pieceStart >= 0) {
        pieceEnd = seg.ends.get(k);
      } else {
        if (pieceStart >= 0) emit(in, pieceStart, pieceEnd, out);
        pieceStart = seg.starts.get(k);
        pieceEnd = seg.ends.get(k);
      }
      previousMatch = match;
    }
    if (pieceStart >= 0) emit(in, pieceStart, pieceEnd, out);
  }

  /** MERGED_WITH_NEXT: the mirror image, walking backwards, a match joins the piece after it. */
  private static void mergedWithNext(PreTokenizer.Piece in, Segments seg, List<PreTokenizer.Piece> out) {
    boolean previousMatch = false;
    IntList starts = new IntList(seg.size()), ends = new IntList(seg.size());
    for (int k = seg.size() - 1; k >= 0; k--) {
      boolean match = seg.match(k);
      if (match && !previousMatch && starts.size() > 0) {
        starts.set(starts.size() - 1, seg.starts.get(k));
      } else {
        starts.add(seg.starts.get(k));
        ends.add(seg.ends.get(k));
      }
      previousMatch = match;
    }
    for (int k = starts.size() - 1; k >= 0; k--) emit(in, starts.get(k), ends.get(k), out);
  }
}

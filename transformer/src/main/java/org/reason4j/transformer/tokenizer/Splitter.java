package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
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
    final List<Boolean> isMatch = new ArrayList<>();

    void add(int start, int end, boolean match) {
      starts.add(start);
      ends.add(end);
      isMatch.add(match);
    }

    int size() {
      return starts.size();
    }

    void invert() {
      isMatch.replaceAll(b -> !b);
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
    IntList starts = new IntList(seg.size());
    IntList ends = new IntList(seg.size());
    List<Boolean> drop = new ArrayList<>(seg.size());
    switch (behavior) {
      case REMOVED -> {
        for (int k = 0; k < seg.size(); k++) push(starts, ends, drop, seg.starts.get(k), seg.ends.get(k), seg.isMatch.get(k));
      }
      case ISOLATED -> {
        for (int k = 0; k < seg.size(); k++) push(starts, ends, drop, seg.starts.get(k), seg.ends.get(k), false);
      }
      case CONTIGUOUS -> contiguous(seg, starts, ends, drop);
      case MERGED_WITH_PREVIOUS -> mergedWithPrevious(seg, starts, ends, drop);
      case MERGED_WITH_NEXT -> mergedWithNext(seg, starts, ends, drop);
    }
    String text = in.text();
    for (int k = 0; k < starts.size(); k++) {
      int s = starts.get(k), e = ends.get(k);
      if (drop.get(k) || e <= s) continue;
      out.add(new PreTokenizer.Piece(text.substring(s, e), in.atStart() && s == 0));
    }
  }

  private static void push(IntList starts, IntList ends, List<Boolean> drop, int s, int e, boolean d) {
    starts.add(s);
    ends.add(e);
    drop.add(d);
  }

  private static void contiguous(Segments seg, IntList starts, IntList ends, List<Boolean> drop) {
    boolean previousMatch = false;
    IntList mergedEnds = new IntList(seg.size());
    for (int k = 0; k < seg.size(); k++) {
      boolean match = seg.isMatch.get(k);
      if (match == previousMatch && starts.size() > 0) {
        mergedEnds.set(mergedEnds.size() - 1, seg.ends.get(k));
      } else {
        starts.add(seg.starts.get(k));
        mergedEnds.add(seg.ends.get(k));
        drop.add(false);
      }
      previousMatch = match;
    }
    for (int k = 0; k < mergedEnds.size(); k++) ends.add(mergedEnds.get(k));
  }

  private static void mergedWithPrevious(Segments seg, IntList starts, IntList ends, List<Boolean> drop) {
    boolean previousMatch = false;
    IntList mergedEnds = new IntList(seg.size());
    for (int k = 0; k < seg.size(); k++) {
      boolean match = seg.isMatch.get(k);
      if (match && !previousMatch && starts.size() > 0) {
        mergedEnds.set(mergedEnds.size() - 1, seg.ends.get(k));
      } else {
        starts.add(seg.starts.get(k));
        mergedEnds.add(seg.ends.get(k));
        drop.add(false);
      }
      previousMatch = match;
    }
    for (int k = 0; k < mergedEnds.size(); k++) ends.add(mergedEnds.get(k));
  }

  /** The mirror image of {@link #mergedWithPrevious}: walk backwards, glue a match to what follows. */
  private static void mergedWithNext(Segments seg, IntList starts, IntList ends, List<Boolean> drop) {
    boolean previousMatch = false;
    IntList revStarts = new IntList(seg.size());
    IntList revEnds = new IntList(seg.size());
    for (int k = seg.size() - 1; k >= 0; k--) {
      boolean match = seg.isMatch.get(k);
      if (match && !previousMatch && revStarts.size() > 0) {
        revStarts.set(revStarts.size() - 1, seg.starts.get(k));
      } else {
        revStarts.add(seg.starts.get(k));
        revEnds.add(seg.ends.get(k));
      }
      previousMatch = match;
    }
    for (int k = revStarts.size() - 1; k >= 0; k--) push(starts, ends, drop, revStarts.get(k), revEnds.get(k), false);
  }
}

package org.reason4j.transformer.tokenizer;

import java.text.Normalizer.Form;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The normalizers of a tokenizer.json ("normalizer"): string-to-string steps applied to the text
 * between added tokens before pre-tokenization. Semantics are those of the Rust library (e.g.
 * lowercase is per character, BERT strips accents before lowercasing). Offsets are not tracked:
 * reason4j needs ids, not alignments.
 */
sealed interface Normalizer {

  String normalize(String s);

  record Sequence(List<Normalizer> steps) implements Normalizer {
    public String normalize(String s) {
      for (Normalizer n : steps) s = n.normalize(s);
      return s;
    }
  }

  /** Prepends a string to non-empty text (SentencePiece's dummy prefix "▁"). */
  record Prepend(String prefix) implements Normalizer {
    public String normalize(String s) {
      return s.isEmpty() ? s : prefix + s;
    }
  }

  /** Replaces every match of a pattern (literal or Oniguruma regex) with a fixed string. */
  record Replace(Splitter.SplitPattern pattern, String content) implements Normalizer {
    public String normalize(String s) {
      if (pattern instanceof Splitter.SplitPattern.Regex r) {
        return r.pattern().matcher(s).replaceAll(Matcher.quoteReplacement(content));
      }
      String needle = ((Splitter.SplitPattern.Literal) pattern).text();
      return needle.isEmpty() ? s : s.replace(needle, content);
    }
  }

  /** NFC, NFD, NFKC or NFKD. */
  record Unicode(Form form) implements Normalizer {
    public String normalize(String s) {
      return java.text.Normalizer.normalize(s, form);
    }
  }

  record Lowercase() implements Normalizer {
    public String normalize(String s) {
      return Chars.lowercase(s);
    }
  }

  /** Removes Unicode White_Space at the left and/or right end. */
  record Strip(boolean left, boolean right) implements Normalizer {
    public String normalize(String s) {
      int start = 0, end = s.length();
      while (left && start < end && Chars.isWhiteSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
      while (right && end > start && Chars.isWhiteSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
      return s.substring(start, end);
    }
  }

  /** Removes combining marks (general category M); usually placed after NFD/NFKD. */
  record StripAccents() implements Normalizer {
    public String normalize(String s) {
      return filter(s, c -> !Chars.isMark(c));
    }
  }

  /**
   * BERT's normalizer: drop NUL, U+FFFD and control characters and turn whitespace into ' ';
   * put spaces around CJK ideographs; strip accents (NFD, drop Mn) when asked, or by default when
   * lowercasing; lowercase.
   */
  record Bert(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
      implements Normalizer {
    public String normalize(String s) {
      if (cleanText) s = clean(s);
      if (handleChineseChars) s = spaceChinese(s);
      if (stripAccents != null ? stripAccents : lowercase) {
        s = filter(java.text.Normalizer.normalize(s, Form.NFD), c -> Character.getType(c) != Character.NON_SPACING_MARK);
      }
      return lowercase ? Chars.lowercase(s) : s;
    }

    private static String clean(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); ) {
        int c = s.codePointAt(i);
        i += Character.charCount(c);
        boolean control = c != '\t' && c != '\n' && c != '\r' && Chars.isOther(c);
        if (c == 0 || c == 0xFFFD || control) continue;
        if (Chars.isWhiteSpace(c)) sb.append(' ');
        else sb.appendCodePoint(c);
      }
      return sb.toString();
    }

    private static String spaceChinese(String s) {
      StringBuilder sb = new StringBuilder(s.length() + 16);
      for (int i = 0; i < s.length(); ) {
        int c = s.codePointAt(i);
        i += Character.charCount(c);
        if (Chars.isChinese(c)) sb.append(' ').appendCodePoint(c).append(' ');
        else sb.appendCodePoint(c);
      }
      return sb.toString();
    }
  }

  private static String filter(String s, java.util.function.IntPredicate keep) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().filter(keep).forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** Builds a normalizer from its tokenizer.json object; unknown types and options are errors. */
  static Normalizer fromJson(JsonObj o) {
    String type = o.type();
    switch (type) {
      case "Sequence": {
        o.allowOnly(Set.of("type", "normalizers"));
        List<Normalizer> steps = new ArrayList<>();
        for (JsonObj child : o.objects("normalizers")) steps.add(fromJson(child));
        return new Sequence(steps);
      }
      case "Prepend":
        o.allowOnly(Set.of("type", "prepend"));
        return new Prepend(o.str("prepend"));
      case "Replace":
        o.allowOnly(Set.of("type", "pattern", "content"));
        return new Replace(Splitter.SplitPattern.fromJson(o.obj("pattern")), o.str("content"));
      case "NFC": case "NFD": case "NFKC": case "NFKD":
        o.allowOnly(Set.of("type"));
        return new Unicode(Form.valueOf(type));
      case "Lowercase":
        o.allowOnly(Set.of("type"));
        return new Lowercase();
      case "Strip":
        o.allowOnly(Set.of("type", "strip_left", "strip_right"));
        return new Strip(o.bool("strip_left", true), o.bool("strip_right", true));
      case "StripAccents":
        o.allowOnly(Set.of("type"));
        return new StripAccents();
      case "BertNormalizer":
        o.allowOnly(Set.of("type", "clean_text", "handle_chinese_chars", "strip_accents", "lowercase"));
        return new Bert(o.bool("clean_text", true), o.bool("handle_chinese_chars", true),
            o.optBool("strip_accents"), o.bool("lowercase", true));
      default:
        throw o.fail("unknown normalizer type '" + type + "'");
    }
  }
}

package org.reason4j.transformer.tokenizer;

/**
 * The character classes the Rust tokenizers library uses, spelled out on code points so that they
 * do not depend on Java's differently-defined helpers ({@code Character.isWhitespace} excludes
 * U+00A0; {@code String.toLowerCase} is context-sensitive for final sigma, Rust's char-wise
 * lowercase is not).
 */
final class Chars {
  private Chars() {}

  /** Unicode White_Space (Rust's {@code char::is_whitespace}, Oniguruma's {@code \s}). */
  static boolean isWhiteSpace(int c) {
    return c >= 0x09 && c <= 0x0D || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
        || c >= 0x2000 && c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
        || c == 0x3000;
  }

  /** BERT punctuation: ASCII punctuation (which includes symbols like $ + < = > ^ ` | ~) or Unicode P*. */
  static boolean isBertPunctuation(int c) {
    if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) return true;
    switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** General category C* (Cc, Cf, Cn, Co, Cs): what BERT's clean-up removes, tab/newline/CR aside. */
  static boolean isOther(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.UNASSIGNED:
      case Character.PRIVATE_USE:
      case Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }

  /** The CJK ideograph blocks of the original BERT code (not all of CJK: no kana, no hangul). */
  static boolean isChinese(int c) {
    return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF
        || c >= 0x2A700 && c <= 0x2B73F || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B820 && c <= 0x2CEAF
        || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
  }

  /** Rust's {@code char::is_numeric}: general category Nd, Nl or No. */
  static boolean isNumeric(int c) {
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /** General category M* (Mn, Mc, Me). */
  static boolean isMark(int c) {
    int t = Character.getType(c);
    return t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK || t == Character.ENCLOSING_MARK;
  }

  /** The Rust regex crate's Unicode {@code \w}: Alphabetic, marks, Nd, Pc and the joiners. */
  static boolean isWordChar(int c) {
    int t = Character.getType(c);
    return Character.isAlphabetic(c) || isMark(c) || t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.CONNECTOR_PUNCTUATION || c == 0x200C || c == 0x200D;
  }

  /**
   * Rust's per-character lowercase ({@code char::to_lowercase} on each char): simple case mapping plus
   * the one unconditional multi-character mapping (U+0130 to "i\u0307"); no final-sigma context.
   */
  static String lowercase(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      int n = Character.charCount(c);
      int lower = Character.toLowerCase(c);
      if (c == 0x130 || lower != c) {
        if (sb == null) sb = new StringBuilder(s.length()).append(s, 0, i);
        if (c == 0x130) sb.append("i\u0307");
        else sb.appendCodePoint(lower);
      } else if (sb != null) {
        sb.append(s, i, i + n);
      }
      i += n;
    }
    return sb == null ? s : sb.toString();
  }
}

package org.reason4j.transformer.tokenizer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 the way the tokenizers need it. Encoding turns a lone surrogate into the bytes of U+FFFD
 * (as JavaScript's TextEncoder does; Java's own encoder would write '?'). Lossy decoding replaces
 * each maximal ill-formed subsequence with one U+FFFD, the Unicode/WHATWG rule that both Rust's
 * {@code String::from_utf8_lossy} and JavaScript's TextDecoder follow.
 */
final class Utf8 {
  private Utf8() {}

  static byte[] encode(String s) {
    byte[] out = new byte[s.length() * 3]; // a UTF-16 unit never needs more than 3 bytes
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      n = put(out, n, cp);
    }
    return Arrays.copyOf(out, n);
  }

  /** Writes the UTF-8 bytes of one code point at {@code n} (a lone surrogate: those of U+FFFD). */
  static int put(byte[] out, int n, int cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) {
      out[n++] = (byte) cp;
    } else if (cp < 0x800) {
      out[n++] = (byte) (0xC0 | cp >> 6);
      out[n++] = (byte) (0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      out[n++] = (byte) (0xE0 | cp >> 12);
      out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | cp & 0x3F);
    } else {
      out[n++] = (byte) (0xF0 | cp >> 18);
      out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
      out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
      out[n++] = (byte) (0x80 | cp & 0x3F);
    }
    return n;
  }

  static String decodeLossy(byte[] b) {
    return decodeLossy(b, 0, b.length);
  }

  /** WHATWG "UTF-8 decode" with replacement. */
  static String decodeLossy(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(len);
    int needed = 0, seen = 0, cp = 0, lower = 0x80, upper = 0xBF;
    for (int i = off; i < off + len; i++) {
      int x = b[i] & 0xFF;
      if (needed == 0) {
        if (x < 0x80) {
          sb.append((char) x);
        } else if (x >= 0xC2 && x <= 0xDF) {
          needed = 1;
          cp = x & 0x1F;
        } else if (x >= 0xE0 && x <= 0xEF) {
          if (x == 0xE0) lower = 0xA0;
          if (x == 0xED) upper = 0x9F;
          needed = 2;
          cp = x & 0xF;
        } else if (x >= 0xF0 && x <= 0xF4) {
          if (x == 0xF0) lower = 0x90;
          if (x == 0xF4) upper = 0x8F;
          needed = 3;
          cp = x & 0x7;
        } else {
          sb.append('\uFFFD');
        }
        continue;
      }
      if (x < lower || x > upper) {
        needed = seen = cp = 0;
        lower = 0x80;
        upper = 0xBF;
        sb.append('\uFFFD');
        i--; // the byte starts afresh
        continue;
      }
      lower = 0x80;
      upper = 0xBF;
      cp = cp << 6 | x & 0x3F;
      if (++seen == needed) {
        sb.appendCodePoint(cp);
        needed = seen = cp = 0;
      }
    }
    if (needed != 0) sb.append('\uFFFD');
    return sb.toString();
  }

  /** Strict decoding: null when the bytes are not valid UTF-8 (Rust's {@code String::from_utf8}). */
  static String decodeStrict(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

package org.reason4j.transformer.tokenizer;

/**
 * GPT-2's byte-to-character table: each of the 256 byte values gets a printable character
 * (printable Latin-1 bytes map to themselves, the others to U+0100 onwards), so that byte-level
 * BPE vocabularies can be stored as ordinary strings ("Ġ" is the space byte, "Ċ" the newline).
 */
final class ByteAlphabet {
  private static final char[] BYTE_TO_CHAR = new char[256];
  private static final int[] CHAR_TO_BYTE = new int[512];

  static {
    java.util.Arrays.fill(CHAR_TO_BYTE, -1);
    int n = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = b >= '!' && b <= '~' || b >= 0xA1 && b <= 0xAC || b >= 0xAE && b <= 0xFF;
      char c = printable ? (char) b : (char) (256 + n++);
      BYTE_TO_CHAR[b] = c;
      CHAR_TO_BYTE[c] = b;
    }
  }

  private ByteAlphabet() {}

  static char charOf(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The byte a character stands for, or -1 if it is not one of the 256 alphabet characters. */
  static int byteOf(int c) {
    return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
  }

  /** The UTF-8 bytes of s written in the byte alphabet. */
  static String encode(String s) {
    char[] out = new char[s.length() * 3];
    byte[] buf = new byte[4];
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c < 0x80) { // ASCII: one byte, no UTF-8 work
        out[n++] = BYTE_TO_CHAR[c];
        i++;
        continue;
      }
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int len = Utf8.put(buf, 0, cp);
      for (int k = 0; k < len; k++) out[n++] = BYTE_TO_CHAR[buf[k] & 0xFF];
    }
    return new String(out, 0, n);
  }
}

package org.reason4j.rl.data;

import java.util.regex.Pattern;

/**
 * Small text operations on worked solutions that both the loaders (to find a gold answer) and the
 * verifiers (to find a model's answer) need, so the two read answers the same way.
 *
 * <p>These only cut text; they do not parse numbers or normalise LaTeX (that is the verifiers' job).
 */
public final class SolutionText {
  private SolutionText() {}

  /** GSM8K's final-answer marker. */
  public static final String HASHES = "####";

  private static final Pattern CALCULATOR_ANNOTATION = Pattern.compile("<<[^<>]*>>");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /** Whether the whole text is a plain decimal number such as {@code -12}, {@code 3.5} or {@code 1e3}. */
  public static boolean isDecimalNumber(String text) {
    return DECIMAL.matcher(text).matches();
  }

  /**
   * Removes GSM8K's calculator annotations: {@code "48/2 = <<48/2=24>>24 clips"} becomes
   * {@code "48/2 = 24 clips"}. Annotations hold no angle brackets, so a stray {@code <<} is left alone.
   */
  public static String stripCalculatorAnnotations(String solution) {
    return CALCULATOR_ANNOTATION.matcher(solution).replaceAll("");
  }

  /** The text after the last {@code ####}, trimmed; null when there is no {@code ####}. */
  public static String afterLastHashes(String text) {
    int at = text.lastIndexOf(HASHES);
    return at < 0 ? null : text.substring(at + HASHES.length()).strip();
  }

  /**
   * The content of the last {@code \boxed} in the text, as verl's {@code last_boxed_only_string} and
   * {@code remove_boxed} find it (verl/utils/reward_score/math.py), or null when there is none:
   * <ul>
   *   <li>if the text contains {@code "\boxed "} (space form) anywhere, the answer is the text after its
   *       last occurrence up to the next {@code $} (or the end), unstripped;</li>
   *   <li>otherwise the last {@code \boxed} (else the last {@code \fbox}) is brace-matched from its first
   *       {@code {}; the command must be followed directly by {@code {} (so {@code \boxed\frac{1}{2}} and an
   *       unmatched brace give null), and the inside of the braces is returned.</li>
   * </ul>
   * verl's {@code remove_boxed} rejects an {@code \fbox{...}}; we accept it, as ALGORITHMS.md §1.2 asks.
   */
  public static String lastBoxed(String text) {
    String space = "\\boxed ";
    int spaceAt = text.lastIndexOf(space);
    if (spaceAt >= 0) {
      String rest = text.substring(spaceAt + space.length());
      int dollar = rest.indexOf('$');
      return dollar < 0 ? rest : rest.substring(0, dollar);
    }
    String command = "\\boxed";
    int at = text.lastIndexOf(command);
    if (at < 0) {
      command = "\\fbox";
      at = text.lastIndexOf(command);
      if (at < 0) return null;
    }
    int close = matchingBrace(text, at);
    if (close < 0) return null;
    int open = at + command.length();
    if (open >= text.length() || text.charAt(open) != '{') return null;
    return text.substring(open + 1, close);
  }

  /** Scans from {@code from} counting braces; the index of the '}' that brings the count back to 0, or -1. */
  private static int matchingBrace(String text, int from) {
    int open = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') open++;
      if (c == '}') {
        open--;
        if (open == 0) return i;
      }
    }
    return -1;
  }
}

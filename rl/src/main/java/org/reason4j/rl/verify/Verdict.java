package org.reason4j.rl.verify;

/**
 * What a verifier found in one response: the extracted answer (null when there was none) and whether it
 * matches the gold answer. A response without an answer is never correct.
 */
public record Verdict(String answer, boolean correct) {
  public Verdict {
    if (answer == null && correct) throw new IllegalArgumentException("a response without an answer cannot be correct");
  }

  public boolean hasAnswer() {
    return answer != null;
  }
}

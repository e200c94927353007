package org.reason4j.transformer.generate;

/**
 * One generated sequence: the prompt ids, the new ids (including a final EOS when it stopped on one), the
 * decoded text of the new ids, the log-prob of each new id under the temperature-scaled model, and why
 * it stopped.
 */
public record GenerationResult(int[] promptIds, int[] ids, String text, float[] logprobs, FinishReason finishReason) {
  /** True when it ended without EOS or a stop string (a truncated response). */
  public boolean truncated() {
    return finishReason == FinishReason.LENGTH;
  }
}

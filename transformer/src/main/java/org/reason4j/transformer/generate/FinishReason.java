package org.reason4j.transformer.generate;

/** Why a sequence stopped. */
public enum FinishReason {
  /** It sampled an end-of-sequence id (kept as the last token). */
  EOS,
  /** Its text came to contain a stop string. */
  STOP_STRING,
  /** It reached maxNewTokens (or the model's context). */
  LENGTH;

  /** The name used in JSON output, as OpenAI-style APIs spell it: "stop" or "length". */
  public String jsonName() {
    return this == LENGTH ? "length" : "stop";
  }
}

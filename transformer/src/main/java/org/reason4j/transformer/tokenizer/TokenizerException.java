package org.reason4j.transformer.tokenizer;

/** A tokenizer file that cannot be used, or an input a tokenizer cannot take; the message names the source. */
public final class TokenizerException extends RuntimeException {
  public TokenizerException(String message) {
    super(message);
  }

  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}

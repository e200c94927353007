package org.reason4j.rl.data;

/** A data file that cannot be read as problems; the message names the file and, where known, the line. */
public final class DataFormatException extends RuntimeException {
  public DataFormatException(String message) {
    super(message);
  }

  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.reason4j.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read or written: malformed, inconsistent, or asking for something
 * reason4j tensors cannot hold. The message always starts with the file, then says what is wrong.
 */
public final class SafetensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafetensorsException(Path file, String problem) {
    super(file + ": " + problem);
  }

  public SafetensorsException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
  }
}

package org.reason4j.transformer.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be loaded or saved: a missing file, a tensor the model does not expect or
 * lacks, a shape that contradicts {@code config.json}. The message starts with the file or directory,
 * then says what is wrong, and names every tensor involved.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(Path where, String problem) {
    super(where + ": " + problem);
  }
}

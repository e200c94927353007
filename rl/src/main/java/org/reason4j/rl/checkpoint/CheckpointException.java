package org.reason4j.rl.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint that cannot be read or written; the message starts with the file or folder at fault. */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(Path where, String problem) {
    super(where + ": " + problem);
  }

  public CheckpointException(Path where, String problem, Throwable cause) {
    super(where + ": " + problem, cause);
  }
}

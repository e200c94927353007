package org.reason4j.rl.data;

import java.util.List;

/**
 * The problems read from one file, with an account of the records that were skipped.
 *
 * <p>{@code skipped} counts every record left out under {@link BadLines#SKIP}; {@code skipMessages} describes
 * only the first {@link #MAX_MESSAGES} of them (file, line and problem), so a file with a million bad lines
 * does not produce a million strings.
 */
public record Dataset(String source, List<Problem> problems, int skipped, List<String> skipMessages) {

  /** How many skipped records are described in {@link #skipMessages}. */
  public static final int MAX_MESSAGES = 5;

  public Dataset {
    problems = List.copyOf(problems);
    skipMessages = List.copyOf(skipMessages);
    if (skipped < skipMessages.size()) {
      throw new IllegalArgumentException("skipped " + skipped + " < messages " + skipMessages.size());
    }
  }

  public int size() {
    return problems.size();
  }
}

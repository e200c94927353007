package org.reason4j.rl.data;

/** What a loader does with a record it cannot turn into a {@link Problem}. */
public enum BadLines {
  /** Stop with a {@link DataFormatException} naming the file and the line (the default). */
  FAIL,
  /** Leave the record out, and count and describe it in the returned {@link Dataset}. */
  SKIP
}

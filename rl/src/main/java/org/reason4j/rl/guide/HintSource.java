package org.reason4j.rl.guide;

import org.reason4j.rl.data.Problem;

/**
 * Where the hint of a problem comes from. Guide's data sets ship a written hint per problem; GSM8K and the
 * ReFT files do not, so their hint can be the first line of the reference solution [ours], as the
 * synthetic task's own hint is its first solution step.
 */
public enum HintSource {
  /** {@link Problem#hint()} only; a problem without one is not guided. */
  PROBLEM,
  /** The first non-blank line of the reference solution. */
  REFERENCE_FIRST_LINE,
  /** {@link Problem#hint()} when there is one, else the reference's first line. */
  PROBLEM_THEN_REFERENCE;

  /** The hint, or null when this source has none for the problem. */
  public String hintOf(Problem p) {
    return switch (this) {
      case PROBLEM -> p.hint();
      case REFERENCE_FIRST_LINE -> firstLine(p.referenceSolution());
      case PROBLEM_THEN_REFERENCE -> p.hint() != null ? p.hint() : firstLine(p.referenceSolution());
    };
  }

  private static String firstLine(String text) {
    if (text == null) return null;
    for (String line : text.split("\n")) if (!line.isBlank()) return line.strip();
    return null;
  }
}

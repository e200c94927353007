package org.reason4j.rl.data;

import java.util.Objects;

/**
 * One task for training or evaluation: a question, its gold answer, and optionally a worked reference
 * solution, a hint and a difficulty tier.
 *
 * <p>A plain value: loaders build it, prompt builders and verifiers read it. It deliberately holds no
 * prompt formatting and no parsed answer; the gold answer is kept exactly as the data set writes it
 * ({@code "1,200"}, {@code "203.0"}, {@code "c"}, {@code "\\frac{1}{2}"}), and the verifier decides how to
 * compare it.
 *
 * @param id                stable identifier (the data set's own id where it has one)
 * @param question          the question text
 * @param referenceSolution a human or generated worked solution, or null when the data set has none
 * @param goldAnswer        the final answer as written in the data set
 * @param hint              a short hint (used by guidance methods), or null
 * @param tier              difficulty tier of a synthetic problem, or {@link #NO_TIER}
 */
public record Problem(String id, String question, String referenceSolution, String goldAnswer, String hint,
    int tier) {

  /** The tier of a problem that has none (every real data set). */
  public static final int NO_TIER = -1;

  public Problem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(goldAnswer, "goldAnswer");
    if (tier < NO_TIER) throw new IllegalArgumentException("tier must be >= -1, got " + tier);
  }

  /** A problem without hint or tier. */
  public Problem(String id, String question, String referenceSolution, String goldAnswer) {
    this(id, question, referenceSolution, goldAnswer, null, NO_TIER);
  }

  public boolean hasReference() {
    return referenceSolution != null;
  }
}

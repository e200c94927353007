package org.reason4j.rl.guide;

import java.util.Objects;
import org.reason4j.rl.data.Problem;

/**
 * How a hint joins a problem (ALGORITHMS §6: q⊕h): a text with {@code {question}} and {@code {hint}} that
 * replaces the problem's question, so the task's own {@link org.reason4j.rl.rollout.PromptFormat} (plain,
 * ReFT or a chat template) then wraps the hinted question exactly as it wraps a plain one.
 *
 * <p>The default follows the Guide paper's setup [ours: the wording is not published]: the problem, a
 * blank line, {@code "Hint: "} and the hint. A character-level model only knows its alphabet, so the
 * synthetic task has its own template built from the task's characters ({@link #synthetic()}).
 *
 * @param template a text containing {@code {question}} and {@code {hint}}
 */
public record HintTemplate(String template) {
  public HintTemplate {
    Objects.requireNonNull(template, "template");
    if (!template.contains("{question}") || !template.contains("{hint}")) {
      throw new IllegalArgumentException("hint template \"" + template + "\" needs both {question} and {hint}");
    }
  }

  /** The default text: {@code "<question>\n\nHint: <hint>"}. */
  public static final String DEFAULT = "{question}\n\nHint: {hint}";

  /** For the synthetic task: {@code "<question> hint <hint>"}, every character in {@code SyntheticTask.alphabet()}. */
  public static final String SYNTHETIC = "{question} hint {hint}";

  public static HintTemplate defaults() {
    return new HintTemplate(DEFAULT);
  }

  public static HintTemplate synthetic() {
    return new HintTemplate(SYNTHETIC);
  }

  /** The hinted text of a question. */
  public String apply(String question, String hint) {
    return template.replace("{hint}", hint).replace("{question}", question);
  }

  /** The same problem with the hint written into its question (id, answer, reference and tier unchanged). */
  public Problem apply(Problem p, String hint) {
    Objects.requireNonNull(hint, "hint");
    return new Problem(p.id(), apply(p.question(), hint), p.referenceSolution(), p.goldAnswer(), p.hint(), p.tier());
  }
}

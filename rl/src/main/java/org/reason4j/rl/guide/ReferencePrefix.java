package org.reason4j.rl.guide;

import java.util.Arrays;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.transformer.tokenizer.Tokenizer;

/**
 * ReGFT's partial reference solution (Wu et al. 2026; ALGORITHMS §8 step 3) and the prompt that carries it.
 * The first {@code fraction} of the reference (80 % in the paper) is cut at ⌊fraction·L⌋ of its L tokens,
 * then back to the previous line break so the hint ends on a whole step [ours: the paper's unit is not
 * confirmed]; when the cut holds no line break the token prefix itself is kept. The prompt places the
 * partial solution after the question with an instruction to solve the problem independently, through a
 * template with {@code {question}} and {@code {partial}} that replaces the problem's question (so the task's
 * prompt format wraps it as it wraps a plain question).
 *
 * @param template a text with {@code {question}} and {@code {partial}}
 * @param fraction the share of the reference shown, in (0, 1]
 */
public record ReferencePrefix(String template, double fraction) {
  /** The default prompt text [ours, after the paper's description: use the partial solution only as a hint]. */
  public static final String DEFAULT = "{question}\n\nHere is the beginning of a reference solution. Use it only as a hint and write your own "
      + "complete solution, ending with the final answer.\n{partial}";

  /** For the synthetic task: every character in {@code SyntheticTask.alphabet()}. */
  public static final String SYNTHETIC = "{question} hint {partial}";

  public ReferencePrefix {
    Objects.requireNonNull(template, "template");
    if (!template.contains("{question}") || !template.contains("{partial}")) {
      throw new IllegalArgumentException("reference-guided template \"" + template + "\" needs both {question} and {partial}");
    }
    if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("the reference fraction must be in (0, 1], got " + fraction);
  }

  /** ⌊fraction·L⌋, the number of reference tokens before the cut moves back to a line break. */
  public static int tokenCount(int length, double fraction) {
    return (int) Math.floor(fraction * length + 1e-9);
  }

  /**
   * The partial solution: the first ⌊fraction·L⌋ tokens of {@code reference}, back to the last line break in
   * them (the break itself left to the template, which decides what follows the partial solution).
   */
  public String partial(String reference, Tokenizer tokenizer) {
    int[] ids = tokenizer.encode(reference, false);
    String prefix = tokenizer.decode(Arrays.copyOf(ids, tokenCount(ids.length, fraction)), false);
    int lineBreak = prefix.lastIndexOf('\n');
    return lineBreak > 0 ? prefix.substring(0, lineBreak) : prefix;
  }

  /** The problem with its question replaced by the guided prompt text (answer, id and reference unchanged). */
  public Problem guided(Problem p, Tokenizer tokenizer) {
    if (p.referenceSolution() == null) throw new IllegalArgumentException("problem " + p.id() + " has no reference solution to guide with");
    String question = template.replace("{partial}", partial(p.referenceSolution(), tokenizer)).replace("{question}", p.question());
    return new Problem(p.id(), question, p.referenceSolution(), p.goldAnswer(), p.hint(), p.tier());
  }
}

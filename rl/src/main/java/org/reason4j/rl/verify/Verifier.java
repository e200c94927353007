package org.reason4j.rl.verify;

import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftSource;
import org.reason4j.rl.verify.AnswerExtractor.AfterThink;
import org.reason4j.rl.verify.AnswerExtractor.AnswerType;
import org.reason4j.rl.verify.AnswerExtractor.Boxed;
import org.reason4j.rl.verify.AnswerExtractor.Gsm8kHashes;
import org.reason4j.rl.verify.AnswerExtractor.ProgramResult;
import org.reason4j.rl.verify.AnswerExtractor.ReftTrigger;

/**
 * An answer extractor composed with an equivalence check: response + problem → {@link Verdict}. The
 * factories name the combinations the data sets use.
 */
public record Verifier(AnswerExtractor extractor, Equivalence equivalence) {

  public Verifier {
    Objects.requireNonNull(extractor, "extractor");
    Objects.requireNonNull(equivalence, "equivalence");
  }

  public Verdict verify(String response, Problem problem) {
    String answer = extractor.extract(response, problem);
    return new Verdict(answer, answer != null && equivalence.equivalent(answer, problem.goldAnswer()));
  }

  /** GSM8K format ({@code #### n}), numbers within ReFT's 1e-2. */
  public static Verifier gsm8k() {
    return new Verifier(new Gsm8kHashes(), new Equivalence.Numeric(Equivalence.Numeric.REFT_TOLERANCE));
  }

  /** The synthetic task writes its answer GSM8K-style, so it is checked the same way. */
  public static Verifier synthetic() {
    return gsm8k();
  }

  /** ReFT N-CoT on one of its data sets: options for MathQA-MCQ, numbers otherwise. */
  public static Verifier reftNCoT(ReftSource source) {
    return source.isMultipleChoice()
        ? new Verifier(new ReftTrigger(AnswerType.CHOICE), new Equivalence.MultipleChoice())
        : new Verifier(new ReftTrigger(AnswerType.NUMBER), new Equivalence.Numeric(Equivalence.Numeric.REFT_TOLERANCE));
  }

  /**
   * ReFT P-CoT: the program's number, for the numeric sources. The rollout prompt is assumed to end with
   * the program header ({@code ReftFormat.rolloutPrompt(p, PYTHON)}). MathQA-MCQ programs return option
   * strings, which a numeric {@link ProgramRunner} cannot carry, so that source is rejected.
   */
  public static Verifier reftPCoT(ReftSource source, ProgramRunner runner) {
    if (source.isMultipleChoice()) {
      throw new IllegalArgumentException("P-CoT on " + source.prefix() + " needs a program runner that returns text");
    }
    return new Verifier(new ProgramResult(runner, true), new Equivalence.Numeric(Equivalence.Numeric.REFT_TOLERANCE));
  }

  /** Competition math: last {@code \boxed{}}, verl's normaliser, optionally the exact rational fallback. */
  public static Verifier math(boolean rationalFallback) {
    return new Verifier(new Boxed(), new Equivalence.MathNormalized(rationalFallback));
  }

  /** The same check, applied only to the text after {@code </think>} (no {@code </think>}: no answer). */
  public Verifier afterThink() {
    return new Verifier(new AfterThink(extractor), equivalence);
  }
}

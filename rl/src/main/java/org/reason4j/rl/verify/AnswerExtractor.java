package org.reason4j.rl.verify;

import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftFormat;
import org.reason4j.rl.data.SolutionText;

/**
 * Finds the final answer in a model's response (ALGORITHMS.md §1.2). Each returns the answer text, or null
 * when the response has none, which the rewards tell apart from a wrong answer.
 *
 * <p>A closed set: the answer formats reason4j's data sets and methods use. The problem is passed for the
 * extractors that need the prompt's tail (P-CoT programs start in the prompt).
 */
public sealed interface AnswerExtractor {

  String extract(String response, Problem problem);

  /**
   * GSM8K: the text after the last {@code ####}, trimmed, with commas and {@code $} removed; it must then
   * be a finite number in Python's {@code float()} syntax, else null. Returns the cleaned text.
   */
  record Gsm8kHashes() implements AnswerExtractor {
    @Override
    public String extract(String response, Problem problem) {
      String after = SolutionText.afterLastHashes(response);
      if (after == null) return null;
      String cleaned = after.replace(",", "").replace("$", "").strip();
      Double v = PythonFloat.parse(cleaned);
      return v == null || v.isNaN() || v.isInfinite() ? null : cleaned;
    }
  }

  /** How a ReFT answer is read: as a number (GSM8K, SVAMP, MathQA-numeric) or as an option (MathQA-MCQ). */
  enum AnswerType {
    NUMBER,
    CHOICE
  }

  /**
   * ReFT N-CoT (train_rl_reft.py, {@code post_process_answer_cot_fn_mapper}): the response after the last
   * {@code "\nAnswer reasoning:\n"} (all of it when absent), stripped; then the text after the
   * last {@link ReftFormat#ANSWER_TRIGGER} {@code "\nTherefore, the answer is: "} (newline, colon and space
   * included; the whole text when the trigger is absent, as Python's {@code split(t)[-1]} gives), stripped.
   * NUMBER: commas dropped (ALGORITHMS.md §1.2; ReFT drops them only from the gold) and read with
   * {@link PythonFloat}, null when that fails. CHOICE: lower-cased with quotes removed, never null (as in
   * ReFT, any text is an extracted option).
   */
  record ReftTrigger(AnswerType type) implements AnswerExtractor {
    public ReftTrigger {
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String extract(String response, Problem problem) {
      String completion = afterLast(response, ReftFormat.COT_TRIGGER).strip();
      String answer = afterLast(completion, ReftFormat.ANSWER_TRIGGER).strip();
      if (type == AnswerType.CHOICE) return Equivalence.MultipleChoice.canonical(answer);
      String number = answer.replace(",", "");
      return PythonFloat.parse(number) == null ? null : number;
    }

    private static String afterLast(String text, String marker) {
      int at = text.lastIndexOf(marker);
      return at < 0 ? text : text.substring(at + marker.length());
    }
  }

  /** The content of the last {@code \boxed{}} (see {@link SolutionText#lastBoxed} for the exact rules). */
  record Boxed() implements AnswerExtractor {
    @Override
    public String extract(String response, Problem problem) {
      return SolutionText.lastBoxed(response);
    }
  }

  /**
   * The think-format gate (ReLIFT): a response without {@code </think>} has no answer; otherwise the inner
   * extractor reads only the text after the last {@code </think>}, so an answer inside the thinking never
   * counts.
   */
  record AfterThink(AnswerExtractor inner) implements AnswerExtractor {
    public static final String END_THINK = "</think>";

    public AfterThink {
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String extract(String response, Problem problem) {
      int at = response.lastIndexOf(END_THINK);
      return at < 0 ? null : inner.extract(response.substring(at + END_THINK.length()), problem);
    }
  }

  /**
   * ReFT P-CoT: the completion is turned into a program by {@link ProgramText#assemble} and handed to the
   * runner; its number is the answer ({@link Double#toString} form), null when the runner returns null.
   * With {@code headerInPrompt} the rollout prompt ended with {@link ReftFormat#programHeader}, so the
   * header is put back in front of the response first (ReFT runs the prompt's tail plus the response).
   */
  record ProgramResult(ProgramRunner runner, boolean headerInPrompt) implements AnswerExtractor {
    public ProgramResult {
      Objects.requireNonNull(runner, "runner");
    }

    @Override
    public String extract(String response, Problem problem) {
      String text = (headerInPrompt ? ReftFormat.programHeader(problem) : "") + response;
      int at = text.lastIndexOf(ReftFormat.COT_TRIGGER);
      String completion = (at < 0 ? text : text.substring(at + ReftFormat.COT_TRIGGER.length())).strip();
      Double value = runner.run(ProgramText.assemble(completion));
      return value == null ? null : value.toString();
    }
  }
}

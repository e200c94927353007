package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * ReFT's program chain-of-thought (P-CoT, ALGORITHMS.md 1.2.3): turning a model's rollout into the
 * program whose {@code solution()} value is the answer, as the reference does.
 *
 * <p>Reference (lqtrung1998/mwp_ReFT): {@code train_rl_reft.py} takes the decoded prompt and
 * completion, strips it, keeps the text after the last {@code "\nAnswer reasoning:\n"} and strips
 * again; {@code src/python_engine.py process_code} then replaces {@code sys.exit} by {@code print},
 * prepends {@code import math} and {@code import sympy}, and keeps every line that starts with
 * {@code def solution} plus the other lines up to (excluding) the first blank one; {@code run} execs
 * that and evaluates {@code solution()} (timeout 2 s in the RL trainer), and {@code floatify} turns
 * the value into a float or None. Here the program runs in a {@link ProgramExecutor}, never on the
 * host's Python.
 */
public final class PCoTProgram {
  private PCoTProgram() {}

  /** The reference's N-CoT prompt trigger, which the P-CoT prompt also ends with before the code. */
  public static final String COT_TRIGGER = "\nAnswer reasoning:\n";

  /** The code header the reference appends to the prompt (the model writes the function body). */
  public static String header(String question) {
    return "def solution():\n    \"\"\"" + question.strip() + "\"\"\"";
  }

  /** The full P-CoT prompt of the reference: instruction, question, trigger and code header. */
  public static String prompt(String question) {
    return "Question:\n" + question.strip() + COT_TRIGGER + header(question);
  }

  /** The program of a rollout: {@code rollout} is the decoded prompt followed by the model's completion. */
  public static String fromRollout(String rollout) {
    String text = rollout.strip();
    int at = text.lastIndexOf(COT_TRIGGER);
    return assemble(at < 0 ? text : text.substring(at + COT_TRIGGER.length()).strip());
  }

  /** The reference's {@code process_code}: the program that is actually run for {@code code}. */
  public static String assemble(String code) {
    List<String> lines = new ArrayList<>(List.of("import math", "import sympy"));
    for (String line : code.replace("sys.exit", "print").split("\n", -1)) {
      if (line.startsWith("def solution")) {
        lines.add(line);
        continue;
      }
      if (line.strip().isEmpty()) break;
      lines.add(line);
    }
    return String.join("\n", lines);
  }

  /** The answer of a rollout as the reward reads it: {@code float(solution())}, or null. */
  public static Double answer(ProgramExecutor executor, String rollout) {
    return executor.run(fromRollout(rollout)).asDouble();
  }
}

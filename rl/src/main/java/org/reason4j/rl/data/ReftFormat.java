package org.reason4j.rl.data;

/**
 * The ReFT prompt and target texts (lqtrung1998/mwp_ReFT, train_rl_reft.py {@code setup_cot} and
 * {@code tokenize_fn}), so SFT, PPO and evaluation all see the same strings.
 *
 * <pre>
 *   SFT prompt        "Question:\n" + q.strip() + "\nAnswer reasoning:\n"
 *   SFT target, N-CoT cot.strip() + "\nTherefore, the answer is: " + answer.strip()
 *   SFT target, P-CoT cot.strip()                      (the whole def solution() program)
 *   rollout prompt    the SFT prompt, plus for P-CoT the program header
 *                     "def solution():\n    \"\"\"" + q.strip() + "\"\"\"\n"
 * </pre>
 * The header ends with a newline as ALGORITHMS.md §1.2 specifies (the ReFT code leaves the choice to the
 * tokenizer); the model then writes the indented body.
 */
public final class ReftFormat {
  private ReftFormat() {}

  /** Which chain of thought the model writes. */
  public enum Engine {
    /** Natural language, ending with {@link #ANSWER_TRIGGER} and the answer. */
    NL,
    /** A Python {@code def solution()} program whose return value is the answer. */
    PYTHON
  }

  public static final String INSTRUCTION = "Question:\n";
  public static final String COT_TRIGGER = "\nAnswer reasoning:\n";
  public static final String ANSWER_TRIGGER = "\nTherefore, the answer is: ";

  public static String sftPrompt(Problem p) {
    return INSTRUCTION + p.question().strip() + COT_TRIGGER;
  }

  /** The SFT target; the problem must have a chain of thought. */
  public static String sftTarget(Problem p, Engine engine) {
    if (p.referenceSolution() == null) {
      throw new IllegalArgumentException("problem " + p.id() + " has no answer_cot to train on");
    }
    String cot = p.referenceSolution().strip();
    return engine == Engine.NL ? cot + ANSWER_TRIGGER + p.goldAnswer().strip() : cot;
  }

  /** The prompt a rollout continues from. */
  public static String rolloutPrompt(Problem p, Engine engine) {
    return engine == Engine.NL ? sftPrompt(p) : sftPrompt(p) + programHeader(p);
  }

  /** {@code def solution():} and the question as its docstring, ending with a newline. */
  public static String programHeader(Problem p) {
    return "def solution():\n    \"\"\"" + p.question().strip() + "\"\"\"\n";
  }
}

package org.reason4j.rl;

import java.util.ArrayList;
import java.util.List;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/** Hand-made samples and groups with chosen verdicts, for stage and hook tests that need no model. */
public final class Samples {
  private Samples() {}

  /** A two-token response to {@code p} behind its synthetic prompt; reward 1 when correct, else 0. */
  public static Sample of(Problem p, boolean correct) {
    int[] prompt = TinyModels.TOKENIZER.encode(p.question() + "\n", true);
    Verdict v = new Verdict(correct ? p.goldAnswer() : null, correct);
    return new Sample(p, prompt, prompt.length, new int[] {5, 2}, new float[] {-1f, -0.5f}, FinishReason.EOS, correct ? p.goldAnswer() : "x",
        new Reward(correct ? 1 : 0, v), correct ? 1 : 0);
  }

  /** A group with one sample per verdict. */
  public static Group group(Problem p, boolean... correct) {
    List<Sample> s = new ArrayList<>();
    for (boolean c : correct) s.add(of(p, c));
    return new Group(p, s);
  }

  /** The same sample with another verdict (and a 0/1 reward to match). */
  public static Sample withVerdict(Sample s, boolean correct) {
    Verdict v = new Verdict(correct ? s.problem().goldAnswer() : null, correct);
    return new Sample(s.problem(), s.promptIds(), s.promptWidth(), s.responseIds(), s.logProbs(), s.finishReason(), s.text(),
        new Reward(correct ? 1 : 0, v), correct ? 1 : 0, s.behaviourPromptIds(), s.onPolicy());
  }

  /** The group with the given verdicts, in order. */
  public static Group withVerdicts(Group g, boolean... correct) {
    List<Sample> s = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) s.add(withVerdict(g.samples().get(i), correct[i]));
    return new Group(g.problem(), s);
  }
}

package org.reason4j.rl.selftrain;

import java.util.ArrayList;
import java.util.List;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.trainer.GroupStage;
import org.reason4j.rl.trainer.SftExample;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/**
 * The group stage of online self-training: each group gains one row holding the problem's gold
 * solution (its SFT prompt and target, EOS included), so the loss can add the gold NLL of the same prompts
 * (ALGORITHMS §9.2). A gold row is marked off-policy: it was not sampled, its "log-probs" are zeros that no
 * ratio ever uses, and {@link SelfTrainingNll} tells it apart by that mark. A problem without a reference
 * gets no gold row.
 */
public record GoldRows(Policy policy, int maxLength) implements GroupStage {

  @Override
  public List<Group> process(List<Group> groups, Resampler resampler) {
    List<Group> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      if (!g.problem().hasReference()) {
        out.add(g);
        continue;
      }
      List<Sample> rows = new ArrayList<>(g.samples());
      rows.add(gold(g.problem()));
      out.add(new Group(g.problem(), rows));
    }
    return out;
  }

  /** The gold solution as an off-policy row with reward 1. */
  Sample gold(Problem p) {
    SftExample e = SftExample.of(policy, p, maxLength);
    int[] target = e.targetIds();
    boolean ended = target[target.length - 1] == policy.eosId();
    Reward score = new Reward(1, new Verdict(p.goldAnswer(), true));
    return new Sample(p, e.promptIds(), e.promptIds().length, target, new float[target.length], ended ? FinishReason.EOS : FinishReason.LENGTH,
        policy.format().target(p), score, 1, e.promptIds(), false);
  }
}

package org.reason4j.rl.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.OverlongShaping;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;

/**
 * Samples G responses per prompt and scores them (ALGORITHMS §1). All prompts of a call, each repeated G
 * times, go to the {@link Generator} in ONE batch: the rows share one left-padded prompt width, which
 * {@link Sample#promptWidth()} records so training rebuilds the identical layout, and the decoder runs
 * one wide batch instead of many narrow ones. Row r samples from stream r of the call's seed, so a
 * response depends on (seed, row) only.
 *
 * <p>Rewards: the {@link RewardFunction} on the decoded text, plus DAPO's overlong shaping on the token
 * count when one is given. It is not a trainer: it keeps no state between calls.
 */
public final class RolloutEngine {
  private final Policy policy;
  private final RewardFunction reward;
  private final OverlongShaping shaping;
  private final GenerationConfig generation;
  private final Generator generator;

  /**
   * @param shaping    added to every reward, or null for none
   * @param generation sampling settings; its EOS ids are replaced by the policy's and its seed by each call's
   */
  public RolloutEngine(Policy policy, RewardFunction reward, OverlongShaping shaping, GenerationConfig generation) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.reward = Objects.requireNonNull(reward, "reward");
    this.shaping = shaping;
    this.generation = new GenerationConfig(generation.maxNewTokens(), generation.temperature(), generation.topK(), generation.topP(),
        generation.minP(), generation.repetitionPenalty(), generation.stopStrings(), policy.eosIds(), generation.seed());
    this.generator = new Generator(policy.model(), policy.tokenizer());
  }

  public Policy policy() {
    return policy;
  }

  public GenerationConfig generation() {
    return generation;
  }

  /** G responses for each problem, from the policy's own prompts. */
  public RolloutBatch rollout(List<Problem> problems, int groupSize, long seed) {
    List<int[]> prompts = new ArrayList<>(problems.size());
    for (Problem p : problems) prompts.add(policy.promptIds(p));
    return rollout(problems, prompts, groupSize, seed);
  }

  /** G responses for each problem behind the given prompt ids (a hinted prompt, say), in one generate call. */
  public RolloutBatch rollout(List<Problem> problems, List<int[]> promptIds, int groupSize, long seed) {
    if (problems.size() != promptIds.size()) throw new IllegalArgumentException(problems.size() + " problems but " + promptIds.size() + " prompts");
    if (groupSize < 1) throw new IllegalArgumentException("group size must be at least 1, got " + groupSize);
    List<int[]> rows = new ArrayList<>(problems.size() * groupSize);
    int width = 0;
    for (int[] p : promptIds) {
      width = Math.max(width, p.length);
      for (int g = 0; g < groupSize; g++) rows.add(p);
    }
    long t0 = System.nanoTime();
    List<GenerationResult> out = generator.generate(rows, generation.withSeed(seed));
    long t1 = System.nanoTime();
    List<Group> groups = new ArrayList<>(problems.size());
    long promptTokens = 0, completionTokens = 0;
    for (int i = 0; i < problems.size(); i++) {
      List<Sample> samples = new ArrayList<>(groupSize);
      for (int g = 0; g < groupSize; g++) {
        GenerationResult r = out.get(i * groupSize + g);
        samples.add(score(problems.get(i), r, width));
        promptTokens += r.promptIds().length;
        completionTokens += r.ids().length;
      }
      groups.add(new Group(problems.get(i), samples));
    }
    long t2 = System.nanoTime();
    return new RolloutBatch(groups, (t1 - t0) / 1e9, (t2 - t1) / 1e9, promptTokens, completionTokens);
  }

  private Sample score(Problem p, GenerationResult r, int width) {
    Reward s = reward.score(r.text(), p);
    double value = shaping == null ? s.value() : shaping.apply(s.value(), r.ids().length);
    return new Sample(p, r.promptIds(), width, r.ids(), r.logprobs(), r.finishReason(), r.text(), s, value);
  }
}

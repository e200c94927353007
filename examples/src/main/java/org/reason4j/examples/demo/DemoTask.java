package org.reason4j.examples.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.SftExample;
import org.reason4j.tensor.Rng;

/**
 * The demo's data, all drawn from {@link SyntheticTask}: the SFT demonstrations, the RL prompts and the
 * held-out problems per tier. It fixes three choices that shape what the demo can show:
 * <ul>
 *   <li><b>The hardest tier has no demonstrations.</b> SFT sees tiers {@code 0 .. sftTiers-1} only; the
 *       hardest tier opens with a step (doubling, tripling) that no demonstration shows, so it is out of
 *       reach after SFT, while its hint, the first step, turns the rest into the easier tiers' work.</li>
 *   <li><b>Some demonstrations are answer-only.</b> A share of the demonstrations of tiers
 *       {@code >= answerOnlyFromTier} are just {@code "#### n"}, as data sets mix worked solutions with bare
 *       answers. SFT imitates that mix, answering directly (and mostly wrongly) on many multi-step problems;
 *       outcome-rewarded RL can learn that writing the steps pays. Set the share to 0 for pure
 *       worked-solution SFT.</li>
 *   <li><b>Some demonstrations carry a hint.</b> A share of them show the first k steps after the question
 *       ({@link #HINT_TEMPLATE}) and the full solution as target, so the model learns to use a hint: the
 *       guided methods (Guide-GRPO, ReGFT) prompt this way.</li>
 * </ul>
 * Held-out problems come from {@link SyntheticTask.Split#HELD_OUT} with a fixed seed, the same for every
 * run seed, so seeds differ in training only. Everything is a pure function of its seeds.
 *
 * @param task               the generator and its tiers; the last tier is the hardest
 * @param sftTiers           tiers 0 .. sftTiers-1 have demonstrations
 * @param sftPerTier         demonstrations drawn per SFT tier
 * @param answerOnlyShare    share of demonstrations (of tiers >= answerOnlyFromTier) cut to the answer line
 * @param answerOnlyFromTier the first tier whose demonstrations may be answer-only
 * @param hintShare          share of the worked demonstrations shown with a hint of their first steps
 * @param rlPerTier          RL prompts drawn per tier (any tier, the hardest included; 0 = none)
 * @param heldOutPerTier     held-out problems per tier
 * @param heldOutSeed        the seed of the held-out problems
 */
public record DemoTask(SyntheticTask task, int sftTiers, int sftPerTier, double answerOnlyShare, int answerOnlyFromTier, double hintShare,
    List<Integer> rlPerTier, int heldOutPerTier, long heldOutSeed) {

  /**
   * How a hint joins a question: {@code "<question> hint <hint>"}, every character in the task's alphabet
   * (the same text as {@code rl.guide.HintTemplate.SYNTHETIC}). A hint of several steps keeps their line
   * breaks.
   */
  public static final String HINT_TEMPLATE = "{question} hint {hint}";

  public DemoTask {
    Objects.requireNonNull(task, "task");
    int tiers = task.tiers().size();
    if (sftTiers < 1 || sftTiers > tiers) throw new IllegalArgumentException("sftTiers must be in 1.." + tiers + ", got " + sftTiers);
    if (sftPerTier < 1 || heldOutPerTier < 1) throw new IllegalArgumentException("sftPerTier and heldOutPerTier must be >= 1");
    if (!(answerOnlyShare >= 0 && answerOnlyShare < 1)) throw new IllegalArgumentException("answerOnlyShare must be in [0, 1), got " + answerOnlyShare);
    if (!(hintShare >= 0 && hintShare < 1)) throw new IllegalArgumentException("hintShare must be in [0, 1), got " + hintShare);
    if (rlPerTier.size() != tiers) throw new IllegalArgumentException("rlPerTier needs one count per tier (" + tiers + "), got " + rlPerTier);
    rlPerTier = List.copyOf(rlPerTier);
    if (rlPerTier.stream().anyMatch(n -> n < 0) || rlPerTier.stream().mapToInt(Integer::intValue).sum() == 0) {
      throw new IllegalArgumentException("rlPerTier must be >= 0 and not all 0, got " + rlPerTier);
    }
  }

  /**
   * The default demo: the {@link SyntheticTask#DEFAULT_TIERS}, demonstrations for all but the hardest, half
   * of the multi-step ones answer-only, a quarter of the rest hinted; RL on every tier, mostly the middle ones.
   */
  public static DemoTask defaults() {
    return new DemoTask(new SyntheticTask(), 3, 2000, 0.5, 1, 0.25, List.of(300, 1000, 1500, 500), 200, 20_240_601L);
  }

  public int hardestTier() {
    return task.tiers().size() - 1;
  }

  /** The problems whose reference solutions SFT learns from (before cutting some to the answer). */
  public List<Problem> sftProblems(long seed) {
    List<Problem> out = new ArrayList<>();
    for (int t = 0; t < sftTiers; t++) out.addAll(task.generate(seed, t, sftPerTier));
    return out;
  }

  /** SFT examples in the policy's format: worked, answer-only or hinted, decided per problem by a seeded stream. */
  public List<SftExample> sftExamples(Policy policy, long seed, int maxLength) {
    Rng rng = new Rng(seed, 31);
    List<SftExample> out = new ArrayList<>();
    for (Problem p : sftProblems(seed)) {
      double kind = rng.nextDouble(), hint = rng.nextDouble(), steps = rng.nextDouble();
      if (p.tier() >= answerOnlyFromTier && kind < answerOnlyShare) {
        out.add(SftExample.of(policy, policy.format().prompt(p), answerOnly(p), maxLength));
      } else if (hint < hintShare) {
        String[] lines = stepLines(p);
        int k = 1 + (int) (steps * Math.max(1, lines.length - 1));
        Problem hinted = hinted(p, String.join("\n", Arrays.copyOf(lines, k)));
        out.add(SftExample.of(policy, policy.format().prompt(hinted), policy.format().target(p), maxLength));
      } else {
        out.add(SftExample.of(policy, p, maxLength));
      }
    }
    return out;
  }

  /** RL prompts: {@code rlPerTier} training problems of each tier, from a stream apart from the SFT problems'. */
  public List<Problem> rlProblems(long seed) {
    List<Problem> out = new ArrayList<>();
    for (int t = 0; t < rlPerTier.size(); t++) out.addAll(task.generate(seed + 1_000_003L, t, rlPerTier.get(t)));
    return out;
  }

  /** The held-out problems of every tier, in tier order, the same for every run. */
  public Map<Integer, List<Problem>> heldOut() {
    Map<Integer, List<Problem>> out = new LinkedHashMap<>();
    for (int t = 0; t < task.tiers().size(); t++) out.put(t, task.generate(heldOutSeed, t, heldOutPerTier, SyntheticTask.Split.HELD_OUT));
    return out;
  }

  /** The problem with {@code hint} joined to its question by {@link #HINT_TEMPLATE}. */
  public static Problem hinted(Problem p, String hint) {
    String question = HINT_TEMPLATE.replace("{hint}", hint).replace("{question}", p.question());
    return new Problem(p.id(), question, p.referenceSolution(), p.goldAnswer(), p.hint(), p.tier());
  }

  /** The answer line alone, as an answer-only demonstration writes it. */
  public static String answerOnly(Problem p) {
    String[] lines = p.referenceSolution().split("\n");
    return lines[lines.length - 1];
  }

  /** The step lines of a worked solution (without the answer line). */
  private static String[] stepLines(Problem p) {
    String[] lines = p.referenceSolution().split("\n");
    return Arrays.copyOf(lines, lines.length - 1);
  }
}

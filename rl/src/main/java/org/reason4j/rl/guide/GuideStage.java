package org.reason4j.rl.guide;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.GroupJson;
import org.reason4j.rl.rollout.RolloutBatch;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.trainer.GroupStage;

/**
 * Guide's rollout stage (Nath et al. 2025; the authors' {@code ray_trainer.py}; ALGORITHMS §6), plugged into
 * the group trainer's loop as its {@link GroupStage}:
 * <pre>
 *   for each freshly sampled group (plain prompt q):
 *       acc = fraction correct
 *       0.001 ≤ acc ≤ 0.999  → keep it as a plain group
 *       acc &gt; 0.999          → drop it (nothing to learn)
 *       acc &lt; 0.001          → discard its rollouts; ask for G FRESH responses behind q⊕h
 *   each guided group with 0.001 ≤ acc ≤ 0.999 is kept, every row re-targeted to train behind q alone
 * </pre>
 * Groups are therefore never mixed: all plain or all guided. A guided row keeps the tokens and the
 * log-probs of its hinted sampling (ℓ^old = log π_old(o | q⊕h)) but trains behind the plain prompt
 * ({@link Sample#withTrainingPrompt}), so its ratio optimises the hint-free policy; the loss treats such
 * rows with {@link org.reason4j.rl.loss.ShapedRatio}.
 *
 * <p>Groups the trainer collected past its batch size are kept in a carry-over buffer and returned first
 * on the next call (the reference's behaviour), unless {@code carryOver} is off. The buffer is part of the
 * stage's {@link #state()}, so checkpoints carry it.
 */
public final class GuideStage implements GroupStage {
  /** The accuracy band a group must fall in to carry signal (the reference's 0.001 and 0.999). */
  public static final double LOW = 0.001, HIGH = 0.999;

  /** Metric names of the stage, per step. */
  public static final String PLAIN_GROUPS = "guide/plain_groups", GUIDED_GROUPS = "guide/guided_groups",
      HINTED_PROMPTS = "guide/hinted_prompts", DROPPED_SOLVED = "guide/dropped_all_correct",
      DROPPED_GUIDED = "guide/dropped_guided", UNGUIDABLE = "guide/no_hint", CARRIED = "guide/carried_over";

  private final Function<Problem, int[]> promptIds;
  private final HintTemplate template;
  private final HintSource source;
  private final boolean carryOver;
  private final List<Group> buffer = new ArrayList<>();
  private final Map<String, Long> counts = new LinkedHashMap<>();

  /**
   * @param promptIds the policy's prompt ids of a problem ({@code policy::promptIds}): the plain prompt of a
   *                  problem, and the hinted prompt of a problem whose question carries the hint
   */
  public GuideStage(Function<Problem, int[]> promptIds, HintTemplate template, HintSource source, boolean carryOver) {
    this.promptIds = Objects.requireNonNull(promptIds, "promptIds");
    this.template = Objects.requireNonNull(template, "template");
    this.source = Objects.requireNonNull(source, "source");
    this.carryOver = carryOver;
    resetCounts();
  }

  @Override
  public List<Group> process(List<Group> groups, Resampler resampler) {
    List<Group> out = new ArrayList<>(buffer);
    count(CARRIED, buffer.size());
    buffer.clear();
    List<Problem> failed = new ArrayList<>();
    List<int[]> hinted = new ArrayList<>();
    int groupSize = 0;
    for (Group g : groups) {
      double acc = accuracy(g);
      if (acc >= LOW && acc <= HIGH) {
        out.add(g);
        count(PLAIN_GROUPS, 1);
      } else if (acc > HIGH) {
        count(DROPPED_SOLVED, 1);
      } else {
        String hint = source.hintOf(g.problem());
        if (hint == null) {
          count(UNGUIDABLE, 1);
          continue;
        }
        failed.add(g.problem());
        hinted.add(promptIds.apply(template.apply(g.problem(), hint)));
        groupSize = g.size();
      }
    }
    if (failed.isEmpty()) return out;
    count(HINTED_PROMPTS, failed.size());
    RolloutBatch guided = resampler.rollout(failed, hinted, groupSize);
    for (Group g : guided.groups()) {
      double acc = accuracy(g);
      if (acc >= LOW && acc <= HIGH) {
        out.add(offPolicy(g));
        count(GUIDED_GROUPS, 1);
      } else {
        count(DROPPED_GUIDED, 1);
      }
    }
    return out;
  }

  /** The fraction of a group's responses the verifier judged correct. */
  static double accuracy(Group g) {
    int right = 0;
    for (Sample s : g.samples()) if (s.verdict().correct()) right++;
    return (double) right / g.size();
  }

  /**
   * The group re-targeted to the plain prompt. The training layout keeps the guided call's prompt width
   * (at least the plain prompt's length), so an empty hint reproduces the sampling layout exactly.
   */
  private Group offPolicy(Group g) {
    int[] plain = promptIds.apply(g.problem());
    List<Sample> rows = new ArrayList<>(g.size());
    for (Sample s : g.samples()) rows.add(s.withTrainingPrompt(plain, Math.max(plain.length, s.promptWidth())));
    return new Group(g.problem(), rows);
  }

  @Override
  public void onSurplus(List<Group> surplus) {
    if (carryOver) buffer.addAll(surplus);
  }

  @Override
  public Map<String, Object> metrics() {
    Map<String, Object> m = new LinkedHashMap<>();
    counts.forEach((k, v) -> m.put(k, v.doubleValue()));
    resetCounts();
    return m;
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("carry_over", GroupJson.write(buffer));
    return s;
  }

  @Override
  public void restore(Map<String, Object> state) {
    buffer.clear();
    buffer.addAll(GroupJson.read(state.get("carry_over"), "guide stage state"));
  }

  /** Groups waiting in the carry-over buffer. */
  public int carried() {
    return buffer.size();
  }

  private void count(String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  private void resetCounts() {
    for (String k : List.of(PLAIN_GROUPS, GUIDED_GROUPS, HINTED_PROMPTS, DROPPED_SOLVED, DROPPED_GUIDED, UNGUIDABLE, CARRIED)) counts.put(k, 0L);
  }
}

package org.reason4j.rl.trainer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.nn.optim.DecayRule;
import org.reason4j.nn.optim.Optimizer;
import org.reason4j.rl.config.ConfigBinder;
import org.reason4j.rl.config.Overrides;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Group;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.Sample;

/**
 * ReLIFT's online fine-tuning (Ma et al. 2025, "Learning What Reinforcement Learning Can't"; the authors'
 * {@code relift/trainer.py}; ALGORITHMS §7), as a {@link StepHook} of the group trainer:
 * <pre>
 *   after each RL update:
 *     H = { q in the batch : none of its G responses is correct }        (the hardest questions)
 *     push (q, s(q)) for q in H onto the buffer, newest first              s(q) = q's demonstration
 *     if |buffer| ≥ M:  pop the M newest; one fine-tuning step on them:
 *        L = token-mean NLL(demonstration + EOS) − c · token-mean entropy   (its own AdamW)
 * </pre>
 * The buffer persists across epochs and an entry is never revoked when its question is later solved
 * (the reference's behaviour). The demonstration is the problem's reference solution, behind the task's
 * SFT prompt (the same prompt as in RL), cut to {@code maxDemoTokens} before EOS is appended. A question
 * without a reference cannot be fine-tuned on and is skipped. M = −1 disables fine-tuning, leaving
 * plain RL.
 *
 * <p>Its optimizer is separate from RL's (ReLIFT keeps the two states apart) and is saved in checkpoints
 * under the hook's name, as is the buffer.
 */
public final class ReliftFineTuning implements StepHook {

  /**
   * ReLIFT's fine-tuning settings ({@code examples/math-7b/train.sh}) [code].
   *
   * @param bufferSize     M: fine-tune when this many demonstrations are waiting; −1 = never [code: 128]
   * @param microBatchSize examples per forward, gradients accumulated [code: 4]
   * @param lr             the fine-tuning AdamW's learning rate, constant [code: 1e-6]
   * @param weightDecay    its decoupled weight decay [code: 0.01]
   * @param gradClip       max global gradient norm [code: 1.0]
   * @param entropyCoef    c of the entropy bonus [code: 0.001]
   * @param maxDemoTokens  demonstration tokens kept before EOS [code: 8192]
   */
  public record Config(int bufferSize, int microBatchSize, double lr, double beta1, double beta2, double adamEps, double weightDecay,
      double gradClip, double entropyCoef, int maxDemoTokens) {
    public Config {
      if (bufferSize == 0 || bufferSize < -1) throw new IllegalArgumentException("bufferSize must be >= 1, or -1 to disable fine-tuning; got " + bufferSize);
      if (microBatchSize < 1) throw new IllegalArgumentException("microBatchSize must be >= 1, got " + microBatchSize);
      if (maxDemoTokens < 1) throw new IllegalArgumentException("maxDemoTokens must be >= 1, got " + maxDemoTokens);
    }

    public static Config defaults() {
      return new Config(128, 4, 1e-6, 0.9, 0.999, 1e-8, 0.01, 1.0, 0.001, 8192);
    }

    /** This config with {@code key=value} assignments applied. */
    public Config with(String... assignments) {
      return ConfigBinder.bind(Config.class, Overrides.apply(ConfigBinder.toMap(this), List.of(assignments)));
    }

    public boolean enabled() {
      return bufferSize > 0;
    }
  }

  /** Metric names, per step. */
  public static final String HARDEST = "relift/hardest", BUFFER = "relift/buffer_size", FT_STEPS = "relift/ft_steps",
      FT_LOSS = "relift/ft_loss", FT_NLL = "relift/ft_nll", FT_ENTROPY = "relift/ft_entropy", NO_DEMO = "relift/no_demonstration";

  private final Config config;
  private final Policy policy;
  private final List<Problem> train;
  private final Map<Problem, Integer> index = new IdentityHashMap<>();
  private final AdamW optimizer;
  private final Deque<Problem> buffer = new ArrayDeque<>();
  private long ftSteps;

  /**
   * @param train the training problems; the buffer is saved as positions in this list, so a resumed run must
   *              pass the same list
   */
  public ReliftFineTuning(Config config, Policy policy, List<Problem> train) {
    this.config = config;
    this.policy = policy;
    this.train = List.copyOf(train);
    for (int i = 0; i < this.train.size(); i++) index.putIfAbsent(this.train.get(i), i);
    this.optimizer = new AdamW(policy.parameters(), new AdamW.Config(config.lr(), config.beta1(), config.beta2(), config.adamEps(),
        config.weightDecay(), DecayRule.ALL));
  }

  @Override
  public String name() {
    return "relift";
  }

  @Override
  public Map<String, Object> afterUpdate(long step, List<Group> groups, Policy p) {
    int hardest = 0, noDemo = 0;
    for (Group g : groups) {
      if (!allFailed(g)) continue;
      hardest++;
      if (g.problem().referenceSolution() == null) noDemo++;
      else buffer.addFirst(g.problem());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(HARDEST, (double) hardest);
    if (noDemo > 0) m.put(NO_DEMO, (double) noDemo);
    if (config.enabled() && buffer.size() >= config.bufferSize()) m.putAll(fineTune());
    m.put(BUFFER, (double) buffer.size());
    m.put(FT_STEPS, (double) ftSteps);
    return m;
  }

  /** q ∈ H: none of its responses was judged correct (every 0/1 reward is 0). */
  static boolean allFailed(Group g) {
    for (Sample s : g.samples()) if (s.verdict().correct()) return false;
    return true;
  }

  /** Pops the M newest demonstrations and takes one optimizer step on them. */
  private Map<String, Object> fineTune() {
    List<SftExample> batch = new ArrayList<>(config.bufferSize());
    for (int i = 0; i < config.bufferSize(); i++) batch.add(demonstration(buffer.removeFirst()));
    SftUpdate.Result r = SftUpdate.step(policy.model(), policy.parameters().values(), optimizer, batch, config.microBatchSize(),
        config.gradClip(), config.entropyCoef());
    ftSteps++;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(FT_LOSS, r.loss());
    m.put(FT_NLL, r.nll());
    m.put(FT_ENTROPY, r.entropy());
    return m;
  }

  /** The SFT prompt and the demonstration, cut to maxDemoTokens, then EOS. */
  SftExample demonstration(Problem p) {
    int[] prompt = policy.tokenizer().encode(policy.format().sftPrompt(p), policy.format().addSpecialTokens());
    int[] demo = policy.tokenizer().encode(policy.format().target(p), false);
    int[] target = Arrays.copyOf(demo, Math.min(demo.length, config.maxDemoTokens()) + 1);
    target[target.length - 1] = policy.eosId();
    return new SftExample(prompt, target);
  }

  /** The waiting demonstrations' problems, newest first. */
  public List<Problem> buffered() {
    return List.copyOf(buffer);
  }

  @Override
  public Optimizer optimizer() {
    return optimizer;
  }

  @Override
  public Map<String, Object> state() {
    List<Object> positions = new ArrayList<>();
    for (Problem p : buffer) {
      Integer i = index.get(p);
      if (i == null) throw new IllegalStateException("problem " + p.id() + " in the ReLIFT buffer is not one of the training problems");
      positions.add((long) i);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("buffer", positions);
    s.put("ft_steps", ftSteps);
    return s;
  }

  @Override
  public void restore(Map<String, Object> state) {
    buffer.clear();
    Object saved = state.get("buffer");
    if (saved instanceof List<?> positions) {
      for (Object o : positions) {
        int i = ((Number) o).intValue();
        if (i < 0 || i >= train.size()) throw new IllegalArgumentException("ReLIFT buffer position " + i + " is outside the " + train.size() + " training problems");
        buffer.addLast(train.get(i));
      }
    }
    ftSteps = state.get("ft_steps") instanceof Number n ? n.longValue() : 0;
  }
}

package org.reason4j.rl.data;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded generator of short multi-step arithmetic word problems, for the default demo and the tests:
 * small enough that a character-level transformer trained from scratch on a laptop CPU learns the easy
 * tiers in minutes, with a hardest tier that opens with a step no easier tier shows (room for RL, and for
 * guidance: that first step is the problem's hint).
 *
 * <h2>Format</h2>
 * <pre>
 *   question   ann has 7 . gets 5 . gives 3 . how many ?
 *   solution   7+5=12
 *              12-3=9
 *              #### 9
 *   hint       7+5=12            (the first step line)
 *   gold       9
 * </pre>
 * One clause per step: add ({@code gets/finds/buys n}), subtract ({@code gives/loses/eats n}) and, in the
 * hardest tier, multiply ({@code doubles}, {@code triples}). One solution line per step,
 * {@code <before><op><operand>=<after>}, a doubling or tripling written as a sum ({@code 23+23=46},
 * {@code 23+23+23=69}) so that it needs no symbol the other tiers lack, then {@code #### <answer>} as in
 * GSM8K, so the GSM8K verifier checks it. Every value along the way is an integer in [0, {@link #MAX_VALUE}].
 * Texts use only the characters of {@link #alphabet()}.
 *
 * <h2>Determinism and splits</h2>
 * Problems come from a SplitMix64 stream keyed by (seed, tier, split): the same arguments give the same
 * problems on every JVM, and {@code generate(s, t, 10, x)} is a prefix of {@code generate(s, t, 100, x)}.
 * A question belongs to {@link Split#HELD_OUT} when a hash of its text falls in the lowest
 * {@link #HELD_OUT_PERCENT} percent, else to {@link Split#TRAIN}; each stream keeps only questions of its
 * split, so no held-out question ever appears in a training set. (Single arithmetic facts such as
 * {@code 3+4=7} do occur in both, as in a real test set.) Small tiers have few distinct questions (tier 0:
 * about 1,500), so large requests repeat questions; this class does not deduplicate.
 */
public final class SyntheticTask {

  /** The largest value any step may produce. */
  public static final int MAX_VALUE = 999;

  /** Percentage of the question space reserved for {@link Split#HELD_OUT}. */
  public static final int HELD_OUT_PERCENT = 10;

  /** An arithmetic step. */
  public enum Op {
    ADD('+', "gets", "finds", "buys"),
    SUB('-', "gives", "loses", "eats"),
    /** Multiply by 2 ({@code doubles}) or 3 ({@code triples}); the tier's operand range does not apply. */
    MUL('*', "doubles", "triples");

    final char symbol;
    final String[] verbs;

    Op(char symbol, String... verbs) {
      this.symbol = symbol;
      this.verbs = verbs;
    }
  }

  /**
   * A difficulty tier: how many steps, the range of the start value, the range of add/subtract operands,
   * the operations steps may use (ADD and SUB are required so that a step is always possible), and
   * optionally the operation of the first step.
   *
   * @param firstOp the first step's operation, or null to draw it from {@code ops} like the others; a tier
   *                whose first step is MUL must start at most at {@code MAX_VALUE / 2}
   */
  public record Tier(int minSteps, int maxSteps, int minStart, int maxStart, int minOperand, int maxOperand, Set<Op> ops, Op firstOp) {
    public Tier {
      if (minSteps < 1 || maxSteps < minSteps) {
        throw new IllegalArgumentException("steps must satisfy 1 <= min <= max, got " + minSteps + ".." + maxSteps);
      }
      if (minOperand < 1 || maxOperand < minOperand || 2 * minOperand > MAX_VALUE + 1) {
        throw new IllegalArgumentException("operands must satisfy 1 <= min <= max and min <= "
            + (MAX_VALUE + 1) / 2 + ", got " + minOperand + ".." + maxOperand);
      }
      if (minStart < 0 || maxStart < minStart || maxStart > MAX_VALUE) {
        throw new IllegalArgumentException("start values must satisfy 0 <= min <= max <= " + MAX_VALUE + ", got " + minStart + ".." + maxStart);
      }
      if (!ops.contains(Op.ADD) || !ops.contains(Op.SUB)) {
        throw new IllegalArgumentException("a tier needs ADD and SUB, got " + ops);
      }
      if (firstOp == Op.MUL && 2 * maxStart > MAX_VALUE) {
        throw new IllegalArgumentException("a first MUL step needs starts <= " + MAX_VALUE / 2 + ", got " + maxStart);
      }
      if (firstOp == Op.SUB && maxStart < minOperand) {
        throw new IllegalArgumentException("a first SUB step needs a start >= the smallest operand " + minOperand + ", got " + maxStart);
      }
      ops = Set.copyOf(ops);
    }

    /** A tier whose start value is drawn from the operand range and whose steps all draw from {@code ops}. */
    public Tier(int minSteps, int maxSteps, int minOperand, int maxOperand, Set<Op> ops) {
      this(minSteps, maxSteps, minOperand, maxOperand, minOperand, maxOperand, ops, null);
    }
  }

  /**
   * The default curriculum (the demo's). Tiers 0 and 1 (one or two single-digit steps, ~45-70 characters)
   * are what a tiny model learns first; tier 2 (three steps from a two-digit start, single-digit operands)
   * brings carries and borrows across tens; tier 3 opens by doubling or tripling a two-digit start, then
   * takes two tier-2 steps. A model that has only seen tiers 0-2 cannot write tier 3's first step, and its
   * answers (20..120) are too spread to hit by chance; given the first step as a hint, the rest is tier 2.
   */
  public static final List<Tier> DEFAULT_TIERS = List.of(
      new Tier(1, 1, 1, 9, EnumSet.of(Op.ADD, Op.SUB)),
      new Tier(2, 2, 1, 9, EnumSet.of(Op.ADD, Op.SUB)),
      new Tier(3, 3, 10, 99, 1, 9, EnumSet.of(Op.ADD, Op.SUB), null),
      new Tier(3, 3, 10, 33, 1, 9, EnumSet.of(Op.ADD, Op.SUB), Op.MUL));

  /** Which part of the question space a problem comes from. */
  public enum Split {
    TRAIN,
    HELD_OUT
  }

  private static final String[] NAMES = {"ann", "bob", "sue", "tom"};
  private static final String ASK = "how many ?";

  private final List<Tier> tiers;

  /** A generator with {@link #DEFAULT_TIERS}. */
  public SyntheticTask() {
    this(DEFAULT_TIERS);
  }

  public SyntheticTask(List<Tier> tiers) {
    if (tiers.isEmpty()) throw new IllegalArgumentException("at least one tier is needed");
    this.tiers = List.copyOf(tiers);
  }

  public List<Tier> tiers() {
    return tiers;
  }

  /** {@code count} training problems of one tier. */
  public List<Problem> generate(long seed, int tier, int count) {
    return generate(seed, tier, count, Split.TRAIN);
  }

  /** {@code count} problems of one tier from one split; the same arguments always give the same list. */
  public List<Problem> generate(long seed, int tier, int count, Split split) {
    if (tier < 0 || tier >= tiers.size()) {
      throw new IllegalArgumentException("tier " + tier + " out of range 0.." + (tiers.size() - 1));
    }
    if (count < 0) throw new IllegalArgumentException("count must be >= 0, got " + count);
    SplitMix64 rng = new SplitMix64(seed, tier, split.ordinal());
    String idPrefix = "synthetic-t" + tier + "-" + split.name().toLowerCase(Locale.ROOT) + "-" + seed + "-";
    List<Problem> out = new ArrayList<>(count);
    while (out.size() < count) {
      Problem p = draw(rng, tiers.get(tier), tier, idPrefix + out.size());
      if (splitOf(p.question()) == split) out.add(p);
    }
    return out;
  }

  /** The split a question belongs to (a pure function of its text). */
  public static Split splitOf(String question) {
    long h = 0xcbf29ce484222325L; // FNV-1a 64, then a SplitMix64 finaliser to spread the low bits
    for (int i = 0; i < question.length(); i++) {
      h = (h ^ question.charAt(i)) * 0x100000001b3L;
    }
    return Long.remainderUnsigned(SplitMix64.mix(h), 100) < HELD_OUT_PERCENT ? Split.HELD_OUT : Split.TRAIN;
  }

  /** Every character the questions and solutions can contain, sorted. */
  public static String alphabet() {
    TreeSet<Character> chars = new TreeSet<>();
    StringBuilder all = new StringBuilder("0123456789 \n.?=#+-*").append(ASK).append(" has");
    for (String n : NAMES) all.append(n);
    for (Op op : Op.values()) {
      for (String v : op.verbs) all.append(v);
    }
    for (char c : all.toString().toCharArray()) chars.add(c);
    StringBuilder sb = new StringBuilder();
    for (char c : chars) sb.append(c);
    return sb.toString();
  }

  private static Problem draw(SplitMix64 rng, Tier t, int tierIndex, String id) {
    int steps = rng.between(t.minSteps(), t.maxSteps());
    int value = rng.between(t.minStart(), t.maxStart());
    StringBuilder q = new StringBuilder(NAMES[rng.below(NAMES.length)]).append(" has ").append(value).append(" . ");
    StringBuilder solution = new StringBuilder();
    String hint = null;
    for (int s = 0; s < steps; s++) {
      Op op;
      if (s == 0 && t.firstOp() != null && feasible(t.firstOp(), value, t)) {
        op = t.firstOp();
      } else {
        List<Op> feasible = new ArrayList<>();
        for (Op o : Op.values()) {
          if (t.ops().contains(o) && feasible(o, value, t)) feasible.add(o);
        }
        op = feasible.get(rng.below(feasible.size()));
      }
      int operand;
      if (op == Op.MUL) {
        operand = value * 3 <= MAX_VALUE && rng.below(2) == 1 ? 3 : 2;
        q.append(op.verbs[operand - 2]);
      } else {
        int hi = op == Op.ADD ? Math.min(t.maxOperand(), MAX_VALUE - value) : Math.min(t.maxOperand(), value);
        operand = rng.between(t.minOperand(), hi);
        q.append(op.verbs[rng.below(op.verbs.length)]).append(' ').append(operand);
      }
      q.append(" . ");
      int next = switch (op) {
        case ADD -> value + operand;
        case SUB -> value - operand;
        case MUL -> value * operand;
      };
      String line = (op == Op.MUL ? repeatedSum(value, operand) : "" + value + op.symbol + operand) + "=" + next;
      if (hint == null) hint = line;
      solution.append(line).append('\n');
      value = next;
    }
    q.append(ASK);
    solution.append(SolutionText.HASHES).append(' ').append(value);
    return new Problem(id, q.toString(), solution.toString(), Integer.toString(value), hint, tierIndex);
  }

  /** {@code v+v} or {@code v+v+v}: the steps of doubling and tripling are written as sums. */
  private static String repeatedSum(int value, int times) {
    StringBuilder sb = new StringBuilder().append(value);
    for (int i = 1; i < times; i++) sb.append('+').append(value);
    return sb.toString();
  }

  private static boolean feasible(Op op, int value, Tier t) {
    return switch (op) {
      case ADD -> value + t.minOperand() <= MAX_VALUE;
      case SUB -> value >= t.minOperand();
      case MUL -> value >= 1 && value * 2 <= MAX_VALUE;
    };
  }

  /** SplitMix64 (Steele, Lea, Flood 2014): a fixed, portable generator, so problems never change. */
  private static final class SplitMix64 {
    private long state;

    SplitMix64(long seed, int tier, int stream) {
      state = mix(mix(seed) ^ mix(0x5851f42d4c957f2dL * (tier + 1)) ^ mix(0x14057b7ef767814fL * (stream + 1)));
    }

    static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
      z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
      return z ^ (z >>> 31);
    }

    long next() {
      state += 0x9e3779b97f4a7c15L;
      return mix(state);
    }

    /** Uniform in [0, n), by rejection so there is no modulo bias. */
    int below(int n) {
      long limit = Long.MAX_VALUE - Long.MAX_VALUE % n;
      long r;
      do {
        r = next() >>> 1;
      } while (r >= limit);
      return (int) (r % n);
    }

    /** Uniform in [lo, hi]. */
    int between(int lo, int hi) {
      return lo + below(hi - lo + 1);
    }
  }
}

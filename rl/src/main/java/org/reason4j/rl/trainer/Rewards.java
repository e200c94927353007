package org.reason4j.rl.trainer;

import org.reason4j.rl.verify.Binary01;
import org.reason4j.rl.verify.PlusMinus1;
import org.reason4j.rl.verify.ReFTPartial;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verifier;

/** The reward functions of ALGORITHMS §1.4 by name, so a config file can pick one. */
public enum Rewards {
  /** 1 correct, 0 otherwise (GRPO, Guide, ReLIFT). */
  BINARY,
  /** +1 correct, −1 otherwise (DAPO). */
  PLUS_MINUS_ONE,
  /** 1 correct, 0.1 answered but wrong, 0 no answer (ReFT). */
  REFT_PARTIAL;

  public RewardFunction of(Verifier verifier) {
    return switch (this) {
      case BINARY -> new Binary01(verifier);
      case PLUS_MINUS_ONE -> new PlusMinus1(verifier);
      case REFT_PARTIAL -> new ReFTPartial(verifier);
    };
  }

  /** The name used in {@code rewards/<name>/mean}. */
  public String metricName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

package org.reason4j.nn.optim;

/**
 * A learning rate as a function of the number of optimizer steps already taken (0 before the first),
 * the convention of PyTorch's LambdaLR and of Hugging Face's schedules, whose values these match: with
 * warm-up the first step runs at lr 0. Call {@code optimizer.setLr(schedule.lr(step))} before each step.
 * A schedule of your own is one lambda.
 */
@FunctionalInterface
public interface LrSchedule {
  double lr(long step);

  static LrSchedule constant(double lr) {
    return new Constant(lr);
  }

  /** transformers.get_linear_schedule_with_warmup: 0 -> peak over warmupSteps, then down to 0 at totalSteps. */
  static LrSchedule linearWarmupDecay(double peak, long warmupSteps, long totalSteps) {
    return new LinearWarmupDecay(peak, warmupSteps, totalSteps);
  }

  /**
   * transformers.get_cosine_with_min_lr_schedule_with_warmup (min_lr_rate = minRatio; minRatio 0 is
   * get_cosine_schedule_with_warmup): linear warm-up, then half a cosine from peak to peak * minRatio.
   */
  static LrSchedule cosineWarmup(double peak, long warmupSteps, long totalSteps, double minRatio) {
    return new CosineWarmup(peak, warmupSteps, totalSteps, minRatio);
  }

  record Constant(double value) implements LrSchedule {
    @Override
    public double lr(long step) {
      return value;
    }
  }

  record LinearWarmupDecay(double peak, long warmupSteps, long totalSteps) implements LrSchedule {
    public LinearWarmupDecay {
      checkSteps(warmupSteps, totalSteps);
    }

    @Override
    public double lr(long step) {
      if (step < warmupSteps) return peak * step / Math.max(1, warmupSteps);
      return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
    }
  }

  /** After totalSteps it stays at the minimum (Hugging Face's formula would start to rise again). */
  record CosineWarmup(double peak, long warmupSteps, long totalSteps, double minRatio) implements LrSchedule {
    public CosineWarmup {
      checkSteps(warmupSteps, totalSteps);
      if (!(minRatio >= 0 && minRatio <= 1)) throw new IllegalArgumentException("cosine schedule: minRatio " + minRatio + " must be in [0, 1]");
    }

    @Override
    public double lr(long step) {
      if (step < warmupSteps) return peak * step / Math.max(1, warmupSteps);
      double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
      double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
      return peak * (minRatio + (1 - minRatio) * cosine);
    }
  }

  private static void checkSteps(long warmupSteps, long totalSteps) {
    if (warmupSteps < 0 || totalSteps < warmupSteps) {
      throw new IllegalArgumentException("schedule: need 0 <= warmupSteps (" + warmupSteps + ") <= totalSteps (" + totalSteps + ")");
    }
  }
}

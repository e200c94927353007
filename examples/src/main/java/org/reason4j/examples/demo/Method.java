package org.reason4j.examples.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.Verifier;

/**
 * One row of the demo's table after SFT: a training method that starts from the SFT checkpoint (its own
 * copy) and returns the policy to evaluate. The built-in rows are PPO (ReFT), GRPO and DAPO
 * ({@link RlMethods}); a new method (Guide-GRPO, ReLIFT, ReGFT, self-training) is one more implementation
 * added to {@link DemoConfig#methods()}, with no change to the pipeline.
 *
 * <p>The pipeline evaluates what {@link #train} returns with greedy decoding. A method that answers
 * differently (majority voting, reranking over samples) overrides {@link #evaluate}; one that builds on an
 * earlier row (ReFT + voting) finds that row's policy in {@link Context#earlier()}.
 */
public interface Method {

  /** The row's name in the table, the plots and the run folder (e.g. {@code "GRPO"}). */
  String name();

  /** The run folder of a row: its name in lower case, characters other than letters, digits, '+', '.' and '-' as '-'. */
  static String folder(String name) {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9+.-]", "-");
  }

  /** Trains from {@code start}, a private copy of the SFT policy, and returns the policy this row is scored on. */
  Policy train(Policy start, Context ctx) throws IOException;

  /** This row's scores; greedy decoding by default. */
  default Scores evaluate(Policy trained, DemoEvaluation evaluation) {
    return evaluation.evaluate(trained);
  }

  /**
   * What a method may use besides its start policy.
   *
   * @param task        the demo's data (demonstrations, hints, held-out sets)
   * @param rlProblems  this seed's RL prompts
   * @param verifier    the task's answer checker
   * @param seed        the run seed (trainer seeds derive from it)
   * @param run         where the method writes its metrics and plots ({@code outDir} may be null in memory)
   * @param earlier     policies of the rows already trained for this seed, by name ({@code "SFT"} first)
   * @param freshPolicy an untrained policy of the demo's model shape for a seed (for methods that train
   *                    from the base model, such as offline self-training)
   */
  record Context(DemoTask task, List<Problem> rlProblems, Verifier verifier, long seed, RunOptions run, Map<String, Policy> earlier,
      LongFunction<Policy> freshPolicy) {
    public Context {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(run, "run");
      rlProblems = List.copyOf(rlProblems);
      earlier = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(earlier));
    }

    /** A sub-folder of this method's run folder (null in memory), for methods with several stages. */
    public Path stageDir(String stage) {
      return run.outDir() == null ? null : run.outDir().resolve(stage);
    }
  }
}

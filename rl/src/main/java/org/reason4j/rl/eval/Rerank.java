package org.reason4j.rl.eval;

import java.util.List;
import java.util.OptionalInt;

/**
 * Reward-model reranking (ReFT baseline, ALGORITHMS.md §9.4): among the candidates that have an extracted
 * answer, pick the one the reward model scores highest; the first such on ties. Candidates without an
 * answer are never picked, and when none has one the question counts as wrong.
 */
public final class Rerank {
  private Rerank() {}

  /** One sampled response: its extracted answer (null if none) and the reward model's P(correct). */
  public record Candidate<A>(A answer, double score) {
    public Candidate {
      if (Double.isNaN(score)) throw new IllegalArgumentException("score is NaN");
    }
  }

  /** The index of the chosen candidate, or empty when no candidate has an answer. */
  public static <A> OptionalInt select(List<Candidate<A>> candidates) {
    int best = -1;
    for (int i = 0; i < candidates.size(); i++) {
      Candidate<A> c = candidates.get(i);
      if (c.answer() == null) continue;
      if (best < 0 || c.score() > candidates.get(best).score()) best = i;
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }
}

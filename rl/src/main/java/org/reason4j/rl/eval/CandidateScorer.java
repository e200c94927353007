package org.reason4j.rl.eval;

import java.util.List;

/**
 * Scores candidate solutions for reranking: P(correct) of each token sequence (prompt ids followed by the
 * response ids, as sampled). A trained outcome reward model is one ({@code rl.rewardmodel.RewardModel}).
 */
@FunctionalInterface
public interface CandidateScorer {
  double[] probabilityCorrect(List<int[]> sequences);
}

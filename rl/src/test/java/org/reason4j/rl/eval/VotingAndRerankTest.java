package org.reason4j.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.eval.Rerank.Candidate;

/** The pure-function tests of ALGORITHMS.md §9: majority voting and reward-model reranking. */
class VotingAndRerankTest {

  @Test
  void votingIgnoresNulls() {
    // Three nulls outnumber every real answer; they must not win or count.
    assertEquals(7.0, MajorityVote.numeric(Arrays.asList(null, 7.0, null, 3.0, 7.0, null)));
    assertEquals("b", MajorityVote.text(Arrays.asList(null, null, null, "b")));
  }

  @Test
  void allNullMeansNoWinner() {
    assertNull(MajorityVote.numeric(Arrays.asList(null, null)));
    assertNull(MajorityVote.numeric(List.of()));
    assertNull(MajorityVote.numeric(Arrays.asList(Double.NaN, null)));
  }

  @Test
  void tiesGoToTheEarliestSeenAnswerWhateverTheOrderOfLaterVotes() {
    assertEquals(5.0, MajorityVote.numeric(List.of(5.0, 9.0, 9.0, 5.0)));
    assertEquals(9.0, MajorityVote.numeric(List.of(9.0, 5.0, 5.0, 9.0)));
    assertEquals("a", MajorityVote.text(List.of("a", "b")));
  }

  @Test
  void numericAnswersAreCanonicalisedToAMillionth() {
    // 0.3 and 0.1 + 0.2 differ in the last bit but are one answer; 0.3 and 0.300002 are two.
    assertEquals(0.3, MajorityVote.numeric(List.of(0.300002, 0.1 + 0.2, 0.3)), 1e-12);
    assertEquals(0.0, MajorityVote.numeric(List.of(-0.0, 1.0, 0.0)));
  }

  @Test
  void rerankingNeverPicksACandidateWithoutAnAnswer() {
    List<Candidate<String>> c = List.of(
        new Candidate<>(null, 0.99), new Candidate<>("4", 0.2), new Candidate<>("5", 0.7), new Candidate<>(null, 0.98));
    assertEquals(OptionalInt.of(2), Rerank.select(c));
  }

  @Test
  void rerankingWithNoAnswerChoosesNothing() {
    assertTrue(Rerank.select(List.of(new Candidate<String>(null, 1.0))).isEmpty());
    assertTrue(Rerank.select(List.<Candidate<String>>of()).isEmpty());
  }

  @Test
  void rerankingTiesGoToTheFirstCandidate() {
    assertEquals(OptionalInt.of(0), Rerank.select(List.of(new Candidate<>(1.0, 0.5), new Candidate<>(2.0, 0.5))));
  }

  @Test
  void nanScoresAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Candidate<>("1", Double.NaN));
  }
}

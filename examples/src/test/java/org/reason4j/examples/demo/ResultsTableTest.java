package org.reason4j.examples.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Means, ranges, paired gains, the "beats by more than the spread" rule and the table's text and JSON. */
class ResultsTableTest {
  private static ResultsTable table() {
    ResultsTable t = new ResultsTable(List.of("tier 0", "overall"));
    t.add("SFT", 1, List.of(0.50, 0.40));
    t.add("SFT", 2, List.of(0.60, 0.44));
    t.add("SFT", 3, List.of(0.70, 0.42));
    t.add("GRPO", 1, List.of(0.80, 0.50));
    t.add("GRPO", 2, List.of(0.90, 0.53));
    t.add("GRPO", 3, List.of(1.00, 0.51));
    return t;
  }

  @Test
  void summariesAreMeanAndRangeOverSeeds() {
    ResultsTable.Summary s = table().summary("SFT", "tier 0");
    assertEquals(0.60, s.mean(), 1e-12);
    assertEquals(0.50, s.min(), 1e-12);
    assertEquals(0.70, s.max(), 1e-12);
    assertEquals(0.20, s.spread(), 1e-12);
    assertEquals(3, s.n());
  }

  @Test
  void gainsArePairedBySeed() {
    ResultsTable.Summary g = table().gain("GRPO", "SFT", "overall");
    assertEquals(0.09, g.min(), 1e-12); // seed 2: 0.53 - 0.44
    assertEquals(0.10, g.max(), 1e-12); // seed 1
    assertEquals((0.10 + 0.09 + 0.09) / 3, g.mean(), 1e-12);
  }

  @Test
  void beatingByTheSpreadNeedsAMeanGapLargerThanBothRangesAndAWinOnEverySeed() {
    ResultsTable t = table();
    assertTrue(t.beatsBySpread("GRPO", "SFT", "overall")); // gap 0.093 > ranges 0.04 and 0.03
    assertTrue(t.beatsBySpread("GRPO", "SFT", "tier 0")); // gap 0.30 > ranges 0.20 and 0.20
    ResultsTable wide = new ResultsTable(List.of("overall"));
    wide.add("SFT", 1, List.of(0.40));
    wide.add("SFT", 2, List.of(0.60));
    wide.add("PPO", 1, List.of(0.55));
    wide.add("PPO", 2, List.of(0.65));
    assertFalse(wide.beatsBySpread("PPO", "SFT", "overall"), "a gap of 0.10 within a spread of 0.20 is not enough");
  }

  @Test
  void cellsPrintPercentagesWithTheirRange() {
    ResultsTable t = table();
    String text = t.format();
    assertTrue(text.contains("60.0 (50.0-70.0)"), text);
    assertTrue(text.lines().findFirst().orElseThrow().contains("overall"), text);
    assertEquals("-", ResultsTable.cell(ResultsTable.Summary.of(List.of(Double.NaN))));
    assertEquals("12.5", ResultsTable.cell(ResultsTable.Summary.of(List.of(0.125))));
  }

  @Test
  void jsonHoldsEverySeedAndTurnsNaNIntoNull() {
    ResultsTable t = new ResultsTable(List.of("a", "b"));
    t.add("SFT", 7, List.of(0.5, Double.NaN));
    Map<String, Object> j = t.toJson();
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) ((Map<String, Object>) j.get("rows")).get("SFT");
    assertEquals(java.util.Arrays.asList(0.5, null), ((Map<?, ?>) row.get("seeds")).get("7"));
    assertEquals(java.util.Arrays.asList(0.5, null), row.get("mean"));
  }

  @Test
  void badInputsNameTheProblem() {
    ResultsTable t = table();
    assertThrows(IllegalArgumentException.class, () -> t.add("SFT", 1, List.of(0.1, 0.2)), "a seed twice");
    assertThrows(IllegalArgumentException.class, () -> t.add("PPO", 1, List.of(0.1)), "too few values");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.summary("DAPO", "overall"));
    assertTrue(e.getMessage().contains("DAPO"), e.getMessage());
  }
}

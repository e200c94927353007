package org.reason4j.rl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The MATH normaliser against verl's own code and against the unit cases of the MATH release
 * (hendrycks/math modeling/math_equivalence_test.py) and verl's numeric-canonicalisation test.
 */
class MathNormalizerTest {

  /**
   * {input, expected}: the expected column was produced once by running verl's {@code strip_string}
   * (verl-project/verl verl/utils/reward_score/math.py at 9b250f1) on the input column with CPython 3;
   * null where it raises. Covers every step of the normaliser, its failure paths, and code points
   * outside the BMP (Python indexes by code point).
   */
  private static final String[][] VERL_STRIP_STRING = {
      {"\\tfrac{1}{2} + \\frac1{72}", "\\frac{1}{2}+\\frac{1}{72}"},
      {"\\\\frac{1}{2} + 2/3", "\\frac{1}{2}+2/3"},
      {"10, 4, -2", "10,4,-2"},
      {"\\tfrac{1}{2} +\\! \\frac1{72}", "\\frac{1}{2}+\\frac{1}{72}"},
      {"\\\\dfrac{1}{2} +\\frac{1}{72}", "\\frac{1}{2}+\\frac{1}{72}"},
      {"10\\text{ units}", "10"},
      {"10 ", "10"},
      {"\\$10", "10"},
      {"\\left(x-2\\right)\\left(x+2\\right)", "(x-2)(x+2)"},
      {"(x-2)(x+2)", "(x-2)(x+2)"},
      {"0.1, 4, 2", "0.1,4,2"},
      {"4, .1, 2", "4,0.1,2"},
      {".1", "0.1"},
      {"10\\%", "10"},
      {"10\\sqrt{3} + \\sqrt4", "10\\sqrt{3}+\\sqrt{4}"},
      {"10\\sqrt3 + \\sqrt{4}", "10\\sqrt{3}+\\sqrt{4}"},
      {"\\frac34i", "\\frac{3}{4}i"},
      {"\\tfrac83", "\\frac{8}{3}"},
      {"5x - 7y + 11z + 4 = 0", "5x-7y+11z+4=0"},
      {"1/2", "\\frac{1}{2}"},
      {"0.5", "\\frac{1}{2}"},
      {"x = 5", "5"},
      {"k=\\frac{3}{4}", "\\frac{3}{4}"},
      {"abc=5", "abc=5"},
      {"90^\\circ", "90"},
      {"90^{\\circ}", "90"},
      {"-3/4", "\\frac{-3}{4}"},
      {"03/4", "03/4"},
      {"-0/4", "-0/4"},
      {"1/2/3", "1/2/3"},
      {"\\frac{a}{b}", "\\frac{a}{b}"},
      {"\\frac1", "\\frac1"},
      {"\\frac", null},
      {"\\sqrt", null},
      {"a\\sqrt", null},
      {"1\\text{ m}\\text{ s}", null},
      {"", ""},
      {" ", ""},
      {"\\frac{1}{2}\\frac3", "\\frac{1}{2}\\frac3"},
      {"x\n+1", "x+1"},
      {"\\frac{.5}{2}", "\\frac{0.5}{2}"},
      {"\\sqrt{\\frac12}", "\\sqrt{\\frac{1}{2}}"},
      {"\u00e9=1", "1"},
      {"\\frac12\\sqrt2", "\\frac{1}{2}\\sqrt{2}"},
      {"1.5", "1.5"},
      {"3.0", "3.0"},
      {"\\sqrt\ud83d\ude00x", "\\sqrt{\ud83d\ude00}x"},
      {"\\frac\ud83d\ude00\ud83d\ude01", "\\frac{\ud83d\ude00}{\ud83d\ude01}"},
      {"\ud83d\ude00\ud83d\ude00=3", "3"},
  };

  @Test
  void normalizeMatchesVerlOnEveryCase() {
    for (String[] row : VERL_STRIP_STRING) {
      assertEquals(row[1], MathNormalizer.normalize(row[0]), "strip_string(" + row[0] + ")");
    }
  }

  // hendrycks/math modeling/math_equivalence_test.py, case by case.
  @Test
  void mathReleaseUnitCases() {
    assertFalse(MathNormalizer.isEquiv("\\tfrac{1}{2} + \\frac1{72}", "\\\\frac{1}{2} + 2/3"), "fractions");
    assertFalse(MathNormalizer.isEquiv("10, 4, -2", "4, 10, -2"), "order");
    assertFalse(MathNormalizer.isEquiv("10, 4, 2", "4, 12, 2"), "order2");
    assertTrue(MathNormalizer.isEquiv("\\tfrac{1}{2} +\\! \\frac1{72}", "\\\\dfrac{1}{2} +\\frac{1}{72}"), "dfrac");
    assertTrue(MathNormalizer.isEquiv("10\\text{ units}", "10 "), "units");
    assertFalse(MathNormalizer.isEquiv("10\\text{ units}", "100 "), "units2");
    assertTrue(MathNormalizer.isEquiv("10", "\\$10"), "dollars");
    assertTrue(MathNormalizer.isEquiv("\\left(x-2\\right)\\left(x+2\\right)", "(x-2)(x+2)"), "parentheses");
    assertFalse(MathNormalizer.isEquiv("0.1, 4, 2", "4, .1, 2"), "decimals");
    assertTrue(MathNormalizer.isEquiv("0.1", ".1"), "decimals2");
    assertTrue(MathNormalizer.isEquiv("10\\%", "10"), "percentage");
    assertTrue(MathNormalizer.isEquiv("10\\sqrt{3} + \\sqrt4", "10\\sqrt3 + \\sqrt{4}"), "sqrt");
    assertTrue(MathNormalizer.isEquiv("\\frac34i", "\\frac{3}{4}i"), "frac");
    assertTrue(MathNormalizer.isEquiv("\\tfrac83", "\\frac{8}{3}"), "tfrac");
    assertFalse(MathNormalizer.isEquiv("5x - 7y + 11z + 4 = 0", "x + y - z + 2 = 0"), "expression");
    assertTrue(MathNormalizer.isEquiv("1/2", "\\frac{1}{2}"), "half");
  }

  @Test
  void whereVerlRaisesTheRawStringsAreCompared() {
    assertTrue(MathNormalizer.isEquiv("\\sqrt", "\\sqrt"));
    assertFalse(MathNormalizer.isEquiv("\\sqrt", "x"));
    assertFalse(MathNormalizer.isEquiv("1\\text{ m}\\text{ s}", "1"));
  }

  @Test
  void withoutTheFallbackOnlyStringsCount() {
    assertTrue(MathNormalizer.isEquiv("\\frac{1}{2}", "0.5"));
    assertFalse(MathNormalizer.isEquiv("2", "2.0"));
    assertFalse(MathNormalizer.isEquiv("033", "33"));
  }

  // verl tests/utils/reward_score/test_numeric_canonicalization_on_cpu.py: leading zeros and signs.
  @Test
  void rationalFallbackEqualsSameValues() {
    assertTrue(MathNormalizer.isEquivOrSameRational("033", "33"));
    assertTrue(MathNormalizer.isEquivOrSameRational("+033", "33"));
    assertTrue(MathNormalizer.isEquivOrSameRational("-0", "0"));
    assertTrue(MathNormalizer.isEquivOrSameRational("000", "0"));
    assertTrue(MathNormalizer.isEquivOrSameRational("2", "2.0"));
    assertTrue(MathNormalizer.isEquivOrSameRational("\\frac{2}{4}", "0.5"));
    assertTrue(MathNormalizer.isEquivOrSameRational("-\\frac{3}{4}", "-0.75"));
    assertTrue(MathNormalizer.isEquivOrSameRational("-3/4", "-0.75"));
    assertTrue(MathNormalizer.isEquivOrSameRational("\\dfrac{6}{4}", "1.5"));
  }

  @Test
  void rationalFallbackRejectsDifferentValuesAndNonNumbers() {
    assertFalse(MathNormalizer.isEquivOrSameRational("1/3", "0.333"));
    assertFalse(MathNormalizer.isEquivOrSameRational("3.3", "33"));
    assertFalse(MathNormalizer.isEquivOrSameRational("foo", "0"));
    assertFalse(MathNormalizer.isEquivOrSameRational("--33", "33"));
    assertFalse(MathNormalizer.isEquivOrSameRational("\\frac{1}{0}", "\\frac{2}{0}"));
    assertFalse(MathNormalizer.isEquivOrSameRational("x+1", "1+x"));
  }

  @Test
  void pythonSplitKeepsEmptyPieces() {
    assertEquals(List.of("", "a", "", ""), MathNormalizer.split("=a==", "="));
    assertEquals(List.of("abc"), MathNormalizer.split("abc", "="));
  }
}

package org.reason4j.tensor.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the two inner loops of the F32 sum in {@link CpuReduce}: four floats at a
 * time are widened to doubles exactly and added lane by lane, so every partial sum sees the same
 * values in the same order as the scalar loops, and the results are the same bits. Loaded only when
 * the Vector API module is present (see {@link Simd}).
 */
final class SimdReduce {
  private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

  private SimdReduce() {}

  /**
   * Partial sums of a[s..s+n) for whole groups of 16: element i goes to p[i % 16] (accumulator q holds
   * partials 4q..4q+3). Returns how many elements were consumed; the caller adds the rest.
   */
  static int partials(float[] a, int s, int n, double[] p) {
    DoubleVector q0 = DoubleVector.zero(D4), q1 = q0, q2 = q0, q3 = q0;
    int i = 0;
    for (; i + 16 <= n; i += 16) {
      q0 = q0.add(widen(a, s + i));
      q1 = q1.add(widen(a, s + i + 4));
      q2 = q2.add(widen(a, s + i + 8));
      q3 = q3.add(widen(a, s + i + 12));
    }
    q0.intoArray(p, 0);
    q1.intoArray(p, 4);
    q2.intoArray(p, 8);
    q3.intoArray(p, 12);
    return i;
  }

  /** p[po + j] += a[ao + j] for j < w, the float widened to double. */
  static void addWidened(double[] p, int po, float[] a, int ao, int w) {
    int j = 0;
    for (; j + 4 <= w; j += 4) DoubleVector.fromArray(D4, p, po + j).add(widen(a, ao + j)).intoArray(p, po + j);
    for (; j < w; j++) p[po + j] += a[ao + j];
  }

  private static DoubleVector widen(float[] a, int i) {
    return (DoubleVector) FloatVector.fromArray(F4, a, i).convertShape(VectorOperators.F2D, D4, 0);
  }
}

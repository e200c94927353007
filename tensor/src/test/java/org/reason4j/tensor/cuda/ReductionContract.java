package org.reason4j.tensor.cuda;

import org.junit.jupiter.api.Test;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Tensor;

/**
 * Contract suite, part 2: reductions along every axis (short rows, long rows cut into chunks, columns,
 * empty axes), ties and NaN for ARGMAX/ARGMIN, -inf rows for LOGSUMEXP, cumulative sums and
 * (log-)softmax including fully masked rows. MAX/MIN/ARG and integer sums must match the CPU's bits;
 * float sums come from double accumulators and are within {@link Tolerance#F32_SUM}.
 */
abstract class ReductionContract extends ContractSupport {
  private static final int[][] SHAPES = {{4, 300, 7}, {3, 9000}, {5, 40}, {2, 2100, 3}, {1, 1}, {6, 0}, {17000}};

  private static Tolerance tolerance(ReduceOp op, DType t) {
    boolean sum = op == ReduceOp.SUM || op == ReduceOp.LOGSUMEXP;
    return sum && !t.isInteger() ? Tolerance.sum(t) : Tolerance.EXACT;
  }

  @Test
  void reductionsAlongEveryAxisMatchTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      for (int[] shape : SHAPES) {
        Tensor x = t.isInteger() ? ints(30, -50, 50, t, shape) : halves(normal(30, t, shape).mul(4));
        for (ReduceOp op : ReduceOp.values()) {
          if (op == ReduceOp.LOGSUMEXP && t.isInteger()) continue;
          for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 0 && op != ReduceOp.SUM) continue;
            int ax = axis;
            check(op + " " + t + " axis " + axis + " of " + java.util.Arrays.toString(shape), tolerance(op, t),
                in -> in[0].reduce(op, ax, false), x);
          }
        }
      }
    }
  }

  @Test
  void argmaxTakesTheFirstTieAndPrefersNanLikeTheCpu() {
    float[] v = new float[3 * 600];
    for (int i = 0; i < v.length; i++) v[i] = (i * 7919) % 5; // many ties of the maximum 4
    v[600 + 450] = Float.NaN;
    v[600 + 500] = Float.NaN;
    Tensor x = Tensor.of(v, 3, 600);
    for (ReduceOp op : new ReduceOp[] {ReduceOp.ARGMAX, ReduceOp.ARGMIN, ReduceOp.MAX, ReduceOp.MIN}) {
      check(op + " with ties and NaN", Tolerance.EXACT, in -> in[0].reduce(op, 1, false), x);
      check(op + " with ties and NaN, columns", Tolerance.EXACT, in -> in[0].reduce(op, 0, false), x.transpose(0, 1).contiguous());
    }
  }

  @Test
  void logsumexpOfMaskedRowsIsMinusInfinity() {
    Tensor x = normal(31, DType.F32, 3, 500);
    x.select(0, 1).fill(Float.NEGATIVE_INFINITY);
    check("logsumexp with a -inf row", Tolerance.F32_SUM, in -> in[0].logsumexp(1, false), x);
    check("logsumexp with a -inf column", Tolerance.F32_SUM, in -> in[0].logsumexp(0, false), x.transpose(0, 1).contiguous());
  }

  @Test
  void cumulativeSumsMatchTheCpu() {
    int[][] shapes = {{3, 5000}, {40, 7}, {2, 1500, 3}, {2000}};
    for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      for (int[] shape : shapes) {
        Tensor x = t.isInteger() ? ints(32, -9, 10, t, shape) : normal(32, t, shape);
        for (int axis = 0; axis < shape.length; axis++) {
          int ax = axis;
          Tolerance tol = t.isInteger() ? Tolerance.EXACT : Tolerance.sum(t);
          check("cumsum " + t + " axis " + axis + " of " + java.util.Arrays.toString(shape), tol, in -> in[0].cumsum(ax), x);
        }
      }
    }
  }

  @Test
  void softmaxAndLogSoftmaxMatchTheCpu() {
    int[][] shapes = {{6, 7}, {5, 300}, {3, 5000}, {2, 3000}, {1, 1}};
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (int[] shape : shapes) {
        Tensor x = normal(33, t, shape).mul(5);
        String s = java.util.Arrays.toString(shape);
        check("softmax " + t + " " + s, Tolerance.math(t), in -> in[0].softmax(-1), x);
        check("logSoftmax " + t + " " + s, Tolerance.math(t), in -> in[0].logSoftmax(-1), x);
      }
      Tensor masked = normal(34, t, 4, 9);
      masked.select(0, 2).fill(Double.NEGATIVE_INFINITY);
      check("softmax of a masked row " + t, Tolerance.math(t), in -> in[0].softmax(-1), masked);
      check("logSoftmax of a masked row " + t, Tolerance.math(t), in -> in[0].logSoftmax(-1), masked);
      check("softmax along axis 0 " + t, Tolerance.math(t), in -> in[0].softmax(0), normal(35, t, 7, 9));
    }
  }
}

package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;
import org.reason4j.tensor.UnaryOp;

/**
 * Contract suite, part 1: transfers, copies with every dtype conversion, fills, unary and binary ops with
 * broadcasting, integer division by zero, clamp and where. Exact ops must match the CPU's bits; the
 * transcendental ones are within {@link Tolerance#F32_MATH} / {@link Tolerance#F64_MATH}.
 */
abstract class ElementwiseContract extends ContractSupport {
  // ------------------------------------------------------------------ memory, copies, fills

  @Test
  void transfersRoundTripEveryDtype() {
    for (DType t : DType.values()) {
      Tensor x = sample(1, t, 7, 5, 3);
      check("round trip " + t, Tolerance.EXACT, in -> in[0], x);
      try (TensorScope scope = TensorScope.open()) {
        Tolerance.EXACT.check(x, back(plain(x)), "plain round trip " + t);
      }
    }
  }

  @Test
  void copiesConvertBetweenEveryPairOfDtypes() {
    for (DType s : DType.values()) {
      for (DType d : DType.values()) check("copy " + s + " -> " + d, Tolerance.EXACT, in -> in[0].to(d), sample(2, s, 4, 6));
    }
  }

  @Test
  void copiesWriteIntoStridedAndBroadcastViews() {
    check("copy into a transposed view", Tolerance.EXACT, in -> {
      Tensor out = in[0].newZeros(DType.F32, 6, 4);
      out.transpose(0, 1).copyFrom(in[0]);
      return out;
    }, sample(3, DType.F32, 4, 6));
    check("converting copy into a slice", Tolerance.EXACT, in -> {
      Tensor out = in[0].newZeros(DType.BF16, 5, 6);
      out.slice(0, 1, 5).copyFrom(in[0]);
      return out;
    }, sample(4, DType.F64, 4, 6));
    check("broadcast copy", Tolerance.EXACT, in -> in[0].newZeros(DType.I64, 4, 6).copyFrom(in[0]), sample(5, DType.I64, 6));
  }

  @Test
  void fillsConvertTheValueLikeTheCpu() {
    double[] values = {0, 1, -2.75, 3.5e9, -1e20, Double.NaN, Double.POSITIVE_INFINITY, 1e-40};
    for (DType t : DType.values()) {
      for (double v : values) {
        Tensor expected = Tensor.full(CPU, t, v, 3, 5);
        try (TensorScope scope = TensorScope.open()) {
          Tolerance.EXACT.check(expected, back(Tensor.full(backend(), t, v, 3, 5)), "fill " + t + " with " + v);
          Tensor partly = Tensor.zeros(backend(), t, 3, 5);
          partly.slice(0, 1, 3).fill(v);
          Tensor cpuPartly = Tensor.zeros(CPU, t, 3, 5);
          cpuPartly.slice(0, 1, 3).fill(v);
          Tolerance.EXACT.check(cpuPartly, back(partly), "fill of an offset view, " + t);
        }
      }
    }
  }

  // ------------------------------------------------------------------ elementwise

  private static final java.util.Set<UnaryOp> EXACT_UNARY = java.util.EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.RELU,
      UnaryOp.SIGN, UnaryOp.SQUARE, UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.SQRT, UnaryOp.RECIPROCAL);

  @Test
  void unaryOpsMatchTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (UnaryOp op : UnaryOp.values()) {
        if (op == UnaryOp.NOT) continue;
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LOG1P;
        Tensor x = positive ? uniform(6, 0.01, 5, t, 5, 40) : normal(6, t, 5, 40).mul(3);
        Tolerance tol = EXACT_UNARY.contains(op) ? Tolerance.EXACT : Tolerance.math(t);
        check(op + " " + t, tol, in -> in[0].unary(op), x);
        if (EXACT_UNARY.contains(op)) check(op + " " + t + " specials", Tolerance.EXACT, in -> in[0].unary(op), sample(7, t, 8));
      }
    }
    for (DType t : new DType[] {DType.I32, DType.I64}) {
      for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE}) {
        check(op + " " + t, Tolerance.EXACT, in -> in[0].unary(op), sample(8, t, 6, 7));
      }
    }
    check("NOT", Tolerance.EXACT, in -> in[0].not(), sample(9, DType.BOOL, 6, 7));
  }

  @Test
  void binaryOpsBroadcastLikeTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      Tensor a = halves(normal(10, t, 3, 1, 5).mul(2)), b = halves(normal(11, t, 4, 5).mul(2));
      for (BinaryOp op : BinaryOp.values()) {
        if (op.isLogical()) continue;
        Tensor x = op == BinaryOp.POW ? a.abs().add(0.1) : a;
        check(op + " " + t, op == BinaryOp.POW ? Tolerance.math(t) : Tolerance.EXACT, in -> in[0].binary(op, in[1]), x, b);
      }
      Tensor other = Tensor.of(new float[] {0f, Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, 3e9f, 0.5f, -1e-30f}, 8).to(t);
      check("MAXIMUM with NaN and signed zeros " + t, Tolerance.EXACT, in -> in[0].maximum(in[1]), sample(12, t, 8), other);
      check("MINIMUM with NaN and signed zeros " + t, Tolerance.EXACT, in -> in[0].minimum(in[1]), sample(12, t, 8), other);
    }
    for (DType t : new DType[] {DType.I32, DType.I64}) {
      Tensor a = ints(14, -20, 20, t, 3, 1, 5), b = ints(15, 1, 9, t, 4, 5).mul(ints(16, 0, 2, t, 4, 5).mul(2).sub(1));
      for (BinaryOp op : BinaryOp.values()) {
        if (op.isLogical()) continue;
        Tensor y = op == BinaryOp.POW ? b.abs().clamp(0, 3) : b;
        check(op + " " + t, Tolerance.EXACT, in -> in[0].binary(op, in[1]), a, y);
      }
    }
    Tensor p = sample(17, DType.BOOL, 3, 1, 5), q = sample(18, DType.BOOL, 4, 5);
    check("AND", Tolerance.EXACT, in -> in[0].and(in[1]), p, q);
    check("OR", Tolerance.EXACT, in -> in[0].or(in[1]), p, q);
    check("in place", Tolerance.EXACT, in -> in[0].copy().addInPlace(in[1]).mulInPlace(0.5), normal(19, DType.F32, 4, 5),
        normal(20, DType.F32, 5));
  }

  @Test
  void integerDivisionByZeroFailsWithTheCpuMessage() {
    Tensor a = Tensor.of(new long[] {5, -7, 9}, 3), zero = Tensor.of(new long[] {1, 0, 2}, 3);
    assertThrows(ArithmeticException.class, () -> a.div(zero).toLongArray());
    try (TensorScope scope = TensorScope.open()) {
      Tensor da = plain(a);
      ArithmeticException e = assertThrows(ArithmeticException.class, () -> da.div(plain(zero)).toLongArray());
      assertTrue(e.getMessage().startsWith("div: integer division by zero"), e.getMessage());
      assertArrayEquals(new long[] {10, -14, 18}, da.add(da).toLongArray(), "the backend works after the error");
    }
  }

  @Test
  void clampAndWhereMatchTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      check("clamp " + t, Tolerance.EXACT, in -> in[0].clamp(-2.5, 3), sample(21, t, 5, 6));
    }
    for (DType t : new DType[] {DType.F32, DType.I64, DType.BOOL, DType.I32, DType.F64}) {
      check("where " + t, Tolerance.EXACT, in -> Tensor.where(in[0], in[1], in[2]), sample(22, DType.BOOL, 3, 1),
          sample(23, t, 3, 4), sample(24, t, 4));
    }
    check("maskedFill", Tolerance.EXACT, in -> in[0].maskedFill(in[1], -1e9), normal(25, DType.F32, 3, 4),
        sample(26, DType.BOOL, 4));
  }
}

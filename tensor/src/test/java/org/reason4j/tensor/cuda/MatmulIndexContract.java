package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * Contract suite, part 3: matrix products (edge sizes, transposed and strided operands, shared and
 * broadcast batches, F32 within the backend's {@link #gemmTolerance()} of |A| @ |B|, F64 within 1e-12)
 * and the rule that a row does not depend on the batch it is computed in; index ops (indexSelect,
 * indexAdd, gather, scatterAdd), whose sums must match the CPU's bits, and out-of-range indices.
 */
abstract class MatmulIndexContract extends ContractSupport {
  private static final int[][] MKN = {{1, 1, 1}, {5, 7, 3}, {64, 64, 64}, {130, 257, 67}, {3, 600, 5}, {33, 17, 129}};

  /** |actual - expected| <= tol * (|A| @ |B|) elementwise, on the CPU. */
  private static void checkProduct(Tensor expected, Tensor actual, Tensor absProduct, double tol, String what) {
    float[] e = expected.toFloatArray(), a = actual.toFloatArray(), bound = absProduct.toFloatArray();
    for (int i = 0; i < e.length; i++) {
      double err = Math.abs((double) e[i] - a[i]);
      if (!(err <= tol * bound[i] + 1e-30)) fail(what + ": element " + i + ": expected " + e[i] + " but got " + a[i] + " (bound " + tol * bound[i] + ")");
    }
  }

  private void checkMatmul(String what, java.util.function.BinaryOperator<Tensor> f, Tensor a, Tensor b) {
    Tensor expected = f.apply(a, b);
    if (a.dtype() == DType.F64) {
      check(what, new Tolerance(1e-12, 1e-12, "F64 products"), in -> f.apply(in[0], in[1]), a, b);
      return;
    }
    try (TensorScope scope = TensorScope.open()) {
      Tensor actual = back(f.apply(scrambled(a), scrambled(b)));
      checkProduct(expected, actual, f.apply(a.abs(), b.abs()), gemmTolerance(), what + " on " + backend().name());
    }
  }

  @Test
  void productsOfEveryShapeAndLayoutMatchTheCpu() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      for (int[] s : MKN) {
        String dims = s[0] + "x" + s[1] + "x" + s[2] + " " + t;
        Tensor a = normal(40, t, s[0], s[1]), b = normal(41, t, s[1], s[2]);
        checkMatmul("matmul " + dims, Tensor::matmul, a, b);
        checkMatmul("matmul of transposes " + dims, (x, y) -> x.mT().matmul(y.mT()), a.mT().contiguous(), b.mT().contiguous());
        checkMatmul("matmul of row slices " + dims, (x, y) -> x.slice(1, 1, s[1] + 1).matmul(y),
            normal(42, t, s[0], s[1] + 2), b);
      }
      checkMatmul("shared right operand " + t, Tensor::matmul, normal(43, t, 2, 3, 9, 20), normal(44, t, 20, 11));
      checkMatmul("batched " + t, Tensor::matmul, normal(45, t, 4, 9, 20), normal(46, t, 4, 20, 11));
      checkMatmul("broadcast batch " + t, Tensor::matmul, normal(47, t, 1, 9, 20), normal(48, t, 3, 20, 11));
      checkMatmul("vector @ matrix " + t, Tensor::matmul, normal(49, t, 20), normal(50, t, 20, 11));
      checkMatmul("empty k " + t, Tensor::matmul, normal(51, t, 4, 0), normal(52, t, 0, 3));
    }
  }

  @Test
  void aRowComputedAloneEqualsTheSameRowInABatch() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      Tensor a = normal(53, t, 200, 300), b = normal(54, t, 300, 70);
      try (TensorScope scope = TensorScope.open()) {
        Tensor da = scrambled(a), db = plain(b);
        float[] full = da.matmul(db).toFloatArray();
        for (int row : new int[] {0, 5, 127, 128, 199}) {
          float[] alone = da.slice(0, row, row + 1).matmul(db).toFloatArray();
          for (int j = 0; j < 70; j++) {
            assertEquals(Float.floatToIntBits(full[row * 70 + j]), Float.floatToIntBits(alone[j]),
                t + " row " + row + " column " + j + " on " + backend().name());
          }
        }
      }
    }
  }

  @Test
  void indexSelectAndGatherMoveEveryDtype() {
    for (DType t : new DType[] {DType.F32, DType.I64, DType.BF16, DType.BOOL, DType.F64, DType.I32}) {
      Tensor a = sample(60, t, 6, 5, 4);
      for (DType it : new DType[] {DType.I32, DType.I64}) {
        Tensor idx = Tensor.of(new long[] {3, 0, 0, 2}, 4).to(it);
        for (int axis = 0; axis < 3; axis++) {
          int ax = axis;
          check("indexSelect " + t + " axis " + axis + " " + it, Tolerance.EXACT, in -> in[0].indexSelect(ax, in[1]), a, idx);
        }
        check("gather " + t + " " + it, Tolerance.EXACT, in -> in[0].gather(1, in[1]), a, ints(61, 0, 5, it, 6, 3, 4));
        check("gather axis 0 " + t + " " + it, Tolerance.EXACT, in -> in[0].gather(0, in[1]), a, ints(62, 0, 6, it, 2, 5, 4));
      }
    }
  }

  @Test
  void indexAddAndScatterAddSumInIndexOrder() {
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      Tensor out = normal(63, t, 5, 6, 3), src = normal(64, t, 5, 7, 3).mul(1e4);
      Tensor idx = Tensor.of(new long[] {1, 1, 4, 0, 1, 5, 5}, 7);
      check("indexAdd " + t, Tolerance.EXACT, in -> in[0].indexAdd(1, in[1], in[2]), out, idx, src);
      Tensor table = normal(65, t, 50, 64), rows = normal(66, t, 300, 64).mul(100);
      check("indexAdd of an embedding gradient " + t, Tolerance.EXACT, in -> in[0].indexAdd(0, in[1], in[2]), table,
          ints(67, 0, 50, DType.I32, 300), rows);
    }
    for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      Tensor out = t.isInteger() ? ints(68, -5, 5, t, 4, 6, 5) : normal(68, t, 4, 6, 5);
      Tensor src = t.isInteger() ? ints(69, -5, 5, t, 4, 9, 5) : normal(69, t, 4, 9, 5).mul(1e4);
      check("scatterAdd " + t, Tolerance.EXACT, in -> in[0].scatterAdd(1, in[1], in[2]), out, ints(70, 0, 6, DType.I64, 4, 9, 5), src);
      check("scatterAdd axis 2 " + t, Tolerance.EXACT, in -> in[0].scatterAdd(2, in[1], in[2]), out,
          ints(71, 0, 5, DType.I32, 4, 6, 3), src.slice(1, 0, 6).slice(2, 0, 3).contiguous());
    }
  }

  @Test
  void anIndexOutOfRangeIsAnErrorNotASilentRead() {
    Tensor a = normal(72, DType.F32, 5, 3);
    Tensor bad = Tensor.of(new long[] {0, 7}, 2);
    assertThrows(IndexOutOfBoundsException.class, () -> a.indexSelect(0, bad).toFloatArray());
    try (TensorScope scope = TensorScope.open()) {
      Tensor da = plain(a), dbad = plain(bad);
      IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> da.indexSelect(0, dbad).toFloatArray());
      assertTrue(e.getMessage().startsWith("indexSelect: index 7 is out of range [0, 5)"), e.getMessage());
      Tensor gatherBad = plain(Tensor.of(new long[] {0, -1, 2}, 3, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> da.gather(0, gatherBad.expand(3, 3).contiguous()).toFloatArray());
      assertEquals(a.sum().item(), da.sum().item(), 1e-5, "the backend works after the error");
    }
  }
}

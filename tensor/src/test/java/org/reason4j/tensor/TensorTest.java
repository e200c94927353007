package org.reason4j.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Tensor semantics against hand-written loops: views, broadcasting, reductions, indexing, errors. */
class TensorTest {
  static Tensor seq(int... shape) {
    int n = Shape.numel(shape);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (i % 7) - 3 + i * 0.01f;
    return Tensor.of(v, shape);
  }

  @Test
  void viewsShareStorageAndReadCorrectly() {
    Tensor a = seq(2, 3, 4);
    Tensor t = a.transpose(0, 2); // (4, 3, 2)
    assertArrayEquals(new int[] {4, 3, 2}, t.shape());
    assertEquals(a.get(1, 2, 3), t.get(3, 2, 1));
    assertSame(a.storage(), t.storage());
    assertFalse(t.isContiguous());
    Tensor s = a.slice(2, 1, 3); // (2, 3, 2)
    assertEquals(a.get(1, 1, 2), s.get(1, 1, 1));
    Tensor sel = a.select(1, 2); // (2, 4)
    assertEquals(a.get(1, 2, 3), sel.get(1, 3));
    Tensor step = a.slice(2, 0, 4, 2);
    assertEquals(a.get(0, 0, 2), step.get(0, 0, 1));
    Tensor r = t.reshape(12, 2); // needs a copy
    assertEquals(t.get(3, 1, 1), r.get(3 * 3 + 1, 1));
    assertArrayEquals(new int[] {1, 2, 3, 4}, a.unsqueeze(0).shape());
    assertArrayEquals(new int[] {2, 3, 4}, a.unsqueeze(0).squeeze(0).shape());
    assertArrayEquals(new int[] {2, 12}, a.reshape(2, -1).shape());
    Tensor e = Tensor.of(new float[] {1, 2, 3}, 3).expand(2, 3);
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, e.contiguous().toFloatArray());
  }

  @Test
  void binaryOpsBroadcastLikeNumpy() {
    Tensor a = seq(2, 1, 4), b = seq(3, 1);
    Tensor c = a.sub(b); // (2, 3, 4)
    assertArrayEquals(new int[] {2, 3, 4}, c.shape());
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 3; j++)
        for (int k = 0; k < 4; k++) assertEquals(a.get(i, 0, k) - b.get(j, 0), c.get(i, j, k), 1e-6);
    Tensor tr = seq(4, 3).transpose(0, 1); // strided operand
    Tensor d = tr.mul(seq(3, 4));
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) assertEquals(tr.get(i, j) * seq(3, 4).get(i, j), d.get(i, j), 1e-6);
    assertArrayEquals(new boolean[] {false, true, true}, Tensor.of(new float[] {1, 2, 3}, 3).gt(1.5).toBoolArray());
    var ex = assertThrows(IllegalArgumentException.class, () -> seq(2, 3).add(seq(4, 3)));
    assertTrue(ex.getMessage().contains("add") && ex.getMessage().contains("(2, 3)") && ex.getMessage().contains("(4, 3)"), ex.getMessage());
  }

  @Test
  void unaryOpsMatchJavaMath() {
    Tensor a = Tensor.of(new float[] {-2f, -0.5f, 0f, 0.5f, 3f}, 5);
    float[] x = a.toFloatArray();
    float[] exp = a.exp().toFloatArray(), sig = a.sigmoid().toFloatArray(), erf = a.erf().toFloatArray();
    for (int i = 0; i < x.length; i++) {
      assertEquals((float) Math.exp(x[i]), exp[i]);
      assertEquals(1 / (1 + Math.exp(-x[i])), sig[i], 1e-7);
    }
    assertEquals(0.5204998778130465, erf[3], 1e-7); // erf(0.5)
    assertEquals(-0.9953222650189527, erf[0], 1e-7); // erf(-2)
    assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, a.clamp(-1, 1).toFloatArray());
  }

  @Test
  void reductionsAlongEveryAxis() {
    Tensor a = seq(3, 4, 5);
    for (int axis = 0; axis < 3; axis++) {
      Tensor s = a.sum(axis, false), m = a.max(axis, false), am = a.argmax(axis, false), lse = a.logsumexp(axis, true);
      int[] os = Shape.remove(a.shape(), axis);
      for (int i = 0; i < os[0]; i++) {
        for (int j = 0; j < os[1]; j++) {
          double sum = 0, max = Double.NEGATIVE_INFINITY, e = 0;
          int arg = -1;
          for (int k = 0; k < a.dim(axis); k++) {
            int[] idx = insert(i, j, k, axis);
            double v = a.get(idx);
            sum += v;
            if (v > max) {
              max = v;
              arg = k;
            }
          }
          for (int k = 0; k < a.dim(axis); k++) e += Math.exp(a.get(insert(i, j, k, axis)) - max);
          assertEquals(sum, s.get(i, j), 1e-5);
          assertEquals(max, m.get(i, j), 1e-6);
          assertEquals(arg, am.get(i, j));
          int[] keep = insert(i, j, 0, axis);
          assertEquals(max + Math.log(e), lse.get(keep), 1e-5);
        }
      }
    }
    assertEquals(seq(3, 4, 5).sum().item(), seq(60).sum().item());
    assertArrayEquals(new int[] {3, 1, 5}, a.mean(1, true).shape());
    assertArrayEquals(new float[] {1, 3, 6, 10}, Tensor.of(new float[] {1, 2, 3, 4}, 4).cumsum(0).toFloatArray());
  }

  private static int[] insert(int i, int j, int k, int axis) {
    return axis == 0 ? new int[] {k, i, j} : axis == 1 ? new int[] {i, k, j} : new int[] {i, j, k};
  }

  @Test
  void sumToUndoesBroadcasting() {
    Tensor g = Tensor.ones(2, 3, 4);
    assertArrayEquals(new float[] {6, 6, 6, 6}, g.sumTo(new int[] {4}).toFloatArray());
    assertArrayEquals(new int[] {3, 1}, g.sumTo(new int[] {3, 1}).shape());
    assertEquals(8, g.sumTo(new int[] {3, 1}).get(0, 0));
  }

  @Test
  void matmulMatchesNaiveWithTransposesAndBatchBroadcast() {
    Tensor a = seq(2, 5, 7), b = seq(7, 3);
    checkMatmul(a, b);
    checkMatmul(seq(7, 5).transpose(0, 1), seq(3, 7).transpose(0, 1));
    checkMatmul(seq(3, 1, 4, 6), seq(2, 6, 5)); // batch (3,1) x (2) -> (3,2)
    Tensor big = seq(300, 70), bigB = seq(70, 40);
    checkMatmul(big, bigB);
    Tensor vec = seq(7);
    assertArrayEquals(new int[] {2, 5}, a.matmul(vec).shape());
    var ex = assertThrows(IllegalArgumentException.class, () -> seq(2, 3).matmul(seq(4, 5)));
    assertTrue(ex.getMessage().contains("(2, 3)") && ex.getMessage().contains("(4, 5)"));
  }

  private static void checkMatmul(Tensor a, Tensor b) {
    Tensor c = a.matmul(b);
    double[] av = a.contiguous().toDoubleArray(), bv = b.contiguous().toDoubleArray(), cv = c.toDoubleArray();
    int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
    int[] cs = c.shape();
    int batches = c.numel() / (m * n);
    int[] batchShape = java.util.Arrays.copyOf(cs, cs.length - 2);
    for (int bi = 0; bi < batches; bi++) {
      int[] bidx = new int[batchShape.length];
      for (int d = batchShape.length - 1, r = bi; d >= 0; d--) {
        bidx[d] = r % batchShape[d];
        r /= batchShape[d];
      }
      int aOff = batchOffset(a.shape(), bidx) * m * k, bOff = batchOffset(b.shape(), bidx) * k * n;
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int kk = 0; kk < k; kk++) s += av[aOff + i * k + kk] * bv[bOff + kk * n + j];
          assertEquals(s, cv[(bi * m + i) * n + j], 1e-4 * (1 + Math.abs(s)));
        }
    }
  }

  /** Index of the broadcast batch element in a tensor whose own batch axes may be 1 or missing. */
  private static int batchOffset(int[] shape, int[] bidx) {
    int nb = shape.length - 2, off = 0;
    for (int d = 0; d < nb; d++) {
      int i = bidx[bidx.length - nb + d];
      off = off * shape[d] + (shape[d] == 1 ? 0 : i);
    }
    return off;
  }

  @Test
  void rowsOfAMatmulDoNotDependOnTheBatch() {
    Tensor a = new Rng(3).normal(37, 300), w = new Rng(4).normal(300, 50);
    float[] all = a.matmul(w).toFloatArray();
    for (int r : new int[] {0, 17, 36}) {
      float[] one = a.slice(0, r, r + 1).matmul(w).toFloatArray();
      for (int j = 0; j < 50; j++) assertEquals(Float.floatToIntBits(all[r * 50 + j]), Float.floatToIntBits(one[j]));
    }
  }

  @Test
  void softmaxRowsSumToOneAndMatchLogSoftmax() {
    Tensor a = seq(4, 9);
    Tensor p = a.softmax(-1), lp = a.logSoftmax(-1);
    float[] ps = p.sum(-1, false).toFloatArray();
    for (float s : ps) assertEquals(1, s, 1e-6);
    float[] pv = p.toFloatArray(), lv = lp.toFloatArray();
    for (int i = 0; i < pv.length; i++) assertEquals(Math.log(pv[i]), lv[i], 1e-5);
    Tensor p0 = a.softmax(0);
    for (float s : p0.sum(0, false).toFloatArray()) assertEquals(1, s, 1e-6);
  }

  @Test
  void indexingOps() {
    Tensor emb = seq(5, 3);
    Tensor rows = emb.indexSelect(0, Tensor.of(new long[] {4, 0, 4}, 3));
    assertEquals(emb.get(4, 2), rows.get(0, 2));
    assertEquals(emb.get(0, 1), rows.get(1, 1));
    Tensor grad = Tensor.zeros(5, 3).indexAdd(0, Tensor.of(new long[] {4, 0, 4}, 3), Tensor.ones(3, 3));
    assertEquals(2, grad.get(4, 0));
    assertEquals(1, grad.get(0, 2));
    assertEquals(0, grad.get(1, 1));
    Tensor logits = seq(3, 6);
    Tensor picked = logits.gather(1, Tensor.of(new long[] {5, 0, 2}, 3, 1));
    assertEquals(logits.get(0, 5), picked.get(0, 0));
    assertEquals(logits.get(2, 2), picked.get(2, 0));
    Tensor sc = Tensor.zeros(3, 6).scatterAdd(1, Tensor.of(new long[] {5, 5, 2, 0}, 1, 4).expand(3, 4).contiguous(), Tensor.ones(3, 4));
    assertEquals(2, sc.get(1, 5));
    assertEquals(1, sc.get(2, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> emb.indexSelect(0, Tensor.of(new long[] {5}, 1)));
  }

  @Test
  void concatSplitStackWhere() {
    Tensor a = seq(2, 3), b = seq(2, 2);
    Tensor c = Tensor.concat(1, a, b);
    assertArrayEquals(new int[] {2, 5}, c.shape());
    assertEquals(b.get(1, 1), c.get(1, 4));
    Tensor[] parts = c.split(1, 3, 2);
    assertArrayEquals(a.toFloatArray(), parts[0].contiguous().toFloatArray());
    Tensor s = Tensor.stack(0, a, a);
    assertArrayEquals(new int[] {2, 2, 3}, s.shape());
    Tensor mask = Tensor.of(new boolean[] {true, false, true}, 3);
    Tensor w = a.maskedFill(mask, -1e9);
    assertEquals(-1e9, w.get(1, 0), 1);
    assertEquals(a.get(1, 1), w.get(1, 1));
  }

  @Test
  void dtypeConversions() {
    Tensor a = Tensor.of(new float[] {1.5f, -2.25f, 65504f, 1e-6f}, 4);
    assertArrayEquals(new float[] {1.5f, -2.25f, 65504f, 1e-6f}, a.to(DType.F64).to(DType.F32).toFloatArray());
    float[] bf = a.to(DType.BF16).toFloatArray();
    assertEquals(1.5f, bf[0]);
    assertEquals(65536f, bf[2]); // bf16 keeps 8 bits of mantissa
    float[] h = a.to(DType.F16).toFloatArray();
    assertEquals(65504f, h[2]);
    assertEquals(1e-6f, h[3], 6e-8); // subnormal in f16
    assertArrayEquals(new long[] {1, -2, 65504, 0}, a.toLongArray());
    var ex = assertThrows(IllegalArgumentException.class, () -> a.to(DType.BF16).add(a.to(DType.BF16)));
    assertTrue(ex.getMessage().contains("storage type"));
  }

  @Test
  void halfConversionsRoundToNearestEven() {
    for (int bits = 0; bits < 65536; bits++) {
      short h = (short) bits;
      float f = Half.f16ToFloat(h);
      if (Float.isNaN(f)) continue;
      assertEquals(h, Half.floatToF16(f), "f16 round trip of " + Integer.toHexString(bits));
      short b = (short) bits;
      float g = Half.bf16ToFloat(b);
      if (!Float.isNaN(g)) assertEquals(b, Half.floatToBf16(g));
    }
    assertEquals(Half.floatToBf16(1.0f), Half.floatToBf16(Float.intBitsToFloat(0x3F808000))); // tie to even
  }

  @Test
  void mixingDevicesOrDtypesIsAClearError() {
    var ex = assertThrows(IllegalArgumentException.class, () -> seq(2).add(Tensor.of(new double[] {1, 2}, 2)));
    assertTrue(ex.getMessage().contains("F32") && ex.getMessage().contains("F64"));
  }

  @Test
  void whereSelectsHalfPrecisionBitsAndIndexAddWorksOnIntegers() {
    Tensor a = Tensor.of(new float[] {1.5f, -2f, 3f}, 3).to(DType.BF16), b = Tensor.zeros(3).to(DType.BF16);
    Tensor w = Tensor.where(Tensor.of(new boolean[] {true, false, true}, 3), a, b);
    assertArrayEquals(new float[] {1.5f, 0f, 3f}, w.toFloatArray());
    Tensor counts = Tensor.of(new long[] {0, 0, 0}, 3).indexAdd(0, Tensor.of(new long[] {2, 2, 0}, 3), Tensor.of(new long[] {1, 1, 1}, 3));
    assertArrayEquals(new long[] {1, 0, 2}, counts.toLongArray());
  }
}

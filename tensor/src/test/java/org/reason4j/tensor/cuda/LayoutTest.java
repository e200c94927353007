package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Tensor;

/**
 * Layout merging and the offsets a kernel derives from it. {@link #kernelOffset} is common.cuh's offset1
 * written in Java; for many random views it must give every element's true offset.
 */
class LayoutTest {
  /** offset1 from common.cuh: decompose the linear index over the merged shape, innermost axis last. */
  static int kernelOffset(int[] shape, int[] strides, int i) {
    if (shape.length == 1) return i * strides[0];
    int o = 0;
    for (int d = shape.length - 1; d >= 0; d--) {
      int q = i / shape[d];
      o += (i - q * shape[d]) * strides[d];
      i = q;
    }
    return o;
  }

  /** The true storage offset of the element with row-major linear index i of a view. */
  static int trueOffset(Tensor t, int i) {
    int[] s = t.shape(), st = t.strides();
    int o = t.offset();
    for (int d = s.length - 1; d >= 0; d--) {
      o += (i % s[d]) * st[d];
      i /= s[d];
    }
    return o;
  }

  @Test
  void contiguousTensorsAndBroadcastRowsMergeToFewAxes() {
    Tensor x = Tensor.zeros(4, 5, 6);
    Layout l = Layout.of(x, x);
    assertArrayEquals(new int[] {120}, l.mergedShape());
    assertArrayEquals(new int[] {1}, l.strides(1));
    Tensor row = Tensor.zeros(6).expand(4, 5, 6);
    Layout b = Layout.of(Tensor.zeros(4, 5, 6), row);
    assertArrayEquals(new int[] {20, 6}, b.mergedShape());
    assertArrayEquals(new int[] {0, 1}, b.strides(1));
    Layout t = Layout.of(Tensor.zeros(5, 4), Tensor.zeros(4, 5).transpose(0, 1));
    assertArrayEquals(new int[] {5, 4}, t.mergedShape());
    assertArrayEquals(new int[] {1, 5}, t.strides(1));
    assertEquals(1, Layout.of(Tensor.zeros(new int[0])).rank());
  }

  @Test
  void kernelOffsetsMatchEveryElementOfRandomViews() {
    Random r = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      int rank = 1 + r.nextInt(5);
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) shape[d] = 1 + r.nextInt(4);
      Tensor base = Tensor.zeros(shape);
      Tensor view = base;
      if (rank > 1) view = view.transpose(r.nextInt(rank), r.nextInt(rank));
      int ax = r.nextInt(rank);
      if (view.dim(ax) > 1 && r.nextBoolean()) view = view.slice(ax, 1, view.dim(ax));
      int[] target = view.shape();
      Tensor out = Tensor.zeros(target);
      Tensor broadcast = Tensor.zeros(1).expand(target);
      Layout l = Layout.of(out, view, broadcast);
      for (int i = 0; i < out.numel(); i++) {
        assertEquals(trueOffset(view, i) - view.offset(), kernelOffset(l.mergedShape(), l.strides(1), i), "view offset, trial " + trial);
        assertEquals(i, kernelOffset(l.mergedShape(), l.strides(0), i));
        assertEquals(0, kernelOffset(l.mergedShape(), l.strides(2), i));
      }
    }
  }

  @Test
  void structBytesAreLittleEndianAndPadded() {
    Layout l = Layout.of(Tensor.zeros(4, 5).transpose(0, 1));
    ByteBuffer shape = ByteBuffer.wrap(l.shapeArg().bytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(36, shape.capacity());
    assertEquals(2, shape.getInt());
    assertEquals(5, shape.getInt());
    assertEquals(4, shape.getInt());
    for (int i = 2; i < Layout.MAX_RANK; i++) assertEquals(1, shape.getInt());
    ByteBuffer strides = ByteBuffer.wrap(l.stridesArg(0).bytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(32, strides.capacity());
    assertEquals(1, strides.getInt());
    assertEquals(5, strides.getInt());
    for (int i = 2; i < Layout.MAX_RANK; i++) assertEquals(0, strides.getInt());
  }

  @Test
  void moreThanEightUnmergeableAxesAreRefusedClearly() {
    int[] shape = new int[9];
    java.util.Arrays.fill(shape, 2);
    Tensor t = Tensor.zeros(shape);
    int[] perm = {8, 7, 6, 5, 4, 3, 2, 1, 0};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Layout.of(t.permute(perm), t));
    assertTrue(e.getMessage().contains("at most 8"), e.getMessage());
  }
}

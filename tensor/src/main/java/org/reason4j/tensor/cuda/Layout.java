package org.reason4j.tensor.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.reason4j.tensor.Tensor;

/**
 * Several same-shaped tensor views prepared for one elementwise kernel: axes of size 1 are dropped and
 * neighbouring axes that are laid out consecutively in every operand are merged (the same rule as the
 * CPU's Strided), so a contiguous tensor becomes one axis and a broadcast row one axis of stride 0.
 * The result travels to the kernel as the {@code Shape} and {@code Strides} structs of common.cuh.
 */
final class Layout {
  /** The most axes a kernel accepts after merging (MAX_RANK in common.cuh). */
  static final int MAX_RANK = 8;

  /** struct Shape { int rank; int size[8]; } as kernel-parameter bytes. */
  record Shape(byte[] bytes) {}

  /** struct Strides { int s[8]; } as kernel-parameter bytes. */
  record Strides(byte[] bytes) {}

  private final int[] shape;
  private final int[][] strides;
  private final int numel;

  private Layout(int[] shape, int[][] strides, int numel) {
    this.shape = shape;
    this.strides = strides;
    this.numel = numel;
  }

  static Layout of(Tensor... ops) {
    int[] s = ops[0].shape();
    int k = ops.length;
    int[][] st = new int[k][];
    for (int i = 0; i < k; i++) st[i] = ops[i].strides();
    int[] ms = new int[Math.max(1, s.length)];
    int[][] mst = new int[k][Math.max(1, s.length)];
    int r = 0;
    for (int d = 0; d < s.length; d++) {
      if (s[d] == 1) continue;
      if (r > 0 && mergeable(mst, st, r - 1, d, s[d])) {
        ms[r - 1] *= s[d];
        for (int i = 0; i < k; i++) mst[i][r - 1] = st[i][d];
      } else {
        ms[r] = s[d];
        for (int i = 0; i < k; i++) mst[i][r] = st[i][d];
        r++;
      }
    }
    if (r == 0) {
      ms[0] = 1;
      r = 1;
    }
    if (r > MAX_RANK) {
      throw new IllegalArgumentException("cuda: a view of shape " + Arrays.toString(s) + " has " + r
          + " axes that cannot be merged; kernels take at most " + MAX_RANK + " (make it contiguous first)");
    }
    int[][] out = new int[k][];
    for (int i = 0; i < k; i++) out[i] = Arrays.copyOf(mst[i], r);
    return new Layout(Arrays.copyOf(ms, r), out, ops[0].numel());
  }

  private static boolean mergeable(int[][] mst, int[][] st, int prev, int d, int size) {
    for (int i = 0; i < mst.length; i++) if (mst[i][prev] != st[i][d] * size) return false;
    return true;
  }

  int numel() {
    return numel;
  }

  int rank() {
    return shape.length;
  }

  int[] mergedShape() {
    return shape.clone();
  }

  int[] strides(int operand) {
    return strides[operand].clone();
  }

  Shape shapeArg() {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * MAX_RANK).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(shape.length);
    for (int i = 0; i < MAX_RANK; i++) b.putInt(i < shape.length ? shape[i] : 1);
    return new Shape(b.array());
  }

  Strides stridesArg(int operand) {
    ByteBuffer b = ByteBuffer.allocate(4 * MAX_RANK).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAX_RANK; i++) b.putInt(i < shape.length ? strides[operand][i] : 0);
    return new Strides(b.array());
  }
}

package org.reason4j.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic on plain {@code int[]} dimension arrays: element counts, contiguous strides,
 * NumPy broadcasting, axis normalisation. Every error names the op and the shapes involved.
 */
public final class Shape {
  private Shape() {}

  /** Number of elements; checks for overflow of the int index space. */
  public static int numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
      }
    }
    return (int) n;
  }

  /** Row-major strides for a contiguous tensor of this shape. */
  public static int[] contiguousStrides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= Math.max(shape[i], 1);
    }
    return s;
  }

  /** The NumPy broadcast of two shapes, or an error naming the op and both shapes. */
  public static int[] broadcast(String op, int[] a, int[] b) {
    int n = Math.max(a.length, b.length);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int da = i < n - a.length ? 1 : a[i - (n - a.length)];
      int db = i < n - b.length ? 1 : b[i - (n - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** Maps a possibly negative axis into [0, rank); errors name the op and the shape. */
  public static int axis(String op, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
    }
    return a;
  }

  /** "(2, 3, 4)"; the empty shape of a scalar is "()". */
  public static String str(int[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      if (i > 0) sb.append(", ");
      sb.append(shape[i]);
    }
    return sb.append(')').toString();
  }

  public static boolean equal(int[] a, int[] b) {
    return Arrays.equals(a, b);
  }

  /** The shape with one axis removed. */
  public static int[] remove(int[] shape, int axis) {
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) if (i != axis) out[j++] = shape[i];
    return out;
  }

  /** The shape with one axis set to a new size. */
  public static int[] with(int[] shape, int axis, int size) {
    int[] out = shape.clone();
    out[axis] = size;
    return out;
  }

  /** Product of the dimensions in [from, to). */
  public static int product(int[] shape, int from, int to) {
    int p = 1;
    for (int i = from; i < to; i++) p *= shape[i];
    return p;
  }
}

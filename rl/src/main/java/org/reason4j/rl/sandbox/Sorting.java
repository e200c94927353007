package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Python's list sort: stable, comparing keys only with {@code <} (so a TypeError or a NaN behaves as in
 * CPython, and nothing can break Java's sort contract), {@code reverse} by reversing around a stable
 * sort. A merge sort, charged n log n steps before it starts.
 */
final class Sorting {
  private Sorting() {}

  static void sort(List<Object> items, Object key, boolean reverse, Interpreter in) {
    int n = items.size();
    in.budget.steps((long) n * (64 - Long.numberOfLeadingZeros(n)));
    boolean hasKey = key != null && key != Values.NONE;
    List<Object[]> pairs = new ArrayList<>(n);
    for (Object x : items) pairs.add(new Object[] {hasKey ? in.call(key, List.of(x), Map.of()) : x, x});
    if (reverse) Collections.reverse(pairs);
    Object[][] a = pairs.toArray(new Object[0][]);
    mergeSort(a, new Object[n][], 0, n, in);
    List<Object[]> sorted = new ArrayList<>(List.of(a));
    if (reverse) Collections.reverse(sorted);
    for (int i = 0; i < n; i++) items.set(i, sorted.get(i)[1]);
  }

  private static void mergeSort(Object[][] a, Object[][] tmp, int lo, int hi, Interpreter in) {
    if (hi - lo < 2) return;
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, in);
    mergeSort(a, tmp, mid, hi, in);
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) tmp[k++] = less(a[j][0], a[i][0], in) ? a[j++] : a[i++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    System.arraycopy(tmp, lo, a, lo, hi - lo);
  }

  private static boolean less(Object x, Object y, Interpreter in) {
    return PyOps.order(Ast.CmpOp.LT, x, y, in.budget, 0);
  }
}

package org.reason4j.rl.sandbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reason4j.rl.sandbox.Values.*;

/**
 * {@code x[i]}, {@code x[i] = v} and {@code x[a:b:c]} for lists, tuples, strings, dicts and ranges,
 * with Python's negative indices and its slice clamping rules (CPython's PySlice_AdjustIndices).
 * Slice assignment is outside the subset.
 */
final class Subscripts {
  private Subscripts() {}

  static Object get(Object container, Object index, Budget budget) {
    if (container instanceof PyDict d) {
      Object v = d.get(PyOps.hashKey(index, 0));
      if (v == null) throw SandboxException.pyError("KeyError", PyFormat.repr(index, budget));
      return v;
    }
    if (container instanceof PyList l) return l.items.get(position(index, l.items.size(), "list"));
    if (container instanceof PyTuple t) return t.items().get(position(index, t.items().size(), "tuple"));
    if (container instanceof String s) {
      int i = position(index, s.length(), "string");
      return s.substring(i, i + 1);
    }
    if (container instanceof PyRange r) {
      long n = r.length();
      long i = PyOps.toLong(requireIndex(index, "range"), "range index");
      if (i < 0) i += n;
      if (i < 0 || i >= n) throw SandboxException.pyError("IndexError", "range object index out of range");
      return r.get(i);
    }
    throw notSubscriptable(container);
  }

  static void set(Object container, Object index, Object value, Budget budget) {
    if (container instanceof PyDict d) {
      Object key = PyOps.hashKey(index, 0);
      if (d.get(key) == null) budget.alloc(1);
      d.put(key, index, value);
    } else if (container instanceof PyList l) {
      l.items.set(position(index, l.items.size(), "list assignment"), value);
    } else if (container instanceof PyTuple || container instanceof String || container instanceof PyRange) {
      throw SandboxException.pyError("TypeError", "'" + PyOps.typeName(container) + "' object does not support item assignment");
    } else {
      throw notSubscriptable(container);
    }
  }

  private static SandboxException notSubscriptable(Object container) {
    if (container instanceof Opaque o) return SandboxException.unsupported("use of " + o.what());
    return SandboxException.pyError("TypeError", "'" + PyOps.typeName(container) + "' object is not subscriptable");
  }

  private static Object requireIndex(Object index, String what) {
    if (!PyOps.isInt(index))
      throw SandboxException.pyError("TypeError", what + " indices must be integers, not '" + PyOps.typeName(index) + "'");
    return index;
  }

  private static int position(Object index, int size, String what) {
    Object i = PyOps.intOf(requireIndex(index, what));
    long k = i instanceof Long l ? l : Long.MAX_VALUE;
    if (k < 0) k += size;
    if (k < 0 || k >= size) throw SandboxException.pyError("IndexError", what + " index out of range");
    return (int) k;
  }

  static Object slice(Object container, Object lower, Object upper, Object step, Budget budget) {
    if (container instanceof PyDict) throw SandboxException.pyError("TypeError", "unhashable type: 'slice'");
    if (!(container instanceof PyList || container instanceof PyTuple || container instanceof String)) {
      if (container instanceof PyRange) throw SandboxException.unsupported("slicing a range");
      throw notSubscriptable(container);
    }
    int size = container instanceof String s ? s.length()
        : container instanceof PyList l ? l.items.size() : ((PyTuple) container).items().size();
    long st = step == null || step == Values.NONE ? 1 : bound(step);
    if (st == 0) throw SandboxException.pyError("ValueError", "slice step cannot be zero");
    long start = adjust(lower, size, st, st < 0 ? size - 1 : 0);
    long stop = adjust(upper, size, st, st < 0 ? -1 : size);
    long count = st < 0 ? (stop < start ? (start - stop - 1) / -st + 1 : 0) : (start < stop ? (stop - start - 1) / st + 1 : 0);
    budget.alloc(count);
    budget.steps(count);
    if (container instanceof String s) {
      StringBuilder sb = new StringBuilder((int) count);
      for (long k = 0, i = start; k < count; k++, i += st) sb.append(s.charAt((int) i));
      return sb.toString();
    }
    List<Object> items = container instanceof PyList l ? l.items : ((PyTuple) container).items();
    ArrayList<Object> out = new ArrayList<>((int) count);
    for (long k = 0, i = start; k < count; k++, i += st) out.add(items.get((int) i));
    return container instanceof PyList ? new PyList(out) : new PyTuple(Collections.unmodifiableList(out));
  }

  /** A slice bound, clamped to the 64-bit range (it is clamped to the sequence next anyway). */
  private static long bound(Object v) {
    if (!PyOps.isInt(v))
      throw SandboxException.pyError("TypeError", "slice indices must be integers or None");
    Object i = PyOps.intOf(v);
    if (i instanceof Long l) return Math.max(-Long.MAX_VALUE / 2, Math.min(Long.MAX_VALUE / 2, l));
    return ((BigInteger) i).signum() < 0 ? -Long.MAX_VALUE / 2 : Long.MAX_VALUE / 2;
  }

  private static long adjust(Object v, int size, long step, long absent) {
    if (v == null || v == Values.NONE) return absent;
    long i = bound(v);
    if (i < 0) {
      i += size;
      if (i < 0) i = step < 0 ? -1 : 0;
    } else if (i >= size) {
      i = step < 0 ? size - 1 : size;
    }
    return i;
  }
}

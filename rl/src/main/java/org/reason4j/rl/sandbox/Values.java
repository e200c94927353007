package org.reason4j.rl.sandbox;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run-time values of the subset and the scopes that hold them.
 *
 * <p>Python values map to Java as: int to {@code Long} (or {@code BigInteger} beyond 64 bits, always
 * normalised back to {@code Long} when it fits), float to {@code Double}, bool to {@code Boolean},
 * str to {@code String}, None to {@link #NONE}, and list, tuple, dict, range, functions and modules to
 * the small types below. None of them holds a host object: there is nothing to reflect on or escape to.
 */
final class Values {
  private Values() {}

  enum NoneType { NONE }

  static final NoneType NONE = NoneType.NONE;

  /** A mutable Python list; Java identity is Python identity. */
  static final class PyList {
    final ArrayList<Object> items;

    PyList(ArrayList<Object> items) {
      this.items = items;
    }
  }

  /** An immutable Python tuple. */
  record PyTuple(List<Object> items) {}

  /**
   * A Python dict in insertion order. Keys are stored under their normalised hash key
   * ({@link PyOps#hashKey}, so that {@code 1}, {@code 1.0} and {@code True} are one key) next to
   * the key object the program used first.
   */
  static final class PyDict {
    final LinkedHashMap<Object, Object[]> entries = new LinkedHashMap<>();

    Object get(Object hashKey) {
      Object[] e = entries.get(hashKey);
      return e == null ? null : e[1];
    }

    void put(Object hashKey, Object key, Object value) {
      Object[] e = entries.get(hashKey);
      if (e == null) entries.put(hashKey, new Object[] {key, value});
      else e[1] = value;
    }
  }

  /** {@code range(start, stop, step)} with 64-bit bounds, iterated lazily. */
  record PyRange(long start, long stop, long step) {
    /** Python's {@code len(range)}, saturated at {@code Long.MAX_VALUE}. */
    long length() {
      if (step > 0 ? start >= stop : start <= stop) return 0;
      BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
      BigInteger s = BigInteger.valueOf(step);
      BigInteger n = span.add(s).subtract(BigInteger.valueOf(Long.signum(step))).divide(s);
      return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
    }

    long get(long i) {
      return start + i * step;
    }
  }

  /** A function made by {@code def}: its code, the scope it was defined in, and its default values. */
  record PyFunction(Ast.FunctionDef def, Frame closure, List<Object> defaults) {}

  /** {@code obj.name} for a method of a list, dict, str or float, waiting to be called. */
  record BoundMethod(Object self, String name) {}

  /** The modules a program may import. */
  enum PyModule { MATH, SYMPY }

  /** A name imported from sympy: holding it is allowed, any use of it is unsupported. */
  record Opaque(String what) {}

  /**
   * One scope. {@code locals} is the set of names the function binds (Python's rule), null for the
   * module scope; lookups go to {@code parent}, the scope the function was defined in, then builtins.
   */
  static final class Frame {
    final Map<String, Object> vars = new HashMap<>();
    final Frame parent;
    final Set<String> locals;
    Object returnValue = NONE;

    Frame(Frame parent, Set<String> locals) {
      this.parent = parent;
      this.locals = locals;
    }
  }

  static PyList newList(List<Object> items) {
    return new PyList(new ArrayList<>(items));
  }
}

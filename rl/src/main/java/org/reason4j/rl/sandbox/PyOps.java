package org.reason4j.rl.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.reason4j.rl.sandbox.Ast.BinOp;
import org.reason4j.rl.sandbox.Ast.CmpOp;
import org.reason4j.rl.sandbox.Ast.UnaryOp;
import org.reason4j.rl.sandbox.Values.*;

/**
 * Python's operators on the subset's values, with CPython's exact semantics where programs can tell
 * the difference: unbounded ints (Long, widened to BigInteger on overflow), true division,
 * floor division and modulo that round toward minus infinity (floats by CPython's own divmod),
 * exact int/float comparison, chained comparisons, {@code **} edge cases, and bool acting as int.
 *
 * <p>Every operation whose cost grows with its operands charges the {@link Budget} first: big-integer
 * arithmetic charges steps per 64-bit word, and results are charged as memory before they are built,
 * so {@code 10**10**10} or {@code 'a' * 10**12} is refused instead of attempted.
 */
final class PyOps {
  private PyOps() {}

  /** Deepest nesting of lists/tuples that equality, ordering and hashing will walk (Python's RecursionError). */
  static final int MAX_VALUE_DEPTH = 200;

  private static final double TWO_53 = 9007199254740992.0;
  private static final MathContext DIVISION = new MathContext(40, RoundingMode.HALF_EVEN);

  // ------------------------------------------------------------------ kinds and conversions

  static Object normalize(BigInteger b) {
    return b.bitLength() < 64 ? (Object) b.longValue() : b;
  }

  static boolean isInt(Object v) {
    return v instanceof Long || v instanceof BigInteger || v instanceof Boolean;
  }

  static boolean isNumber(Object v) {
    return isInt(v) || v instanceof Double;
  }

  /** An int value with bool turned into 0 or 1. */
  static Object intOf(Object v) {
    return v instanceof Boolean b ? (Object) (b ? 1L : 0L) : v;
  }

  static BigInteger big(Object intValue) {
    Object v = intOf(intValue);
    return v instanceof Long l ? BigInteger.valueOf(l) : (BigInteger) v;
  }

  /** Python's {@code float(x)} for a number; a too-large int is an OverflowError as in Python. */
  static double toDouble(Object v) {
    if (v instanceof Double d) return d;
    if (v instanceof Long l) return l;
    if (v instanceof Boolean b) return b ? 1 : 0;
    double d = ((BigInteger) v).doubleValue();
    if (Double.isInfinite(d)) throw SandboxException.pyError("OverflowError", "int too large to convert to float");
    return d;
  }

  /** A value known to be an int that must fit 64 bits (an index, a count, a range bound). */
  static long toLong(Object v, String what) {
    Object i = intOf(v);
    if (i instanceof Long l) return l;
    if (i instanceof BigInteger) throw SandboxException.pyError("OverflowError", what + " does not fit 64 bits");
    throw SandboxException.pyError("TypeError", what + " must be an integer, not '" + typeName(v) + "'");
  }

  static String typeName(Object v) {
    if (v instanceof Boolean) return "bool";
    if (v instanceof Long || v instanceof BigInteger) return "int";
    if (v instanceof Double) return "float";
    if (v instanceof String) return "str";
    if (v instanceof NoneType) return "NoneType";
    if (v instanceof PyList) return "list";
    if (v instanceof PyTuple) return "tuple";
    if (v instanceof PyDict) return "dict";
    if (v instanceof PyRange) return "range";
    if (v instanceof PyFunction) return "function";
    if (v instanceof BoundMethod) return "builtin_function_or_method";
    if (v instanceof PyModule) return "module";
    return "builtin_function_or_method";
  }

  static boolean truthy(Object v) {
    if (v instanceof Boolean b) return b;
    if (v instanceof Long l) return l != 0;
    if (v instanceof BigInteger) return true;
    if (v instanceof Double d) return d != 0.0;
    if (v instanceof String s) return !s.isEmpty();
    if (v instanceof NoneType) return false;
    if (v instanceof PyList l) return !l.items.isEmpty();
    if (v instanceof PyTuple t) return !t.items().isEmpty();
    if (v instanceof PyDict d) return !d.entries.isEmpty();
    if (v instanceof PyRange r) return r.length() > 0;
    if (v instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    return true;
  }

  // ------------------------------------------------------------------ binary operators

  static Object binary(BinOp op, Object a, Object b, Budget budget) {
    if (a instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    if (b instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    if (isNumber(a) && isNumber(b)) {
      if (a instanceof Double || b instanceof Double) return floatOp(op, a, b);
      if (a instanceof Boolean x && b instanceof Boolean y) {
        if (op == BinOp.BIT_AND) return x & y;
        if (op == BinOp.BIT_OR) return x | y;
        if (op == BinOp.BIT_XOR) return x ^ y;
      }
      return intOp(op, intOf(a), intOf(b), budget);
    }
    if (op == BinOp.ADD) return concat(a, b, budget);
    if (op == BinOp.MUL) {
      if (isInt(b) && isSequence(a)) return repeat(a, b, budget);
      if (isInt(a) && isSequence(b)) return repeat(b, a, budget);
    }
    if (op == BinOp.MOD && a instanceof String) throw SandboxException.unsupported("printf-style string formatting");
    throw operandError(op.symbol, a, b);
  }

  static SandboxException operandError(String symbol, Object a, Object b) {
    return SandboxException.pyError("TypeError",
        "unsupported operand type(s) for " + symbol + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
  }

  private static boolean isSequence(Object v) {
    return v instanceof String || v instanceof PyList || v instanceof PyTuple;
  }

  private static Object concat(Object a, Object b, Budget budget) {
    if (a instanceof String x && b instanceof String y) {
      budget.alloc((long) x.length() + y.length());
      return x + y;
    }
    if (a instanceof PyList x && b instanceof PyList y) return new PyList(joined(x.items, y.items, budget));
    if (a instanceof PyTuple x && b instanceof PyTuple y) return new PyTuple(Collections.unmodifiableList(joined(x.items(), y.items(), budget)));
    throw operandError("+", a, b);
  }

  private static ArrayList<Object> joined(List<Object> x, List<Object> y, Budget budget) {
    budget.alloc((long) x.size() + y.size());
    ArrayList<Object> out = new ArrayList<>(x.size() + y.size());
    out.addAll(x);
    out.addAll(y);
    return out;
  }

  private static Object repeat(Object seq, Object count, Budget budget) {
    Object c = intOf(count);
    long n = c instanceof Long l ? Math.max(0, l) : ((BigInteger) c).signum() < 0 ? 0 : Long.MAX_VALUE;
    int len = seq instanceof String s ? s.length() : seq instanceof PyList l ? l.items.size() : ((PyTuple) seq).items().size();
    if (len == 0 || n == 0) return seq instanceof String ? "" : seq instanceof PyList ? new PyList(new ArrayList<>()) : new PyTuple(List.of());
    budget.alloc((double) len * n);
    if (seq instanceof String s) return s.repeat((int) n);
    List<Object> items = seq instanceof PyList l ? l.items : ((PyTuple) seq).items();
    ArrayList<Object> out = new ArrayList<>((int) (len * n));
    for (long k = 0; k < n; k++) out.addAll(items);
    return seq instanceof PyList ? new PyList(out) : new PyTuple(Collections.unmodifiableList(out));
  }

  private static Object intOp(BinOp op, Object a, Object b, Budget budget) {
    if (a instanceof Long x && b instanceof Long y) {
      switch (op) {
        case ADD: {
          long r = x + y;
          if (((x ^ r) & (y ^ r)) >= 0) return r;
          break;
        }
        case SUB: {
          long r = x - y;
          if (((x ^ y) & (x ^ r)) >= 0) return r;
          break;
        }
        case MUL: {
          long hi = Math.multiplyHigh(x, y);
          long lo = x * y;
          if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo;
          break;
        }
        case FLOOR_DIV:
          if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "integer division or modulo by zero");
          if (x != Long.MIN_VALUE || y != -1) return Math.floorDiv(x, y);
          break;
        case MOD:
          if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "integer division or modulo by zero");
          return Math.floorMod(x, y);
        case DIV:
          if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "division by zero");
          if (Math.abs((double) x) < TWO_53 && Math.abs((double) y) < TWO_53) return (double) x / (double) y;
          break;
        default:
          break;
      }
    }
    return bigOp(op, big(a), big(b), budget);
  }

  private static Object bigOp(BinOp op, BigInteger x, BigInteger y, Budget budget) {
    budget.steps((x.bitLength() + y.bitLength()) / 64);
    BigInteger r;
    switch (op) {
      case ADD: r = x.add(y); break;
      case SUB: r = x.subtract(y); break;
      case MUL:
        budget.alloc((long) x.bitLength() + y.bitLength());
        r = x.multiply(y);
        break;
      case FLOOR_DIV: {
        if (y.signum() == 0) throw SandboxException.pyError("ZeroDivisionError", "integer division or modulo by zero");
        BigInteger[] qr = x.divideAndRemainder(y);
        r = qr[1].signum() != 0 && qr[1].signum() != y.signum() ? qr[0].subtract(BigInteger.ONE) : qr[0];
        break;
      }
      case MOD: {
        if (y.signum() == 0) throw SandboxException.pyError("ZeroDivisionError", "integer division or modulo by zero");
        BigInteger m = x.remainder(y);
        r = m.signum() != 0 && m.signum() != y.signum() ? m.add(y) : m;
        break;
      }
      case DIV: return trueDivide(x, y);
      case POW: return intPow(x, y, budget);
      case LSHIFT: {
        if (y.signum() < 0) throw SandboxException.pyError("ValueError", "negative shift count");
        if (x.signum() == 0) return 0L;
        budget.alloc(x.bitLength() + y.doubleValue());
        r = x.shiftLeft(y.intValueExact());
        break;
      }
      case RSHIFT:
        if (y.signum() < 0) throw SandboxException.pyError("ValueError", "negative shift count");
        if (y.bitLength() > 31) return x.signum() < 0 ? -1L : 0L;
        r = x.shiftRight(y.intValue());
        break;
      case BIT_AND: r = x.and(y); break;
      case BIT_OR: r = x.or(y); break;
      case BIT_XOR: r = x.xor(y); break;
      default: throw new IllegalStateException("unknown operator " + op);
    }
    if (r.bitLength() >= 64) budget.alloc(r.bitLength());
    return normalize(r);
  }

  /** int / int, correctly rounded as in CPython (exactly for operands below 2^53). */
  private static Object trueDivide(BigInteger x, BigInteger y) {
    if (y.signum() == 0) throw SandboxException.pyError("ZeroDivisionError", "division by zero");
    double d = new BigDecimal(x).divide(new BigDecimal(y), DIVISION).doubleValue();
    if (Double.isInfinite(d)) throw SandboxException.pyError("OverflowError", "integer division result too large for a float");
    return d;
  }

  private static Object intPow(BigInteger x, BigInteger y, Budget budget) {
    if (y.signum() < 0) return floatPow(toDouble(x), y.doubleValue());
    if (x.equals(BigInteger.ONE) || y.signum() == 0) return 1L;
    if (x.signum() == 0) return 0L;
    if (x.equals(BigInteger.ONE.negate())) return y.testBit(0) ? -1L : 1L;
    double bits = y.doubleValue() * log2(x.abs());
    if (bits >= 63) {
      budget.alloc(bits);
      budget.steps((long) (bits / 64));
    }
    return normalize(x.pow(y.intValueExact()));
  }

  static double log2(BigInteger x) {
    int n = x.bitLength();
    if (n < 1000) return Math.log(x.doubleValue()) / Math.log(2);
    return Math.log(x.shiftRight(n - 64).doubleValue()) / Math.log(2) + (n - 64);
  }

  private static Object floatOp(BinOp op, Object a, Object b) {
    double x = toDouble(a);
    double y = toDouble(b);
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case DIV:
        if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "float division by zero");
        return x / y;
      case FLOOR_DIV:
        if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "float floor division by zero");
        return floatDivmod(x, y)[0];
      case MOD:
        if (y == 0) throw SandboxException.pyError("ZeroDivisionError", "float modulo");
        return floatDivmod(x, y)[1];
      case POW: return floatPow(x, y);
      default: throw operandError(op.symbol, a, b);
    }
  }

  /** CPython's float_divmod: floor quotient and a remainder with the divisor's sign. */
  static double[] floatDivmod(double vx, double wx) {
    double mod = vx % wx;
    double div = (vx - mod) / wx;
    if (mod != 0) {
      if ((wx < 0) != (mod < 0)) {
        mod += wx;
        div -= 1.0;
      }
    } else {
      mod = Math.copySign(0.0, wx);
    }
    double floordiv;
    if (div != 0) {
      floordiv = Math.floor(div);
      if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
      floordiv = Math.copySign(0.0, vx / wx);
    }
    return new double[] {floordiv, mod};
  }

  /** CPython's float_pow, including its special cases and errors. */
  static double floatPow(double x, double y) {
    if (y == 0) return 1.0;
    if (Double.isNaN(x)) return x;
    if (Double.isNaN(y)) return x == 1.0 ? 1.0 : y;
    boolean oddY = Math.abs(y) < TWO_53 * 2 && y == Math.rint(y) && Math.abs(y % 2.0) == 1.0;
    if (Double.isInfinite(y)) {
      double ax = Math.abs(x);
      if (ax == 1.0) return 1.0;
      return (y > 0) == (ax > 1.0) ? Double.POSITIVE_INFINITY : 0.0;
    }
    if (Double.isInfinite(x)) {
      if (x > 0) return y > 0 ? x : 0.0;
      return y > 0 ? (oddY ? x : -x) : (oddY ? -0.0 : 0.0);
    }
    if (x == 0) {
      if (y < 0) throw SandboxException.pyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
      return oddY ? x : 0.0;
    }
    if (x < 0 && y != Math.rint(y)) throw SandboxException.unsupported("complex result of a negative number to a fractional power");
    if (x == 1.0) return 1.0;
    double r = Math.pow(x, y);
    if (Double.isInfinite(r)) throw SandboxException.pyError("OverflowError", "(34, 'Numerical result out of range')");
    return r;
  }

  // ------------------------------------------------------------------ unary operators

  static Object unary(UnaryOp op, Object v, Budget budget) {
    if (op == UnaryOp.NOT) return !truthy(v);
    if (!isNumber(v)) {
      if (v instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
      String sym = op == UnaryOp.NEG ? "-" : op == UnaryOp.POS ? "+" : "~";
      throw SandboxException.pyError("TypeError", "bad operand type for unary " + sym + ": '" + typeName(v) + "'");
    }
    if (v instanceof Double d) {
      if (op == UnaryOp.INVERT) throw SandboxException.pyError("TypeError", "bad operand type for unary ~: 'float'");
      return op == UnaryOp.NEG ? -d : d;
    }
    Object i = intOf(v);
    if (op == UnaryOp.POS) return i;
    if (i instanceof Long l && l != Long.MIN_VALUE) return op == UnaryOp.NEG ? -l : ~l;
    BigInteger b = big(i);
    budget.alloc(b.bitLength());
    return normalize(op == UnaryOp.NEG ? b.negate() : b.not());
  }

  // ------------------------------------------------------------------ comparisons

  static boolean compare(CmpOp op, Object a, Object b, Budget budget) {
    switch (op) {
      case EQ: return eq(a, b, budget, 0);
      case NE: return !eq(a, b, budget, 0);
      case IN: return contains(b, a, budget);
      case NOT_IN: return !contains(b, a, budget);
      case IS: return same(a, b);
      case IS_NOT: return !same(a, b);
      default: return order(op, a, b, budget, 0);
    }
  }

  private static boolean same(Object a, Object b) {
    if (a == b) return true;
    if (a instanceof Long x && b instanceof Long y) return x.equals(y) && x >= -5 && x <= 256;
    if (a instanceof Boolean || a instanceof String) return a.equals(b);
    return false;
  }

  static boolean eq(Object a, Object b, Budget budget, int depth) {
    if (depth > MAX_VALUE_DEPTH) throw SandboxException.pyError("RecursionError", "maximum recursion depth exceeded in comparison");
    if (a instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    if (b instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    if (isNumber(a) && isNumber(b)) {
      Integer c = compareNumbers(a, b);
      return c != null && c == 0;
    }
    if (a instanceof String x && b instanceof String y) return x.equals(y);
    if (a instanceof PyList x && b instanceof PyList y) return sameItems(x.items, y.items, budget, depth);
    if (a instanceof PyTuple x && b instanceof PyTuple y) return sameItems(x.items(), y.items(), budget, depth);
    if (a instanceof PyRange x && b instanceof PyRange y)
      return x.length() == y.length() && (x.length() == 0 || (x.start() == y.start() && (x.length() == 1 || x.step() == y.step())));
    if (a instanceof PyDict x && b instanceof PyDict y) {
      if (x.entries.size() != y.entries.size()) return false;
      budget.steps(x.entries.size());
      for (var e : x.entries.entrySet()) {
        Object other = y.get(e.getKey());
        if (other == null || !eq(e.getValue()[1], other, budget, depth + 1)) return false;
      }
      return true;
    }
    return a == b || (a instanceof Values.BoundMethod && a.equals(b));
  }

  private static boolean sameItems(List<Object> x, List<Object> y, Budget budget, int depth) {
    if (x.size() != y.size()) return false;
    budget.steps(x.size());
    for (int i = 0; i < x.size(); i++) if (x.get(i) != y.get(i) && !eq(x.get(i), y.get(i), budget, depth + 1)) return false;
    return true;
  }

  /** Exact comparison of two numbers (int against float too); null when a NaN is involved. */
  static Integer compareNumbers(Object a, Object b) {
    if (a instanceof Double || b instanceof Double) {
      if (a instanceof Double x && b instanceof Double y) return Double.isNaN(x) || Double.isNaN(y) ? null : (x < y ? -1 : x > y ? 1 : 0);
      boolean flip = !(a instanceof Double);
      double d = (Double) (flip ? b : a);
      Object i = intOf(flip ? a : b);
      if (Double.isNaN(d)) return null;
      int c;
      if (Double.isInfinite(d)) c = d > 0 ? 1 : -1;
      else if (i instanceof Long l && Math.abs((double) l) < TWO_53) c = Double.compare(d + 0.0, (double) l + 0.0);
      else c = new BigDecimal(d).compareTo(new BigDecimal(big(i)));
      return flip ? -c : c;
    }
    Object x = intOf(a);
    Object y = intOf(b);
    if (x instanceof Long l && y instanceof Long m) return Long.compare(l, m);
    return big(x).compareTo(big(y));
  }

  static boolean order(CmpOp op, Object a, Object b, Budget budget, int depth) {
    if (depth > MAX_VALUE_DEPTH) throw SandboxException.pyError("RecursionError", "maximum recursion depth exceeded in comparison");
    Integer c;
    if (isNumber(a) && isNumber(b)) {
      c = compareNumbers(a, b);
      if (c == null) return false;
    } else if (a instanceof String x && b instanceof String y) {
      c = x.compareTo(y);
    } else if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
      List<Object> x = a instanceof PyList l ? l.items : ((PyTuple) a).items();
      List<Object> y = b instanceof PyList l ? l.items : ((PyTuple) b).items();
      int n = Math.min(x.size(), y.size());
      budget.steps(n);
      for (int i = 0; i < n; i++)
        if (!eq(x.get(i), y.get(i), budget, depth + 1)) return order(op, x.get(i), y.get(i), budget, depth + 1);
      c = Integer.compare(x.size(), y.size());
    } else {
      if (a instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
      if (b instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
      throw SandboxException.pyError("TypeError",
          "'" + op.symbol + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }
    switch (op) {
      case LT: return c < 0;
      case LE: return c <= 0;
      case GT: return c > 0;
      default: return c >= 0;
    }
  }

  static boolean contains(Object container, Object item, Budget budget) {
    if (container instanceof String s) {
      if (!(item instanceof String t))
        throw SandboxException.pyError("TypeError", "'in <string>' requires string as left operand, not " + typeName(item));
      budget.steps(searchCost(s, t));
      return s.contains(t);
    }
    if (container instanceof PyList || container instanceof PyTuple) {
      List<Object> items = container instanceof PyList l ? l.items : ((PyTuple) container).items();
      budget.steps(items.size());
      for (Object x : items) if (x == item || eq(x, item, budget, 1)) return true;
      return false;
    }
    if (container instanceof PyDict d) return d.entries.containsKey(hashKey(item, 0));
    if (container instanceof PyRange r) {
      if (!isInt(item)) {
        if (!isNumber(item)) return false;
        double v = (Double) item;
        if (v != Math.rint(v) || Math.abs(v) >= Long.MAX_VALUE) return false;
        item = (long) v;
      }
      Object i = intOf(item);
      if (!(i instanceof Long v)) return false;
      long len = r.length();
      if (len == 0) return false;
      long off = v - r.start();
      return off % r.step() == 0 && off / r.step() >= 0 && off / r.step() < len;
    }
    if (container instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "argument of type '" + typeName(container) + "' is not iterable");
  }

  /**
   * The steps charged for finding {@code t} in {@code s}: Java's search is naive, so its worst case
   * is the product of the lengths, and a single search must stay within the budget's clock checks.
   */
  static double searchCost(String s, String t) {
    return (double) s.length() * Math.max(1, t.length()) + 1;
  }

  /**
   * The key under which a dict stores {@code v}: numbers that compare equal share one key (as their
   * hashes do in Python); lists and dicts are unhashable.
   */
  static Object hashKey(Object v, int depth) {
    if (depth > MAX_VALUE_DEPTH) throw SandboxException.pyError("RecursionError", "maximum recursion depth exceeded while hashing");
    if (v instanceof Boolean || v instanceof Long || v instanceof BigInteger) return intOf(v);
    if (v instanceof Double d) {
      if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) return d;
      return Math.abs(d) < 9.0e18 ? (Object) (long) (double) d : normalize(new BigDecimal(d).toBigIntegerExact());
    }
    if (v instanceof String || v instanceof NoneType || v instanceof PyFunction || v instanceof PyModule) return v;
    if (v instanceof PyTuple t) {
      List<Object> keys = new ArrayList<>(t.items().size());
      for (Object x : t.items()) keys.add(hashKey(x, depth + 1));
      return List.copyOf(keys);
    }
    if (v instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "unhashable type: '" + typeName(v) + "'");
  }
}

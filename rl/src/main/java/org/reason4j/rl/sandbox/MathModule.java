package org.reason4j.rl.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Python's {@code math} module for the subset: constants, rounding, powers and logarithms,
 * trigonometry, and the exact integer functions ({@code factorial}, {@code comb}, {@code perm},
 * {@code gcd}, {@code lcm}, {@code isqrt}) with CPython's errors ("math domain error" as ValueError,
 * "math range error" as OverflowError). Integer results are estimated and charged to the budget
 * before they are computed, so {@code factorial(10**9)} is refused, not attempted.
 */
final class MathModule {
  private MathModule() {}

  enum MathFn {
    SQRT, FLOOR, CEIL, TRUNC, POW, FABS, FACTORIAL, GCD, LCM, LOG, LOG10, LOG2, LOG1P, EXP, EXPM1, ISCLOSE,
    COMB, PERM, SIN, COS, TAN, ASIN, ACOS, ATAN, ATAN2, SINH, COSH, TANH, HYPOT, DEGREES, RADIANS, FSUM, PROD,
    ISQRT, COPYSIGN, FMOD, MODF, ISFINITE, ISINF, ISNAN;

    final String pyName = name().toLowerCase(Locale.ROOT);
  }

  private static final Map<String, Object> NAMES = new HashMap<>();

  static {
    for (MathFn f : MathFn.values()) NAMES.put(f.pyName, f);
    NAMES.put("pi", Math.PI);
    NAMES.put("e", Math.E);
    NAMES.put("tau", 2 * Math.PI);
    NAMES.put("inf", Double.POSITIVE_INFINITY);
    NAMES.put("nan", Double.NaN);
  }

  /** {@code math.name}: a function or a constant, or null when the module has no such name. */
  static Object attribute(String name) {
    return NAMES.get(name);
  }

  static Map<String, Object> exported() {
    return Map.copyOf(NAMES);
  }

  static Object call(MathFn f, List<Object> args, Map<String, Object> kwargs, Interpreter in) {
    Args a = new Args(f.pyName, args, kwargs);
    Budget budget = in.budget;
    switch (f) {
      case FLOOR, CEIL, TRUNC: {
        a.check(1, 1);
        if (PyOps.isInt(a.get(0))) return PyOps.intOf(a.get(0));
        double x = real(a.get(0));
        return Builtins.floatToInt(f == MathFn.FLOOR ? Math.floor(x) : f == MathFn.CEIL ? Math.ceil(x) : (x < 0 ? Math.ceil(x) : Math.floor(x)), budget);
      }
      case FACTORIAL, PERM, COMB, GCD, LCM, ISQRT: return integerFunction(f, a, budget);
      case POW: a.check(2, 2); return mathPow(real(a.get(0)), real(a.get(1)));
      case LOG: {
        a.check(1, 2);
        double num = logOf(a.get(0), Math::log);
        if (a.size() == 1) return num;
        double den = logOf(a.get(1), Math::log);
        if (den == 0) throw SandboxException.pyError("ZeroDivisionError", "float division by zero");
        return num / den;
      }
      case LOG10: a.check(1, 1); return logOf(a.get(0), Math::log10);
      case LOG2: a.check(1, 1); return logOf(a.get(0), MathModule::log2);
      case ISCLOSE: return isClose(a);
      case FSUM: {
        a.check(1, 1);
        return fsum(in.materialize(a.get(0)));
      }
      case PROD: {
        a.check(1, 1, "start");
        Object acc = a.keywordOr("start", 1L);
        for (Object x : in.materialize(a.get(0))) acc = PyOps.binary(Ast.BinOp.MUL, acc, x, budget);
        return acc;
      }
      case HYPOT: {
        a.check(0, args.size());
        double s = 0;
        for (Object x : args) s = Math.hypot(s, real(x));
        return s;
      }
      case MODF: {
        a.check(1, 1);
        double x = real(a.get(0));
        double ip = Double.isInfinite(x) ? x : (x < 0 ? Math.ceil(x) : Math.floor(x));
        return Builtins.tuple(List.of(Double.isInfinite(x) ? Math.copySign(0.0, x) : x - ip, ip));
      }
      case ISFINITE: a.check(1, 1); return Double.isFinite(real(a.get(0)));
      case ISINF: a.check(1, 1); return Double.isInfinite(real(a.get(0)));
      case ISNAN: a.check(1, 1); return Double.isNaN(real(a.get(0)));
      default: return unary(f, a);
    }
  }

  /** The exact integer functions; results are estimated and charged before they are computed. */
  private static Object integerFunction(MathFn f, Args a, Budget budget) {
    switch (f) {
      case FACTORIAL: {
        a.check(1, 1);
        long n = integer(a.get(0));
        if (n < 0) throw SandboxException.pyError("ValueError", "factorial() not defined for negative values");
        return product(2, n, budget);
      }
      case PERM: {
        a.check(1, 2);
        long n = integer(a.get(0));
        long k = a.size() == 1 || a.get(1) == Values.NONE ? n : integer(a.get(1));
        if (n < 0 || k < 0) throw SandboxException.pyError("ValueError", "n and k must be non-negative integers");
        return k > n ? 0L : product(n - k + 1, n, budget);
      }
      case COMB: {
        a.check(2, 2);
        long n = integer(a.get(0));
        long k = integer(a.get(1));
        if (n < 0 || k < 0) throw SandboxException.pyError("ValueError", "n and k must be non-negative integers");
        if (k > n) return 0L;
        k = Math.min(k, n - k);
        budget.alloc(k * PyOps.log2(BigInteger.valueOf(n)));
        BigInteger r = BigInteger.ONE;
        for (long i = 0; i < k; i++) {
          budget.steps(1 + r.bitLength() / 64);
          r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        }
        return PyOps.normalize(r);
      }
      case GCD, LCM: {
        BigInteger r = f == MathFn.GCD ? BigInteger.ZERO : BigInteger.ONE;
        a.check(0, a.size());
        for (Object x : a.positional()) {
          BigInteger v = PyOps.big(checkedInt(x)).abs();
          budget.steps(1 + (r.bitLength() + v.bitLength()) / 64);
          if (f == MathFn.GCD) r = r.gcd(v);
          else r = r.signum() == 0 || v.signum() == 0 ? BigInteger.ZERO : r.divide(r.gcd(v)).multiply(v);
        }
        if (r.bitLength() >= 64) budget.alloc(r.bitLength());
        return PyOps.normalize(r);
      }
      case ISQRT: {
        a.check(1, 1);
        BigInteger n = PyOps.big(checkedInt(a.get(0)));
        if (n.signum() < 0) throw SandboxException.pyError("ValueError", "isqrt() argument must be nonnegative");
        budget.steps(n.bitLength() / 64);
        return PyOps.normalize(n.sqrt());
      }
      default: throw new IllegalStateException("not an integer function: " + f);
    }
  }

  /** Functions of one or two floats with a plain double result. */
  private static Object unary(MathFn f, Args a) {
    boolean two = f == MathFn.ATAN2 || f == MathFn.COPYSIGN || f == MathFn.FMOD;
    a.check(two ? 2 : 1, two ? 2 : 1);
    double x = real(a.get(0));
    double y = two ? real(a.get(1)) : 0;
    double r = switch (f) {
      case SQRT -> Math.sqrt(x);
      case FABS -> Math.abs(x);
      case EXP -> Math.exp(x);
      case EXPM1 -> Math.expm1(x);
      case LOG1P -> x <= -1 ? Double.NaN : Math.log1p(x);
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case ASIN -> Math.asin(x);
      case ACOS -> Math.acos(x);
      case ATAN -> Math.atan(x);
      case SINH -> Math.sinh(x);
      case COSH -> Math.cosh(x);
      case TANH -> Math.tanh(x);
      case DEGREES -> Math.toDegrees(x);
      case RADIANS -> Math.toRadians(x);
      case ATAN2 -> Math.atan2(x, y);
      case COPYSIGN -> Math.copySign(x, y);
      case FMOD -> Double.isInfinite(x) || y == 0 ? Double.NaN : (Double.isInfinite(y) ? x : x % y);
      default -> throw new IllegalStateException("unhandled math function " + f);
    };
    boolean finiteIn = Double.isFinite(x) && Double.isFinite(y);
    if (Double.isNaN(r) && !Double.isNaN(x) && !Double.isNaN(y)) throw domainError();
    if (Double.isInfinite(r) && finiteIn) throw SandboxException.pyError("OverflowError", "math range error");
    return r;
  }

  private static SandboxException domainError() {
    return SandboxException.pyError("ValueError", "math domain error");
  }

  /** A float argument: ints and bools convert, anything else is a TypeError. */
  static double real(Object x) {
    if (PyOps.isNumber(x)) return PyOps.toDouble(x);
    if (x instanceof Values.Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "must be real number, not " + PyOps.typeName(x));
  }

  private static Object checkedInt(Object x) {
    if (PyOps.isInt(x)) return x;
    if (x instanceof Values.Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "'" + PyOps.typeName(x) + "' object cannot be interpreted as an integer");
  }

  private static long integer(Object x) {
    return PyOps.toLong(checkedInt(x), "argument");
  }

  private static double positive(double x) {
    if (!(x > 0) && !Double.isNaN(x)) throw domainError();
    return x;
  }

  /** CPython's loghelper: an int too large for a float is split as m * 2**n first. */
  private static double logOf(Object x, DoubleUnaryOperator log) {
    if (x instanceof BigInteger b && Double.isInfinite(b.doubleValue())) {
      if (b.signum() <= 0) throw domainError();
      int n = b.bitLength();
      double m = Math.scalb(b.shiftRight(n - 64).doubleValue(), -64);
      return log.applyAsDouble(m) + log.applyAsDouble(2.0) * n;
    }
    return log.applyAsDouble(positive(real(x)));
  }

  /** log2 as e + log2(m) with x = m * 2**e, m in [0.5, 1): exact for powers of two, like C's log2. */
  private static double log2(double v) {
    if (Double.isInfinite(v) || Double.isNaN(v)) return v;
    int e = Math.getExponent(v) + 1;
    if (e <= Double.MIN_EXPONENT) return Math.log(v) / Math.log(2);
    double m = Math.scalb(v, -e);
    return m == 0.5 ? e - 1 : e + Math.log(m) / Math.log(2);
  }

  /** math.pow: C99 pow with "math domain error" and "math range error" instead of ** 's errors. */
  private static double mathPow(double x, double y) {
    if (Double.isFinite(x) && Double.isFinite(y)) {
      if (x == 0 && y < 0) throw domainError();
      if (x < 0 && y != Math.rint(y)) throw domainError();
    }
    double r = PyOps.floatPow(x, y);
    if (Double.isInfinite(r) && Double.isFinite(x) && Double.isFinite(y)) throw SandboxException.pyError("OverflowError", "math range error");
    return r;
  }

  private static Object isClose(Args a) {
    a.check(2, 2, "rel_tol", "abs_tol");
    double x = real(a.get(0));
    double y = real(a.get(1));
    double rel = real(a.keywordOr("rel_tol", 1e-9));
    double abs = real(a.keywordOr("abs_tol", 0.0));
    if (rel < 0 || abs < 0) throw SandboxException.pyError("ValueError", "tolerances must be non-negative");
    if (x == y) return true;
    if (Double.isInfinite(x) || Double.isInfinite(y)) return false;
    double diff = Math.abs(y - x);
    return diff <= Math.abs(rel * y) || diff <= Math.abs(rel * x) || diff <= abs;
  }

  /** math.fsum: the correctly rounded sum (exact in BigDecimal, rounded once). */
  private static double fsum(List<Object> items) {
    BigDecimal exact = BigDecimal.ZERO;
    double special = 0;
    for (Object o : items) {
      double x = real(o);
      if (Double.isFinite(x)) exact = exact.add(new BigDecimal(x));
      else special += x;
    }
    if (Double.isNaN(special)) {
      if (items.stream().anyMatch(o -> o instanceof Double d && Double.isNaN(d))) return Double.NaN;
      throw SandboxException.pyError("ValueError", "-inf + inf in fsum");
    }
    if (special != 0) return special;
    double r = exact.doubleValue();
    if (Double.isInfinite(r)) throw SandboxException.pyError("OverflowError", "intermediate overflow in fsum");
    return r;
  }

  /** lo * (lo+1) * ... * hi by binary splitting, charged to the budget from an estimate of its size. */
  private static Object product(long lo, long hi, Budget budget) {
    if (hi < lo) return 1L;
    double bits = 0;
    long count = hi - lo + 1;
    bits = count * (Math.log(Math.max(2, hi)) / Math.log(2));
    budget.alloc(bits);
    budget.steps((long) (bits / 64 * (1 + Math.log(count) / Math.log(2))));
    return PyOps.normalize(productRange(lo, hi));
  }

  private static BigInteger productRange(long lo, long hi) {
    if (hi - lo < 16) {
      BigInteger r = BigInteger.ONE;
      for (long i = lo; i <= hi; i++) r = r.multiply(BigInteger.valueOf(i));
      return r;
    }
    long mid = lo + (hi - lo) / 2;
    return productRange(lo, mid).multiply(productRange(mid + 1, hi));
  }
}

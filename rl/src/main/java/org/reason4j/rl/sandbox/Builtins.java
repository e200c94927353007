package org.reason4j.rl.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.reason4j.rl.sandbox.Values.*;

/**
 * The builtin functions of the subset, with CPython's argument rules and results: {@code round} is
 * banker's rounding (and exact on the double's decimal value with ndigits), {@code int} truncates,
 * {@code float} and {@code int} parse strings as Python does. The ones that consume an iterable
 * live in {@link IterableBuiltins}.
 *
 * <p>Every other Python builtin name ({@code open}, {@code eval}, {@code exec}, {@code getattr},
 * {@code __import__}, {@code set}, ...) has no implementation here at all; a program that names one
 * gets an UNSUPPORTED result.
 */
final class Builtins {
  private Builtins() {}

  enum Builtin {
    ABS, ALL, ANY, BOOL, DICT, DIVMOD, ENUMERATE, FILTER, FLOAT, INT, LEN, LIST, MAP, MAX, MIN, POW, PRINT,
    RANGE, REVERSED, ROUND, SORTED, STR, SUM, TUPLE, ZIP;

    final String pyName = name().toLowerCase(Locale.ROOT);
  }

  private static final Map<String, Builtin> BY_NAME = new HashMap<>();

  static {
    for (Builtin b : Builtin.values()) BY_NAME.put(b.pyName, b);
  }

  /** CPython 3.11's other builtins (exceptions aside): known to Python, refused here. */
  private static final Set<String> PYTHON_BUILTINS = Set.of(
      "aiter", "anext", "ascii", "bin", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod",
      "compile", "complex", "copyright", "credits", "delattr", "dir", "eval", "exec", "exit", "format",
      "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "isinstance",
      "issubclass", "iter", "license", "locals", "memoryview", "next", "object", "oct", "open", "ord",
      "property", "quit", "repr", "set", "setattr", "slice", "staticmethod", "super", "type", "vars",
      "Ellipsis", "NotImplemented");
  private static final Pattern EXCEPTION_NAME = Pattern.compile("[A-Z]\\w*(Error|Exception|Warning|Exit|Interrupt|Iteration|Group)");
  private static final Pattern INT_TEXT = Pattern.compile("[+-]?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*");

  static Object lookup(String name) {
    return BY_NAME.get(name);
  }

  static boolean isPythonBuiltin(String name) {
    return PYTHON_BUILTINS.contains(name) || EXCEPTION_NAME.matcher(name).matches();
  }

  static Object call(Builtin b, List<Object> args, Map<String, Object> kwargs, Interpreter in) {
    Budget budget = in.budget;
    Args a = new Args(b.pyName, args, kwargs);
    switch (b) {
      case ABS: a.check(1, 1); return abs(a.get(0), budget);
      case ALL: return IterableBuiltins.allOrAny(true, a, in);
      case ANY: return IterableBuiltins.allOrAny(false, a, in);
      case BOOL: a.check(0, 1); return a.size() == 1 && PyOps.truthy(a.get(0));
      case DICT: return dict(a, in);
      case DIVMOD:
        a.check(2, 2);
        return tuple(List.of(PyOps.binary(Ast.BinOp.FLOOR_DIV, a.get(0), a.get(1), budget),
            PyOps.binary(Ast.BinOp.MOD, a.get(0), a.get(1), budget)));
      case ENUMERATE: return IterableBuiltins.enumerate(a, in);
      case FILTER: return IterableBuiltins.filter(a, in);
      case FLOAT: a.check(0, 1); return a.size() == 0 ? 0.0 : toFloat(a.get(0));
      case INT: return toInt(a, budget);
      case LEN: a.check(1, 1); return len(a.get(0));
      case LIST: a.check(0, 1); return new PyList(a.size() == 0 ? new ArrayList<>() : new ArrayList<>(in.materialize(a.get(0))));
      case TUPLE: a.check(0, 1); return a.size() == 0 ? tuple(List.of()) : tuple(in.materialize(a.get(0)));
      case MAP: return IterableBuiltins.map(a, in);
      case MAX: return IterableBuiltins.extreme(true, a, in);
      case MIN: return IterableBuiltins.extreme(false, a, in);
      case POW: return pow(a, budget);
      case PRINT: return Values.NONE;
      case RANGE: return range(a);
      case REVERSED: return IterableBuiltins.reversed(a, in);
      case ROUND: a.check(1, 2, "ndigits"); return round(a.get(0), a.has(1, "ndigits") ? a.arg(1, "ndigits") : Values.NONE, budget);
      case SORTED: return IterableBuiltins.sorted(a, in);
      case STR: a.check(0, 1); return a.size() == 0 ? "" : PyFormat.str(a.get(0), budget);
      case SUM: return IterableBuiltins.sum(a, in);
      case ZIP: return IterableBuiltins.zip(a, in);
      default: throw new IllegalStateException("unhandled builtin " + b);
    }
  }

  private static Object abs(Object x, Budget budget) {
    if (x instanceof Double d) return Math.abs(d);
    if (!PyOps.isNumber(x)) {
      if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
      throw SandboxException.pyError("TypeError", "bad operand type for abs(): '" + PyOps.typeName(x) + "'");
    }
    return PyOps.compareNumbers(x, 0L) < 0 ? PyOps.unary(Ast.UnaryOp.NEG, x, budget) : PyOps.intOf(x);
  }

  static PyTuple tuple(List<Object> items) {
    return new PyTuple(Collections.unmodifiableList(new ArrayList<>(items)));
  }

  static long len(Object x) {
    if (x instanceof String s) return s.codePointCount(0, s.length());
    if (x instanceof PyList l) return l.items.size();
    if (x instanceof PyTuple t) return t.items().size();
    if (x instanceof PyDict d) return d.entries.size();
    if (x instanceof PyRange r) {
      long n = r.length();
      if (n == Long.MAX_VALUE) throw SandboxException.pyError("OverflowError", "Python int too large to convert to C ssize_t");
      return n;
    }
    if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "object of type '" + PyOps.typeName(x) + "' has no len()");
  }

  private static PyDict dict(Args a, Interpreter in) {
    a.check(0, 1, a.keywordNames());
    PyDict out = new PyDict();
    if (a.size() == 1) {
      if (a.get(0) instanceof PyDict d) {
        in.budget.alloc(d.entries.size());
        d.entries.forEach((k, e) -> out.put(k, e[0], e[1]));
      } else {
        for (Object pair : in.materialize(a.get(0))) {
          List<Object> kv = in.materialize(pair);
          if (kv.size() != 2) throw SandboxException.pyError("ValueError", "dictionary update sequence element has length " + kv.size() + "; 2 is required");
          in.budget.alloc(1);
          out.put(PyOps.hashKey(kv.get(0), 0), kv.get(0), kv.get(1));
        }
      }
    }
    for (String k : a.keywordNames()) {
      in.budget.alloc(1);
      out.put(k, k, a.keyword(k));
    }
    return out;
  }

  static double toFloat(Object x) {
    if (PyOps.isNumber(x)) return PyOps.toDouble(x);
    if (x instanceof String s) {
      Double d = ExecutionResult.parsePythonFloat(s);
      if (d == null) throw SandboxException.pyError("ValueError", "could not convert string to float: " + PyFormat.quote(s));
      return d;
    }
    if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "float() argument must be a string or a real number, not '" + PyOps.typeName(x) + "'");
  }

  private static Object toInt(Args a, Budget budget) {
    a.check(0, 2, "base");
    if (a.size() == 0) return 0L;
    Object x = a.get(0);
    if (a.has(1, "base")) {
      if (!(x instanceof String s)) throw a.typeError("int() can't convert non-string with explicit base");
      long base = PyOps.toLong(a.arg(1, "base"), "base");
      if (base < 2 || base > 36) throw SandboxException.unsupported("int() with base " + base);
      return parseInt(s, (int) base);
    }
    if (PyOps.isInt(x)) return PyOps.intOf(x);
    if (x instanceof Double d) return floatToInt(d, budget);
    if (x instanceof String s) return parseInt(s, 10);
    if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw a.typeError("int() argument must be a string or a real number, not '" + PyOps.typeName(x) + "'");
  }

  static Object floatToInt(double d, Budget budget) {
    if (Double.isNaN(d)) throw SandboxException.pyError("ValueError", "cannot convert float NaN to integer");
    if (Double.isInfinite(d)) throw SandboxException.pyError("OverflowError", "cannot convert float infinity to integer");
    if (Math.abs(d) < 9.0e18) return (long) d;
    BigInteger b = new BigDecimal(d).toBigInteger();
    budget.alloc(b.bitLength());
    return PyOps.normalize(b);
  }

  private static Object parseInt(String s, int base) {
    String t = s.strip();
    if (!INT_TEXT.matcher(t).matches() || t.replace("_", "").replaceFirst("^[+-]", "").length() > PyFormat.MAX_INT_DIGITS)
      throw SandboxException.pyError("ValueError", "invalid literal for int() with base " + base + ": " + PyFormat.quote(s));
    try {
      return PyOps.normalize(new BigInteger(t.replace("_", ""), base));
    } catch (NumberFormatException e) {
      throw SandboxException.pyError("ValueError", "invalid literal for int() with base " + base + ": " + PyFormat.quote(s));
    }
  }

  private static Object pow(Args a, Budget budget) {
    a.check(2, 3, "mod");
    if (!a.has(2, "mod") || a.arg(2, "mod") == Values.NONE) return PyOps.binary(Ast.BinOp.POW, a.get(0), a.get(1), budget);
    Object m = a.arg(2, "mod");
    if (!PyOps.isInt(a.get(0)) || !PyOps.isInt(a.get(1)) || !PyOps.isInt(m))
      throw a.typeError("pow() 3rd argument not allowed unless all arguments are integers");
    BigInteger mod = PyOps.big(m);
    if (mod.signum() == 0) throw SandboxException.pyError("ValueError", "pow() 3rd argument cannot be 0");
    BigInteger base = PyOps.big(a.get(0));
    BigInteger exp = PyOps.big(a.get(1));
    budget.steps((long) exp.bitLength() * (mod.bitLength() / 64 + 1));
    BigInteger absMod = mod.abs();
    if (exp.signum() < 0) {
      if (!base.gcd(absMod).equals(BigInteger.ONE)) throw SandboxException.pyError("ValueError", "base is not invertible for the given modulus");
      base = base.modInverse(absMod);
      exp = exp.negate();
    }
    BigInteger r = absMod.equals(BigInteger.ONE) ? BigInteger.ZERO : base.modPow(exp, absMod);
    if (mod.signum() < 0 && r.signum() != 0) r = r.add(mod);
    return PyOps.normalize(r);
  }

  private static PyRange range(Args a) {
    a.check(1, 3);
    List<Long> v = new ArrayList<>();
    for (Object x : a.positional()) {
      if (!PyOps.isInt(x)) {
        if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
        throw a.typeError("'" + PyOps.typeName(x) + "' object cannot be interpreted as an integer");
      }
      v.add(PyOps.toLong(x, "range() argument"));
    }
    if (v.size() == 1) return new PyRange(0, v.get(0), 1);
    long step = v.size() == 3 ? v.get(2) : 1;
    if (step == 0) throw SandboxException.pyError("ValueError", "range() arg 3 must not be zero");
    return new PyRange(v.get(0), v.get(1), step);
  }

  /** Python's round(): half to even, on the exact decimal value of a float. */
  static Object round(Object x, Object ndigits, Budget budget) {
    if (!PyOps.isNumber(x)) {
      if (x instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
      throw SandboxException.pyError("TypeError", "type " + PyOps.typeName(x) + " doesn't define __round__ method");
    }
    if (ndigits == Values.NONE) return x instanceof Double d ? floatToInt(Math.rint(d), budget) : PyOps.intOf(x);
    long nd = PyOps.toLong(ndigits, "ndigits");
    if (x instanceof Double d) {
      if (Double.isNaN(d) || Double.isInfinite(d) || d == 0 || nd > 330) return d;
      if (nd < -330) return Math.copySign(0.0, d);
      double r = new BigDecimal(d).setScale((int) nd, RoundingMode.HALF_EVEN).doubleValue();
      if (Double.isInfinite(r)) throw SandboxException.pyError("OverflowError", "rounded value too large to represent");
      return r == 0 ? Math.copySign(0.0, d) : r;
    }
    if (nd >= 0) return PyOps.intOf(x);
    if (nd < -PyFormat.MAX_INT_DIGITS * 4L) return 0L;
    BigDecimal r = new BigDecimal(PyOps.big(x)).setScale((int) nd, RoundingMode.HALF_EVEN);
    return PyOps.normalize(r.setScale(0).toBigIntegerExact());
  }
}

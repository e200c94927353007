package org.reason4j.rl.sandbox;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.reason4j.rl.sandbox.Values.*;

/**
 * Python's {@code str()} and {@code repr()} for the subset's values, as CPython 3.11 writes them:
 * floats as the shortest string that reads back to the same double ({@code 0.1}, {@code 1e+16},
 * {@code 1e-05}), ints refused beyond 4300 digits (CPython's conversion limit), strings quoted and
 * escaped, containers with their elements' repr and {@code [...]} for a container inside itself.
 * The result's characters are charged to the budget as they are written.
 */
final class PyFormat {
  private PyFormat() {}

  /** CPython 3.11's default {@code sys.get_int_max_str_digits()}. */
  static final int MAX_INT_DIGITS = 4300;

  static String str(Object v, Budget budget) {
    if (v instanceof String s) return s;
    StringBuilder sb = new StringBuilder();
    write(sb, v, budget, Collections.newSetFromMap(new IdentityHashMap<>()), false);
    return sb.toString();
  }

  static String repr(Object v, Budget budget) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, budget, Collections.newSetFromMap(new IdentityHashMap<>()), true);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v, Budget budget, Set<Object> open, boolean repr) {
    budget.step();
    if (open.size() > PyOps.MAX_VALUE_DEPTH)
      throw SandboxException.pyError("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
    if (v instanceof PyList || v instanceof PyTuple || v instanceof PyDict) {
      if (!open.add(v)) {
        append(sb, v instanceof PyDict ? "{...}" : "[...]", budget);
        return;
      }
      container(sb, v, budget, open);
      open.remove(v);
      return;
    }
    append(sb, repr || !(v instanceof String) ? scalar(v) : (String) v, budget);
  }

  private static void container(StringBuilder sb, Object v, Budget budget, Set<Object> open) {
    if (v instanceof PyDict d) {
      append(sb, "{", budget);
      boolean first = true;
      for (Object[] e : d.entries.values()) {
        if (!first) append(sb, ", ", budget);
        first = false;
        write(sb, e[0], budget, open, true);
        append(sb, ": ", budget);
        write(sb, e[1], budget, open, true);
      }
      append(sb, "}", budget);
      return;
    }
    boolean tuple = v instanceof PyTuple;
    List<Object> items = tuple ? ((PyTuple) v).items() : ((PyList) v).items;
    append(sb, tuple ? "(" : "[", budget);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) append(sb, ", ", budget);
      write(sb, items.get(i), budget, open, true);
    }
    append(sb, tuple ? (items.size() == 1 ? ",)" : ")") : "]", budget);
  }

  private static void append(StringBuilder sb, String s, Budget budget) {
    budget.alloc(s.length());
    sb.append(s);
  }

  private static String scalar(Object v) {
    if (v instanceof Boolean b) return b ? "True" : "False";
    if (v instanceof Long || v instanceof BigInteger) return intStr(v);
    if (v instanceof Double d) return floatRepr(d);
    if (v instanceof String s) return quote(s);
    if (v instanceof NoneType) return "None";
    if (v instanceof PyRange r) return r.step() == 1 ? "range(" + r.start() + ", " + r.stop() + ")"
        : "range(" + r.start() + ", " + r.stop() + ", " + r.step() + ")";
    if (v instanceof PyFunction f) return "<function " + f.def().name() + ">";
    if (v instanceof PyModule m) return "<module '" + m.name().toLowerCase() + "' (built-in)>";
    if (v instanceof BoundMethod m) return "<built-in method " + m.name() + " of " + PyOps.typeName(m.self()) + " object>";
    if (v instanceof Builtins.Builtin b) return "<built-in function " + b.pyName + ">";
    if (v instanceof MathModule.MathFn f) return "<built-in function " + f.pyName + ">";
    if (v instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw new IllegalStateException("no Python form for " + v.getClass());
  }

  static String intStr(Object v) {
    if (v instanceof Long l) return Long.toString(l);
    BigInteger b = (BigInteger) v;
    String s = b.bitLength() > 3.33 * MAX_INT_DIGITS + 64 ? null : b.toString();
    if (s == null || s.length() - (b.signum() < 0 ? 1 : 0) > MAX_INT_DIGITS)
      throw SandboxException.pyError("ValueError", "Exceeds the limit (" + MAX_INT_DIGITS + " digits) for integer string conversion");
    return s;
  }

  /** Python's repr(float): the shortest round-tripping digits, positional when 1e-4 <= |x| < 1e16. */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) return "nan";
    if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
    if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp10 = digits.length() - 1 - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (exp10 >= -4 && exp10 < 16) {
      if (exp10 < 0) return sign + "0." + "0".repeat(-exp10 - 1) + digits;
      if (digits.length() <= exp10 + 1) return sign + digits + "0".repeat(exp10 + 1 - digits.length()) + ".0";
      return sign + digits.substring(0, exp10 + 1) + "." + digits.substring(exp10 + 1);
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exp10 < 0 ? "-" : "+") + (Math.abs(exp10) < 10 ? "0" : "") + Math.abs(exp10);
  }

  static String quote(String s) {
    char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder(s.length() + 2).append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') sb.append("\\\\");
      else if (c == q) sb.append('\\').append(c);
      else if (c == '\n') sb.append("\\n");
      else if (c == '\r') sb.append("\\r");
      else if (c == '\t') sb.append("\\t");
      else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    return sb.append(q).toString();
  }
}

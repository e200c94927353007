package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's arithmetic, concatenation and comparison operators on template values: ints stay exact
 * (overflow is an error rather than a silent wrap), {@code /} always gives a float, {@code //} and
 * {@code %} floor towards negative infinity, {@code +} joins strings or lists of the same kind only,
 * {@code *} repeats strings and lists, {@code %} on a string formats it.
 */
final class Operators {
  private Operators() {}

  /** Longest string or list {@code *} may build; keeps a template from exhausting the heap. */
  static final long MAX_REPEAT_LENGTH = Context.MAX_OUTPUT_CHARS;

  static Object unary(Expr.UnaryOp op, Object v) {
    if (v instanceof Undefined) throw ((Undefined) v).fail();
    if (!Values.isNumber(v)) {
      throw new EvalError("bad operand type for unary " + (op == Expr.UnaryOp.NEG ? "-" : "+") + ": '" + Values.typeName(v) + "'");
    }
    if (op == Expr.UnaryOp.POS) return v instanceof Boolean ? Values.asLong(v) : v;
    if (v instanceof Double) return -(Double) v;
    return Math.negateExact(Values.asLong(v));
  }

  static Object binary(Expr.BinaryOp op, Object a, Object b) {
    if (op == Expr.BinaryOp.CONCAT) return Values.str(a) + Values.str(b);
    if (op == Expr.BinaryOp.MOD && a instanceof String) return PyFormat.percent((String) a, b);
    if (a instanceof Undefined) throw ((Undefined) a).fail();
    if (b instanceof Undefined) throw ((Undefined) b).fail();
    if (Values.isNumber(a) && Values.isNumber(b)) return arithmetic(op, a, b);
    switch (op) {
      case ADD:
        return add(a, b);
      case MUL:
        if (Values.isInteger(b) && (a instanceof String || a instanceof List)) return repeat(a, Values.asLong(b));
        if (Values.isInteger(a) && (b instanceof String || b instanceof List)) return repeat(b, Values.asLong(a));
        break;
      default:
        break;
    }
    throw unsupported(op, a, b);
  }

  private static Object add(Object a, Object b) {
    if (a instanceof String && b instanceof String) return (String) a + b;
    if (a instanceof List && b instanceof List && (a instanceof Tuple) == (b instanceof Tuple)) {
      List<Object> out = new ArrayList<>((List<?>) a);
      out.addAll((List<?>) b);
      return a instanceof Tuple ? new Tuple(out) : out;
    }
    if (a instanceof String || (a instanceof List && !(a instanceof Tuple))) {
      String kind = Values.typeName(a);
      throw new EvalError("can only concatenate " + kind + " (not \"" + Values.typeName(b) + "\") to " + kind);
    }
    throw unsupported(Expr.BinaryOp.ADD, a, b);
  }

  private static Object repeat(Object seq, long times) {
    long n = Math.max(0, times);
    if (Values.length(seq) * n > MAX_REPEAT_LENGTH) throw new EvalError("repetition result is too large");
    if (seq instanceof String) return ((String) seq).repeat((int) n);
    List<Object> out = new ArrayList<>();
    for (long i = 0; i < n; i++) out.addAll((List<?>) seq);
    return seq instanceof Tuple ? new Tuple(out) : out;
  }

  private static Object arithmetic(Expr.BinaryOp op, Object a, Object b) {
    boolean ints = Values.isInteger(a) && Values.isInteger(b);
    if (op == Expr.BinaryOp.DIV) {
      if (Values.asDouble(b) == 0) throw new EvalError("division by zero");
      return Values.asDouble(a) / Values.asDouble(b);
    }
    if (ints) return intArithmetic(op, Values.asLong(a), Values.asLong(b));
    double x = Values.asDouble(a);
    double y = Values.asDouble(b);
    switch (op) {
      case ADD: return x + y;
      case SUB: return x - y;
      case MUL: return x * y;
      case FLOORDIV:
        if (y == 0) throw new EvalError("float floor division by zero");
        return Math.floor(x / y);
      case MOD:
        if (y == 0) throw new EvalError("float modulo");
        double r = x % y;
        return r != 0 && (r < 0) != (y < 0) ? r + y : r;
      case POW: return Math.pow(x, y);
      default: throw new IllegalStateException(op.toString());
    }
  }

  private static Object intArithmetic(Expr.BinaryOp op, long x, long y) {
    try {
      switch (op) {
        case ADD: return Math.addExact(x, y);
        case SUB: return Math.subtractExact(x, y);
        case MUL: return Math.multiplyExact(x, y);
        case FLOORDIV:
          if (y == 0) throw new EvalError("integer division or modulo by zero");
          return Math.floorDiv(x, y);
        case MOD:
          if (y == 0) throw new EvalError("integer division or modulo by zero");
          return Math.floorMod(x, y);
        case POW:
          if (y < 0) return Math.pow(x, y);
          long result = 1;
          for (long base = x, e = y; e > 0; e >>= 1) { // square-and-multiply
            if ((e & 1) == 1) result = Math.multiplyExact(result, base);
            if (e > 1) base = Math.multiplyExact(base, base);
          }
          return result;
        default: throw new IllegalStateException(op.toString());
      }
    } catch (ArithmeticException e) {
      throw new EvalError("integer overflow in " + x + " " + op.symbol + " " + y + " (64-bit integers only)");
    }
  }

  private static EvalError unsupported(Expr.BinaryOp op, Object a, Object b) {
    return new EvalError("unsupported operand type(s) for " + op.symbol + ": '" + Values.typeName(a) + "' and '"
        + Values.typeName(b) + "'");
  }

  static boolean compare(Expr.CompareOp op, Object a, Object b) {
    switch (op) {
      case EQ: return Values.pyEquals(a, b);
      case NE: return !Values.pyEquals(a, b);
      case LT: return Values.compare(a, b, op.symbol) < 0;
      case LE: return Values.compare(a, b, op.symbol) <= 0;
      case GT: return Values.compare(a, b, op.symbol) > 0;
      case GE: return Values.compare(a, b, op.symbol) >= 0;
      case IN: return contains(b, a);
      case NOT_IN: return !contains(b, a);
      default: throw new IllegalStateException(op.toString());
    }
  }

  /** Python's {@code item in container}. */
  static boolean contains(Object container, Object item) {
    if (container instanceof String) {
      if (!(item instanceof String)) {
        throw new EvalError("'in <string>' requires string as left operand, not " + Values.typeName(item));
      }
      return ((String) container).contains((String) item);
    }
    if (container instanceof List) {
      for (Object x : (List<?>) container) if (Values.pyEquals(x, item)) return true;
      return false;
    }
    if (container instanceof Map) {
      Values.checkHashable(item);
      return Values.findKey((Map<?, ?>) container, item) != Frame.MISSING;
    }
    if (container instanceof Undefined) return false;
    throw new EvalError("argument of type '" + Values.typeName(container) + "' is not iterable");
  }
}

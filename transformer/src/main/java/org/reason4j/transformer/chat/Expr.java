package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja expressions: the syntax tree the parser builds inside {@code {{ }}} and tags, each node next to
 * its meaning. Values are plain Java data (see {@link Values}); {@code offset} locates the node in the
 * template for error messages. Children are evaluated through {@link Context#eval}, which attaches the
 * position of the innermost failing node to an error.
 */
sealed interface Expr {
  int offset();

  Object eval(Context cx, Frame f);

  /** A literal: string, number, boolean or none. */
  record Const(int offset, Object value) implements Expr {
    public Object eval(Context cx, Frame f) {
      return value;
    }
  }

  /** A variable; unknown names evaluate to {@link Undefined}, as with Jinja's default undefined. */
  record Name(int offset, String name) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object v = f.lookup(name);
      return v == Frame.MISSING ? Undefined.named(name) : v;
    }
  }

  record ListLit(int offset, List<Expr> items) implements Expr {
    public Object eval(Context cx, Frame f) {
      List<Object> out = new ArrayList<>(items.size());
      for (Expr e : items) out.add(cx.eval(e, f));
      return out;
    }
  }

  record TupleLit(int offset, List<Expr> items) implements Expr {
    public Object eval(Context cx, Frame f) {
      List<Object> out = new ArrayList<>(items.size());
      for (Expr e : items) out.add(cx.eval(e, f));
      return new Tuple(out);
    }
  }

  record DictLit(int offset, List<Expr> keys, List<Expr> values) implements Expr {
    public Object eval(Context cx, Frame f) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        Object k = cx.eval(keys.get(i), f);
        Values.checkHashable(k);
        Object existing = Values.findKey(out, k); // {1: a, true: b} has one key, as in Python
        out.put(existing == Frame.MISSING ? k : existing, cx.eval(values.get(i), f));
      }
      return out;
    }
  }

  /** {@code obj.name}: Python attribute first, then item (Jinja's getattr order). */
  record GetAttr(int offset, Expr obj, String name) implements Expr {
    public Object eval(Context cx, Frame f) {
      return Values.getAttr(cx.eval(obj, f), name);
    }
  }

  /** {@code obj[key]}: item first, then attribute for string keys (Jinja's getitem order). */
  record GetItem(int offset, Expr obj, Expr key) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object o = cx.eval(obj, f);
      return Values.getItem(o, cx.eval(key, f));
    }
  }

  /** {@code start:stop:step} inside brackets; any part may be missing. */
  record SliceLit(int offset, Expr start, Expr stop, Expr step) implements Expr {
    public Object eval(Context cx, Frame f) {
      return new Slice(bound(cx, f, start), bound(cx, f, stop), bound(cx, f, step));
    }

    private static Long bound(Context cx, Frame f, Expr e) {
      if (e == null) return null;
      Object v = cx.eval(e, f);
      if (v == null) return null;
      if (!Values.isInteger(v)) {
        throw new EvalError("slice indices must be integers or None, not " + Values.typeName(v));
      }
      return Values.asLong(v);
    }
  }

  record Kwarg(String name, Expr value) {}

  record Call(int offset, Expr callee, List<Expr> args, List<Kwarg> kwargs) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object fn = cx.eval(callee, f);
      return Values.call(fn, cx.evalArgs(args, f), cx.evalKwargs(kwargs, f));
    }
  }

  /** {@code value | name(args)}; the filter name was checked when the template was parsed. */
  record Filter(int offset, Expr value, String name, List<Expr> args, List<Kwarg> kwargs) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object v = cx.eval(value, f);
      return Filters.apply(cx, name, v, cx.evalArgs(args, f), cx.evalKwargs(kwargs, f));
    }
  }

  /** {@code value is name(args)}; negation is a surrounding {@link Unary} not. */
  record Test(int offset, Expr value, String name, List<Expr> args, List<Kwarg> kwargs) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object v = cx.eval(value, f);
      return Tests.apply(cx, name, v, cx.evalArgs(args, f), cx.evalKwargs(kwargs, f));
    }
  }

  enum UnaryOp { NEG, POS, NOT }

  record Unary(int offset, UnaryOp op, Expr operand) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object v = cx.eval(operand, f);
      return op == UnaryOp.NOT ? !Values.truthy(v) : Operators.unary(op, v);
    }
  }

  enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), FLOORDIV("//"), MOD("%"), POW("**"), CONCAT("~");

    final String symbol;

    BinaryOp(String symbol) {
      this.symbol = symbol;
    }
  }

  record Binary(int offset, BinaryOp op, Expr left, Expr right) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object l = cx.eval(left, f);
      return Operators.binary(op, l, cx.eval(right, f));
    }
  }

  enum CompareOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), NOT_IN("not in");

    final String symbol;

    CompareOp(String symbol) {
      this.symbol = symbol;
    }
  }

  /** A comparison chain {@code a < b <= c}: true when every link holds, evaluated left to right lazily. */
  record Compare(int offset, Expr first, List<CompareOp> ops, List<Expr> rest) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object left = cx.eval(first, f);
      for (int i = 0; i < ops.size(); i++) {
        Object right = cx.eval(rest.get(i), f);
        if (!Operators.compare(ops.get(i), left, right)) return false;
        left = right;
      }
      return true;
    }
  }

  /** {@code and} / {@code or} with Python's semantics: the result is one of the operands. */
  record Logical(int offset, boolean isAnd, Expr left, Expr right) implements Expr {
    public Object eval(Context cx, Frame f) {
      Object l = cx.eval(left, f);
      return Values.truthy(l) == isAnd ? cx.eval(right, f) : l;
    }
  }

  /** {@code a if test else b}; without an else the false branch is undefined, as in Jinja. */
  record Cond(int offset, Expr test, Expr then, Expr orElse) implements Expr {
    public Object eval(Context cx, Frame f) {
      if (Values.truthy(cx.eval(test, f))) return cx.eval(then, f);
      if (orElse != null) return cx.eval(orElse, f);
      return new Undefined("the inline if-expression evaluated to false and no else section was defined");
    }
  }
}

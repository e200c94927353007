package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.sandbox.Ast.*;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;
import org.reason4j.rl.sandbox.Values.*;

/**
 * The tree-walking evaluator: runs statements and evaluates expressions over {@link Values.Frame}
 * scopes, charging one budget step per statement and per expression node.
 *
 * <p>Control flow ({@code break}, {@code continue}, {@code return}) travels as a {@link Signal}
 * returned by each statement, not as exceptions; Python exceptions and exhausted budgets are
 * {@link SandboxException}s that end the run. Java recursion here follows the program's source
 * nesting (bounded by the parser) and its Python calls (bounded by the budget's call depth).
 */
final class Interpreter {
  enum Signal { NORMAL, BREAK, CONTINUE, RETURN }

  /** Walks an iterable one element at a time; lists are read live, as Python's list iterator does. */
  interface Cursor {
    boolean hasNext();

    Object next();
  }

  final Budget budget;
  private final Frame globals = new Frame(null, null);

  Interpreter(Budget budget) {
    this.budget = budget;
  }

  /** Runs the module's statements, then calls {@code entry()} and returns its value. */
  Object run(List<Stmt> module, String entry) {
    execBlock(module, globals);
    Object fn = globals.vars.get(entry);
    if (fn == null) throw new SandboxException(Failure.NO_RESULT, "the program defines no function '" + entry + "'");
    return call(fn, List.of(), Map.of());
  }

  // ------------------------------------------------------------------ statements

  Signal execBlock(List<Stmt> body, Frame f) {
    for (Stmt s : body) {
      Signal r = exec(s, f);
      if (r != Signal.NORMAL) return r;
    }
    return Signal.NORMAL;
  }

  private Signal exec(Stmt s, Frame f) {
    budget.step();
    try {
      return execUnchecked(s, f);
    } catch (SandboxException e) {
      throw e.at(s.line());
    }
  }

  private Signal execUnchecked(Stmt s, Frame f) {
    if (s instanceof Assign a) {
      Object v = eval(a.value(), f);
      for (Expr t : a.targets()) assign(t, v, f);
    } else if (s instanceof ExprStmt e) {
      eval(e.value(), f);
    } else if (s instanceof Return r) {
      f.returnValue = r.value() == null ? Values.NONE : eval(r.value(), f);
      return Signal.RETURN;
    } else if (s instanceof If i) {
      return execBlock(PyOps.truthy(eval(i.test(), f)) ? i.body() : i.orElse(), f);
    } else if (s instanceof For loop) {
      return forLoop(loop, f);
    } else if (s instanceof While w) {
      while (PyOps.truthy(eval(w.test(), f))) {
        Signal r = execBlock(w.body(), f);
        if (r == Signal.BREAK) return Signal.NORMAL;
        if (r == Signal.RETURN) return r;
      }
      return execBlock(w.orElse(), f);
    } else if (s instanceof AugAssign a) {
      augmentedAssign(a, f);
    } else if (s instanceof FunctionDef d) {
      List<Object> defaults = new ArrayList<>();
      for (Expr e : d.defaults()) defaults.add(eval(e, f));
      f.vars.put(d.name(), new PyFunction(d, f, List.copyOf(defaults)));
    } else if (s instanceof Break) {
      return Signal.BREAK;
    } else if (s instanceof Continue) {
      return Signal.CONTINUE;
    } else if (s instanceof Import im) {
      for (Alias a : im.modules()) f.vars.put(a.alias(), a.name().equals("math") ? PyModule.MATH : PyModule.SYMPY);
    } else if (s instanceof ImportFrom im) {
      importFrom(im, f);
    } else if (s instanceof Assert a) {
      if (!PyOps.truthy(eval(a.test(), f)))
        throw SandboxException.pyError("AssertionError", a.message() == null ? "" : PyFormat.str(eval(a.message(), f), budget));
    } else if (s instanceof Raise) {
      throw SandboxException.pyError("Exception", "raised by the program");
    }
    return Signal.NORMAL;
  }

  private Signal forLoop(For loop, Frame f) {
    Cursor c = cursor(eval(loop.iter(), f));
    while (c.hasNext()) {
      budget.step();
      assign(loop.target(), c.next(), f);
      Signal r = execBlock(loop.body(), f);
      if (r == Signal.BREAK) return Signal.NORMAL;
      if (r == Signal.RETURN) return r;
    }
    return execBlock(loop.orElse(), f);
  }

  private void importFrom(ImportFrom im, Frame f) {
    for (Alias a : im.names()) {
      if (im.module().equals("sympy")) {
        f.vars.put(a.alias(), new Opaque("sympy." + a.name()));
      } else if (a.name().equals("*")) {
        f.vars.putAll(MathModule.exported());
      } else {
        Object v = MathModule.attribute(a.name());
        if (v == null) throw SandboxException.pyError("ImportError", "cannot import name '" + a.name() + "' from 'math'");
        f.vars.put(a.alias(), v);
      }
    }
  }

  private void augmentedAssign(AugAssign a, Frame f) {
    if (a.target() instanceof Name n) {
      Object old = lookup(n.id(), f);
      f.vars.put(n.id(), inPlace(a.op(), old, eval(a.value(), f)));
      return;
    }
    Subscript s = (Subscript) a.target();
    if (s.index() instanceof Slice) throw SandboxException.unsupported("augmented assignment to a slice");
    Object container = eval(s.value(), f);
    Object index = eval(s.index(), f);
    Object old = Subscripts.get(container, index, budget);
    Subscripts.set(container, index, inPlace(a.op(), old, eval(a.value(), f)), budget);
  }

  /** {@code list += iterable} extends the list itself (aliases see it); everything else rebinds. */
  private Object inPlace(BinOp op, Object old, Object value) {
    if (op == BinOp.ADD && old instanceof PyList l) {
      List<Object> more = materialize(value);
      budget.alloc(more.size());
      l.items.addAll(more);
      return l;
    }
    return PyOps.binary(op, old, value, budget);
  }

  void assign(Expr target, Object value, Frame f) {
    if (target instanceof Name n) {
      f.vars.put(n.id(), value);
    } else if (target instanceof Subscript s) {
      if (s.index() instanceof Slice) throw SandboxException.unsupported("assignment to a slice");
      Object container = eval(s.value(), f);
      Subscripts.set(container, eval(s.index(), f), value, budget);
    } else {
      List<Expr> targets = target instanceof TupleExpr t ? t.elements() : ((ListExpr) target).elements();
      List<Object> values = materialize(value);
      if (values.size() != targets.size())
        throw SandboxException.pyError("ValueError", values.size() > targets.size()
            ? "too many values to unpack (expected " + targets.size() + ")"
            : "not enough values to unpack (expected " + targets.size() + ", got " + values.size() + ")");
      for (int i = 0; i < targets.size(); i++) assign(targets.get(i), values.get(i), f);
    }
  }

  // ------------------------------------------------------------------ expressions

  Object eval(Expr e, Frame f) {
    budget.step();
    if (e instanceof Name n) return lookup(n.id(), f);
    if (e instanceof Const c) return c.value();
    if (e instanceof Binary b) {
      Object acc = eval(b.first(), f);
      for (int i = 0; i < b.ops().size(); i++) acc = PyOps.binary(b.ops().get(i), acc, eval(b.operands().get(i), f), budget);
      return acc;
    }
    if (e instanceof Call c) return evalCall(c, f);
    if (e instanceof Compare c) {
      Object left = eval(c.left(), f);
      for (int i = 0; i < c.ops().size(); i++) {
        Object right = eval(c.comparators().get(i), f);
        if (!PyOps.compare(c.ops().get(i), left, right, budget)) return false;
        left = right;
      }
      return true;
    }
    if (e instanceof BoolOp b) {
      Object v = null;
      for (Expr x : b.values()) {
        v = eval(x, f);
        if (b.isAnd() != PyOps.truthy(v)) return v;
      }
      return v;
    }
    if (e instanceof Unary u) return PyOps.unary(u.op(), eval(u.operand(), f), budget);
    if (e instanceof IfExp i) return eval(PyOps.truthy(eval(i.test(), f)) ? i.body() : i.orElse(), f);
    if (e instanceof Subscript s) {
      Object container = eval(s.value(), f);
      if (s.index() instanceof Slice sl)
        return Subscripts.slice(container, evalOrNull(sl.lower(), f), evalOrNull(sl.upper(), f), evalOrNull(sl.step(), f), budget);
      return Subscripts.get(container, eval(s.index(), f), budget);
    }
    if (e instanceof Attribute a) return attribute(eval(a.value(), f), a.attr());
    if (e instanceof ListExpr l) return new PyList(evalAll(l.elements(), f));
    if (e instanceof TupleExpr t) return new PyTuple(Collections.unmodifiableList(evalAll(t.elements(), f)));
    if (e instanceof DictExpr d) {
      PyDict out = new PyDict();
      budget.alloc(d.keys().size());
      for (int i = 0; i < d.keys().size(); i++) {
        Object k = eval(d.keys().get(i), f);
        out.put(PyOps.hashKey(k, 0), k, eval(d.values().get(i), f));
      }
      return out;
    }
    if (e instanceof ListComp c) return listComprehension(c, f);
    throw SandboxException.unsupported("a slice outside a subscript");
  }

  private Object evalOrNull(Expr e, Frame f) {
    return e == null ? null : eval(e, f);
  }

  private ArrayList<Object> evalAll(List<Expr> exprs, Frame f) {
    budget.alloc(exprs.size());
    ArrayList<Object> out = new ArrayList<>(exprs.size());
    for (Expr x : exprs) out.add(eval(x, f));
    return out;
  }

  /** Python's LEGB rule without globals declarations: own scope, enclosing scopes, module, builtins. */
  private Object lookup(String id, Frame f) {
    Object v = f.vars.get(id);
    if (v != null) return v;
    if (f.locals != null && f.locals.contains(id))
      throw SandboxException.pyError("UnboundLocalError", "local variable '" + id + "' referenced before assignment");
    for (Frame outer = f.parent; outer != null; outer = outer.parent) {
      v = outer.vars.get(id);
      if (v != null) return v;
    }
    v = Builtins.lookup(id);
    if (v != null) return v;
    if (Builtins.isPythonBuiltin(id)) throw SandboxException.unsupported("builtin '" + id + "'");
    throw SandboxException.pyError("NameError", "name '" + id + "' is not defined");
  }

  private Object attribute(Object obj, String name) {
    if (obj == PyModule.MATH) {
      Object v = MathModule.attribute(name);
      if (v == null) throw SandboxException.pyError("AttributeError", "module 'math' has no attribute '" + name + "'");
      return v;
    }
    if (obj == PyModule.SYMPY) throw SandboxException.unsupported("use of sympy." + name);
    if (obj instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    if (Methods.has(obj, name)) return new BoundMethod(obj, name);
    throw SandboxException.unsupported("attribute '" + name + "' of " + PyOps.typeName(obj));
  }

  private Object evalCall(Call c, Frame f) {
    Object fn = eval(c.func(), f);
    List<Object> args = new ArrayList<>(c.args().size());
    for (Expr x : c.args()) args.add(eval(x, f));
    Map<String, Object> kwargs = c.keywords().isEmpty() ? Map.of() : new LinkedHashMap<>();
    for (Keyword k : c.keywords()) kwargs.put(k.name(), eval(k.value(), f));
    return call(fn, args, kwargs);
  }

  Object call(Object fn, List<Object> args, Map<String, Object> kwargs) {
    if (fn instanceof PyFunction pf) return callFunction(pf, args, kwargs);
    if (fn instanceof Builtins.Builtin b) return Builtins.call(b, args, kwargs, this);
    if (fn instanceof MathModule.MathFn m) return MathModule.call(m, args, kwargs, this);
    if (fn instanceof BoundMethod m) return Methods.call(m, args, kwargs, this);
    if (fn instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "'" + PyOps.typeName(fn) + "' object is not callable");
  }

  private Object callFunction(PyFunction fn, List<Object> args, Map<String, Object> kwargs) {
    FunctionDef def = fn.def();
    List<String> params = def.params();
    if (args.size() > params.size())
      throw SandboxException.pyError("TypeError", def.name() + "() takes " + params.size()
          + " positional arguments but " + args.size() + " were given");
    Frame frame = new Frame(fn.closure(), def.locals());
    for (int i = 0; i < args.size(); i++) frame.vars.put(params.get(i), args.get(i));
    for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
      if (!params.contains(kw.getKey()))
        throw SandboxException.pyError("TypeError", def.name() + "() got an unexpected keyword argument '" + kw.getKey() + "'");
      if (frame.vars.put(kw.getKey(), kw.getValue()) != null)
        throw SandboxException.pyError("TypeError", def.name() + "() got multiple values for argument '" + kw.getKey() + "'");
    }
    int firstDefault = params.size() - fn.defaults().size();
    for (int i = 0; i < params.size(); i++) {
      if (frame.vars.containsKey(params.get(i))) continue;
      if (i < firstDefault)
        throw SandboxException.pyError("TypeError", def.name() + "() missing required argument: '" + params.get(i) + "'");
      frame.vars.put(params.get(i), fn.defaults().get(i - firstDefault));
    }
    budget.enterCall();
    Signal s = execBlock(def.body(), frame);
    budget.exitCall();
    return s == Signal.RETURN ? frame.returnValue : Values.NONE;
  }

  private PyList listComprehension(ListComp c, Frame f) {
    Frame scope = new Frame(f, c.locals());
    ArrayList<Object> out = new ArrayList<>();
    clause(c, 0, eval(c.clauses().get(0).iter(), f), scope, out);
    return new PyList(out);
  }

  /** Python evaluates the first iterable in the enclosing scope, the rest inside the comprehension. */
  private void clause(ListComp c, int k, Object iterable, Frame scope, List<Object> out) {
    ForClause clause = c.clauses().get(k);
    Cursor cur = cursor(iterable);
    outer:
    while (cur.hasNext()) {
      budget.step();
      assign(clause.target(), cur.next(), scope);
      for (Expr cond : clause.conditions()) if (!PyOps.truthy(eval(cond, scope))) continue outer;
      if (k + 1 < c.clauses().size()) {
        clause(c, k + 1, eval(c.clauses().get(k + 1).iter(), scope), scope, out);
      } else {
        budget.alloc(1);
        out.add(eval(c.element(), scope));
      }
    }
  }

  // ------------------------------------------------------------------ iteration

  Cursor cursor(Object v) {
    if (v instanceof PyRange r) {
      long n = r.length();
      return new Cursor() {
        long i;

        public boolean hasNext() {
          return i < n;
        }

        public Object next() {
          return r.get(i++);
        }
      };
    }
    List<Object> items = v instanceof PyList l ? l.items : snapshot(v);
    return new Cursor() {
      int i;

      public boolean hasNext() {
        return i < items.size();
      }

      public Object next() {
        return items.get(i++);
      }
    };
  }

  /** The elements of an iterable as a new list, charged to the budget as steps and memory. */
  List<Object> materialize(Object v) {
    if (v instanceof PyList l) {
      budget.steps(l.items.size());
      budget.alloc(l.items.size());
      return new ArrayList<>(l.items);
    }
    if (v instanceof PyRange r) {
      long n = r.length();
      budget.steps(n);
      budget.alloc(n);
      List<Object> out = new ArrayList<>((int) n);
      for (long i = 0; i < n; i++) out.add(r.get(i));
      return out;
    }
    return snapshot(v);
  }

  private List<Object> snapshot(Object v) {
    if (v instanceof PyTuple t) {
      budget.steps(t.items().size());
      return t.items();
    }
    if (v instanceof String s) {
      budget.steps(s.length());
      budget.alloc(s.length());
      List<Object> out = new ArrayList<>(s.length());
      s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
      return out;
    }
    if (v instanceof PyDict d) {
      budget.steps(d.entries.size());
      budget.alloc(d.entries.size());
      List<Object> out = new ArrayList<>(d.entries.size());
      for (Object[] e : d.entries.values()) out.add(e[0]);
      return out;
    }
    if (v instanceof PyList || v instanceof PyRange) return materialize(v);
    if (v instanceof Opaque o) throw SandboxException.unsupported("use of " + o.what());
    throw SandboxException.pyError("TypeError", "'" + PyOps.typeName(v) + "' object is not iterable");
  }
}

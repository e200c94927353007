package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jinja statements: template text, {@code {{ output }}} and the block tags, each with how it renders.
 *
 * <p>Scoping follows Jinja: a {@code for} body gets a fresh frame on every iteration (so a plain
 * {@code set} inside a loop never leaks out or into the next iteration; templates use
 * {@code namespace()} for that), {@code if} bodies share the enclosing frame, macros and
 * {@code with} blocks get their own.
 */
sealed interface Node {
  int offset();

  Flow render(Context cx, Frame f, StringBuilder out);

  /** How a body finished: normally, or through {@code break} / {@code continue} (loopcontrols). */
  enum Flow { NEXT, BREAK, CONTINUE }

  record Text(int offset, String text) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      out.append(text);
      return Flow.NEXT;
    }
  }

  record Output(int offset, Expr expr) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      out.append(Values.str(cx.eval(expr, f)));
      return Flow.NEXT;
    }
  }

  /** if / elif... / else: {@code tests.get(i)} guards {@code bodies.get(i)}. */
  record If(int offset, List<Expr> tests, List<List<Node>> bodies, List<Node> orElse) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      for (int i = 0; i < tests.size(); i++) {
        if (Values.truthy(cx.eval(tests.get(i), f))) return cx.render(bodies.get(i), f, out);
      }
      return cx.render(orElse, f, out);
    }
  }

  /** {@code for target in iter [if filter]} body [else orElse]: the else runs when nothing was iterated. */
  record For(int offset, Target target, Expr iter, Expr filter, List<Node> body, List<Node> orElse)
      implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      List<Object> items = Values.iterate(cx.eval(iter, f));
      if (filter != null) items = kept(cx, f, items);
      if (items.isEmpty()) {
        cx.render(orElse, new Frame(f), out);
        return Flow.NEXT;
      }
      for (int i = 0; i < items.size(); i++) {
        Frame it = new Frame(f);
        target.assign(it, items.get(i));
        it.set("loop", new LoopContext(items, i));
        if (cx.render(body, it, out) == Flow.BREAK) break;
      }
      return Flow.NEXT;
    }

    private List<Object> kept(Context cx, Frame f, List<Object> items) {
      List<Object> kept = new ArrayList<>();
      for (Object item : items) {
        Frame it = new Frame(f);
        target.assign(it, item);
        if (Values.truthy(cx.eval(filter, it))) kept.add(item);
      }
      return kept;
    }
  }

  /** {@code set target = value}. */
  record Assign(int offset, Target target, Expr value) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      target.assign(f, cx.eval(value, f));
      return Flow.NEXT;
    }
  }

  /** {@code set target [| filters]} body {@code endset}: captures rendered text. */
  record AssignBlock(int offset, Target target, List<Expr.Filter> filters, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      StringBuilder captured = new StringBuilder();
      cx.render(body, new Frame(f), captured);
      target.assign(f, cx.applyFilters(filters, captured.toString(), f));
      return Flow.NEXT;
    }
  }

  /** {@code filter name(args) | ...} body {@code endfilter}. */
  record FilterBlock(int offset, List<Expr.Filter> filters, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      StringBuilder captured = new StringBuilder();
      cx.render(body, new Frame(f), captured);
      out.append(Values.str(cx.applyFilters(filters, captured.toString(), f)));
      return Flow.NEXT;
    }
  }

  /** {@code with a = x, b = y} body {@code endwith}: the names exist only inside. */
  record With(int offset, List<Target> targets, List<Expr> values, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      Frame inner = new Frame(f);
      for (int i = 0; i < targets.size(); i++) targets.get(i).assign(inner, cx.eval(values.get(i), f));
      return cx.render(body, inner, out);
    }
  }

  /** A body in its own frame; used for {@code generation} (transformers' assistant-mask tag). */
  record Scoped(int offset, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      cx.render(body, new Frame(f), out);
      return Flow.NEXT;
    }
  }

  /** {@code macro name(params)} body {@code endmacro}: binds a callable in the current frame. */
  record MacroDef(int offset, Macro.Signature signature, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      f.set(signature.name(), new Macro(cx, signature, body, f));
      return Flow.NEXT;
    }
  }

  /** {@code call(params) macro(args)} body {@code endcall}: the body becomes the macro's {@code caller}. */
  record CallBlock(int offset, Expr.Call call, Macro.Signature caller, List<Node> body) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      Object fn = cx.eval(call.callee(), f);
      List<Object> args = new ArrayList<>();
      for (Expr e : call.args()) args.add(cx.eval(e, f));
      Map<String, Object> kwargs = new LinkedHashMap<>();
      for (Expr.Kwarg k : call.kwargs()) kwargs.put(k.name(), cx.eval(k.value(), f));
      kwargs.put("caller", new Macro(cx, caller, body, f));
      out.append(Values.str(Values.call(fn, args, kwargs)));
      return Flow.NEXT;
    }
  }

  record Break(int offset) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      return Flow.BREAK;
    }
  }

  record Continue(int offset) implements Node {
    public Flow render(Context cx, Frame f, StringBuilder out) {
      return Flow.CONTINUE;
    }
  }
}

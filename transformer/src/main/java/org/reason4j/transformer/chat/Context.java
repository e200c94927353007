package org.reason4j.transformer.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rendering of a template: evaluates expressions and renders statements, and turns any failure
 * into a {@link TemplateException} that names the template, line and column of the innermost node
 * that failed. Also guards the two ways a template could run away: macro recursion and output size.
 */
final class Context {
  /** Python's recursion limit stops runaway macros at a similar depth. */
  static final int MAX_CALL_DEPTH = 200;
  /** Far above any real prompt; stops a template from filling the heap. */
  static final int MAX_OUTPUT_CHARS = 64 << 20;

  final Source src;
  final Clock clock;
  private int callDepth;

  Context(Source src, Clock clock) {
    this.src = src;
    this.clock = clock;
  }

  Object eval(Expr e, Frame f) {
    try {
      return e.eval(this, f);
    } catch (EvalError err) {
      throw located(e.offset(), err);
    }
  }

  /** Renders a body; stops early and reports a {@code break} or {@code continue} to the enclosing loop. */
  Node.Flow render(List<Node> body, Frame f, StringBuilder out) {
    for (Node n : body) {
      Node.Flow flow;
      try {
        flow = n.render(this, f, out);
      } catch (EvalError err) {
        throw located(n.offset(), err);
      } catch (StackOverflowError err) { // e.g. repr of a list nested 100k deep by a loop
        throw src.error(TemplateException.Kind.RUNTIME, n.offset(), "maximum recursion depth exceeded");
      }
      if (out.length() > MAX_OUTPUT_CHARS) {
        throw src.error(TemplateException.Kind.RUNTIME, n.offset(),
            "rendered output exceeds " + MAX_OUTPUT_CHARS + " characters");
      }
      if (flow != Node.Flow.NEXT) return flow;
    }
    return Node.Flow.NEXT;
  }

  List<Object> evalArgs(List<Expr> args, Frame f) {
    List<Object> out = new ArrayList<>(args.size());
    for (Expr e : args) out.add(eval(e, f));
    return out;
  }

  Map<String, Object> evalKwargs(List<Expr.Kwarg> kwargs, Frame f) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Expr.Kwarg k : kwargs) out.put(k.name(), eval(k.value(), f));
    return out;
  }

  /** Applies the filters of a {@code filter} block or {@code set} block to the captured text. */
  Object applyFilters(List<Expr.Filter> filters, Object value, Frame f) {
    for (Expr.Filter fl : filters) {
      try {
        value = Filters.apply(this, fl.name(), value, evalArgs(fl.args(), f), evalKwargs(fl.kwargs(), f));
      } catch (EvalError err) {
        throw located(fl.offset(), err);
      }
    }
    return value;
  }

  void enterCall() {
    if (++callDepth > MAX_CALL_DEPTH) {
      callDepth--;
      throw new EvalError("maximum recursion depth exceeded (" + MAX_CALL_DEPTH + " nested macro calls)");
    }
  }

  void exitCall() {
    callDepth--;
  }

  private TemplateException located(int offset, EvalError err) {
    TemplateException.Kind kind = err.raised ? TemplateException.Kind.RAISED : TemplateException.Kind.RUNTIME;
    return src.error(kind, offset, err.getMessage());
  }
}

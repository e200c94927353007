package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A macro defined with {@code {% macro %}} (or the body of a {@code {% call %}} block, which the called
 * macro sees as {@code caller}). Calling it renders the body in a new frame whose parent is the frame
 * the macro was defined in, and returns the text.
 *
 * <p>Binding follows Jinja: missing arguments are undefined, surplus positional arguments go to
 * {@code varargs} and surplus keywords to {@code kwargs} only if the body mentions those names.
 */
final class Macro implements TemplateFunction {

  /** A parameter and its default (null when it has none). */
  record Param(String name, Expr defaultValue) {}

  record Signature(String name, List<Param> params, boolean catchesVarargs, boolean catchesKwargs) {}

  private final Context cx;
  private final Signature sig;
  private final List<Node> body;
  private final Frame closure;

  Macro(Context cx, Signature sig, List<Node> body, Frame closure) {
    this.cx = cx;
    this.sig = sig;
    this.body = body;
    this.closure = closure;
  }

  @Override
  public Object call(List<Object> args, Map<String, Object> kwargs) {
    Frame frame = new Frame(closure);
    Map<String, Object> extra = new LinkedHashMap<>(kwargs);
    List<Param> params = sig.params();
    for (int i = 0; i < params.size(); i++) {
      Param p = params.get(i);
      if (i < args.size()) {
        if (extra.containsKey(p.name())) {
          throw new EvalError("macro '" + sig.name() + "' got multiple values for argument '" + p.name() + "'");
        }
        frame.set(p.name(), args.get(i));
      } else if (extra.containsKey(p.name())) {
        frame.set(p.name(), extra.remove(p.name()));
      } else if (p.defaultValue() != null) {
        frame.set(p.name(), cx.eval(p.defaultValue(), frame));
      } else {
        frame.set(p.name(), new Undefined("parameter '" + p.name() + "' was not provided"));
      }
    }
    bindSurplus(frame, args, extra);
    StringBuilder out = new StringBuilder();
    cx.enterCall();
    try {
      cx.render(body, frame, out);
    } finally {
      cx.exitCall();
    }
    return out.toString();
  }

  private void bindSurplus(Frame frame, List<Object> args, Map<String, Object> extra) {
    if (extra.containsKey("caller")) frame.set("caller", extra.remove("caller"));
    List<Object> surplus = args.size() > sig.params().size()
        ? new ArrayList<>(args.subList(sig.params().size(), args.size()))
        : List.of();
    if (sig.catchesVarargs()) {
      frame.set("varargs", new Tuple(surplus));
    } else if (!surplus.isEmpty()) {
      throw new EvalError("macro '" + sig.name() + "' takes not more than " + sig.params().size() + " argument(s)");
    }
    if (sig.catchesKwargs()) {
      frame.set("kwargs", new LinkedHashMap<Object, Object>(extra));
    } else if (!extra.isEmpty()) {
      throw new EvalError("macro '" + sig.name() + "' takes no keyword argument '" + extra.keySet().iterator().next() + "'");
    }
  }

  @Override
  public String toString() {
    return "<Macro '" + sig.name() + "'>";
  }
}

package org.reason4j.transformer.chat;

import java.util.List;

/** The left side of {@code set}, {@code for} and {@code with}: a name, a tuple of targets, or {@code ns.attr}. */
sealed interface Target {
  void assign(Frame f, Object value);

  record Name(String name) implements Target {
    public void assign(Frame f, Object value) {
      f.set(name, value);
    }
  }

  /** {@code a, b = pair}: unpacks exactly as many values as there are names. */
  record Unpack(List<Target> items) implements Target {
    public void assign(Frame f, Object value) {
      List<Object> values = Values.iterate(value);
      if (values.size() < items.size()) {
        throw new EvalError("not enough values to unpack (expected " + items.size() + ", got " + values.size() + ")");
      }
      if (values.size() > items.size()) {
        throw new EvalError("too many values to unpack (expected " + items.size() + ")");
      }
      for (int i = 0; i < items.size(); i++) items.get(i).assign(f, values.get(i));
    }
  }

  /** {@code set ns.attr = value}: the only way a template can change state outside a loop body. */
  record NamespaceAttr(String namespace, String attr) implements Target {
    public void assign(Frame f, Object value) {
      Object ns = f.lookup(namespace);
      if (!(ns instanceof Namespace)) {
        throw new EvalError(ns == Frame.MISSING
            ? "'" + namespace + "' is undefined"
            : "cannot assign attribute on non-namespace object");
      }
      ((Namespace) ns).attrs().put(attr, value);
    }
  }
}

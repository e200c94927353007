package org.reason4j.transformer.chat;

import java.util.List;
import java.util.Map;

/** The {@code loop} variable inside a for body: position in the (already filtered) items. */
final class LoopContext {
  private final List<Object> items;
  private final int index0;

  LoopContext(List<Object> items, int index0) {
    this.items = items;
    this.index0 = index0;
  }

  Object attribute(String name) {
    int n = items.size();
    switch (name) {
      case "index": return (long) index0 + 1;
      case "index0": return (long) index0;
      case "revindex": return (long) (n - index0);
      case "revindex0": return (long) (n - index0 - 1);
      case "first": return index0 == 0;
      case "last": return index0 == n - 1;
      case "length": return (long) n;
      case "depth": return 1L;
      case "depth0": return 0L;
      case "previtem":
        return index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
      case "nextitem":
        return index0 < n - 1 ? items.get(index0 + 1) : new Undefined("there is no next item");
      case "cycle":
        return (TemplateFunction) this::cycle;
      default:
        return Undefined.missing(this, name);
    }
  }

  private Object cycle(List<Object> args, Map<String, Object> kwargs) {
    if (args.isEmpty()) throw new EvalError("no items for cycling given");
    if (!kwargs.isEmpty()) throw new EvalError("cycle() takes no keyword arguments");
    return args.get(index0 % args.size());
  }

  @Override
  public String toString() {
    return "<LoopContext " + (index0 + 1) + "/" + items.size() + ">";
  }
}

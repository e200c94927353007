package org.reason4j.transformer.chat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions every template can call: Jinja's {@code range}, {@code namespace} and {@code dict},
 * and the two transformers adds, {@code raise_exception(message)} and {@code strftime_now(format)}.
 */
final class Globals {
  private Globals() {}

  /** Jinja's sandbox refuses larger ranges. */
  static final long MAX_RANGE = 100_000;

  static Frame frame(Context cx) {
    Frame f = new Frame(null);
    f.set("range", (TemplateFunction) Globals::range);
    f.set("namespace", (TemplateFunction) (args, kwargs) -> {
      Namespace ns = new Namespace();
      for (Map.Entry<Object, Object> e : dict(args, kwargs).entrySet()) ns.attrs().put(Values.str(e.getKey()), e.getValue());
      return ns;
    });
    f.set("dict", (TemplateFunction) Globals::dict);
    f.set("raise_exception", (TemplateFunction) (args, kwargs) -> {
      Params.Bound a = Params.of("raise_exception", "message", Params.REQUIRED).bind(args, kwargs);
      throw new EvalError(Values.str(a.get(0)), true);
    });
    f.set("strftime_now", (TemplateFunction) (args, kwargs) -> {
      Params.Bound a = Params.of("strftime_now", "format", Params.REQUIRED).bind(args, kwargs);
      return Strftime.format(Params.string(a.get(0), "format"), LocalDateTime.now(cx.clock));
    });
    return f;
  }

  private static Object range(List<Object> args, Map<String, Object> kwargs) {
    if (!kwargs.isEmpty()) throw new EvalError("range() takes no keyword arguments");
    if (args.isEmpty() || args.size() > 3) throw new EvalError("range expected 1 to 3 arguments, got " + args.size());
    long start = args.size() == 1 ? 0 : Params.integer(args.get(0), "range start");
    long stop = Params.integer(args.get(args.size() == 1 ? 0 : 1), "range stop");
    long step = args.size() == 3 ? Params.integer(args.get(2), "range step") : 1;
    if (step == 0) throw new EvalError("range() arg 3 must not be zero");
    long count = step > 0 ? (stop > start ? (stop - start + step - 1) / step : 0)
        : (start > stop ? (start - stop - step - 1) / -step : 0);
    if (count > MAX_RANGE) {
      throw new EvalError("Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + MAX_RANGE + ").");
    }
    List<Object> out = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) out.add(start + i * step);
    return out;
  }

  /** Python's {@code dict(mapping_or_pairs, **kwargs)}. */
  private static Map<Object, Object> dict(List<Object> args, Map<String, Object> kwargs) {
    if (args.size() > 1) throw new EvalError("dict expected at most 1 argument, got " + args.size());
    Map<Object, Object> out = new LinkedHashMap<>();
    if (!args.isEmpty() && args.get(0) instanceof Map) {
      out.putAll((Map<?, ?>) args.get(0));
    } else if (!args.isEmpty()) {
      for (Object pair : Values.iterate(args.get(0))) {
        List<Object> kv = Values.iterate(pair);
        if (kv.size() != 2) throw new EvalError("dictionary update sequence element has length " + kv.size() + "; 2 is required");
        Values.checkHashable(kv.get(0));
        out.put(kv.get(0), kv.get(1));
      }
    }
    out.putAll(kwargs);
    return out;
  }
}

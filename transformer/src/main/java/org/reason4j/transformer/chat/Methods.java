package org.reason4j.transformer.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The Python methods templates call on values: {@code str} (strip, split, startswith, replace, format,
 * ...), {@code dict} (items, keys, values, get) and {@code list} (index, count). Methods that would
 * mutate a value come back as an unsafe undefined, as in Jinja's ImmutableSandboxedEnvironment, so
 * using them fails with Jinja's message. {@code keys()}, {@code values()} and {@code items()} return
 * lists (Python returns views; they iterate and compare the same, only their repr differs).
 */
final class Methods {
  private Methods() {}

  private static final Set<String> UNSAFE_DICT = Set.of("clear", "pop", "popitem", "setdefault", "update");
  private static final Set<String> UNSAFE_LIST =
      Set.of("append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear");

  /** The bound method {@code obj.name}, an unsafe undefined, or null when the value has no such method. */
  static Object lookup(Object obj, String name) {
    if (obj instanceof String) return stringMethod((String) obj, name);
    if (obj instanceof Map) {
      if (UNSAFE_DICT.contains(name)) return Undefined.unsafe(obj, name);
      return dictMethod((Map<?, ?>) obj, name);
    }
    if (obj instanceof List) {
      if (!(obj instanceof Tuple) && UNSAFE_LIST.contains(name)) return Undefined.unsafe(obj, name);
      return listMethod((List<?>) obj, name);
    }
    return null;
  }

  private static TemplateFunction method(Params params, java.util.function.Function<Params.Bound, Object> body) {
    return (args, kwargs) -> body.apply(params.bind(args, kwargs));
  }

  // ------------------------------------------------------------------ str

  private static TemplateFunction stringMethod(String s, String name) {
    switch (name) {
      case "strip": return method(Params.of(name, "chars", null), a -> PyStrings.strip(s, chars(a)));
      case "lstrip": return method(Params.of(name, "chars", null), a -> PyStrings.lstrip(s, chars(a)));
      case "rstrip": return method(Params.of(name, "chars", null), a -> PyStrings.rstrip(s, chars(a)));
      case "split":
        return method(Params.of(name, "sep", null, "maxsplit", -1L),
            a -> PyStrings.split(s, Params.optString(a.get(0), "sep"), Params.integer(a.get(1), "maxsplit")));
      case "rsplit":
        return method(Params.of(name, "sep", null, "maxsplit", -1L),
            a -> PyStrings.rsplit(s, Params.optString(a.get(0), "sep"), Params.integer(a.get(1), "maxsplit")));
      case "splitlines":
        return method(Params.of(name, "keepends", false), a -> PyStrings.splitlines(s, Values.truthy(a.get(0))));
      case "startswith": return method(Params.of(name, "prefix", Params.REQUIRED), a -> affix(s, a.get(0), true));
      case "endswith": return method(Params.of(name, "suffix", Params.REQUIRED), a -> affix(s, a.get(0), false));
      case "upper": return method(Params.of(name), a -> PyStrings.upper(s));
      case "lower": return method(Params.of(name), a -> PyStrings.lower(s));
      case "title": return method(Params.of(name), a -> PyStrings.title(s));
      case "capitalize": return method(Params.of(name), a -> PyStrings.capitalize(s));
      case "replace":
        return method(Params.of(name, "old", Params.REQUIRED, "new", Params.REQUIRED, "count", -1L),
            a -> PyStrings.replace(s, Params.string(a.get(0), "old"), Params.string(a.get(1), "new"),
                Params.integer(a.get(2), "count")));
      case "find":
        return method(Params.of(name, "sub", Params.REQUIRED), a -> PyStrings.cpIndex(s, s.indexOf(sub(a))));
      case "rfind":
        return method(Params.of(name, "sub", Params.REQUIRED), a -> PyStrings.cpIndex(s, s.lastIndexOf(sub(a))));
      case "index":
        return method(Params.of(name, "sub", Params.REQUIRED), a -> {
          int at = s.indexOf(sub(a));
          if (at < 0) throw new EvalError("substring not found");
          return PyStrings.cpIndex(s, at);
        });
      case "count": return method(Params.of(name, "sub", Params.REQUIRED), a -> PyStrings.count(s, sub(a)));
      case "join": return method(Params.of(name, "iterable", Params.REQUIRED), a -> join(s, a.get(0)));
      case "format": return (args, kwargs) -> PyFormat.format(s, args, kwargs);
      case "removeprefix":
        return method(Params.of(name, "prefix", Params.REQUIRED), a -> {
          String p = Params.string(a.get(0), "prefix");
          return s.startsWith(p) ? s.substring(p.length()) : s;
        });
      case "removesuffix":
        return method(Params.of(name, "suffix", Params.REQUIRED), a -> {
          String p = Params.string(a.get(0), "suffix");
          return s.endsWith(p) && !p.isEmpty() ? s.substring(0, s.length() - p.length()) : s;
        });
      case "isdigit": return predicate(name, s, Character::isDigit);
      case "isalpha": return predicate(name, s, Character::isLetter);
      case "isalnum": return predicate(name, s, Character::isLetterOrDigit);
      case "isspace": return predicate(name, s, Lexer::isSpace);
      case "isupper": return method(Params.of(name), a -> hasCase(s, true));
      case "islower": return method(Params.of(name), a -> hasCase(s, false));
      default: return null;
    }
  }

  private static String chars(Params.Bound a) {
    return Params.optString(a.get(0), "strip characters");
  }

  private static String sub(Params.Bound a) {
    return Params.string(a.get(0), "substring");
  }

  private static boolean affix(String s, Object arg, boolean prefix) {
    if (arg instanceof Tuple) {
      for (Object o : (Tuple) arg) if (affix(s, o, prefix)) return true;
      return false;
    }
    if (!(arg instanceof String)) {
      throw new EvalError((prefix ? "startswith" : "endswith") + " first arg must be str or a tuple of str, not "
          + Values.typeName(arg));
    }
    return prefix ? s.startsWith((String) arg) : s.endsWith((String) arg);
  }

  /** {@code sep.join(items)}: every item must already be a string, as in Python. */
  static String join(String sep, Object iterable) {
    List<Object> items = Values.iterate(iterable);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String)) {
        throw new EvalError("sequence item " + i + ": expected str instance, " + Values.typeName(items.get(i)) + " found");
      }
      if (i > 0) sb.append(sep);
      sb.append((String) items.get(i));
    }
    return sb.toString();
  }

  private static TemplateFunction predicate(String name, String s, IntPredicate p) {
    return method(Params.of(name), a -> !s.isEmpty() && s.codePoints().allMatch(p));
  }

  private static boolean hasCase(String s, boolean upper) {
    boolean cased = false;
    for (int cp : s.codePoints().toArray()) {
      if (upper ? Character.isLowerCase(cp) : Character.isUpperCase(cp) || Character.isTitleCase(cp)) return false;
      cased |= upper ? Character.isUpperCase(cp) || Character.isTitleCase(cp) : Character.isLowerCase(cp);
    }
    return cased;
  }

  // ------------------------------------------------------------------ dict and list

  private static TemplateFunction dictMethod(Map<?, ?> m, String name) {
    switch (name) {
      case "items":
        return method(Params.of(name), a -> {
          List<Object> out = new ArrayList<>();
          for (Map.Entry<?, ?> e : m.entrySet()) out.add(Tuple.of(e.getKey(), e.getValue()));
          return out;
        });
      case "keys": return method(Params.of(name), a -> new ArrayList<Object>(m.keySet()));
      case "values": return method(Params.of(name), a -> new ArrayList<Object>(m.values()));
      case "get":
        return method(Params.of(name, "key", Params.REQUIRED, "default", null), a -> {
          Values.checkHashable(a.get(0));
          Object k = Values.findKey(m, a.get(0));
          return k == Frame.MISSING ? a.get(1) : m.get(k);
        });
      case "copy": return method(Params.of(name), a -> new LinkedHashMap<Object, Object>(m));
      default: return null;
    }
  }

  private static TemplateFunction listMethod(List<?> list, String name) {
    switch (name) {
      case "index":
        return method(Params.of(name, "value", Params.REQUIRED), a -> {
          for (int i = 0; i < list.size(); i++) if (Values.pyEquals(list.get(i), a.get(0))) return (long) i;
          throw new EvalError(Values.repr(a.get(0)) + " is not in " + Values.typeName(list));
        });
      case "count":
        return method(Params.of(name, "value", Params.REQUIRED), a -> {
          long n = 0;
          for (Object x : list) if (Values.pyEquals(x, a.get(0))) n++;
          return n;
        });
      case "copy":
        return list instanceof Tuple ? null : method(Params.of(name), a -> new ArrayList<Object>(list));
      default: return null;
    }
  }
}

package org.reason4j.rl.sandbox;

import java.util.ArrayList;
import java.util.List;
import org.reason4j.rl.sandbox.Values.PyList;
import org.reason4j.rl.sandbox.Values.PyTuple;

/**
 * The str methods of the subset, with Python's rules: {@code split()} without a separator splits on
 * runs of whitespace, {@code strip(chars)} strips any of the given characters, {@code join} needs
 * strings. Results are charged to the budget by their length.
 */
final class StringMethods {
  private StringMethods() {}

  static Object call(String s, String name, Args a, Interpreter in) {
    Budget budget = in.budget;
    budget.steps(s.length());
    switch (name) {
      case "split": return split(s, a, budget);
      case "join": a.check(1, 1); return join(s, in.materialize(a.get(0)), budget);
      case "strip":
      case "lstrip":
      case "rstrip": {
        a.check(0, 1);
        String chars = a.size() == 0 || a.get(0) == Values.NONE ? null : text(a.get(0));
        int lo = 0;
        int hi = s.length();
        if (!name.equals("rstrip")) while (lo < hi && stripped(s.charAt(lo), chars)) lo++;
        if (!name.equals("lstrip")) while (hi > lo && stripped(s.charAt(hi - 1), chars)) hi--;
        return s.substring(lo, hi);
      }
      case "replace": return replace(s, a, budget);
      case "lower": a.check(0, 0); return s.toLowerCase(java.util.Locale.ROOT);
      case "upper": a.check(0, 0); return s.toUpperCase(java.util.Locale.ROOT);
      case "startswith":
      case "endswith": {
        a.check(1, 1);
        List<Object> options = a.get(0) instanceof PyTuple t ? t.items() : List.of(a.get(0));
        for (Object o : options) if (name.equals("startswith") ? s.startsWith(text(o)) : s.endsWith(text(o))) return true;
        return false;
      }
      case "find": {
        a.check(1, 1);
        budget.steps(PyOps.searchCost(s, text(a.get(0))));
        return (long) s.indexOf(text(a.get(0)));
      }
      case "count": {
        a.check(1, 1);
        String sub = text(a.get(0));
        budget.steps(PyOps.searchCost(s, sub));
        if (sub.isEmpty()) return (long) s.length() + 1;
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
      }
      case "isdigit": a.check(0, 0); return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
      default: throw SandboxException.unsupported("str." + name);
    }
  }

  private static String join(String sep, List<Object> parts, Budget budget) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (!(parts.get(i) instanceof String p))
        throw SandboxException.pyError("TypeError", "sequence item " + i + ": expected str instance, " + PyOps.typeName(parts.get(i)) + " found");
      budget.alloc(p.length() + (long) sep.length());
      if (i > 0) sb.append(sep);
      sb.append(p);
    }
    return sb.toString();
  }

  /** str.replace(old, new[, count]); an empty {@code old} matches between every two characters. */
  private static String replace(String s, Args a, Budget budget) {
    a.check(2, 3);
    String old = text(a.get(0));
    String rep = text(a.get(1));
    budget.steps(PyOps.searchCost(s, old));
    long count = a.size() == 3 ? PyOps.toLong(a.get(2), "count") : -1;
    double matches = old.isEmpty() ? s.length() + 1 : (double) s.length() / old.length();
    budget.alloc(s.length() + matches * rep.length());
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (long done = 0; count < 0 || done < count; done++) {
      int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
      if (at < 0) break;
      sb.append(s, from, at).append(rep);
      if (old.isEmpty()) {
        if (at < s.length()) sb.append(s.charAt(at));
        from = at + 1;
      } else {
        from = at + old.length();
      }
    }
    if (from < s.length()) sb.append(s, from, s.length());
    return sb.toString();
  }

  private static String text(Object v) {
    if (v instanceof String s) return s;
    throw SandboxException.pyError("TypeError", "must be str, not " + PyOps.typeName(v));
  }

  private static boolean stripped(char c, String chars) {
    return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
  }

  private static PyList split(String s, Args a, Budget budget) {
    a.check(0, 2, "sep", "maxsplit");
    Object sepArg = a.has(0, "sep") ? a.arg(0, "sep") : Values.NONE;
    long max = a.has(1, "maxsplit") ? PyOps.toLong(a.arg(1, "maxsplit"), "maxsplit") : -1;
    budget.alloc(2L * s.length() + 1);
    ArrayList<Object> out = new ArrayList<>();
    if (sepArg == Values.NONE) {
      int i = 0;
      int n = s.length();
      while (true) {
        while (i < n && stripped(s.charAt(i), null)) i++;
        if (i >= n) break;
        if (max >= 0 && out.size() >= max) {
          int end = n;
          while (end > i && stripped(s.charAt(end - 1), null)) end--;
          out.add(s.substring(i, end));
          break;
        }
        int j = i;
        while (j < n && !stripped(s.charAt(j), null)) j++;
        out.add(s.substring(i, j));
        i = j;
      }
      return new PyList(out);
    }
    String sep = text(sepArg);
    if (sep.isEmpty()) throw SandboxException.pyError("ValueError", "empty separator");
    budget.steps(PyOps.searchCost(s, sep));
    int from = 0;
    for (int at = s.indexOf(sep); at >= 0 && (max < 0 || out.size() < max); at = s.indexOf(sep, from)) {
      out.add(s.substring(from, at));
      from = at + sep.length();
    }
    out.add(s.substring(from));
    return new PyList(out);
  }
}

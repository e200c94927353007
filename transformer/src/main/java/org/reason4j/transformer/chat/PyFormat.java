package org.reason4j.transformer.chat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's two string-formatting forms as templates use them: {@code "%s: %d" % (a, b)} (also the
 * {@code format} filter) and {@code "{} and {name}".format(a, name=b)}. Conversions {@code s r d i f
 * x %} with flags {@code -0}, width and precision; {@code .format} takes automatic, numbered and named
 * fields with an optional {@code !s}/{@code !r} conversion. Format specs after {@code :} in
 * {@code .format} are not supported and fail with a clear message.
 */
final class PyFormat {
  private PyFormat() {}

  private static final Pattern SPEC = Pattern.compile("%(?:\\(([^)]*)\\))?([-0 +#]*)(\\d+)?(?:\\.(\\d+))?([sdirfxX%])");

  static String percent(String fmt, Object args) {
    List<?> positional = args instanceof Tuple ? (Tuple) args : List.of();
    boolean single = !(args instanceof Tuple);
    StringBuilder out = new StringBuilder();
    Matcher m = SPEC.matcher(fmt);
    int last = 0;
    int next = 0;
    while (m.find()) {
      out.append(fmt, last, m.start());
      last = m.end();
      char conv = m.group(5).charAt(0);
      if (conv == '%') {
        out.append('%');
        continue;
      }
      Object value;
      if (m.group(1) != null) {
        if (!(args instanceof Map)) throw new EvalError("format requires a mapping");
        value = Values.getItem(args, m.group(1));
      } else if (single) {
        if (next++ > 0) throw new EvalError("not enough arguments for format string");
        value = args;
      } else {
        if (next >= positional.size()) throw new EvalError("not enough arguments for format string");
        value = positional.get(next++);
      }
      out.append(convert(conv, m.group(2), m.group(3), m.group(4), value));
    }
    int leftover = fmt.indexOf('%', last);
    if (leftover >= 0) throw new EvalError("unsupported format character at index " + leftover);
    // Python ignores unused arguments only for mapping-like values (undefined counts, having __getitem__).
    boolean mappingLike = args instanceof Map || args instanceof Undefined;
    if (single ? next == 0 && !mappingLike : next < positional.size()) {
      throw new EvalError("not all arguments converted during string formatting");
    }
    return out.append(fmt.substring(last)).toString();
  }

  private static String convert(char conv, String flags, String width, String precision, Object v) {
    String body;
    switch (conv) {
      case 's': body = Values.str(v); break;
      case 'r': body = Values.repr(v); break;
      case 'd': case 'i': body = Long.toString(wholeNumber(v, conv)); break;
      case 'x': body = Long.toHexString(wholeNumber(v, conv)); break;
      case 'X': body = Long.toHexString(wholeNumber(v, conv)).toUpperCase(); break;
      default:
        if (!Values.isNumber(v)) throw new EvalError("must be real number, not " + Values.typeName(v));
        body = new BigDecimal(Values.asDouble(v))
            .setScale(precision == null ? 6 : Integer.parseInt(precision), RoundingMode.HALF_EVEN)
            .toPlainString();
    }
    if ((conv == 's' || conv == 'r') && precision != null) {
      body = body.substring(0, Math.min(body.length(), Integer.parseInt(precision)));
    }
    int w = width == null ? 0 : Integer.parseInt(width);
    if (body.length() >= w) return body;
    String pad = (flags.contains("0") && !flags.contains("-") && conv != 's' && conv != 'r' ? "0" : " ")
        .repeat(w - body.length());
    if (flags.contains("-")) return body + " ".repeat(w - body.length());
    if (pad.startsWith("0") && body.startsWith("-")) return "-" + pad + body.substring(1);
    return pad + body;
  }

  private static long wholeNumber(Object v, char conv) {
    if (Values.isInteger(v)) return Values.asLong(v);
    if (v instanceof Double && conv != 'x' && conv != 'X') return (long) (double) (Double) v;
    throw new EvalError("%" + conv + " format: a real number is required, not " + Values.typeName(v));
  }

  /** {@code fmt.format(*args, **kwargs)}. */
  static String format(String fmt, List<Object> args, Map<String, Object> kwargs) {
    StringBuilder out = new StringBuilder();
    int auto = 0;
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if ((c == '{' || c == '}') && i + 1 < fmt.length() && fmt.charAt(i + 1) == c) {
        out.append(c);
        i++;
      } else if (c == '}') {
        throw new EvalError("Single '}' encountered in format string");
      } else if (c == '{') {
        int close = fmt.indexOf('}', i);
        if (close < 0) throw new EvalError("Single '{' encountered in format string");
        String field = fmt.substring(i + 1, close);
        if (field.contains(":")) throw new EvalError("format specs ('" + field + "') are not supported in templates");
        char conversion = 's';
        int bang = field.indexOf('!');
        if (bang >= 0) {
          conversion = field.length() == bang + 2 ? field.charAt(bang + 1) : '?';
          if (conversion != 's' && conversion != 'r') throw new EvalError("unknown conversion in '{" + field + "}'");
          field = field.substring(0, bang);
        }
        Object value = field.isEmpty() ? positional(args, auto++)
            : field.chars().allMatch(Character::isDigit) ? positional(args, Integer.parseInt(field))
            : named(kwargs, field);
        out.append(conversion == 'r' ? Values.repr(value) : Values.str(value));
        i = close;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static Object positional(List<Object> args, int index) {
    if (index >= args.size()) throw new EvalError("Replacement index " + index + " out of range for positional args tuple");
    return args.get(index);
  }

  private static Object named(Map<String, Object> kwargs, String field) {
    if (!kwargs.containsKey(field)) throw new EvalError("KeyError: '" + field + "'");
    return kwargs.get(field);
  }
}

package org.reason4j.transformer.chat;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * C's {@code strftime} in the C locale for {@code strftime_now}, which templates such as Llama 3.1 use
 * to print today's date ({@code "%d %b %Y"}). Includes glibc's {@code %-d} (no padding). The time is
 * naive local time, as Python's {@code datetime.now()}, so {@code %Z} and {@code %z} are empty.
 */
final class Strftime {
  private Strftime() {}

  static String format(String fmt, LocalDateTime t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fmt.length(); i++) {
      char c = fmt.charAt(i);
      if (c != '%' || i + 1 >= fmt.length()) {
        out.append(c);
        continue;
      }
      boolean unpadded = fmt.charAt(i + 1) == '-' && i + 2 < fmt.length();
      char d = fmt.charAt(unpadded ? i + 2 : i + 1);
      i += unpadded ? 2 : 1;
      String field = field(d, t);
      if (field == null) {
        out.append('%').append(unpadded ? "-" : "").append(d);
      } else {
        out.append(unpadded ? stripZeros(field) : field);
      }
    }
    return out.toString();
  }

  private static String field(char d, LocalDateTime t) {
    switch (d) {
      case 'a': return t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US);
      case 'A': return t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US);
      case 'b': case 'h': return t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
      case 'B': return t.getMonth().getDisplayName(TextStyle.FULL, Locale.US);
      case 'd': return two(t.getDayOfMonth());
      case 'e': return String.format("%2d", t.getDayOfMonth());
      case 'm': return two(t.getMonthValue());
      case 'y': return two(t.getYear() % 100);
      case 'Y': return Integer.toString(t.getYear());
      case 'H': return two(t.getHour());
      case 'I': return two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
      case 'M': return two(t.getMinute());
      case 'S': return two(t.getSecond());
      case 'p': return t.getHour() < 12 ? "AM" : "PM";
      case 'j': return String.format("%03d", t.getDayOfYear());
      case 'f': return String.format("%06d", t.getNano() / 1000);
      case 'w': return Integer.toString(t.getDayOfWeek().getValue() % 7);
      case 'u': return Integer.toString(t.getDayOfWeek().getValue());
      case 'c': return format("%a %b %e %H:%M:%S %Y", t);
      case 'x': return format("%m/%d/%y", t);
      case 'X': return format("%H:%M:%S", t);
      case 'D': return format("%m/%d/%y", t);
      case 'F': return format("%Y-%m-%d", t);
      case 'T': return format("%H:%M:%S", t);
      case 'Z': case 'z': return "";
      case '%': return "%";
      default: return null;
    }
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private static String stripZeros(String field) {
    String s = field.stripLeading();
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') i++;
    return s.substring(i);
  }
}

package org.reason4j.transformer.tokenizer;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a regex written for Oniguruma (the engine the Rust tokenizers library uses, Ruby syntax)
 * into a {@link java.util.regex.Pattern} that matches the same strings.
 *
 * <p>Java accepts most Oniguruma syntax unchanged; what differs is translated here:
 * {@code \s \d \w \h \v} and their negations get Oniguruma's Unicode meaning (Java's defaults are
 * ASCII, and Java's {@code \h}/{@code \v} are whitespace classes), POSIX brackets and long Unicode
 * property names are spelled the Java way, {@code ^ $ .} keep their Ruby line semantics (only
 * {@code \n} ends a line), Ruby's {@code (?m)} (dot matches newline) becomes Java's {@code (?s)},
 * and a {@code {} that starts no quantifier is a literal. Constructs with no Java equivalent
 * ({@code \K}, subexpression calls, unknown properties) are rejected with an error naming the regex.
 */
final class OnigRegex {
  private static final String WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
  private static final String HEX = "0-9A-Fa-f";
  private static final Map<String, String> CATEGORIES = categories();
  private static final Map<String, String> POSIX = Map.ofEntries(
      Map.entry("alpha", "\\p{IsAlphabetic}"), Map.entry("digit", "\\p{Nd}"),
      Map.entry("alnum", "\\p{IsAlphabetic}\\p{Nd}"), Map.entry("upper", "\\p{IsUppercase}"),
      Map.entry("lower", "\\p{IsLowercase}"), Map.entry("space", "\\p{IsWhite_Space}"),
      Map.entry("blank", "\\p{Zs}\\t"), Map.entry("punct", "\\p{P}"), Map.entry("cntrl", "\\p{Cc}"),
      Map.entry("xdigit", HEX), Map.entry("word", WORD));

  private final String re;
  private final String where;
  private final StringBuilder out = new StringBuilder();
  private int i;
  private int classDepth;

  private OnigRegex(String re, String where) {
    this.re = re;
    this.where = where;
  }

  static Pattern compile(String onig, String where) {
    String java = translate(onig, where);
    try {
      return Pattern.compile(java, Pattern.MULTILINE | Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw new TokenizerException(where + ": regex /" + onig + "/ cannot be compiled: " + e.getDescription());
    }
  }

  static String translate(String onig, String where) {
    OnigRegex t = new OnigRegex(onig, where);
    t.run();
    return t.out.toString();
  }

  private TokenizerException fail(String problem) {
    return new TokenizerException(where + ": regex /" + re + "/: " + problem + " at index " + i);
  }

  private void run() {
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        escape();
      } else if (classDepth > 0) {
        inClass(c);
      } else if (c == '[') {
        openClass();
      } else if (c == '{') {
        brace();
      } else if (c == '(' && re.startsWith("(?", i)) {
        group();
      } else {
        out.append(c);
        i++;
      }
    }
    if (classDepth > 0) throw fail("unterminated character class");
  }

  private void openClass() {
    classDepth++;
    out.append('[');
    i++;
    if (i < re.length() && re.charAt(i) == '^') {
      out.append('^');
      i++;
    }
    if (i < re.length() && re.charAt(i) == ']') { // a leading ']' is a literal in Oniguruma
      out.append("\\]");
      i++;
    }
  }

  private void inClass(char c) {
    if (c == '[' && re.startsWith("[:", i)) {
      posix();
    } else if (c == '[') {
      openClass();
    } else {
      if (c == ']') classDepth--;
      out.append(c);
      i++;
    }
  }

  private void posix() {
    int end = re.indexOf(":]", i + 2);
    if (end < 0) throw fail("unterminated POSIX bracket");
    String name = re.substring(i + 2, end);
    boolean negated = name.startsWith("^");
    String body = POSIX.get(negated ? name.substring(1) : name);
    if (body == null) throw fail("unsupported POSIX class [:" + name + ":]");
    out.append(negated ? "[^" + body + "]" : body);
    i = end + 2;
  }

  /** A {n}, {n,}, {n,m} or Oniguruma's {,m} quantifier; any other '{' is a literal. */
  private void brace() {
    int j = i + 1;
    int digits1 = j;
    while (j < re.length() && Character.isDigit(re.charAt(j))) j++;
    boolean min = j > digits1;
    boolean comma = j < re.length() && re.charAt(j) == ',';
    if (comma) j++;
    int digits2 = j;
    while (j < re.length() && Character.isDigit(re.charAt(j))) j++;
    boolean max = j > digits2;
    boolean closed = j < re.length() && re.charAt(j) == '}';
    if (closed && (min || comma && max)) {
      out.append('{').append(min ? "" : "0").append(re, i + 1, j + 1);
      i = j + 1;
    } else {
      out.append("\\{");
      i++;
    }
  }

  /** (?flags), (?flags:...), comments; other (?...) groups are the same in Java. */
  private void group() {
    int j = i + 2;
    if (j < re.length() && re.charAt(j) == '#') {
      int end = re.indexOf(')', j);
      if (end < 0) throw fail("unterminated comment group");
      i = end + 1;
      return;
    }
    int k = j;
    while (k < re.length() && "imx-".indexOf(re.charAt(k)) >= 0) k++;
    if (k == j || k >= re.length() || re.charAt(k) != ')' && re.charAt(k) != ':') {
      out.append("(?");
      i += 2;
      return;
    }
    out.append("(?").append(re.substring(j, k).replace('m', 's')).append(re.charAt(k));
    i = k + 1;
  }

  private void escape() {
    if (i + 1 >= re.length()) throw fail("trailing backslash");
    char e = re.charAt(i + 1);
    boolean inClass = classDepth > 0;
    String rep;
    switch (e) {
      case 's': rep = "\\p{IsWhite_Space}"; break;
      case 'S': rep = "\\P{IsWhite_Space}"; break;
      case 'd': rep = "\\p{Nd}"; break;
      case 'D': rep = "\\P{Nd}"; break;
      case 'w': rep = inClass ? WORD : "[" + WORD + "]"; break;
      case 'W': rep = "[^" + WORD + "]"; break;
      case 'h': rep = inClass ? HEX : "[" + HEX + "]"; break;
      case 'H': rep = "[^" + HEX + "]"; break;
      case 'v': rep = "\\x0B"; break;
      case 'a': rep = "\\x07"; break;
      case 'p':
      case 'P':
        property(e == 'P');
        return;
      case 'K':
        throw fail("\\K is not supported");
      case 'g':
        throw fail("subexpression calls (\\g) are not supported");
      default:
        rep = re.substring(i, i + 2);
    }
    out.append(rep);
    i += 2;
  }

  private void property(boolean negated) {
    if (i + 2 >= re.length() || re.charAt(i + 2) != '{') throw fail("\\p needs {name}");
    int end = re.indexOf('}', i + 3);
    if (end < 0) throw fail("unterminated \\p{...}");
    String name = re.substring(i + 3, end);
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String javaName = propertyName(name);
    out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
    i = end + 1;
  }

  /** Oniguruma property names are case-, space-, '-' and '_'-insensitive; Java's are not. */
  private String propertyName(String name) {
    String key = name.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
    String cat = CATEGORIES.get(key);
    if (cat != null) return cat;
    if (key.equals("alpha")) return "IsAlphabetic";
    if (key.equals("space")) return "IsWhite_Space";
    String candidate = "Is" + name.replace(" ", "_");
    try {
      Pattern.compile("\\p{" + candidate + "}");
      return candidate;
    } catch (PatternSyntaxException e) {
      throw fail("unsupported Unicode property \\p{" + name + "}");
    }
  }

  private static Map<String, String> categories() {
    String[][] names = {
      {"L", "letter"}, {"Lu", "uppercaseletter"}, {"Ll", "lowercaseletter"}, {"Lt", "titlecaseletter"},
      {"Lm", "modifierletter"}, {"Lo", "otherletter"}, {"M", "mark"}, {"Mn", "nonspacingmark"},
      {"Mc", "spacingmark"}, {"Me", "enclosingmark"}, {"N", "number"}, {"Nd", "decimalnumber"},
      {"Nl", "letternumber"}, {"No", "othernumber"}, {"P", "punctuation"}, {"Pc", "connectorpunctuation"},
      {"Pd", "dashpunctuation"}, {"Ps", "openpunctuation"}, {"Pe", "closepunctuation"},
      {"Pi", "initialpunctuation"}, {"Pf", "finalpunctuation"}, {"Po", "otherpunctuation"},
      {"S", "symbol"}, {"Sm", "mathsymbol"}, {"Sc", "currencysymbol"}, {"Sk", "modifiersymbol"},
      {"So", "othersymbol"}, {"Z", "separator"}, {"Zs", "spaceseparator"}, {"Zl", "lineseparator"},
      {"Zp", "paragraphseparator"}, {"C", "other"}, {"Cc", "control"}, {"Cf", "format"},
      {"Cs", "surrogate"}, {"Co", "privateuse"}, {"Cn", "unassigned"},
    };
    Map<String, String> m = new HashMap<>();
    for (String[] n : names) {
      m.put(n[0].toLowerCase(Locale.ROOT), n[0]);
      m.put(n[1], n[0]);
    }
    return m;
  }
}

package org.reason4j.transformer.chat;

import java.util.Arrays;

/**
 * A template's text as Jinja sees it, plus its name, so that any offset can be turned into an error
 * naming the template, line and column.
 *
 * <p>Jinja first normalises {@code \r\n} and {@code \r} to {@code \n} and, because Hugging Face leaves
 * {@code keep_trailing_newline} off, drops one trailing newline; offsets refer to that text.
 */
final class Source {
  final String name;
  final String text;
  private final int[] lineStarts;

  Source(String name, String template) {
    this.name = name;
    String t = template.replace("\r\n", "\n").replace('\r', '\n');
    this.text = t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
    int lines = 1;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lines++;
    lineStarts = new int[lines];
    int k = 1;
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') lineStarts[k++] = i + 1;
  }

  int line(int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  int column(int offset) {
    return offset - lineStarts[line(offset) - 1] + 1;
  }

  TemplateException error(TemplateException.Kind kind, int offset, String message) {
    return new TemplateException(kind, name, line(offset), column(offset), message);
  }

  TemplateException syntaxError(int offset, String message) {
    return error(TemplateException.Kind.SYNTAX, offset, message);
  }
}

package org.reason4j.transformer.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A parsed Jinja template, rendered the way Hugging Face transformers renders chat templates: Jinja2's
 * {@code ImmutableSandboxedEnvironment} with {@code trim_blocks}, {@code lstrip_blocks} and
 * {@code loopcontrols}, plus transformers' {@code tojson}, {@code raise_exception} and
 * {@code strftime_now}.
 *
 * <p>This is a small interpreter (lexer, parser, tree-walking evaluator) for the subset of Jinja that
 * chat templates use, not a general Jinja engine: there is no autoescaping, no template inheritance or
 * includes, and templates see only plain data (maps, lists, strings, numbers, booleans, null), never
 * Java objects. Parsing checks syntax, filter and test names up front; a parsed template is immutable
 * and can be rendered concurrently.
 *
 * <pre>{@code
 * JinjaTemplate t = JinjaTemplate.parse("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}", "demo");
 * t.render(Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))));  // "user: hi\n"
 * }</pre>
 */
public final class JinjaTemplate {
  private final Source source;
  private final List<Node> body;

  private JinjaTemplate(Source source, List<Node> body) {
    this.source = source;
    this.body = body;
  }

  /**
   * Parses a template.
   *
   * @param sourceName names the template in error messages (e.g. the file it came from)
   * @throws TemplateException of kind SYNTAX, with line and column, if the template is malformed
   */
  public static JinjaTemplate parse(String template, String sourceName) {
    Source src = new Source(sourceName, template);
    return new JinjaTemplate(src, Parser.parse(src));
  }

  public String sourceName() {
    return source.name;
  }

  /**
   * Renders with the given variables (plain data only; see {@link Values#fromHost}).
   *
   * @throws TemplateException of kind RUNTIME or RAISED, with the template line and column
   * @throws IllegalArgumentException if a variable holds something other than plain data
   */
  public String render(Map<String, ?> variables) {
    return render(variables, Clock.systemDefaultZone());
  }

  /** As {@link #render(Map)}, with the clock {@code strftime_now} reads (for reproducible dates). */
  public String render(Map<String, ?> variables, Clock clock) {
    Context cx = new Context(source, clock);
    Frame root = new Frame(Globals.frame(cx));
    for (Map.Entry<String, ?> e : variables.entrySet()) {
      root.set(e.getKey(), Values.fromHost(e.getValue(), source.name + ": variable '" + e.getKey() + "'"));
    }
    StringBuilder out = new StringBuilder();
    cx.render(body, root, out);
    return out.toString();
  }
}

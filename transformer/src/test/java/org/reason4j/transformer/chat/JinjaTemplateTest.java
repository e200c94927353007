package org.reason4j.transformer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The interpreter on small templates: whitespace control, scoping, loops, namespaces and filters as
 * usage examples, and the error contract (kind, template name, line and column), the sandbox
 * boundary and the guards against runaway templates. Jinja2 parity over many more cases is in
 * JinjaSemanticsGoldenTest.
 */
class JinjaTemplateTest {

  private static String render(String template, Map<String, ?> vars) {
    return JinjaTemplate.parse(template, "test").render(vars);
  }

  private static String render(String template) {
    return render(template, Map.of());
  }

  @Test
  void dashesStripWhitespaceAndBlockTagsEatTheirNewline() {
    assertEquals("ab", render("a   {{- 'b' }}"));
    assertEquals("[x]", render("[\n  {%- if true %}x\n  {%- endif %}\n]"));
    assertEquals("yes\n", render("{% if true %}\nyes\n{% endif %}\n"));
    assertEquals("    indented\n", render("    {% if true %}\n    indented\n    {% endif %}"));
  }

  @Test
  void setInsideLoopStaysInTheLoopButNamespaceCarriesOut() {
    String t = "{% set n = 0 %}{% set ns = namespace(n=0) %}"
        + "{% for x in xs %}{% set n = n + x %}{% set ns.n = ns.n + x %}{% endfor %}{{ n }} {{ ns.n }}";
    assertEquals("0 6", render(t, Map.of("xs", List.of(1, 2, 3))));
  }

  @Test
  void loopVariablesFiltersAndElse() {
    String t = "{% for m in ms if m.role != 'system' %}{{ loop.index }}/{{ loop.length }}:{{ m.role }}"
        + "{{ ',' if not loop.last }}{% else %}none{% endfor %}";
    List<Map<String, String>> ms = List.of(Map.of("role", "system"), Map.of("role", "user"), Map.of("role", "assistant"));
    assertEquals("1/2:user,2/2:assistant", render(t, Map.of("ms", ms)));
    assertEquals("none", render(t, Map.of("ms", List.of())));
  }

  @Test
  void pythonFormattingOfValuesAndJson() {
    assertEquals("None True 2.0 [1, 'a'] {'k': (1,)}", render("{{ none }} {{ true }} {{ 4 / 2 }} {{ [1, 'a'] }} {{ {'k': (1,)} }}"));
    assertEquals("{\"a\": 1.0, \"b\": [\"é\", null]}", render("{{ {'a': 1.0, 'b': ['é', none]} | tojson }}"));
    assertEquals("{\n  \"a\": [\n    1\n  ]\n}", render("{{ {'a': [1]} | tojson(indent=2) }}"));
  }

  @Test
  void syntaxErrorsNameTheTemplateLineAndColumn() {
    TemplateException e = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("line one\n  {{ 1 + }}", "cfg.json"));
    assertEquals(TemplateException.Kind.SYNTAX, e.kind());
    assertEquals("cfg.json", e.source());
    assertEquals(2, e.line());
    assertEquals(10, e.column());
    assertTrue(e.getMessage().startsWith("cfg.json:2:10: template syntax error: "), e.getMessage());
  }

  @Test
  void unknownFiltersAndUnclosedBlocksFailAtParseTime() {
    TemplateException filter = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("\n{{ x | frobnicate }}", "t"));
    assertEquals(2, filter.line());
    assertTrue(filter.getMessage().contains("no filter named 'frobnicate'"), filter.getMessage());
    TemplateException unclosed = assertThrows(TemplateException.class, () -> JinjaTemplate.parse("{% for x in y %}\n{% if x %}", "t"));
    assertTrue(unclosed.getMessage().contains("'endif'"), unclosed.getMessage());
  }

  @Test
  void runtimeErrorsPointAtTheFailingExpression() {
    JinjaTemplate t = JinjaTemplate.parse("ok\n{% for m in messages %}{{ m.content + 1 }}{% endfor %}", "tpl");
    TemplateException e = assertThrows(TemplateException.class,
        () -> t.render(Map.of("messages", List.of(Map.of("content", "text")))));
    assertEquals(TemplateException.Kind.RUNTIME, e.kind());
    assertEquals(2, e.line());
    assertEquals(37, e.column());
    assertEquals("can only concatenate str (not \"int\") to str", e.templateMessage());
  }

  @Test
  void undefinedIsLenientUntilItIsDereferenced() {
    assertEquals("[] 0 False", render("[{{ missing }}] {{ missing | length }} {{ missing is defined }}"));
    TemplateException e = assertThrows(TemplateException.class, () -> render("{{ missing.attr }}"));
    assertEquals("'missing' is undefined", e.templateMessage());
  }

  @Test
  void raiseExceptionCarriesTheTemplatesMessage() {
    TemplateException e = assertThrows(TemplateException.class,
        () -> render("{{ raise_exception('Roles must alternate') }}"));
    assertEquals(TemplateException.Kind.RAISED, e.kind());
    assertEquals("Roles must alternate", e.templateMessage());
    assertTrue(e.getMessage().contains("the chat template raised an exception: Roles must alternate"), e.getMessage());
  }

  @Test
  void templatesSeeOnlyPlainData() {
    assertThrows(IllegalArgumentException.class, () -> render("{{ x }}", Map.of("x", new StringBuilder("java object"))));
    assertThrows(IllegalArgumentException.class, () -> render("{{ x }}", Map.of("x", List.of(Thread.currentThread()))));
    TemplateException e = assertThrows(TemplateException.class, () -> render("{{ 'abc'.getClass() }}"));
    assertEquals("'str object' has no attribute 'getClass'", e.templateMessage());
    TemplateException dunder = assertThrows(TemplateException.class, () -> render("{{ {}.__class__() }}"));
    assertTrue(dunder.templateMessage().contains("unsafe"), dunder.templateMessage());
  }

  @Test
  void javaValuesBecomeTemplateValues() {
    Map<String, Object> vars = Map.of("n", 3, "f", 0.5f, "arr", new Object[] {"a", 'b'}, "msg", Message.user("hi"));
    assertEquals("4 1.5 ['a', 'b'] user:hi", render("{{ n + 1 }} {{ f + 1 }} {{ arr }} {{ msg.role }}:{{ msg['content'] }}", vars));
  }

  @Test
  void strftimeNowReadsTheGivenClock() {
    Clock clock = Clock.fixed(Instant.parse("2024-03-05T14:07:09Z"), ZoneOffset.UTC);
    JinjaTemplate t = JinjaTemplate.parse("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%-d %B, %H:%M:%S %p') }}", "t");
    assertEquals("05 Mar 2024|5 March, 14:07:09 PM", t.render(Map.of(), clock));
  }

  @Test
  void runawayTemplatesStopWithAnError() {
    TemplateException recursion = assertThrows(TemplateException.class,
        () -> render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"));
    assertTrue(recursion.templateMessage().contains("maximum recursion depth"), recursion.getMessage());
    String deep = "{{ " + "(".repeat(1000) + "1" + ")".repeat(1000) + " }}";
    TemplateException nesting = assertThrows(TemplateException.class, () -> JinjaTemplate.parse(deep, "t"));
    assertEquals(TemplateException.Kind.SYNTAX, nesting.kind());
    TemplateException big = assertThrows(TemplateException.class, () -> render("{{ 'x' * 1000000000 }}"));
    assertEquals("repetition result is too large", big.templateMessage());
    assertThrows(TemplateException.class, () -> render("{% for i in range(10 ** 9) %}{% endfor %}"));
  }

  @Test
  void parsedTemplatesAreReusable() {
    JinjaTemplate t = JinjaTemplate.parse("{% set x = (x or 0) + 1 %}{{ x }}", "t");
    assertEquals("1", t.render(Map.of()));
    assertEquals("6", t.render(Map.of("x", 5)));
    assertEquals("1", t.render(Map.of()));
  }
}

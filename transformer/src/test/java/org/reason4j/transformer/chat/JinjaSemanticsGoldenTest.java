package org.reason4j.transformer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reason4j.tensor.io.Json;

/**
 * Renders over a hundred small templates, each probing one piece of Jinja semantics (whitespace control, scoping,
 * loops, macros, filters, tests, Python number and repr formatting, undefined values), and compares
 * with Python Jinja2 configured as transformers configures it (tools/chat/make_semantics_golden.py).
 * Cases where Jinja2 raises must raise here too, with the same kind of error; for runtime errors the
 * message must match Jinja2's word for word.
 */
class JinjaSemanticsGoldenTest {
  private static final Set<String> SYNTAX_ERRORS = Set.of("TemplateSyntaxError", "TemplateAssertionError", "SyntaxError");

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesPythonJinja2() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : (List<?>) golden().get("cases")) {
      Map<?, ?> c = (Map<?, ?>) o;
      String name = (String) c.get("name");
      String template = (String) c.get("template");
      @SuppressWarnings("unchecked")
      Map<String, Object> variables = (Map<String, Object>) c.get("variables");
      tests.add(DynamicTest.dynamicTest(name, () -> {
        if (c.containsKey("expected")) {
          assertEquals(c.get("expected"), JinjaTemplate.parse(template, name).render(variables), name);
          return;
        }
        Map<?, ?> error = (Map<?, ?>) c.get("error");
        TemplateException e = assertThrows(TemplateException.class,
            () -> JinjaTemplate.parse(template, name).render(variables), name);
        TemplateException.Kind kind = SYNTAX_ERRORS.contains(error.get("type")) ? TemplateException.Kind.SYNTAX
            : error.get("type").equals("TemplateError") ? TemplateException.Kind.RAISED : TemplateException.Kind.RUNTIME;
        assertEquals(kind, e.kind(), name + ": " + e.getMessage());
        if (kind != TemplateException.Kind.SYNTAX) assertEquals(error.get("message"), e.templateMessage(), name);
      }));
    }
    return tests.stream();
  }

  private static Map<?, ?> golden() throws IOException {
    try (InputStream in = JinjaSemanticsGoldenTest.class.getResourceAsStream("/chat/golden/jinja_semantics.json")) {
      return (Map<?, ?>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "chat/golden/jinja_semantics.json");
    }
  }
}

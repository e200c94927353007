package org.reason4j.transformer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.reason4j.tensor.io.Json;

/**
 * Renders the real Qwen2.5, Qwen3, Llama 3 and Phi-3 chat templates from shared/data and compares
 * each case, character for character, with the render Python transformers (Jinja2) produces. The
 * golden file was made once by tools/chat (make_golden.mjs with @huggingface/jinja, cross-checked
 * and corrected to Python by check_python.py); where the JavaScript engine differs, the case keeps
 * its output as "js" for reference.
 */
class ChatTemplateGoldenTest {
  private static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  @TestFactory
  Stream<DynamicTest> everyGoldenCaseRendersExactly() throws Exception {
    Map<String, Object> golden = golden();
    Map<?, ?> templates = (Map<?, ?>) golden.get("templates");
    Map<String, ChatTemplate> loaded = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : templates.entrySet()) {
      Map<?, ?> t = (Map<?, ?>) e.getValue();
      Path config = DATA.resolve((String) t.get("config"));
      Assumptions.assumeTrue(Files.exists(config), "shared data not present: " + config);
      assertEquals(t.get("sha256"), sha256(config), config + " changed since the golden renders were made");
      loaded.put((String) e.getKey(), ChatTemplate.load(config));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : (List<?>) golden.get("cases")) {
      Map<?, ?> c = (Map<?, ?>) o;
      String name = c.get("template") + "/" + c.get("name");
      tests.add(DynamicTest.dynamicTest(name, () -> {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) c.get("messages");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = c.containsKey("variables") ? (Map<String, Object>) c.get("variables") : Map.of();
        String actual = loaded.get(c.get("template"))
            .renderMaps(messages, (Boolean) c.get("add_generation_prompt"), variables);
        assertEquals(c.get("expected"), actual, name);
      }));
    }
    return tests.stream();
  }

  static Map<String, Object> golden() throws IOException {
    try (InputStream in = ChatTemplateGoldenTest.class.getResourceAsStream("/chat/golden/chat_templates.json")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "chat/golden/chat_templates.json");
      return m;
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

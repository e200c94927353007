package org.reason4j.transformer.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.io.Json;

/** Loading chat templates from tokenizer directories, the variables they see, and the JSON entry point. */
class ChatTemplateTest {
  private static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));
  private static final String SIMPLE =
      "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
          + "{% if add_generation_prompt %}<assistant>{% endif %}{{ eos_token if not add_generation_prompt }}";

  @TempDir
  Path dir;

  private Path writeConfig(Map<String, Object> config) throws IOException {
    Files.writeString(dir.resolve(ChatTemplate.CONFIG_FILE), Json.write(config));
    return dir;
  }

  @Test
  void rendersMessagesWithSpecialTokensFromAddedTokenObjects() throws IOException {
    writeConfig(Map.of(
        "bos_token", Map.of("__type", "AddedToken", "content", "<s>", "lstrip", false),
        "eos_token", "</s>",
        "chat_template", SIMPLE));
    ChatTemplate t = ChatTemplate.load(dir);
    assertEquals(Optional.of("<s>"), t.bosToken());
    assertEquals(Optional.of("</s>"), t.eosToken());
    List<Message> chat = List.of(Message.system("S"), Message.user("U"));
    assertEquals("<s><system>S<user>U<assistant>", t.render(chat, true));
    assertEquals("<s><system>S<user>U</s>", t.render(chat, false));
  }

  @Test
  void namedTemplateListsUseDefaultUnlessAskedOtherwise() throws IOException {
    writeConfig(Map.of("chat_template", List.of(
        Map.of("name", "tool_use", "template", "tools:{{ tools | length }}"),
        Map.of("name", "default", "template", "default:{{ tools }}"))));
    assertEquals("default:None", ChatTemplate.load(dir).render(List.of(), false));
    assertEquals("tools:2", ChatTemplate.load(dir, "tool_use").render(List.of(), false, Map.of("tools", List.of(1, 2))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.load(dir, "rag"));
    assertTrue(e.getMessage().contains("[tool_use, default]") && e.getMessage().contains(ChatTemplate.CONFIG_FILE), e.getMessage());
  }

  @Test
  void chatTemplateJinjaFileTakesPrecedenceAsInTransformers() throws IOException {
    writeConfig(Map.of("eos_token", "</s>", "chat_template", "from config"));
    Files.writeString(dir.resolve(ChatTemplate.TEMPLATE_FILE), "from jinja file {{ eos_token }}\n");
    assertEquals("from jinja file </s>", ChatTemplate.load(dir).render(List.of(), false));
  }

  @Test
  void configWithoutTemplateIsAClearErrorNamingTheFile() throws IOException {
    writeConfig(Map.of("bos_token", "<s>"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.load(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve(ChatTemplate.CONFIG_FILE).toString()), e.getMessage());
    assertTrue(e.getMessage().contains("no \"chat_template\""), e.getMessage());
    Path missing = dir.resolve("nowhere");
    IllegalArgumentException notFound = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.load(missing));
    assertTrue(notFound.getMessage().contains("not found"), notFound.getMessage());
  }

  @Test
  void llama2BaseTokenizerHasNoChatTemplate() {
    Path llama2 = DATA.resolve("tokenizers/llama2");
    Assumptions.assumeTrue(Files.exists(llama2.resolve(ChatTemplate.CONFIG_FILE)), "shared data not present: " + llama2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChatTemplate.load(llama2));
    assertTrue(e.getMessage().contains("llama2") && e.getMessage().contains("no \"chat_template\""), e.getMessage());
  }

  @Test
  void templateSyntaxErrorsNameTheConfigFile() throws IOException {
    writeConfig(Map.of("chat_template", "{% for m in messages %}\n{{ m.content }"));
    TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.load(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve(ChatTemplate.CONFIG_FILE) + " (chat_template):2:"), e.getMessage());
  }

  @Test
  void extraVariablesReachTheTemplateButCannotReplaceMessages() {
    ChatTemplate t = ChatTemplate.of("{{ enable_thinking }}|{{ tools | tojson }}|{{ documents }}", Map.of(), "inline");
    assertEquals("False|[{\"name\": \"f\"}]|None",
        t.render(List.of(), true, Map.of("enable_thinking", false, "tools", List.of(Map.of("name", "f")))));
    assertThrows(IllegalArgumentException.class, () -> t.render(List.of(), true, Map.of("messages", List.of())));
  }

  @Test
  void messagesAsMapsCarryToolCalls() {
    ChatTemplate t = ChatTemplate.of(
        "{% for m in messages %}{% for c in m.tool_calls %}{{ c.function.name }}{{ c.function.arguments | tojson }}{% endfor %}{% endfor %}",
        Map.of(), "inline");
    Map<String, Object> call = Map.of("function", Map.of("name", "add", "arguments", Map.of("a", 1)));
    assertEquals("add{\"a\": 1}", t.renderMaps(List.of(Map.of("role", "assistant", "tool_calls", List.of(call))), false, Map.of()));
  }

  @Test
  void jsonEntryPointAcceptsArraysOrObjectsAndNamesBadInput() throws IOException {
    ChatTemplate t = ChatTemplate.of(SIMPLE, Map.of("bos_token", "<s>", "eos_token", "</s>"), "inline");
    assertEquals("<s><user>hi</s>", t.renderJson("[{\"role\": \"user\", \"content\": \"hi\"}]", "m.json", false));
    assertEquals("<s><user>hi<assistant>",
        t.renderJson("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"tools\": []}", "m.json", true));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.renderJson("[{\"role\": \"user\"}, {\"content\": \"no role\"}]", "m.json", false));
    assertEquals("m.json: message 1 must be an object with a string \"role\"", e.getMessage());

    writeConfig(Map.of("chat_template", SIMPLE, "bos_token", "<s>"));
    Path messages = dir.resolve("messages.json");
    Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"file\"}]");
    assertEquals("<s><user>file<assistant>", ChatTemplate.render(dir, messages, true));
  }
}

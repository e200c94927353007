package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j chat-template}: the rendered prompt as one JSON string, with or without the generation prompt. */
class ChatTemplateCommandTest {
  @TempDir Path tmp;

  Path config(String template) throws Exception {
    Files.writeString(tmp.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\", \"chat_template\": " + template + "}");
    return tmp;
  }

  @Test
  void rendersMessagesAsAJsonString() throws Exception {
    Path dir = config("\"{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}{{ eos_token }}\\n{% endfor %}"
        + "{% if add_generation_prompt %}<|assistant|>{% endif %}\"");
    Path messages = Files.writeString(tmp.resolve("m.json"),
        "[{\"role\": \"system\", \"content\": \"Be \\\"brief\\\".\"}, {\"role\": \"user\", \"content\": \"2+2?\"}]");
    CapturedRun r = CapturedRun.run("chat-template", "--tokenizer", dir.toString(), "--input", messages.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("\"<|system|>Be \\\"brief\\\".</s>\\n<|user|>2+2?</s>\\n\"", r.out().strip());
    CapturedRun gen = CapturedRun.run("chat-template", "--tokenizer", dir.toString(), "--input", messages.toString(), "--add-generation-prompt");
    assertEquals("\"<|system|>Be \\\"brief\\\".</s>\\n<|user|>2+2?</s>\\n<|assistant|>\"", gen.out().strip());
  }

  @Test
  void aBrokenTemplateOrMessageIsOneErrorLine() throws Exception {
    Path messages = Files.writeString(tmp.resolve("m.json"), "[{\"content\": \"no role\"}]");
    CapturedRun noRole = CapturedRun.run("chat-template", "--tokenizer", config("\"{{ messages }}\"").toString(), "--input", messages.toString());
    assertEquals(2, noRole.code());
    assertTrue(noRole.errLines().startsWith("reason4j chat-template: ") && noRole.errLines().contains("\"role\""), noRole.err());
    Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"x\"}]");
    CapturedRun broken = CapturedRun.run("chat-template", "--tokenizer", config("\"{% for m in messages %}\"").toString(), "--input",
        messages.toString());
    assertEquals(2, broken.code());
    assertEquals(1, broken.errLines().lines().count(), broken.err());
    assertTrue(broken.errLines().contains("tokenizer_config.json"), broken.err());
  }
}

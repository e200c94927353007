package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.io.Json;

/** {@code reason4j chat}: a greedy first turn says what {@code generate --chat} says; the second turn sees the first. */
class ChatCommandTest {
  @TempDir Path tmp;

  @Test
  void firstTurnEqualsGenerateChatAndTheHistoryGrows() throws Exception {
    String model = TinyModel.write(tmp.resolve("tiny")).toString();
    CapturedRun once = CapturedRun.run("generate", "--model", model, "--chat", "hi", "--max-tokens", "4");
    assertEquals(0, once.code(), once.err());
    String reply = once.out().stripTrailing();

    CapturedRun chat = CapturedRun.withInput("hi\n/exit\n", "chat", "--model", model, "--max-tokens", "4");
    assertEquals(0, chat.code(), chat.err());
    assertEquals("> " + reply + "\n> \n", chat.out());

    String failsPastTheFirstTurn = "{% if messages|length > 1 %}{{ raise_exception('history of ' ~ messages|length ~ ' messages') }}"
        + "{% endif %}" + TinyModel.TEMPLATE;
    Files.writeString(tmp.resolve("tiny/tokenizer_config.json"), Json.write(Map.of("chat_template", failsPastTheFirstTurn)));
    CapturedRun twoTurns = CapturedRun.withInput("hi\nhi\n", "chat", "--model", model, "--max-tokens", "4");
    assertEquals(2, twoTurns.code());
    assertTrue(twoTurns.errLines().contains("history of 3 messages"), "user, assistant, user: " + twoTurns.err());
  }
}

package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.io.Json;

/**
 * {@code reason4j generate} in-process: the real stories260K writes its published story from an empty
 * prompt (BOS only), streaming prints the same text, chat prompts are the rendered template without an
 * extra BOS, and a prompt longer than the context is one error line.
 */
class GenerateCommandTest {
  static final String PUBLISHED = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park.";
  /** The first 24 ids llama2.c's run.c writes greedily after BOS (from its C port, tools/transformer/llama2c_greedy.c). */
  static final long[] PUBLISHED_IDS = {403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426, 338, 401, 396, 267,
      337, 410, 408, 419, 292};

  @TempDir static Path tmp;
  static Path tiny;

  @BeforeAll
  static void writeTinyModel() throws Exception {
    tiny = TinyModel.write(tmp.resolve("tiny"));
  }

  static Path stories() {
    Path bin = CapturedRun.DATA.resolve("models/stories260K/stories260K.bin");
    Assumptions.assumeTrue(Files.exists(bin), "stories260K absent: " + bin);
    return bin;
  }

  static Map<String, Object> json(CapturedRun r) {
    assertEquals(0, r.code(), r.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> j = (Map<String, Object>) Json.parse(r.out(), "stdout");
    return j;
  }

  @Test
  void stories260KFromAnEmptyPromptWritesThePublishedStory() {
    CapturedRun r = CapturedRun.run("generate", "--model", stories().toString(), "--prompt", "", "--max-tokens", "256", "--json");
    Map<String, Object> j = json(r);
    assertEquals(List.of(1L), j.get("prompt_ids"), "an empty prompt is BOS alone");
    List<?> ids = (List<?>) j.get("ids");
    assertEquals(256, ids.size());
    for (int i = 0; i < PUBLISHED_IDS.length; i++) assertEquals(PUBLISHED_IDS[i], ids.get(i), "id " + i);
    assertTrue(((String) j.get("text")).startsWith(PUBLISHED), (String) j.get("text"));
    assertEquals("length", j.get("finish_reason"));
    List<?> logprobs = (List<?>) j.get("logprobs");
    assertEquals(256, logprobs.size());
    for (Object lp : logprobs) assertTrue(((Number) lp).doubleValue() <= 0, "log-prob " + lp);
  }

  @Test
  void streamedTextIsThePlainTextAndContinuesThePromptWithItsSpace() {
    String model = stories().toString();
    CapturedRun plain = CapturedRun.run("generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "40");
    CapturedRun streamed = CapturedRun.run("generate", "--model", model, "--prompt", "Once upon a time", "--max-tokens", "40", "--stream");
    assertEquals(0, plain.code(), plain.err());
    assertEquals(plain.out(), streamed.out());
    assertTrue(plain.out().startsWith(", there was a little girl named Lily"), plain.out());
  }

  @Test
  void aStopStringEndsTheTextWithReasonStop() {
    CapturedRun r = CapturedRun.run("generate", "--model", stories().toString(), "--prompt", "", "--stop", "Lily", "--json");
    Map<String, Object> j = json(r);
    assertEquals("stop", j.get("finish_reason"));
    assertEquals("Once upon a time, there was a little girl named Lily", j.get("text"));
  }

  @Test
  void aRawPromptGetsBosAndAChatPromptIsTheTemplateWithoutIt() {
    Map<String, Object> raw = json(CapturedRun.run("generate", "--model", tiny.toString(), "--prompt", "hi hi", "--max-tokens", "3", "--json"));
    assertEquals(List.of(1L, 34L, 34L), raw.get("prompt_ids"));
    Map<String, Object> chat = json(CapturedRun.run("generate", "--model", tiny.toString(), "--system", "hi", "--chat", "hi hi",
        "--max-tokens", "3", "--json"));
    assertEquals(List.of(3L, 34L, 4L, 34L, 34L, 5L), chat.get("prompt_ids"), "<|system|>hi<|user|>hi hi<|assistant|>");
  }

  @Test
  void lengthOrEosDecidesTheFinishReason() {
    Map<String, Object> j = json(CapturedRun.run("generate", "--model", tiny.toString(), "--prompt", "hi", "--max-tokens", "12", "--json"));
    List<?> ids = (List<?>) j.get("ids");
    assertEquals(ids.size(), ((List<?>) j.get("logprobs")).size());
    if (j.get("finish_reason").equals("stop")) assertEquals(2L, ids.get(ids.size() - 1), "stopped on </s>, the tokenizer's EOS");
    else assertEquals(12, ids.size());
  }

  @Test
  void aPromptLongerThanTheContextIsOneErrorLine() {
    CapturedRun r = CapturedRun.run("generate", "--model", tiny.toString(), "--prompt", "hi ".repeat(40).strip());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals("reason4j generate: the prompt is 41 tokens, too long for the model's context of 32 tokens (no room left to generate)",
        r.errLines());
  }

  @Test
  void aChatWithoutTemplateOrConflictingFlagsIsAUserError() {
    CapturedRun noTemplate = CapturedRun.run("generate", "--model", stories().toString(), "--chat", "hi");
    assertEquals(2, noTemplate.code());
    assertTrue(noTemplate.errLines().contains("tokenizer_config.json"), noTemplate.err());
    CapturedRun both = CapturedRun.run("generate", "--model", tiny.toString(), "--prompt", "hi", "--json", "--stream");
    assertEquals(2, both.code());
    assertEquals(1, both.errLines().lines().count(), both.err());
  }

  @Test
  void helpSaysDecodingIsGreedyByDefault() {
    CapturedRun r = CapturedRun.run("generate", "--help");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("greedy by default (temperature 0)"), r.out());
  }
}

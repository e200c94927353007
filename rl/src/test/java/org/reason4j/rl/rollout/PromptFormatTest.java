package org.reason4j.rl.rollout;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftFormat;
import org.reason4j.transformer.chat.ChatTemplate;

/** Prompt formats: templates, ReFT's texts, chat wrapping, and which ones let the tokenizer add BOS. */
class PromptFormatTest {
  static final Problem P = new Problem("svamp_1", "Ann has 3 apples. How many?", "3 apples", "3");
  static final ChatTemplate CHAT = ChatTemplate.of(
      "{% for m in messages %}<|{{ m.role }}|>{{ m.content }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}",
      Map.of(), "test");

  @Test
  void aTemplateFillsInTheQuestionAndTrainsOnTheReference() {
    assertEquals("Ann has 3 apples. How many?\n", PromptFormat.synthetic().prompt(P));
    assertEquals("Question: Ann has 3 apples. How many?\nAnswer: ", PromptFormat.gsm8k().prompt(P));
    assertEquals("3 apples", PromptFormat.gsm8k().target(P));
    assertTrue(PromptFormat.gsm8k().addSpecialTokens());
    assertThrows(IllegalArgumentException.class, () -> new PromptFormat.Template("no placeholder"));
    assertThrows(IllegalArgumentException.class, () -> PromptFormat.synthetic().target(new Problem("x", "q", null, "1")));
  }

  @Test
  void reftFormatsUseReftsTextsAndPCoTRolloutsStartAfterTheProgramHeader() {
    PromptFormat ncot = new PromptFormat.Reft(ReftFormat.Engine.NL), pcot = new PromptFormat.Reft(ReftFormat.Engine.PYTHON);
    assertEquals(ReftFormat.sftPrompt(P), ncot.prompt(P));
    assertEquals("3 apples\nTherefore, the answer is: 3", ncot.target(P));
    assertEquals(ReftFormat.sftPrompt(P), pcot.sftPrompt(P));
    assertEquals(ReftFormat.sftPrompt(P) + ReftFormat.programHeader(P), pcot.prompt(P));
  }

  @Test
  void chatWrapsTheUserTurnAndKeepsThePCoTHeaderInsideTheAssistantTurn() {
    PromptFormat chat = new PromptFormat.Chat(CHAT, "Be brief.", PromptFormat.gsm8k());
    assertEquals("<|system|>Be brief.\n<|user|>Question: Ann has 3 apples. How many?\nAnswer: \n<|assistant|>", chat.prompt(P));
    assertFalse(chat.addSpecialTokens());
    PromptFormat pcot = new PromptFormat.Chat(CHAT, null, new PromptFormat.Reft(ReftFormat.Engine.PYTHON));
    String prompt = pcot.prompt(P);
    assertTrue(prompt.startsWith("<|user|>Question:\n") && prompt.endsWith("<|assistant|>" + ReftFormat.programHeader(P)), prompt);
    assertEquals(pcot.sftPrompt(P) + ReftFormat.programHeader(P), prompt);
  }
}

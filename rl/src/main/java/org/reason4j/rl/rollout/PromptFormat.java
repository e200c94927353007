package org.reason4j.rl.rollout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftFormat;
import org.reason4j.transformer.chat.ChatTemplate;
import org.reason4j.transformer.chat.Message;

/**
 * How a {@link Problem} becomes text for the model: the prompt a rollout or an evaluation continues from,
 * and, for supervised fine-tuning, the prompt and the target the model learns to write after it. The
 * trainers append EOS to the target themselves, as a token id (never as text).
 *
 * <p>An open extension point (a new data set's prompt is one record). The built-in formats are the
 * plain templates of the synthetic task and GSM8K, ReFT's N-CoT and P-CoT texts, and any of them wrapped
 * in a model's chat template. It deliberately knows nothing about tokens.
 */
public interface PromptFormat {

  /** The text a rollout (or an evaluation) continues from. */
  String prompt(Problem p);

  /** The prompt an SFT example is trained with; the rollout prompt unless the format says otherwise. */
  default String sftPrompt(Problem p) {
    return prompt(p);
  }

  /** The SFT target that follows {@link #sftPrompt}; the problem must have a reference solution. */
  String target(Problem p);

  /**
   * Whether the tokenizer should add its special tokens (BOS) around the prompt. A chat template writes
   * them into the text itself, as Hugging Face's {@code apply_chat_template} relies on.
   */
  default boolean addSpecialTokens() {
    return true;
  }

  /** The synthetic task: {@code "<question>\n"}, target the solution lines ending {@code #### n}. */
  static PromptFormat synthetic() {
    return new Template("{question}\n");
  }

  /** GSM8K's own text: {@code "Question: <q>\nAnswer: "}, target the data set's solution ({@code #### n}). */
  static PromptFormat gsm8k() {
    return new Template("Question: {question}\nAnswer: ");
  }

  /**
   * A plain template: {@code {question}} is replaced by the question; the target is the problem's reference
   * solution as the data set writes it.
   */
  record Template(String template) implements PromptFormat {
    public Template {
      if (!template.contains("{question}")) throw new IllegalArgumentException("prompt template \"" + template + "\" has no {question}");
    }

    @Override
    public String prompt(Problem p) {
      return template.replace("{question}", p.question());
    }

    @Override
    public String target(Problem p) {
      if (p.referenceSolution() == null) throw new IllegalArgumentException("problem " + p.id() + " has no reference solution to train on");
      return p.referenceSolution();
    }
  }

  /**
   * ReFT's texts ({@link ReftFormat}): N-CoT prompts {@code "Question:\n<q>\nAnswer reasoning:\n"}, targets
   * ending {@code "\nTherefore, the answer is: <a>"}; P-CoT trains on the same prompt with the whole
   * {@code def solution()} program as target, while rollouts start after the program header.
   */
  record Reft(ReftFormat.Engine engine) implements PromptFormat {
    public Reft {
      Objects.requireNonNull(engine, "engine");
    }

    @Override
    public String prompt(Problem p) {
      return ReftFormat.rolloutPrompt(p, engine);
    }

    @Override
    public String sftPrompt(Problem p) {
      return ReftFormat.sftPrompt(p);
    }

    @Override
    public String target(Problem p) {
      return ReftFormat.sftTarget(p, engine);
    }
  }

  /**
   * An inner format's prompt as the user turn of a chat template (after an optional system turn), with
   * the generation prompt; the target is the inner target. For P-CoT the SFT prompt is rendered the same
   * way and the program header stays in the rollout prompt, after the assistant's turn opens.
   */
  record Chat(ChatTemplate template, String system, PromptFormat inner) implements PromptFormat {
    public Chat {
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String prompt(Problem p) {
      String sft = inner.sftPrompt(p), rollout = inner.prompt(p);
      String tail = rollout.startsWith(sft) ? rollout.substring(sft.length()) : "";
      return render(tail.isEmpty() ? rollout : sft) + tail;
    }

    @Override
    public String sftPrompt(Problem p) {
      return render(inner.sftPrompt(p));
    }

    @Override
    public String target(Problem p) {
      return inner.target(p);
    }

    @Override
    public boolean addSpecialTokens() {
      return false;
    }

    private String render(String user) {
      List<Message> turns = new ArrayList<>();
      if (system != null && !system.isEmpty()) turns.add(Message.system(system));
      turns.add(Message.user(user));
      return template.render(turns, true);
    }
  }
}

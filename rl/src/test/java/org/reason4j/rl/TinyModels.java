package org.reason4j.rl;

import java.util.List;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;

/** Tiny character-level models and synthetic problems shared by the rl tests (fast on two cores). */
public final class TinyModels {
  private TinyModels() {}

  public static final CharTokenizer TOKENIZER = new CharTokenizer(SyntheticTask.alphabet());

  /** A 2-layer, 32-wide Llama over the synthetic alphabet with a 192-token context. */
  public static ModelConfig config() {
    return ModelConfig.llama(TOKENIZER.vocabSize(), 32, 64, 2, 4, 2, 192)
        .withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
  }

  public static Policy policy(long seed) {
    return new Policy(CausalLM.create(config(), seed), TOKENIZER, PromptFormat.synthetic());
  }

  /** A policy whose responses also end at a space, so rows of one batch stop at many different lengths. */
  public static Policy policyStoppingAtSpaces(long seed) {
    ModelConfig c = config().withSpecialTokens(List.of(CharTokenizer.EOS, TOKENIZER.tokenToId(" ")), CharTokenizer.BOS, CharTokenizer.PAD);
    return new Policy(CausalLM.create(c, seed), TOKENIZER, PromptFormat.synthetic());
  }

  /** Training problems of the given tier. */
  public static List<Problem> problems(int tier, int count) {
    return new SyntheticTask().generate(7, tier, count);
  }
}

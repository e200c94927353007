package org.reason4j.rl.rollout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reason4j.autograd.Var;
import org.reason4j.rl.data.Problem;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ValueHead;
import org.reason4j.transformer.tokenizer.CharTokenizer;
import org.reason4j.transformer.tokenizer.Tokenizer;

/**
 * The model being trained with what it needs to meet text: its tokenizer, the prompt format of the task,
 * and, for PPO, a value head on its last hidden state. Parameters of the head are named
 * {@code v_head.summary.*}, as TRL names them, so one state dict holds both.
 *
 * @param valueHead null unless the trainer learns values (PPO)
 */
public record Policy(CausalLM model, Tokenizer tokenizer, PromptFormat format, ValueHead valueHead) {
  /** The prefix of the value head's parameters in {@link #stateDict()}. */
  public static final String VALUE_HEAD_PREFIX = "v_head.";

  public Policy {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(format, "format");
    if (tokenizer.vocabSize() > model.config().vocabSize()) {
      throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model only "
          + model.config().vocabSize() + " embedding rows");
    }
  }

  public Policy(CausalLM model, Tokenizer tokenizer, PromptFormat format) {
    this(model, tokenizer, format, null);
  }

  public Policy withValueHead(ValueHead head) {
    return new Policy(model, tokenizer, format, head);
  }

  public Policy withFormat(PromptFormat f) {
    return new Policy(model, tokenizer, f, valueHead);
  }

  /** The rollout prompt's ids (with BOS where the tokenizer adds one and the format wants it). */
  public int[] promptIds(Problem p) {
    return tokenizer.encode(format.prompt(p), format.addSpecialTokens());
  }

  /** Every id that ends a response: the tokenizer's EOS and the model config's. */
  public Set<Integer> eosIds() {
    Set<Integer> ids = new LinkedHashSet<>(model.config().eosTokenIds());
    tokenizer.eosId().ifPresent(ids::add);
    if (ids.isEmpty()) throw new IllegalStateException("neither the tokenizer nor the model config names an EOS token, so responses cannot end");
    return ids;
  }

  /** The EOS id appended to SFT targets: the tokenizer's, else the model config's first. */
  public int eosId() {
    return tokenizer.eosId().orElseGet(() -> eosIds().iterator().next());
  }

  /** The trainable parameters: the model's, then the value head's under {@value #VALUE_HEAD_PREFIX}. */
  public Map<String, Var> parameters() {
    Map<String, Var> out = new LinkedHashMap<>(model.namedParameters());
    if (valueHead != null) valueHead.namedParameters().forEach((k, v) -> out.put(VALUE_HEAD_PREFIX + k, v));
    return out;
  }

  /** Weights of the model and the value head (live tensors), for checkpoints. */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>(model.stateDict());
    if (valueHead != null) valueHead.stateDict().forEach((k, v) -> out.put(VALUE_HEAD_PREFIX + k, v));
    return out;
  }

  /** Loads what {@link #stateDict()} wrote; every key must match. */
  public void loadStateDict(Map<String, Tensor> weights) {
    Map<String, Tensor> lm = new LinkedHashMap<>(), head = new LinkedHashMap<>();
    weights.forEach((k, v) -> {
      if (k.startsWith(VALUE_HEAD_PREFIX)) head.put(k.substring(VALUE_HEAD_PREFIX.length()), v);
      else lm.put(k, v);
    });
    if (valueHead == null && !head.isEmpty()) throw new IllegalArgumentException("the weights have a value head but this policy has none");
    model.loadStateDict(lm, true);
    if (valueHead != null) valueHead.loadStateDict(head, true);
  }

  /**
   * Writes the model as a Hugging Face folder ({@code model.safetensors}, {@code config.json}), the value
   * head beside it ({@code value_head.safetensors}) and a {@link CharTokenizer}'s file. Other tokenizers
   * are files reason4j reads but does not write: the caller copies them from the model it started from.
   */
  public void save(Path dir) throws IOException {
    HfCheckpoint.save(model, dir);
    if (valueHead != null) HfCheckpoint.saveValueHead(valueHead, dir);
    if (tokenizer instanceof CharTokenizer chars) chars.saveTo(dir);
  }

  /** Evaluation mode for the model and head (no dropout), as every RL forward here runs. */
  public Policy eval() {
    model.eval();
    if (valueHead != null) valueHead.eval();
    return this;
  }
}

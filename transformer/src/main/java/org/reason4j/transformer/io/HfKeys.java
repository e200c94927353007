package org.reason4j.transformer.io;

import java.util.regex.Pattern;
import org.reason4j.transformer.model.ModelConfig;

/**
 * What each tensor name in a Hugging Face checkpoint means to a reason4j model. The model's own
 * parameter names already are the Hugging Face keys; this class holds only the variations real
 * checkpoints carry:
 * <ul>
 *   <li>GPT-2 saved as the bare {@code GPT2Model} has no {@code transformer.} prefix;</li>
 *   <li>GPT-2 files from older transformers versions carry the causal-mask buffers
 *       {@code h.N.attn.bias} and {@code h.N.attn.masked_bias}, and Llama-family files the RoPE buffer
 *       {@code rotary_emb.inv_freq}: constants the model recomputes, skipped;</li>
 *   <li>with tied embeddings, {@code lm_head.weight} may be absent or present; when present it must
 *       equal the embedding;</li>
 *   <li>TRL's value-head models store {@code v_head.*} beside the language model: not part of the
 *       {@code CausalLM}, read by {@link HfCheckpoint#loadValueHead}.</li>
 * </ul>
 */
final class HfKeys {
  private static final Pattern GPT2_MASK_BUFFER = Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");
  private static final Pattern ROTARY_BUFFER = Pattern.compile(".*\\.rotary_emb\\.inv_freq");
  static final String LM_HEAD = "lm_head.weight";
  static final String VALUE_HEAD_PREFIX = "v_head.";

  private HfKeys() {}

  /** The part a checkpoint tensor plays when loading a model. */
  enum Role {
    /** A parameter of the model, under {@link Key#modelKey}. */
    WEIGHT,
    /** The output head of a tied model: checked against the embedding, not loaded. */
    TIED_HEAD,
    /** A buffer or a value-head tensor that the language model does not hold. */
    SKIP
  }

  record Key(Role role, String modelKey) {}

  static Key classify(ModelConfig config, String key) {
    if (key.startsWith(VALUE_HEAD_PREFIX)) return new Key(Role.SKIP, null);
    if (config.family() == ModelConfig.Family.GPT2) {
      if (GPT2_MASK_BUFFER.matcher(key).matches()) return new Key(Role.SKIP, null);
      if (key.equals(LM_HEAD)) return new Key(Role.TIED_HEAD, embedding(config)); // reason4j's GPT-2 always ties
      return new Key(Role.WEIGHT, key.startsWith("transformer.") ? key : "transformer." + key);
    }
    if (ROTARY_BUFFER.matcher(key).matches()) return new Key(Role.SKIP, null);
    if (key.equals(LM_HEAD) && config.tieWordEmbeddings()) return new Key(Role.TIED_HEAD, embedding(config));
    return new Key(Role.WEIGHT, key);
  }

  /** The input embedding's key, which a tied output head shares. */
  static String embedding(ModelConfig config) {
    return config.family() == ModelConfig.Family.GPT2 ? "transformer.wte.weight" : "model.embed_tokens.weight";
  }
}

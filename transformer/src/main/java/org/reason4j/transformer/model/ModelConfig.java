package org.reason4j.transformer.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.io.Json;

/**
 * The architecture of a decoder-only language model, read from a Hugging Face {@code config.json}.
 * One record covers the Llama family (Llama 2/3, Mistral, Qwen2/2.5: RMSNorm, RoPE, SwiGLU, grouped-query
 * attention, optional q/k/v bias, tied or untied embeddings) and GPT-2 (learned positions, LayerNorm,
 * GELU, fused c_attn), told apart by {@link Family}.
 *
 * <p>Errors name the file and the key. Unknown {@code model_type}s and unsupported options (a rope
 * scaling type we do not implement, sliding windows that would change results) are rejected rather
 * than silently ignored.
 */
public record ModelConfig(
    Family family,
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int maxPositions,
    double normEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    boolean mlpBias,
    String hiddenAct,
    List<Integer> eosTokenIds,
    Integer bosTokenId,
    Integer padTokenId) {

  /** The two layouts reason4j implements. */
  public enum Family {
    LLAMA,
    GPT2
  }

  /** Rotary-embedding frequency scaling: none, "linear" or Llama 3's "llama3". */
  public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {}

  public ModelConfig {
    if (numHeads <= 0 || numKvHeads <= 0 || numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads " + numHeads + " must be a positive multiple of num_key_value_heads " + numKvHeads);
    }
    if (headDim <= 0 || (family == Family.LLAMA && headDim % 2 != 0)) {
      throw new IllegalArgumentException("head dimension " + headDim + " must be positive and even");
    }
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /** Query heads that share one key/value head. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /** A small Llama-style config for tests and the demo (untied, no biases). */
  public static ModelConfig llama(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int maxPositions) {
    return new ModelConfig(Family.LLAMA, "llama", vocab, hidden, intermediate, layers, heads, kvHeads, hidden / heads,
        maxPositions, 1e-5, 10000.0, null, false, false, false, "silu", List.of(), null, null);
  }

  public ModelConfig withTiedEmbeddings(boolean tied) {
    return new ModelConfig(family, modelType, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
        maxPositions, normEps, ropeTheta, ropeScaling, tied, attentionBias, mlpBias, hiddenAct, eosTokenIds, bosTokenId, padTokenId);
  }

  public ModelConfig withAttentionBias(boolean bias) {
    return new ModelConfig(family, modelType, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
        maxPositions, normEps, ropeTheta, ropeScaling, tieWordEmbeddings, bias, mlpBias, hiddenAct, eosTokenIds, bosTokenId, padTokenId);
  }

  public ModelConfig withSpecialTokens(List<Integer> eos, Integer bos, Integer pad) {
    return new ModelConfig(family, modelType, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
        maxPositions, normEps, ropeTheta, ropeScaling, tieWordEmbeddings, attentionBias, mlpBias, hiddenAct, eos, bos, pad);
  }

  // ------------------------------------------------------------------ config.json

  /** Reads {@code config.json}; errors name the file and the key. */
  public static ModelConfig read(Path file) {
    return fromJson(Json.readObject(file), file.toString());
  }

  public static ModelConfig fromJson(Map<String, Object> j, String source) {
    Keys k = new Keys(j, source);
    String type = k.string("model_type", null);
    if (type == null) throw new IllegalArgumentException(source + ": missing \"model_type\"");
    switch (type) {
      case "llama":
      case "mistral":
      case "qwen2":
        return llamaFamily(k, type);
      case "gpt2":
        return gpt2(k);
      default:
        throw new IllegalArgumentException(source + ": unsupported model_type \"" + type + "\" (reason4j reads llama, mistral, qwen2, gpt2)");
    }
  }

  private static ModelConfig llamaFamily(Keys k, String type) {
    int hidden = k.integer("hidden_size");
    int heads = k.integer("num_attention_heads");
    int kv = k.has("num_key_value_heads") && !k.isNull("num_key_value_heads") ? k.integer("num_key_value_heads") : heads;
    int headDim = k.has("head_dim") && !k.isNull("head_dim") ? k.integer("head_dim") : hidden / heads;
    String act = k.string("hidden_act", "silu");
    if (!act.equals("silu")) throw new IllegalArgumentException(k.source + ": hidden_act \"" + act + "\" is not supported for " + type + " (only silu)");
    boolean qkvBias = type.equals("qwen2") || k.bool("attention_bias", false);
    if (type.equals("mistral") || type.equals("qwen2")) rejectSlidingWindow(k, type);
    return new ModelConfig(Family.LLAMA, type, k.integer("vocab_size"), hidden, k.integer("intermediate_size"),
        k.integer("num_hidden_layers"), heads, kv, headDim, k.integer("max_position_embeddings"),
        k.number("rms_norm_eps", 1e-6), k.number("rope_theta", 10000.0), ropeScaling(k),
        k.bool("tie_word_embeddings", false), qkvBias, k.bool("mlp_bias", false), act,
        k.ids("eos_token_id"), k.optInteger("bos_token_id"), k.optInteger("pad_token_id"));
  }

  /** Sliding-window attention changes results only past the window; reject it where it would apply. */
  private static void rejectSlidingWindow(Keys k, String type) {
    boolean used = type.equals("qwen2") ? k.bool("use_sliding_window", false) : k.has("sliding_window") && !k.isNull("sliding_window");
    if (used && k.has("sliding_window") && !k.isNull("sliding_window")
        && k.integer("sliding_window") < k.integer("max_position_embeddings")) {
      throw new IllegalArgumentException(k.source + ": sliding_window " + k.integer("sliding_window") + " attention is not supported");
    }
  }

  private static ModelConfig gpt2(Keys k) {
    int hidden = k.integer("n_embd");
    int heads = k.integer("n_head");
    Object inner = k.raw("n_inner");
    int intermediate = inner == null ? 4 * hidden : k.integer("n_inner");
    String act = k.string("activation_function", "gelu_new");
    if (!act.equals("gelu_new") && !act.equals("gelu")) {
      throw new IllegalArgumentException(k.source + ": activation_function \"" + act + "\" is not supported (gelu_new, gelu)");
    }
    return new ModelConfig(Family.GPT2, "gpt2", k.integer("vocab_size"), hidden, intermediate, k.integer("n_layer"), heads, heads,
        hidden / heads, k.integer("n_positions"), k.number("layer_norm_epsilon", 1e-5), 0, null,
        k.bool("tie_word_embeddings", true), true, true, act, k.ids("eos_token_id"), k.optInteger("bos_token_id"), k.optInteger("pad_token_id"));
  }

  private static RopeScaling ropeScaling(Keys k) {
    Object raw = k.raw("rope_scaling");
    if (raw == null) return null;
    if (!(raw instanceof Map)) throw new IllegalArgumentException(k.source + ": \"rope_scaling\" must be an object or null");
    @SuppressWarnings("unchecked")
    Keys r = new Keys((Map<String, Object>) raw, k.source + " rope_scaling");
    String type = r.has("rope_type") ? r.string("rope_type", null) : r.string("type", null);
    if (type == null || type.equals("default")) return null;
    switch (type) {
      case "linear":
        return new RopeScaling("linear", r.number("factor", 1), 0, 0, 0);
      case "llama3":
        return new RopeScaling("llama3", r.number("factor", 8), r.number("low_freq_factor", 1), r.number("high_freq_factor", 4),
            r.integer("original_max_position_embeddings"));
      default:
        throw new IllegalArgumentException(k.source + ": rope_scaling type \"" + type + "\" is not supported (linear, llama3)");
    }
  }

  /** Writes this config in Hugging Face's format, so a model saved here loads in transformers. */
  public Map<String, Object> toJson() {
    Map<String, Object> j = new LinkedHashMap<>();
    if (family == Family.GPT2) {
      j.put("architectures", List.of("GPT2LMHeadModel"));
      j.put("model_type", "gpt2");
      j.put("vocab_size", vocabSize);
      j.put("n_embd", hiddenSize);
      j.put("n_inner", intermediateSize);
      j.put("n_layer", numLayers);
      j.put("n_head", numHeads);
      j.put("n_positions", maxPositions);
      j.put("layer_norm_epsilon", normEps);
      j.put("activation_function", hiddenAct);
    } else {
      String arch = modelType.equals("qwen2") ? "Qwen2ForCausalLM" : modelType.equals("mistral") ? "MistralForCausalLM" : "LlamaForCausalLM";
      j.put("architectures", List.of(arch));
      j.put("model_type", modelType);
      j.put("vocab_size", vocabSize);
      j.put("hidden_size", hiddenSize);
      j.put("intermediate_size", intermediateSize);
      j.put("num_hidden_layers", numLayers);
      j.put("num_attention_heads", numHeads);
      j.put("num_key_value_heads", numKvHeads);
      j.put("head_dim", headDim);
      j.put("max_position_embeddings", maxPositions);
      j.put("rms_norm_eps", normEps);
      j.put("rope_theta", ropeTheta);
      j.put("rope_scaling", ropeScaling == null ? null : ropeScalingJson());
      j.put("hidden_act", hiddenAct);
      if (!modelType.equals("qwen2")) j.put("attention_bias", attentionBias);
      j.put("mlp_bias", mlpBias);
    }
    j.put("tie_word_embeddings", tieWordEmbeddings);
    j.put("bos_token_id", bosTokenId);
    j.put("eos_token_id", eosTokenIds.isEmpty() ? null : eosTokenIds.size() == 1 ? (Object) eosTokenIds.get(0) : eosTokenIds);
    j.put("pad_token_id", padTokenId);
    j.put("torch_dtype", "float32");
    return j;
  }

  private Map<String, Object> ropeScalingJson() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("rope_type", ropeScaling.type());
    r.put("factor", ropeScaling.factor());
    if (ropeScaling.type().equals("llama3")) {
      r.put("low_freq_factor", ropeScaling.lowFreqFactor());
      r.put("high_freq_factor", ropeScaling.highFreqFactor());
      r.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
    }
    return r;
  }

  /** Typed access to config keys with errors that name the file and the key. */
  private static final class Keys {
    final Map<String, Object> j;
    final String source;

    Keys(Map<String, Object> j, String source) {
      this.j = j;
      this.source = source;
    }

    boolean has(String key) {
      return j.containsKey(key);
    }

    boolean isNull(String key) {
      return j.get(key) == null;
    }

    Object raw(String key) {
      return j.get(key);
    }

    int integer(String key) {
      Object v = j.get(key);
      if (v == null) throw new IllegalArgumentException(source + ": missing \"" + key + "\"");
      if (!(v instanceof Long) || (Long) v < 0 || (Long) v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(source + ": \"" + key + "\" must be a non-negative integer, got " + Json.write(v));
      }
      return (int) (long) (Long) v;
    }

    Integer optInteger(String key) {
      return j.get(key) == null ? null : integer(key);
    }

    double number(String key, double def) {
      Object v = j.get(key);
      if (v == null) return def;
      if (!(v instanceof Number)) throw new IllegalArgumentException(source + ": \"" + key + "\" must be a number, got " + Json.write(v));
      return ((Number) v).doubleValue();
    }

    boolean bool(String key, boolean def) {
      Object v = j.get(key);
      if (v == null) return def;
      if (!(v instanceof Boolean)) throw new IllegalArgumentException(source + ": \"" + key + "\" must be true or false, got " + Json.write(v));
      return (Boolean) v;
    }

    String string(String key, String def) {
      Object v = j.get(key);
      if (v == null) return def;
      if (!(v instanceof String)) throw new IllegalArgumentException(source + ": \"" + key + "\" must be a string, got " + Json.write(v));
      return (String) v;
    }

    /** An id or a list of ids (eos_token_id may be either). */
    List<Integer> ids(String key) {
      Object v = j.get(key);
      List<Integer> out = new ArrayList<>();
      if (v == null) return out;
      if (v instanceof List) {
        for (Object o : (List<?>) v) {
          if (!(o instanceof Long)) throw new IllegalArgumentException(source + ": \"" + key + "\" must hold integers");
          out.add((int) (long) (Long) o);
        }
      } else {
        out.add(integer(key));
      }
      return out;
    }
  }
}

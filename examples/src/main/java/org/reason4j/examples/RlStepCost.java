package org.reason4j.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.reason4j.rl.data.Gsm8kLoader;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.metrics.MetricNames;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.Tokenizer;
import org.reason4j.transformer.tokenizer.Tokenizers;

/**
 * What one RL step costs on this machine for a model of Qwen2.5-0.5B's shape (random weights: hidden 896,
 * 24 layers, 14 heads, 2 key/value heads, intermediate 4864, vocabulary 151936, tied embeddings, q/k/v
 * biases): GRPO steps through the real {@link GroupTrainer} on GSM8K prompts, split into generation and
 * training, so a user can scale it to their own run before starting one. It is a measurement, not a
 * benchmark harness: two steps, the first a warm-up.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Xmx24g -cp 'examples/target/reason4j.jar:examples/target/lib/*' \
 *       org.reason4j.examples.RlStepCost GSM8K_JSONL TOKENIZER_JSON [prompts=2] [groupSize=2] [newTokens=32] [layers=24]
 * </pre>
 * With fewer layers the same shape is cut to its first layers: timing two depths gives the per-layer cost
 * and the fixed cost (embedding, LM head over 151936 ids, sampling), from which the 24-layer step follows.
 * Memory at 24 layers: 2 GB of F32 weights, 2 GB of gradients and 4 GB of AdamW moments, plus activations.
 * A random model samples any of the 151936 ids, more than any tokenizer decodes; ids past the tokenizer
 * decode to nothing here.
 */
public final class RlStepCost {
  private RlStepCost() {}

  /** Qwen2.5-0.5B's config.json, as Hugging Face ships it. */
  static ModelConfig qwen25HalfB(int layers) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("model_type", "qwen2");
    j.put("vocab_size", 151936L);
    j.put("hidden_size", 896L);
    j.put("intermediate_size", 4864L);
    j.put("num_hidden_layers", (long) layers);
    j.put("num_attention_heads", 14L);
    j.put("num_key_value_heads", 2L);
    j.put("max_position_embeddings", 32768L);
    j.put("rms_norm_eps", 1e-6);
    j.put("rope_theta", 1000000.0);
    j.put("tie_word_embeddings", true);
    j.put("hidden_act", "silu");
    j.put("bos_token_id", 151643L);
    j.put("eos_token_id", 151643L);
    return ModelConfig.fromJson(j, "Qwen2.5-0.5B's config");
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RlStepCost GSM8K_JSONL TOKENIZER_JSON [prompts=2] [groupSize=2] [newTokens=32] [layers=24]");
      System.exit(2);
    }
    int prompts = args.length > 2 ? Integer.parseInt(args[2]) : 2, group = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int newTokens = args.length > 4 ? Integer.parseInt(args[4]) : 32, layers = args.length > 5 ? Integer.parseInt(args[5]) : 24;
    List<Problem> problems = Gsm8kLoader.load(Path.of(args[0])).subList(0, 2 * prompts);
    Tokenizer tokenizer = new Lenient(Tokenizers.load(Path.of(args[1])));
    long t0 = System.nanoTime();
    CausalLM model = CausalLM.create(qwen25HalfB(layers), 1);
    System.out.printf(Locale.ROOT, "model: %d layers, %,d parameters, built in %.1f s; %d cores%n", layers, model.numParameters(),
        (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
    Policy policy = new Policy(model, tokenizer, PromptFormat.gsm8k());
    // A random model almost never samples EOS, so every response runs to the length limit: each step has a known size.
    GroupTrainer.Config c = GroupTrainer.Config.grpo().with("promptsPerStep=" + prompts, "groupSize=" + group,
        "generationBatchPrompts=" + prompts, "maxNewTokens=" + newTokens, "klCoef=0", "miniBatchSize=0", "totalSteps=2", "lr=1e-6");
    List<Map<String, Object>> lines = new GroupTrainer(c, policy, problems, Verifier.gsm8k(), RunOptions.inMemory()).train();
    for (int s = 0; s < lines.size(); s++) {
      Map<String, Object> m = lines.get(s);
      double gen = ((Number) m.get(MetricNames.TIME_GENERATION_S)).doubleValue(), train = ((Number) m.get(MetricNames.TIME_TRAINING_S)).doubleValue();
      System.out.printf(Locale.ROOT, "step %d%s: %d prompts x %d responses, mean length %.0f tokens; generation %.1f s (%.2f tokens/s), "
          + "training %.1f s (%.0f tokens/s), total %.1f s%n", s + 1, s == 0 ? " (warm-up)" : "", prompts, group,
          ((Number) m.get(MetricNames.COMPLETIONS_MEAN_LENGTH)).doubleValue(), gen,
          ((Number) m.get(MetricNames.TOKENS_PER_SECOND_GENERATION)).doubleValue(), train,
          ((Number) m.get(MetricNames.TOKENS_PER_SECOND_TRAINING)).doubleValue(), gen + train);
    }
  }

  /** A tokenizer that decodes ids it does not know to nothing (a random model samples them). */
  record Lenient(Tokenizer inner) implements Tokenizer {
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
      return inner.encode(text, addSpecialTokens);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
      return inner.decode(Arrays.stream(ids).filter(id -> id < inner.vocabSize()).toArray(), skipSpecialTokens);
    }

    @Override
    public int vocabSize() {
      return inner.vocabSize();
    }

    @Override
    public Integer tokenToId(String token) {
      return inner.tokenToId(token);
    }

    @Override
    public String idToToken(int id) {
      return inner.idToToken(id);
    }

    @Override
    public OptionalInt bosId() {
      return inner.bosId();
    }

    @Override
    public OptionalInt eosId() {
      return inner.eosId();
    }

    @Override
    public Set<Integer> specialIds() {
      return inner.specialIds();
    }
  }
}

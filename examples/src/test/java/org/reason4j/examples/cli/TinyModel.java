package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * A Hugging Face model directory small enough to write in a test: a random 1-layer Llama with a context
 * of 32 tokens, and a Llama-2-style tokenizer.json (Metaspace, character BPE with two merges, BOS added
 * by the post-processor) whose ids are easy to work out by hand:
 * {@code <unk>} 0, {@code <s>} 1, {@code </s>} 2, {@code <|system|>} 3, {@code <|user|>} 4,
 * {@code <|assistant|>} 5, {@code ▁} 6, a..z 7..32, {@code ▁h} 33, {@code ▁hi} 34. So "hi hi" is
 * [34, 34], and [1, 34, 34] with special tokens. The chat template writes {@code <|role|>content} per
 * message and {@code <|assistant|>} as the generation prompt.
 */
final class TinyModel {
  static final int VOCAB = 35, CONTEXT = 32;
  static final String TEMPLATE = "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}{% endfor %}"
      + "{% if add_generation_prompt %}<|assistant|>{% endif %}";

  private TinyModel() {}

  static Path write(Path dir) throws IOException {
    CausalLM model = CausalLM.create(ModelConfig.llama(VOCAB, 16, 32, 1, 2, 1, CONTEXT), 7);
    HfCheckpoint.save(model, dir);
    writeTokenizer(dir);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bos_token", "<s>");
    config.put("eos_token", "</s>");
    config.put("chat_template", TEMPLATE);
    Files.writeString(dir.resolve("tokenizer_config.json"), Json.write(config), StandardCharsets.UTF_8);
    return dir;
  }

  static void writeTokenizer(Path dir) throws IOException {
    String[] special = {"<unk>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>"};
    Map<String, Object> vocab = new LinkedHashMap<>();
    List<Object> added = new ArrayList<>();
    for (String s : special) {
      added.add(Map.of("id", (long) vocab.size(), "content", s, "special", true, "normalized", false));
      vocab.put(s, (long) vocab.size());
    }
    vocab.put("\u2581", (long) vocab.size());
    for (char c = 'a'; c <= 'z'; c++) vocab.put(String.valueOf(c), (long) vocab.size());
    vocab.put("\u2581h", (long) vocab.size());
    vocab.put("\u2581hi", (long) vocab.size());
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("type", "BPE");
    model.put("unk_token", "<unk>");
    model.put("vocab", vocab);
    model.put("merges", List.of("\u2581 h", "\u2581h i"));
    Map<String, Object> metaspace = Map.of("type", "Metaspace", "replacement", "\u2581", "prepend_scheme", "always", "split", true);
    Map<String, Object> bos = Map.of("SpecialToken", Map.of("id", "<s>", "type_id", 0L));
    Map<String, Object> seq = Map.of("Sequence", Map.of("id", "A", "type_id", 0L));
    Map<String, Object> post = Map.of("type", "TemplateProcessing", "single", List.of(bos, seq), "pair", List.of(bos, seq),
        "special_tokens", Map.of("<s>", Map.of("id", "<s>", "ids", List.of(1L), "tokens", List.of("<s>"))));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", "1.0");
    root.put("added_tokens", added);
    root.put("pre_tokenizer", metaspace);
    root.put("post_processor", post);
    root.put("decoder", metaspace);
    root.put("model", model);
    Files.writeString(dir.resolve("tokenizer.json"), Json.write(root), StandardCharsets.UTF_8);
  }
}

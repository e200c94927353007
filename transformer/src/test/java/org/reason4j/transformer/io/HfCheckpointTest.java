package org.reason4j.transformer.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.autograd.GradMode;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.tensor.io.SafetensorsFile;
import org.reason4j.tensor.io.SafetensorsWriter;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.model.ValueHead;

/** Saving and loading Hugging Face checkpoint directories: round trips, name variants, and every error. */
class HfCheckpointTest {
  static final ModelConfig LLAMA = ModelConfig.llama(37, 32, 64, 2, 4, 2, 64).withAttentionBias(true).withSpecialTokens(List.of(2), 1, null);
  static final ModelConfig LLAMA_TIED = ModelConfig.llama(37, 32, 64, 2, 4, 4, 64).withTiedEmbeddings(true);
  static final ModelConfig GPT2 = ModelConfig.fromJson(Map.of("model_type", "gpt2", "n_embd", 32L, "n_head", 4L, "n_layer", 2L,
      "n_positions", 64L, "vocab_size", 37L), "test gpt2");

  @TempDir Path tmp;

  static Tensor ids(int vocab) {
    long[] v = new long[2 * 7];
    for (int i = 0; i < v.length; i++) v[i] = (i * 11L + 3) % vocab;
    return Tensor.of(v, 2, 7);
  }

  static float[] logits(CausalLM m, Tensor ids) {
    try (GradMode g = GradMode.disabled()) {
      return m.forward(ids).logits().value().toFloatArray();
    }
  }

  static void assertSameWeights(CausalLM expected, CausalLM actual) {
    Map<String, Tensor> a = expected.stateDict(), b = actual.stateDict();
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
  }

  @Test
  void aSaveLoadRoundTripIsBitExact() throws IOException {
    for (ModelConfig c : List.of(LLAMA, LLAMA_TIED, GPT2)) {
      CausalLM m = CausalLM.create(c, 42);
      Path dir = tmp.resolve(c.modelType() + c.tieWordEmbeddings());
      HfCheckpoint.save(m, dir);
      CausalLM back = HfCheckpoint.load(dir);
      assertEquals(c, back.config(), "config.json round trip");
      assertSameWeights(m, back);
      assertArrayEquals(logits(m, ids(c.vocabSize())), logits(back, ids(c.vocabSize())), 0f, c.modelType());
    }
  }

  @Test
  void savedFilesUseHuggingFaceNamesAndOmitATiedHead() throws IOException {
    HfCheckpoint.save(CausalLM.create(LLAMA_TIED, 1), tmp.resolve("tied"));
    HfCheckpoint.save(CausalLM.create(LLAMA, 1), tmp.resolve("untied"));
    HfCheckpoint.save(CausalLM.create(GPT2, 1), tmp.resolve("gpt2"));
    try (SafetensorsFile tied = SafetensorsFile.open(tmp.resolve("tied/model.safetensors"));
        SafetensorsFile untied = SafetensorsFile.open(tmp.resolve("untied/model.safetensors"));
        SafetensorsFile gpt2 = SafetensorsFile.open(tmp.resolve("gpt2/model.safetensors"))) {
      assertFalse(tied.contains("lm_head.weight"));
      assertTrue(tied.contains("model.layers.1.self_attn.q_proj.weight"));
      assertTrue(untied.contains("lm_head.weight") && untied.contains("model.layers.0.self_attn.k_proj.bias"));
      assertFalse(gpt2.contains("lm_head.weight"));
      assertTrue(gpt2.contains("transformer.h.1.attn.c_attn.weight") && gpt2.contains("transformer.wpe.weight"));
      assertEquals(Map.of("format", "pt"), untied.metadata(), "transformers refuses safetensors without format=pt");
    }
    Map<String, Object> config = Json.readObject(tmp.resolve("untied/config.json"));
    assertEquals("llama", config.get("model_type"));
    assertEquals(List.of("LlamaForCausalLM"), config.get("architectures"));
    Map<String, Object> generation = Json.readObject(tmp.resolve("untied/generation_config.json"));
    assertEquals(2L, generation.get("eos_token_id"));
    assertEquals(1L, generation.get("bos_token_id"));
    try (var files = Files.list(tmp.resolve("untied"))) {
      assertEquals(List.of("config.json", "generation_config.json", "model.safetensors"), files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary files are left behind");
    }
  }

  @Test
  void aValueHeadRoundTripsBesideTheModelAndLoadsFromTrlStyleFiles() throws IOException {
    ValueHead head = new ValueHead(32, 0.1, new Rng(3));
    Path dir = tmp.resolve("ppo");
    HfCheckpoint.save(CausalLM.create(LLAMA, 1), dir);
    HfCheckpoint.saveValueHead(head, dir);
    ValueHead back = new ValueHead(32, 0.1, new Rng(99));
    HfCheckpoint.loadValueHead(dir, back);
    for (String k : head.stateDict().keySet()) {
      assertArrayEquals(head.stateDict().get(k).toFloatArray(), back.stateDict().get(k).toFloatArray(), 0f, k);
    }
    assertNotNull(HfCheckpoint.load(dir), "value_head.safetensors does not disturb loading the model");

    // TRL keeps v_head.* inside the model's own file: the language model skips them, the value head finds them.
    Path trl = tmp.resolve("trl");
    HfCheckpoint.save(CausalLM.create(LLAMA, 1), trl);
    rewrite(trl, t -> head.stateDict().forEach((k, v) -> t.put("v_head." + k, v)));
    assertNotNull(HfCheckpoint.load(trl));
    ValueHead fromTrl = new ValueHead(32, 0.1, new Rng(5));
    HfCheckpoint.loadValueHead(trl, fromTrl);
    assertArrayEquals(head.stateDict().get("summary.weight").toFloatArray(), fromTrl.stateDict().get("summary.weight").toFloatArray(), 0f);

    var e = assertThrows(CheckpointException.class, () -> HfCheckpoint.loadValueHead(dir, new ValueHead(16, 0.1, new Rng(1))));
    assertTrue(e.getMessage().contains("v_head.summary.weight in value_head.safetensors has shape (1, 32) but the value head expects (1, 16)"),
        e.getMessage());
  }

  /** Reads every tensor of a directory's model.safetensors, lets the test edit the map, writes it back. */
  static void rewrite(Path dir, Consumer<Map<String, Tensor>> edit) throws IOException {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      for (String n : f.names()) tensors.put(n, f.read(n));
    }
    edit.accept(tensors);
    SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
  }

  private Path saved(ModelConfig c, String name) throws IOException {
    Path dir = tmp.resolve(name);
    HfCheckpoint.save(CausalLM.create(c, 7), dir);
    return dir;
  }

  private static String loadError(Path dir) {
    return assertThrows(CheckpointException.class, () -> HfCheckpoint.load(dir)).getMessage();
  }

  @Test
  void missingUnexpectedAndMisshapenTensorsAreAllNamedWithTheirFile() throws IOException {
    Path dir = saved(LLAMA, "bad");
    rewrite(dir, t -> {
      t.remove("model.layers.1.mlp.up_proj.weight");
      t.put("model.layers.0.self_attn.q_proj.weight", Tensor.zeros(16, 32));
      t.put("model.layers.0.self_attn.extra.weight", Tensor.zeros(3));
      t.put("model.layers.0.mlp.gate_proj.weight", Tensor.zeros(DType.I32, 64, 32));
    });
    String m = loadError(dir);
    assertTrue(m.startsWith(dir.resolve("model.safetensors") + ": 4 problem(s) loading a llama checkpoint"), m);
    assertTrue(m.contains("model.layers.0.self_attn.q_proj.weight in model.safetensors has shape (16, 32) but config.json implies (32, 32)"), m);
    assertTrue(m.contains("unexpected tensor model.layers.0.self_attn.extra.weight in model.safetensors"), m);
    assertTrue(m.contains("missing tensor model.layers.1.mlp.up_proj.weight"), m);
    assertTrue(m.contains("model.layers.0.mlp.gate_proj.weight in model.safetensors is I32, not a floating-point weight"), m);
  }

  @Test
  void aModelWhoseConfigContradictsItsWeightsIsRejectedBeforeAnyDataIsRead() throws IOException {
    Path dir = saved(LLAMA, "contradiction");
    Map<String, Object> config = Json.readObject(dir.resolve("config.json"));
    config.put("intermediate_size", 48L);
    HfCheckpoint.writeJson(dir.resolve("config.json"), config);
    String m = loadError(dir);
    assertTrue(m.contains("model.layers.0.mlp.up_proj.weight in model.safetensors has shape (64, 32) but config.json implies (48, 32)"), m);
  }

  @Test
  void bufferVariantsOfRealCheckpointsLoad() throws IOException {
    // Llama files from older transformers carry rotary_emb.inv_freq; tied models may store lm_head.weight.
    CausalLM m = CausalLM.create(LLAMA_TIED, 8);
    Path dir = tmp.resolve("variants");
    HfCheckpoint.save(m, dir);
    rewrite(dir, t -> {
      t.put("model.layers.0.self_attn.rotary_emb.inv_freq", Tensor.ones(4));
      t.put("lm_head.weight", t.get("model.embed_tokens.weight"));
    });
    assertSameWeights(m, HfCheckpoint.load(dir));

    rewrite(dir, t -> t.put("lm_head.weight", Tensor.zeros(37, 32)));
    assertTrue(loadError(dir).contains("lm_head.weight differs from model.embed_tokens.weight at element 0"), loadError(dir));
  }

  @Test
  void gpt2LoadsWithoutTheTransformerPrefixAndWithItsMaskBuffers() throws IOException {
    CausalLM m = CausalLM.create(GPT2, 9);
    Path dir = tmp.resolve("gpt2");
    HfCheckpoint.save(m, dir);
    rewrite(dir, t -> {
      Map<String, Tensor> bare = new LinkedHashMap<>();
      t.forEach((k, v) -> bare.put(k.substring("transformer.".length()), v));
      bare.put("h.0.attn.bias", Tensor.ones(1, 1, 64, 64));
      bare.put("h.0.attn.masked_bias", Tensor.scalar(-1e4));
      bare.put("lm_head.weight", t.get("transformer.wte.weight")); // GPT2LMHeadModel files from older versions
      t.clear();
      t.putAll(bare);
    });
    assertSameWeights(m, HfCheckpoint.load(dir));

    rewrite(dir, t -> t.put("transformer.h.0.ln_1.weight", t.get("h.0.ln_1.weight")));
    assertTrue(loadError(dir).contains("in model.safetensors are both transformer.h.0.ln_1.weight"), loadError(dir));
  }

  @Test
  void aShardedCheckpointLoadsLikeTheSingleFile() throws IOException {
    CausalLM m = CausalLM.create(LLAMA, 10);
    Path dir = tmp.resolve("sharded");
    HfCheckpoint.save(m, dir);
    writeShards(dir, Map.of());
    assertFalse(Files.exists(dir.resolve("model.safetensors")));
    assertSameWeights(m, HfCheckpoint.load(dir));
  }

  /** Splits model.safetensors into two shards and an index; {@code override} replaces weight_map entries. */
  static void writeShards(Path dir, Map<String, String> override) throws IOException {
    Map<String, Tensor> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
    Map<String, Object> weightMap = new LinkedHashMap<>();
    try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      for (String n : f.names()) {
        boolean one = n.startsWith("model.layers.0.") || n.startsWith("model.embed");
        (one ? first : second).put(n, f.read(n));
        weightMap.put(n, one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
      }
    }
    weightMap.putAll(override);
    SafetensorsWriter.write(dir.resolve("model-00001-of-00002.safetensors"), first, Map.of("format", "pt"));
    SafetensorsWriter.write(dir.resolve("model-00002-of-00002.safetensors"), second, Map.of("format", "pt"));
    HfCheckpoint.writeJson(dir.resolve("model.safetensors.index.json"), Map.of("metadata", Map.of(), "weight_map", weightMap));
    Files.delete(dir.resolve("model.safetensors"));
  }

  @Test
  void shardIndexErrorsNameTheIndexTheTensorAndTheShard() throws IOException {
    Path missing = saved(LLAMA, "missing-shard");
    writeShards(missing, Map.of("model.norm.weight", "model-00003-of-00002.safetensors"));
    assertTrue(loadError(missing).contains("model.safetensors.index.json: weight_map puts \"model.norm.weight\" in model-00003-of-00002.safetensors,"
        + " which does not exist"), loadError(missing));

    Path wrong = saved(LLAMA, "wrong-shard");
    writeShards(wrong, Map.of("model.norm.weight", "model-00001-of-00002.safetensors"));
    assertTrue(loadError(wrong).contains("weight_map puts \"model.norm.weight\" in model-00001-of-00002.safetensors, but that file holds no such tensor"),
        loadError(wrong));

    Path escape = saved(LLAMA, "escape");
    writeShards(escape, Map.of("model.norm.weight", "../bad/model.safetensors"));
    assertTrue(loadError(escape).contains("which is not a file in"), loadError(escape));
  }

  @Test
  void directoriesWithoutSafetensorsGetAClearMessage() throws IOException {
    Path bin = saved(LLAMA, "bin");
    Files.move(bin.resolve("model.safetensors"), bin.resolve("pytorch_model.bin"));
    assertTrue(loadError(bin).contains("holds only pytorch_model.bin; PyTorch's pickle format is not supported, reason4j reads safetensors"),
        loadError(bin));

    Path empty = saved(LLAMA, "empty");
    Files.delete(empty.resolve("model.safetensors"));
    assertTrue(loadError(empty).contains("has neither model.safetensors nor model.safetensors.index.json"), loadError(empty));

    assertTrue(loadError(tmp.resolve("absent")).contains("is not a model directory"), loadError(tmp.resolve("absent")));

    Path noConfig = saved(LLAMA, "no-config");
    Files.delete(noConfig.resolve("config.json"));
    assertTrue(loadError(noConfig).endsWith("has no config.json"), loadError(noConfig));
  }

  @Test
  void unknownModelTypesAndCorruptFilesAreRejectedWithTheFileName() throws IOException {
    Path dir = saved(LLAMA, "falcon");
    Map<String, Object> config = Json.readObject(dir.resolve("config.json"));
    config.put("model_type", "falcon");
    HfCheckpoint.writeJson(dir.resolve("config.json"), config);
    var e = assertThrows(IllegalArgumentException.class, () -> HfCheckpoint.load(dir));
    assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("falcon"), e.getMessage());

    Path truncated = saved(LLAMA, "truncated");
    Path file = truncated.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    var t = assertThrows(IOException.class, () -> HfCheckpoint.load(truncated));
    assertTrue(t.getMessage().startsWith(file.toString()), t.getMessage());
  }
}

package org.reason4j.transformer.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.reason4j.nn.Module;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;
import org.reason4j.tensor.io.SafetensorsWriter;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.model.ValueHead;

/**
 * Loads and saves models in the Hugging Face layout: a directory with {@code config.json} and
 * {@code model.safetensors} (or shards listed by {@code model.safetensors.index.json}).
 *
 * <p>Loading builds an empty model from the config and streams the weights into it one tensor at a
 * time: each tensor is decoded from its stored type (BF16, F16, F32) straight to F32 and copied into the
 * parameter of the same name, so memory peaks at the F32 size of the weights plus the largest single
 * tensor, never at two copies of the model. Every name and shape is checked against the config before
 * any data is read, and all problems are reported together, each naming the tensor and its file.
 *
 * <p>Saving writes the same names Hugging Face writes (a tied output head is omitted, as
 * {@code save_pretrained} does), so the directory loads in transformers. Each file is written to a
 * temporary file and renamed, weights first and config last. It does not shard and does not write
 * tokenizer files.
 */
public final class HfCheckpoint {
  public static final String CONFIG_FILE = "config.json";
  public static final String GENERATION_CONFIG_FILE = "generation_config.json";
  /** The PPO value head, saved beside the model (TRL keeps the same keys inside the model file). */
  public static final String VALUE_HEAD_FILE = "value_head.safetensors";
  private static final int MAX_LISTED_PROBLEMS = 20;
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private HfCheckpoint() {}

  /** Loads a model onto the CPU. */
  public static CausalLM load(Path dir) throws IOException {
    return load(dir, Device.CPU);
  }

  /** Loads a model onto a device: the empty model moves first, then each tensor is copied there. */
  public static CausalLM load(Path dir, Device device) throws IOException {
    ModelConfig config = readConfig(dir);
    CausalLM model = CausalLM.empty(config);
    if (!device.equals(Device.CPU)) model.to(device);
    try (ShardedSafetensors weights = ShardedSafetensors.open(dir)) {
      loadWeights(model, weights);
    }
    return model;
  }

  /** Reads {@code config.json} of a model directory. */
  public static ModelConfig readConfig(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new CheckpointException(dir, "is not a model directory (it should hold config.json and model.safetensors)");
    Path file = dir.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(file)) throw new CheckpointException(dir, "has no " + CONFIG_FILE);
    return ModelConfig.read(file);
  }

  /** Fills a model's parameters from checkpoint weights, after checking every name and shape. */
  public static void loadWeights(CausalLM model, ShardedSafetensors weights) throws IOException {
    ModelConfig config = model.config();
    Map<String, Tensor> targets = model.stateDict();
    Map<String, String> sources = new LinkedHashMap<>(); // model key -> checkpoint key
    List<String> tiedHeads = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String key : weights.names()) {
      HfKeys.Key k = HfKeys.classify(config, key);
      if (k.role() == HfKeys.Role.SKIP) continue;
      Tensor target = targets.get(k.modelKey());
      if (k.role() == HfKeys.Role.TIED_HEAD) {
        tiedHeads.add(key);
      } else if (target == null) {
        problems.add("unexpected tensor " + weights.where(key) + ": a " + config.modelType() + " model with this config has no such weight");
      } else if (sources.containsKey(k.modelKey())) {
        problems.add(weights.where(key) + " and " + weights.where(sources.get(k.modelKey())) + " are both " + k.modelKey());
      } else {
        sources.put(k.modelKey(), key);
      }
      if (target != null) checkTensor(weights, key, target.shape(), "config.json implies", problems);
    }
    for (String name : targets.keySet()) {
      if (!sources.containsKey(name)) problems.add("missing tensor " + name);
    }
    failIfAny(weights.source(), "loading a " + config.modelType() + " checkpoint", problems);
    for (Map.Entry<String, String> e : sources.entrySet()) copy(weights, e.getValue(), targets.get(e.getKey()));
    for (String head : tiedHeads) checkTiedHead(weights, head, HfKeys.embedding(config), targets.get(HfKeys.embedding(config)));
  }

  /** Adds a problem when a checkpoint tensor is not floating point or not of the shape the model needs. */
  private static void checkTensor(ShardedSafetensors weights, String key, int[] expected, String because, List<String> problems)
      throws IOException {
    var info = weights.info(key);
    if (!info.dtype().isFloat()) {
      problems.add(weights.where(key) + " is " + info.dtype() + ", not a floating-point weight");
    } else if (!Arrays.equals(info.shape(), expected)) {
      problems.add(weights.where(key) + " has shape " + Shape.str(info.shape()) + " but " + because + " " + Shape.str(expected));
    }
  }

  private static void failIfAny(Path source, String what, List<String> problems) throws CheckpointException {
    if (problems.isEmpty()) return;
    List<String> shown = problems.subList(0, Math.min(problems.size(), MAX_LISTED_PROBLEMS));
    String more = problems.size() > shown.size() ? "\n  ... and " + (problems.size() - shown.size()) + " more" : "";
    throw new CheckpointException(source, problems.size() + " problem(s) " + what + ":\n  " + String.join("\n  ", shown) + more);
  }

  /** Decodes one tensor to F32 and copies it into the parameter; the decoded array is the only temporary. */
  private static void copy(ShardedSafetensors weights, String key, Tensor target) throws IOException {
    target.copyFrom(weights.readAs(key, DType.F32).to(target.device()));
  }

  /** A tied model's {@code lm_head.weight}, when a checkpoint stores it, must equal the embedding bit for bit. */
  private static void checkTiedHead(ShardedSafetensors weights, String key, String embeddingKey, Tensor embedding) throws IOException {
    float[] head = weights.readAs(key, DType.F32).toFloatArray();
    float[] emb = embedding.toFloatArray();
    int i = Arrays.mismatch(head, emb);
    if (i >= 0) {
      throw new CheckpointException(weights.fileOf(key), key + " differs from " + embeddingKey + " at element " + i + " (" + head[i] + " vs "
          + emb[i] + "), but the model ties its output head to the embedding (tie_word_embeddings; reason4j's GPT-2 always ties)");
    }
  }

  // ------------------------------------------------------------------ saving

  /**
   * Writes {@code model.safetensors} (F32, Hugging Face names, {@code {"format": "pt"}} metadata as
   * transformers expects), then {@code config.json} and, when the config names special tokens,
   * {@code generation_config.json}. An existing checkpoint in {@code dir} is replaced file by file.
   */
  public static void save(CausalLM model, Path dir) throws IOException {
    Files.createDirectories(dir);
    SafetensorsWriter.write(dir.resolve(ShardedSafetensors.SINGLE_FILE), model.stateDict(), Map.of("format", "pt"));
    ModelConfig c = model.config();
    writeJson(dir.resolve(CONFIG_FILE), c.toJson());
    if (c.bosTokenId() != null || !c.eosTokenIds().isEmpty() || c.padTokenId() != null) {
      writeJson(dir.resolve(GENERATION_CONFIG_FILE), generationConfig(c));
    }
  }

  /** The token ids generation needs, as transformers writes them for a config without a generation config. */
  private static Map<String, Object> generationConfig(ModelConfig c) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("_from_model_config", true);
    if (c.bosTokenId() != null) j.put("bos_token_id", c.bosTokenId());
    if (!c.eosTokenIds().isEmpty()) j.put("eos_token_id", c.eosTokenIds().size() == 1 ? (Object) c.eosTokenIds().get(0) : c.eosTokenIds());
    if (c.padTokenId() != null) j.put("pad_token_id", c.padTokenId());
    return j;
  }

  /** Writes JSON to a temporary file in the same directory, forces it to disk, then renames it over the target. */
  static void writeJson(Path file, Object json) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
    try {
      Files.write(temp, (Json.writePretty(json, "  ") + "\n").getBytes(StandardCharsets.UTF_8));
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  // ------------------------------------------------------------------ value head

  /** Writes {@code value_head.safetensors} with TRL's keys {@code v_head.summary.weight} and {@code v_head.summary.bias}. */
  public static void saveValueHead(ValueHead head, Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : head.stateDict().entrySet()) tensors.put(HfKeys.VALUE_HEAD_PREFIX + e.getKey(), e.getValue());
    SafetensorsWriter.write(dir.resolve(VALUE_HEAD_FILE), tensors, Map.of("format", "pt"));
  }

  /**
   * Fills a value head from {@code value_head.safetensors}, or, when that file is absent, from the
   * {@code v_head.*} tensors of the model's own weights (where TRL saves them).
   */
  public static void loadValueHead(Path dir, ValueHead head) throws IOException {
    Path file = dir.resolve(VALUE_HEAD_FILE);
    try (ShardedSafetensors weights = Files.exists(file) ? ShardedSafetensors.openFile(file) : ShardedSafetensors.open(dir)) {
      loadPrefixed(head, weights, HfKeys.VALUE_HEAD_PREFIX);
    }
  }

  /** Loads every parameter of {@code module} from {@code prefix + name}; other tensors are ignored. */
  private static void loadPrefixed(Module module, ShardedSafetensors weights, String prefix) throws IOException {
    Map<String, Tensor> targets = module.stateDict();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : targets.entrySet()) {
      String key = prefix + e.getKey();
      if (!weights.contains(key)) problems.add("missing tensor " + key);
      else checkTensor(weights, key, e.getValue().shape(), "the value head expects", problems);
    }
    failIfAny(weights.source(), "loading a value head", problems);
    for (Map.Entry<String, Tensor> e : targets.entrySet()) copy(weights, prefix + e.getKey(), e.getValue());
  }
}

package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.io.Llama2cCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;
import org.reason4j.transformer.tokenizer.Llama2cTokenizer;
import org.reason4j.transformer.tokenizer.Tokenizer;
import org.reason4j.transformer.tokenizer.Tokenizers;

/**
 * The command line's {@code --model} (and optional {@code --tokenizer}), loaded with its tokenizer:
 * <ul>
 *   <li>a Hugging Face folder (config.json, safetensors, a tokenizer reason4j reads);</li>
 *   <li>a llama2.c {@code .bin} checkpoint, its tokenizer from {@code --tokenizer}, else a
 *       {@code tokenizer.bin} beside it, else the single {@code tok*.bin} there (llama2.c's tok512.bin);</li>
 *   <li>{@code new:<preset>[:<seed>]}: a fresh character-level Llama for the synthetic task
 *       ({@code tiny}: 2 layers x 64, {@code small}: 4 layers x 128), with a {@link CharTokenizer}.</li>
 * </ul>
 * Nothing is downloaded and nothing beyond these layouts is guessed.
 *
 * @param directory the model folder (null for a fresh model)
 * @param tokenizerFiles files to copy next to a saved model (reason4j writes weights and only its own
 *     character tokenizer)
 * @param templateDir where {@code tokenizer_config.json}, and so the chat template, would be (may be null)
 * @param eosIds the union of config.json's, generation_config.json's and the tokenizer's EOS ids
 */
record LoadedModel(CausalLM model, Tokenizer tokenizer, Path directory, List<Path> tokenizerFiles, Path templateDir, Set<Integer> eosIds) {
  private static final List<String> HF_TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
      "vocab.json", "merges.txt", "encoder.json", "vocab.bpe", "tokenizer.model", "tokenizer.bin", CharTokenizer.FILE_NAME, "chat_template.jinja");

  static LoadedModel load(String spec, Path tokenizerOption) throws IOException {
    if (spec.startsWith("new:")) return fresh(spec);
    Path path = Path.of(spec);
    if (!Files.exists(path)) throw new IllegalArgumentException("--model " + spec + ": no such file or directory");
    boolean hf = Files.isDirectory(path);
    if (!hf && !path.getFileName().toString().endsWith(".bin")) {
      throw new IllegalArgumentException("--model " + spec + ": not a model folder, a llama2.c .bin file or new:<tiny|small>");
    }
    CausalLM m = hf ? HfCheckpoint.load(path) : Llama2cCheckpoint.load(path);
    Path tokPath = tokenizerOption != null ? tokenizerOption : hf ? path : llama2cTokenizerBeside(path);
    Tokenizer tok = tokPath.getFileName().toString().endsWith(".bin")
        ? Llama2cTokenizer.load(tokPath, m.config().vocabSize()) // as run.c reads it: exactly vocab_size tokens
        : Tokenizers.load(tokPath);
    if (tok.vocabSize() > m.config().vocabSize()) {
      throw new IllegalArgumentException("tokenizer " + tokPath + " has " + tok.vocabSize() + " tokens but the model " + spec
          + " has only " + m.config().vocabSize() + " embeddings; they do not belong together");
    }
    List<Path> files = new ArrayList<>();
    if (tokenizerOption != null) {
      files.add(tokenizerOption);
    } else if (hf) {
      for (String name : HF_TOKENIZER_FILES) if (Files.isRegularFile(path.resolve(name))) files.add(path.resolve(name));
    } else {
      files.add(tokPath);
    }
    Set<Integer> eos = new TreeSet<>(m.config().eosTokenIds());
    if (hf) eos.addAll(generationConfigEos(path.resolve(HfCheckpoint.GENERATION_CONFIG_FILE)));
    tok.eosId().ifPresent(eos::add);
    Path templateDir = Files.isDirectory(tokPath) ? tokPath : tokPath.toAbsolutePath().getParent();
    Path dir = hf ? path : path.toAbsolutePath().getParent();
    return new LoadedModel(m, tok, dir, files, templateDir, eos);
  }

  /** llama2.c keeps the tokenizer next to the checkpoint: tokenizer.bin, or one tok*.bin (tok512.bin). */
  private static Path llama2cTokenizerBeside(Path bin) throws IOException {
    Path dir = bin.toAbsolutePath().getParent();
    if (Files.isRegularFile(dir.resolve("tokenizer.bin"))) return dir.resolve("tokenizer.bin");
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().matches("tok.*\\.bin") && Files.isRegularFile(p)).sorted().forEach(found::add);
    }
    if (found.size() == 1) return found.get(0);
    throw new IllegalArgumentException(found.isEmpty()
        ? "no tokenizer beside " + bin + " (looked for tokenizer.bin and tok*.bin in " + dir + "); name one with --tokenizer"
        : "several tokenizers beside " + bin + " (" + found + "); choose one with --tokenizer");
  }

  /** eos_token_id of generation_config.json (an id or a list), if the file exists. */
  private static List<Integer> generationConfigEos(Path file) {
    List<Integer> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) return out;
    Map<String, Object> j = Json.readObject(file);
    Object v = j.get("eos_token_id");
    for (Object o : v instanceof List ? (List<?>) v : v == null ? List.of() : List.of(v)) {
      if (!(o instanceof Long)) throw new IllegalArgumentException(file + ": \"eos_token_id\" must be an id or a list of ids, got " + Json.write(v));
      out.add((int) (long) (Long) o);
    }
    return out;
  }

  /** new:tiny, new:small, optionally new:tiny:SEED. */
  private static LoadedModel fresh(String spec) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3) throw new IllegalArgumentException("--model " + spec + ": expected new:<tiny|small>[:<seed>]");
    long seed;
    try {
      seed = parts.length == 3 ? Long.parseLong(parts[2]) : 1234;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--model " + spec + ": the seed '" + parts[2] + "' is not an integer");
    }
    CharTokenizer tok = new CharTokenizer(SyntheticTask.alphabet());
    ModelConfig c = switch (parts[1]) {
      case "tiny" -> ModelConfig.llama(tok.vocabSize(), 64, 176, 2, 4, 4, 256);
      case "small" -> ModelConfig.llama(tok.vocabSize(), 128, 352, 4, 4, 4, 320);
      default -> throw new IllegalArgumentException("--model " + spec + ": unknown preset '" + parts[1] + "' (tiny, small)");
    };
    c = c.withSpecialTokens(List.of(CharTokenizer.EOS), CharTokenizer.BOS, CharTokenizer.PAD);
    return new LoadedModel(CausalLM.create(c, seed), tok, null, List.of(), null, Set.of(CharTokenizer.EOS));
  }

  /** Positions the model can attend over (its context length). */
  int context() {
    return model.config().maxPositions();
  }

  /** Copies the tokenizer files into a saved model folder (a character tokenizer saves itself). */
  void copyTokenizerFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    for (Path f : tokenizerFiles) {
      String name = f.getFileName().toString().endsWith(".bin") ? "tokenizer.bin" : f.getFileName().toString();
      Files.copy(f, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

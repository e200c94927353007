package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.io.Llama2cCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.tokenizer.Llama2cTokenizer;
import org.reason4j.transformer.tokenizer.Tokenizer;
import org.reason4j.transformer.tokenizer.Tokenizers;

/**
 * A model opened from the command line's {@code --model} (and optional {@code --tokenizer}), with its
 * tokenizer, the folder its chat template would come from, and every end-of-sequence id it declares.
 *
 * <p>{@code --model} is either a Hugging Face model directory (config.json, safetensors, tokenizer
 * files) or a llama2.c checkpoint {@code .bin} whose tokenizer sits beside it ({@code tokenizer.bin}, or
 * the single {@code tok*.bin} of the folder, as llama2.c's {@code tok512.bin}). It does not download
 * anything and does not guess beyond these two layouts.
 *
 * @param templateDir where {@code tokenizer_config.json} (and so the chat template) would be
 * @param eosIds the union of config.json's, generation_config.json's and the tokenizer's EOS ids
 */
record LoadedModel(CausalLM model, Tokenizer tokenizer, Path templateDir, Set<Integer> eosIds) {

  static LoadedModel open(Path model, Path tokenizerOption) throws IOException {
    if (!Files.exists(model)) throw new IllegalArgumentException("--model " + model + ": no such file or directory");
    boolean hf = Files.isDirectory(model);
    CausalLM m = hf ? HfCheckpoint.load(model) : Llama2cCheckpoint.load(model);
    Path tokPath = tokenizerOption != null ? tokenizerOption : hf ? model : llama2cTokenizerBeside(model);
    Tokenizer tok = tokPath.getFileName().toString().endsWith(".bin")
        ? Llama2cTokenizer.load(tokPath, m.config().vocabSize()) // as run.c reads it: exactly vocab_size tokens
        : Tokenizers.load(tokPath);
    if (tok.vocabSize() > m.config().vocabSize()) {
      throw new IllegalArgumentException("tokenizer " + tokPath + " has " + tok.vocabSize() + " tokens but the model " + model
          + " has only " + m.config().vocabSize() + " embeddings; they do not belong together");
    }
    Set<Integer> eos = new TreeSet<>(m.config().eosTokenIds());
    if (hf) eos.addAll(generationConfigEos(model.resolve(HfCheckpoint.GENERATION_CONFIG_FILE)));
    tok.eosId().ifPresent(eos::add);
    Path templateDir = Files.isDirectory(tokPath) ? tokPath : tokPath.toAbsolutePath().getParent();
    return new LoadedModel(m, tok, templateDir, eos);
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

  /** Positions the model can attend over (its context length). */
  int context() {
    return model.config().maxPositions();
  }
}

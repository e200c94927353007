package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.io.Llama2cCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.CharTokenizer;
import org.reason4j.transformer.tokenizer.Llama2cTokenizer;
import org.reason4j.transformer.tokenizer.Tokenizer;
import org.reason4j.transformer.tokenizer.Tokenizers;

/**
 * The {@code --model} argument of the training and evaluation commands, loaded:
 * <ul>
 *   <li>{@code new:<preset>[:<seed>]}: a fresh character-level Llama for the synthetic task
 *       ({@code tiny}: 2 layers x 64, {@code small}: 4 layers x 128), with a {@link CharTokenizer};</li>
 *   <li>a Hugging Face folder (config.json, safetensors, a tokenizer reason4j reads);</li>
 *   <li>a llama2.c {@code .bin} checkpoint, its tokenizer from {@code --tokenizer}, else a
 *       {@code tokenizer.bin} beside it, else the only other {@code .bin} file there.</li>
 * </ul>
 * It also knows which tokenizer files to copy next to a saved model, since reason4j writes weights but
 * only its own character tokenizer.
 *
 * @param tokenizerFiles files to copy into a saved model folder (empty for a character tokenizer)
 */
record LoadedModel(CausalLM model, Tokenizer tokenizer, Path directory, List<Path> tokenizerFiles) {
  private static final List<String> HF_TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
      "vocab.json", "merges.txt", "encoder.json", "vocab.bpe", "tokenizer.model", "tokenizer.bin", CharTokenizer.FILE_NAME, "chat_template.jinja");

  static LoadedModel load(String spec, Path tokenizerPath) throws IOException {
    if (spec.startsWith("new:")) return fresh(spec);
    Path path = Path.of(spec);
    if (Files.isDirectory(path)) {
      List<Path> files = new ArrayList<>();
      for (String name : HF_TOKENIZER_FILES) if (Files.isRegularFile(path.resolve(name))) files.add(path.resolve(name));
      Tokenizer tok = tokenizerPath != null ? Tokenizers.load(tokenizerPath) : Tokenizers.load(path);
      return new LoadedModel(HfCheckpoint.load(path), tok, path, tokenizerPath != null ? List.of(tokenizerPath) : files);
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".bin")) {
      CausalLM model = Llama2cCheckpoint.load(path);
      Path tokFile = tokenizerPath != null ? tokenizerPath : llama2cTokenizer(path);
      Tokenizer tok = tokFile.getFileName().toString().endsWith(".bin")
          ? Llama2cTokenizer.load(tokFile, model.config().vocabSize()) : Tokenizers.load(tokFile);
      return new LoadedModel(model, tok, path.toAbsolutePath().getParent(), List.of(tokFile));
    }
    throw new IllegalArgumentException("--model " + spec + ": not a model folder, a llama2.c .bin file or new:<tiny|small>");
  }

  private static Path llama2cTokenizer(Path bin) throws IOException {
    Path dir = bin.toAbsolutePath().getParent();
    if (Files.isRegularFile(dir.resolve("tokenizer.bin"))) return dir.resolve("tokenizer.bin");
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.bin")) {
      for (Path p : ds) if (!p.getFileName().equals(bin.getFileName())) others.add(p);
    }
    if (others.size() != 1) {
      throw new IllegalArgumentException(bin + ": cannot tell which file is its tokenizer (found " + others.size()
          + " other .bin files beside it); pass --tokenizer");
    }
    return others.get(0);
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
    return new LoadedModel(CausalLM.create(c, seed), tok, null, List.of());
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

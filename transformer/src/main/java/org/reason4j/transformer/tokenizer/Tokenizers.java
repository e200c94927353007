package org.reason4j.transformer.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loading tokenizers. {@link #load(Path)} takes a model directory or a file and picks the format:
 * <ul>
 *   <li>tokenizer.json (Hugging Face; a tokenizer_config.json beside it names BOS/EOS),</li>
 *   <li>vocab.json + merges.txt, or encoder.json + vocab.bpe (GPT-2-style byte-level BPE; the
 *       family comes from tokenizer_config.json's tokenizer_class or config.json's model_type,
 *       or is passed to {@link #load(Path, BpeFamily)}),</li>
 *   <li>tokenizer.bin (llama2.c),</li>
 *   <li>tokenizer.model when it is a tiktoken rank file (Llama 3); SentencePiece protobufs are
 *       rejected (use the model's tokenizer.json),</li>
 *   <li>char_tokenizer.json (reason4j's {@link CharTokenizer} for models trained from scratch).</li>
 * </ul>
 * Without a tokenizer_config.json, BOS/EOS of a tokenizer.json are found by name: the first of
 * {@code <s>, <|begin_of_text|>} and of {@code </s>, <|end_of_text|>, <|endoftext|>} that exists.
 */
public final class Tokenizers {
  private Tokenizers() {}

  /** Loads the tokenizer of a model directory or a tokenizer file. */
  public static Tokenizer load(Path path) {
    return load(path, null);
  }

  /**
   * As {@link #load(Path)}, with the BPE family given for vocab.json + merges.txt files (null:
   * detect it; ignored for other formats).
   */
  public static Tokenizer load(Path path, BpeFamily family) {
    if (Files.isDirectory(path)) return loadDirectory(path, family);
    if (!Files.isRegularFile(path)) throw new TokenizerException(path + ": no such file or directory");
    String name = path.getFileName().toString();
    Path dir = path.toAbsolutePath().getParent();
    Path config = existing(dir.resolve("tokenizer_config.json"));
    if (name.equals(CharTokenizer.FILE_NAME)) return CharTokenizer.load(path);
    if (name.endsWith(".bin")) return Llama2cTokenizer.load(path);
    if (name.endsWith(".model")) return tiktoken(path, config);
    if (name.equals("vocab.json")) return vocabMerges(dir, path, dir.resolve("merges.txt"), config, family);
    if (name.equals("encoder.json")) return vocabMerges(dir, path, dir.resolve("vocab.bpe"), config, family);
    if (name.endsWith(".json")) return TokenizerJson.load(path, config);
    throw new TokenizerException(path + ": unknown tokenizer file (expected tokenizer.json, vocab.json, encoder.json, "
        + "tokenizer.bin or a tiktoken tokenizer.model)");
  }

  /** GPT-2-style files with an explicit family; {@code tokenizerConfig} may be null. */
  public static Tokenizer fromVocabMerges(Path vocabJson, Path mergesTxt, Path tokenizerConfig, BpeFamily family) {
    return BpeFiles.load(vocabJson, mergesTxt, tokenizerConfig, family);
  }

  /** A Hugging Face tokenizer.json; {@code tokenizerConfig} (for BOS/EOS) may be null. */
  public static Tokenizer fromTokenizerJson(Path tokenizerJson, Path tokenizerConfig) {
    return TokenizerJson.load(tokenizerJson, tokenizerConfig);
  }

  private static Tokenizer loadDirectory(Path dir, BpeFamily family) {
    Path chars = existing(dir.resolve(CharTokenizer.FILE_NAME));
    if (chars != null) return CharTokenizer.load(chars);
    Path config = existing(dir.resolve("tokenizer_config.json"));
    Path json = existing(dir.resolve("tokenizer.json"));
    if (json != null) return TokenizerJson.load(json, config);
    for (String[] pair : new String[][] {{"vocab.json", "merges.txt"}, {"encoder.json", "vocab.bpe"}}) {
      Path vocab = existing(dir.resolve(pair[0]));
      if (vocab != null) return vocabMerges(dir, vocab, dir.resolve(pair[1]), config, family);
    }
    Path bin = existing(dir.resolve("tokenizer.bin"));
    if (bin != null) return Llama2cTokenizer.load(bin);
    Path model = existing(dir.resolve("tokenizer.model"));
    if (model != null) return tiktoken(model, config);
    throw new TokenizerException(dir + ": no tokenizer found (looked for tokenizer.json, vocab.json + merges.txt, "
        + "encoder.json + vocab.bpe, tokenizer.bin, tokenizer.model, " + CharTokenizer.FILE_NAME + ")");
  }

  private static Tokenizer vocabMerges(Path dir, Path vocab, Path merges, Path config, BpeFamily family) {
    if (existing(merges) == null) {
      throw new TokenizerException(dir + ": has " + vocab.getFileName() + " but no " + merges.getFileName());
    }
    return BpeFiles.load(vocab, merges, config, family != null ? family : detectFamily(dir, config));
  }

  private static Tokenizer tiktoken(Path model, Path config) {
    if (!Tiktoken.looksLikeTiktoken(model)) {
      throw new TokenizerException(model + ": not a tiktoken rank file (a SentencePiece model?), which reason4j "
          + "does not read; use the model's tokenizer.json");
    }
    return Tiktoken.load(model, config);
  }

  /** From tokenizer_config.json's tokenizer_class, else config.json's model_type. */
  static BpeFamily detectFamily(Path dir, Path tokenizerConfig) {
    if (tokenizerConfig != null) {
      Object cls = TokenizerJson.readObject(tokenizerConfig).get("tokenizer_class");
      if (cls instanceof String c) {
        if (c.startsWith("GPT2")) return BpeFamily.GPT2;
        if (c.startsWith("Qwen2")) return BpeFamily.QWEN2;
      }
    }
    Path modelConfig = existing(dir.resolve("config.json"));
    if (modelConfig != null) {
      Map<String, Object> cfg = TokenizerJson.readObject(modelConfig);
      Object type = cfg.get("model_type");
      if (type instanceof String t) {
        if (t.equals("gpt2")) return BpeFamily.GPT2;
        if (t.startsWith("qwen")) return BpeFamily.QWEN2;
        if (t.equals("llama") && Long.valueOf(128256).equals(cfg.get("vocab_size"))) return BpeFamily.LLAMA3;
      }
    }
    throw new TokenizerException(dir + ": cannot tell which BPE family (pre-tokenizer regex) its vocab.json + merges.txt "
        + "belong to; no tokenizer_class in tokenizer_config.json or model_type in config.json says so. "
        + "Pass the family: Tokenizers.load(path, BpeFamily.GPT2 | QWEN2 | LLAMA3)");
  }

  private static Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }
}

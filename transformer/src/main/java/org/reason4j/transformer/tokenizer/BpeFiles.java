package org.reason4j.transformer.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Byte-level BPE from GPT-2-style files: vocab.json (token -> id, tokens in the byte alphabet) and
 * merges.txt (an optional "#version" line, then "a b" per line, in rank order), also under their
 * original OpenAI names encoder.json and vocab.bpe; plus, optionally, a tokenizer_config.json whose
 * {@code added_tokens_decoder} gives the special tokens and whose bos_token/eos_token name BOS/EOS.
 * The {@link BpeFamily} supplies the rest of the pipeline.
 */
final class BpeFiles {
  private BpeFiles() {}

  /** Meta's Llama 3 special tokens, ids 128000 + index (models/llama3/tokenizer.py). */
  static List<String> llama3SpecialTokens() {
    List<String> names = new ArrayList<>(List.of("<|begin_of_text|>", "<|end_of_text|>",
        "<|reserved_special_token_0|>", "<|reserved_special_token_1|>", "<|finetune_right_pad_id|>", "<|step_id|>",
        "<|start_header_id|>", "<|end_header_id|>", "<|eom_id|>", "<|eot_id|>", "<|python_tag|>", "<|image|>"));
    for (int i = 0; names.size() < 256; i++) names.add("<|reserved_special_token_" + (2 + i) + "|>");
    return names;
  }

  /** {@code config} may be null: the family's defaults are used then. */
  static HfTokenizer load(Path vocabFile, Path mergesFile, Path config, BpeFamily family) {
    Map<String, Integer> vocab = TokenModel.readVocab(TokenizerJson.readObject(vocabFile), vocabFile.toString());
    List<String[]> merges = readMerges(mergesFile);
    Bpe.Options options = new Bpe.Options(null, null, null, false, false, family.ignoreMerges);
    Bpe model = Bpe.fromMergeList(vocab, merges, options, vocabFile + " + " + mergesFile);
    Specials specials = config != null ? Specials.fromConfig(config) : Specials.defaults(family, vocab);
    return assemble(family, model, specials, vocabFile.toString());
  }

  /** The special tokens and options that come from tokenizer_config.json or the family defaults. */
  record Specials(List<AddedVocabulary.AddedToken> added, String bos, String eos, boolean addPrefixSpace) {
    static Specials fromConfig(Path config) {
      JsonObj o = JsonObj.of(TokenizerJson.readObject(config), config.toString());
      if (!o.has("added_tokens_decoder")) throw o.fail("needs 'added_tokens_decoder' to give the special tokens their ids");
      List<AddedVocabulary.AddedToken> added = new ArrayList<>();
      JsonObj dec = o.obj("added_tokens_decoder");
      for (String key : dec.map().keySet()) {
        int id;
        try {
          id = Integer.parseInt(key);
        } catch (NumberFormatException e) {
          throw dec.fail("key '" + key + "' is not a token id");
        }
        added.add(AddedVocabulary.AddedToken.fromJson(dec.obj(key), id));
      }
      TokenizerJson.SpecialNames names = TokenizerJson.SpecialNames.fromConfig(config);
      return new Specials(added, names.bos(), names.eos(), o.bool("add_prefix_space", false));
    }

    /** Without a config: what the family's Hugging Face tokenizer class registers by default. */
    static Specials defaults(BpeFamily family, Map<String, Integer> vocab) {
      List<AddedVocabulary.AddedToken> added = new ArrayList<>();
      int next = vocab.size();
      switch (family) {
        case GPT2 -> {
          Integer id = vocab.get("<|endoftext|>");
          if (id != null) added.add(special(id, "<|endoftext|>"));
          return new Specials(added, id != null ? "<|endoftext|>" : null, id != null ? "<|endoftext|>" : null, false);
        }
        case QWEN2 -> {
          added.add(special(next, "<|endoftext|>")); // Qwen2Tokenizer's default unk/eos/pad token
          return new Specials(added, null, "<|endoftext|>", false);
        }
        default -> {
          List<String> names = llama3SpecialTokens();
          for (int i = 0; i < names.size(); i++) added.add(special(next + i, names.get(i)));
          return new Specials(added, "<|begin_of_text|>", "<|end_of_text|>", false);
        }
      }
    }

    private static AddedVocabulary.AddedToken special(int id, String content) {
      return new AddedVocabulary.AddedToken(id, content, false, false, false, false, true);
    }
  }

  static HfTokenizer assemble(BpeFamily family, Bpe model, Specials specials, String where) {
    PostProcessor post = new PostProcessor.ByteLevel();
    if (family.bosTemplateToken != null) {
      Integer bos = null;
      for (AddedVocabulary.AddedToken t : specials.added()) if (t.content().equals(family.bosTemplateToken)) bos = t.id();
      if (bos == null) bos = model.tokenToId(family.bosTemplateToken);
      if (bos == null) throw new TokenizerException(where + ": " + family + " needs the token " + family.bosTemplateToken);
      List<int[]> parts = new ArrayList<>();
      parts.add(new int[] {bos});
      parts.add(null);
      post = new PostProcessor.Template(parts);
    }
    return new HfTokenizer(family.normalizer(), family.preTokenizer(specials.addPrefixSpace()), model, post,
        new Decoder.ByteLevel(), specials.added(), specials.bos(), specials.eos(), LengthRules.NONE, where);
  }

  /** merges.txt: skips a first "#version" line and empty lines; every other line is "a b". */
  static List<String[]> readMerges(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new TokenizerException(file + ": cannot read: " + e.getMessage(), e);
    }
    List<String[]> merges = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || i == 0 && line.startsWith("#version")) continue;
      merges.add(TokenModel.mergePair(line, file + " line " + (i + 1)));
    }
    return merges;
  }
}

package org.reason4j.transformer.tokenizer;

import java.util.Locale;

/**
 * The model families whose byte-level BPE comes as vocab.json + merges.txt (or tiktoken) without a
 * tokenizer.json. The family supplies what such files leave out, as Hugging Face defines it:
 * the pre-tokenizer regex, the normalizer, whether whole-word tokens skip merging, and the BOS
 * the post-processor adds.
 */
public enum BpeFamily {
  /** GPT-2: the ByteLevel pre-tokenizer's built-in regex; nothing added around a sequence. */
  GPT2(null, false, false, null),
  /** Qwen2 / Qwen2.5 / Qwen3: NFC, then the Qwen2 regex (single digits); nothing added. */
  QWEN2("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
      + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", true, false, null),
  /** Llama 3: the Llama 3 regex (digits in threes), tiktoken's whole-word rule, BOS added. */
  LLAMA3("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
      + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", false, true, "<|begin_of_text|>");

  /** The Split regex (Oniguruma syntax), or null for GPT-2's built-in one. */
  final String regex;
  final boolean nfc;
  final boolean ignoreMerges;
  /** The token the post-processor puts in front when special tokens are added, or null. */
  final String bosTemplateToken;

  BpeFamily(String regex, boolean nfc, boolean ignoreMerges, String bosTemplateToken) {
    this.regex = regex;
    this.nfc = nfc;
    this.ignoreMerges = ignoreMerges;
    this.bosTemplateToken = bosTemplateToken;
  }

  /** "gpt2", "qwen2" or "llama3", any case. */
  public static BpeFamily parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TokenizerException("unknown BPE family '" + name + "' (expected gpt2, qwen2 or llama3)");
    }
  }

  Normalizer normalizer() {
    return nfc ? new Normalizer.Unicode(java.text.Normalizer.Form.NFC) : null;
  }

  PreTokenizer preTokenizer(boolean addPrefixSpace) {
    if (regex == null) return new PreTokenizer.ByteLevel(addPrefixSpace, true);
    return new PreTokenizer.Sequence(java.util.List.of(
        new PreTokenizer.Split(new Splitter.SplitPattern.Regex(OnigRegex.compile(regex, name())), Splitter.Behavior.ISOLATED, false),
        new PreTokenizer.ByteLevel(addPrefixSpace, false)));
  }
}

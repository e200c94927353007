package org.reason4j.transformer.tokenizer;

import java.util.OptionalInt;
import java.util.Set;

/**
 * Text to token ids and back. Every tokenizer in reason4j (Hugging Face tokenizer.json, GPT-2-style
 * vocab.json + merges.txt, llama2.c tokenizer.bin, Llama 3 tiktoken) is used through this interface;
 * {@link Tokenizers#load(java.nio.file.Path)} picks the right one for a file or a model directory.
 *
 * <p>Implementations are immutable after loading and safe to use from several threads.
 * Strings are Java (UTF-16) strings: a lone surrogate is kept as one character that matches no
 * vocabulary entry and, wherever bytes are needed, becomes the UTF-8 bytes of U+FFFD, as the
 * JavaScript port of Hugging Face tokenizers does (the Rust library never sees one: it only
 * accepts valid UTF-8).
 */
public interface Tokenizer {

  /**
   * Encodes text. {@code addSpecialTokens} adds what the tokenizer's post-processor adds around a
   * single sequence (BOS for Llama 3 and llama2.c, [CLS] ... [SEP] for BERT, nothing for GPT-2 or
   * Qwen); special tokens written inside the text are always recognised.
   */
  int[] encode(String text, boolean addSpecialTokens);

  /** Decodes ids to text; {@code skipSpecialTokens} drops special tokens (BOS, EOS, [CLS], ...). */
  String decode(int[] ids, boolean skipSpecialTokens);

  /** One more than the largest id, i.e. the number of rows an embedding table needs at least. */
  int vocabSize();

  /** The id of a token string as it is written in the vocabulary, or null if there is none. */
  Integer tokenToId(String token);

  /** The token string of an id as written in the vocabulary, or null if the id has no token. */
  String idToToken(int id);

  /** The beginning-of-sequence id, if the tokenizer has one. */
  OptionalInt bosId();

  /** The end-of-sequence id, if the tokenizer has one. */
  OptionalInt eosId();

  /** The ids that {@link #decode(int[], boolean)} drops when asked to skip special tokens. */
  Set<Integer> specialIds();
}

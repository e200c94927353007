/**
 * Tokenizers whose ids equal Hugging Face's, in plain Java: {@link
 * org.reason4j.transformer.tokenizer.Tokenizer} is the one interface, {@link
 * org.reason4j.transformer.tokenizer.Tokenizers} loads any supported file or model directory,
 * {@link org.reason4j.transformer.tokenizer.TokenizeJson} does JSON-array-in / JSON-array-out for
 * the command line.
 *
 * <p>Formats: Hugging Face tokenizer.json (BPE byte-level or with byte fallback, WordPiece;
 * the normalizers, pre-tokenizers, post-processors and decoders listed in their own files);
 * GPT-2-style vocab.json + merges.txt for the GPT-2, Qwen2 and Llama 3 families ({@link
 * org.reason4j.transformer.tokenizer.BpeFamily}); Llama 3's tiktoken tokenizer.model; llama2.c's
 * tokenizer.bin ({@link org.reason4j.transformer.tokenizer.Llama2cTokenizer}, run.c's algorithm).
 * Unigram, WordLevel and SentencePiece .model files are rejected with a clear error.
 *
 * <p>Reference semantics are those of the Rust {@code tokenizers} library. The golden ids in the
 * tests come from its JavaScript port, {@code @huggingface/tokenizers} (tools/tokenizer), which
 * agrees with Rust on the shipped files and the test corpus, but not everywhere; where they differ
 * this package follows Rust, and the corpus avoids those inputs:
 * <ul>
 *   <li>Lowercase: per character ("Σ" to "σ" always); JavaScript applies the final-sigma rule.</li>
 *   <li>Punctuation pre-tokenizer: each punctuation character apart (Isolated); JS groups runs.</li>
 *   <li>Digits: Unicode numeric characters (Nd, Nl, No); JS only ASCII digits.</li>
 *   <li>Split: all five behaviors and {@code invert} as in Rust; JS knows only Isolated/Removed.</li>
 *   <li>Metaspace: {@code split} honoured; JS never splits. Its decoder drops every "▁" of the
 *       first token, as Rust does; JS drops one leading space.</li>
 *   <li>ByteLevel's built-in regex: {@code \s} is Unicode White_Space (U+0085 yes, U+FEFF no);
 *       JS uses JavaScript's {@code \s}.</li>
 *   <li>BERT: CJK ideographs outside the BMP get spaces too; JS looks at UTF-16 units only.</li>
 *   <li>ByteFallback decoder: an invalid byte run gives one U+FFFD per byte; JS, per subpart.</li>
 *   <li>Added tokens: {@code single_word} honoured; JS ignores it. TemplateProcessing uses the ids
 *       listed in its special_tokens, as Rust does.</li>
 *   <li>Decoding never applies transformers' clean_up_tokenization_spaces (a Python-side option;
 *       the golden files were made with it off). An id with no token is an error (Rust skips it).</li>
 * </ul>
 * Lone surrogates, which Rust cannot receive (its strings are UTF-8), are handled as the
 * JavaScript port handles them: a lone surrogate stays one character, matches no vocabulary entry,
 * and becomes the bytes of U+FFFD (EF BF BD) where bytes are needed (byte-level BPE, byte
 * fallback, llama2.c). So GPT-2 encodes it like U+FFFD, while Phi-3 gives the three byte tokens
 * rather than its "�" token.
 *
 * <p>Character classes use Java 17's Unicode 13 tables; the Rust library uses newer ones, so
 * characters assigned after Unicode 13 may be classified differently.
 */
package org.reason4j.transformer.tokenizer;

package org.reason4j.transformer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading: which loader a path picks, what the JSON helper for the command line does, and that bad
 * files fail with an error naming the file and the problem (never a silently wrong tokenizer, never
 * a huge allocation from a length field).
 */
class TokenizerFilesTest {
  @TempDir Path dir;

  /** A tiny byte-level BPE tokenizer.json: "hi", "Ġhi" and a special <eos>. */
  static final String TINY = """
      {"version": "1.0", "truncation": null, "padding": null,
       "added_tokens": [{"id": 6, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false,
                         "normalized": false, "special": true}],
       "normalizer": null,
       "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
       "post_processor": {"type": "TemplateProcessing", "single": [{"Sequence": {"id": "A", "type_id": 0}},
           {"SpecialToken": {"id": "<eos>", "type_id": 0}}],
           "special_tokens": {"<eos>": {"id": "<eos>", "ids": [6], "tokens": ["<eos>"]}}},
       "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
       "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": "",
                 "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false,
                 "vocab": {"h": 0, "i": 1, "\\u0120": 2, "hi": 3, "\\u0120h": 4, "\\u0120hi": 5},
                 "merges": [["\\u0120", "h"], "\\u0120h i", "h i"]}}
      """;

  Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  TokenizerException loadFails(String json) throws IOException {
    Path p = write("tokenizer.json", json);
    return assertThrows(TokenizerException.class, () -> Tokenizers.load(p));
  }

  static void mentions(TokenizerException e, String... parts) {
    for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
  }

  @Test
  void aTinyTokenizerJsonEncodesDecodesAndPostProcesses() throws IOException {
    Tokenizer t = Tokenizers.load(write("tokenizer.json", TINY));
    assertArrayEquals(new int[] {3, 5}, t.encode("hi hi", false));
    assertArrayEquals(new int[] {3, 5, 6}, t.encode("hi hi", true));
    assertArrayEquals(new int[] {6, 3}, t.encode("<eos>hi", false));
    assertEquals("hi hi<eos>", t.decode(new int[] {3, 5, 6}, false));
    assertEquals("hi hi", t.decode(new int[] {3, 5, 6}, true));
    assertEquals(7, t.vocabSize());
    assertEquals(Set.of(6), t.specialIds());
    assertEquals(OptionalInt.empty(), t.bosId());
    assertEquals(5, t.tokenToId("\u0120hi"));
    assertEquals("<eos>", t.idToToken(6));
    mentions(assertThrows(TokenizerException.class, () -> t.decode(new int[] {99}, false)), "99");
  }

  @Test
  void truncationAndPaddingApplyAsInRust() throws IOException {
    String trunc = "\"truncation\": {\"max_length\": 3, \"strategy\": \"LongestFirst\", \"stride\": 0, \"direction\": \"%s\"}";
    Tokenizer right = Tokenizers.load(write("tokenizer.json", TINY.replace("\"truncation\": null", String.format(trunc, "Right"))));
    assertArrayEquals(new int[] {3, 5, 6}, right.encode("hi hi hi hi", true), "room is left for the <eos> the template adds");
    assertArrayEquals(new int[] {3, 5, 5}, right.encode("hi hi hi hi", false));
    Tokenizer left = Tokenizers.load(write("tokenizer.json", TINY.replace("\"truncation\": null", String.format(trunc, "Left"))));
    assertArrayEquals(new int[] {5, 5, 6}, left.encode("hi hi hi hi", true));
    String pad = "\"padding\": {\"strategy\": {\"Fixed\": 4}, \"direction\": \"Left\", \"pad_to_multiple_of\": 3, "
        + "\"pad_id\": 0, \"pad_type_id\": 0, \"pad_token\": \"h\"}";
    Tokenizer padded = Tokenizers.load(write("tokenizer.json", TINY.replace("\"padding\": null", pad)));
    assertArrayEquals(new int[] {0, 0, 0, 0, 3, 6}, padded.encode("hi", true), "Fixed 4 rounded up to a multiple of 3, on the left");
  }

  @Test
  void theJsonHelperEncodesAndDecodesArrays() throws IOException {
    Tokenizer t = Tokenizers.load(write("tokenizer.json", TINY));
    assertEquals("[[3,5,6],[6,6]]", TokenizeJson.encode(t, "[\"hi hi\", \"<eos>\"]", true));
    assertEquals("[\"hi hi\",\"hi\"]", TokenizeJson.decode(t, "[[3,5,6],[3]]", true));
    mentions(assertThrows(TokenizerException.class, () -> TokenizeJson.encode(t, "[\"a\", 3]", false)), "input[1]");
    mentions(assertThrows(TokenizerException.class, () -> TokenizeJson.decode(t, "[[3, -1]]", false)), "input[0][1]");
    mentions(assertThrows(TokenizerException.class, () -> TokenizeJson.encode(t, "{\"a\": 1}", false)), "JSON array");
    assertEquals("[[3,5]]", TokenizeJson.run(dir.resolve("tokenizer.json"), "[\"hi hi\"]", false, false));
    assertEquals("[\"hi<eos>\"]", TokenizeJson.run(dir, "[[3,6]]", false, true));
  }

  @Test
  void badTokenizerJsonFilesNameTheProblem() throws IOException {
    mentions(loadFails(TINY.replace("\"type\": \"BPE\"", "\"type\": \"Unigram\"")), "tokenizer.json", "Unigram", "not supported");
    mentions(loadFails(TINY.replace("\"type\": \"BPE\"", "\"type\": \"Magic\"")), "tokenizer.json", "unknown model type 'Magic'");
    mentions(loadFails(TINY.replace("\"type\": \"ByteLevel\", \"add_prefix_space\": false", "\"type\": \"Fancy\", \"add_prefix_space\": false")),
        "pre_tokenizer", "unknown pre-tokenizer type 'Fancy'");
    mentions(loadFails(TINY.replace("\"h i\"", "\"h  i\"")), "model.merges[2]", "malformed merge");
    mentions(loadFails(TINY.replace("\"h i\"", "\"h x\"")), "'x', which is not in the vocabulary");
    mentions(loadFails(TINY.replace("\"vocab\": {", "\"vocabulary\": {")), "unsupported option 'vocabulary'");
    mentions(loadFails(TINY.replace("\"use_regex\": true}", "\"use_regex\": true, \"shiny\": 1}")), "pre_tokenizer", "'shiny'");
    mentions(loadFails(TINY.replace("\"truncation\": null", "\"truncation\": {\"max_length\": 8, \"strategy\": \"OnlySecond\"}")),
        "truncation", "OnlySecond");
    mentions(loadFails(TINY.replace("\"padding\": null", "\"padding\": {\"strategy\": \"Longest\"}")), "padding strategy");
    mentions(loadFails(TINY.replace("\"version\": \"1.0\"", "\"version\": \"2.0\"")), "version");
    mentions(loadFails(TINY.replace("\"h\": 0,", "\"h\": 0, \"dup\": 0,")), "id 0 is used by both");
    mentions(loadFails(TINY.substring(0, 200)), "tokenizer.json", "invalid JSON");
    mentions(loadFails(TINY.replace("\"ids\": [6]", "\"ids\": [6]").replace("{\"id\": \"<eos>\", \"type_id\": 0}", "{\"id\": \"<bos>\", \"type_id\": 0}")),
        "special token '<bos>' is not in special_tokens");
  }

  @Test
  void vocabMergesFilesNeedTheirFamilyAndWellFormedLines() throws IOException {
    write("vocab.json", "{\"h\": 0, \"i\": 1, \"hi\": 2}");
    write("merges.txt", "#version: 0.2\nh i\n");
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(dir)), "BpeFamily", "cannot tell");
    Tokenizer t = Tokenizers.load(dir, BpeFamily.GPT2);
    assertArrayEquals(new int[] {2}, t.encode("hi", true));
    write("config.json", "{\"model_type\": \"qwen2\"}");
    write("tokenizer_config.json", "{\"tokenizer_class\": \"Qwen2Tokenizer\", \"added_tokens_decoder\": {}, \"eos_token\": null}");
    assertArrayEquals(new int[] {2}, Tokenizers.load(dir).encode("hi", false));
    write("merges.txt", "h i\nh\n");
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(dir)), "merges.txt line 2", "malformed merge");
    Files.delete(dir.resolve("merges.txt"));
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(dir)), "has vocab.json but no merges.txt");
  }

  @Test
  void aDirectoryWithoutATokenizerIsAnError() {
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(dir)), "no tokenizer found", "tokenizer.json");
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(dir.resolve("nothing.json"))), "no such file");
  }

  @Test
  void sentencePieceModelsAreRejectedClearly() {
    Path sp = TokenizerGoldenTest.DATA.resolve("tokenizers/llama2/tokenizer.model");
    Assumptions.assumeTrue(Files.exists(sp), "shared data not found");
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(sp)), "tokenizer.model", "SentencePiece", "tokenizer.json");
  }

  /** A llama2.c tokenizer.bin: <unk>, BOS, EOS, 256 byte tokens, then the given pieces and scores. */
  Path llama2c(Object... piecesAndScores) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(8);
    String[] fixed = new String[259];
    fixed[0] = "<unk>";
    fixed[1] = "\n<s>\n";
    fixed[2] = "\n</s>\n";
    for (int i = 0; i < 256; i++) fixed[3 + i] = String.format("<0x%02X>", i);
    for (String s : fixed) put(b, s, 0f);
    for (int i = 0; i < piecesAndScores.length; i += 2) put(b, (String) piecesAndScores[i], (Float) piecesAndScores[i + 1]);
    Path p = dir.resolve("tokenizer.bin");
    Files.write(p, java.util.Arrays.copyOf(b.array(), b.position()));
    return p;
  }

  static void put(ByteBuffer b, String s, float score) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.putFloat(score).putInt(bytes.length).put(bytes);
  }

  @Test
  void llama2cMergesBestScoreThenLeftmost() throws IOException {
    // ids: " " 259, "a" 260, "b" 261, "ab" 262, "ba" 263, " a" 264, "aa" 265
    Tokenizer t = Tokenizers.load(llama2c(" ", -1f, "a", -1f, "b", -1f, "ab", -5f, "ba", -3f, " a", -0f, "aa", 0f));
    assertArrayEquals(new int[] {1, 264, 263}, t.encode("aba", true), "' a' (-0.0) first, then 'ba' (-3) before 'ab' (-5)");
    assertArrayEquals(new int[] {264, 265}, t.encode("aaa", false), "' a' and 'aa' tie at 0.0 = -0.0: leftmost wins");
    assertArrayEquals(new int[] {259, 3 + 0xC3, 3 + 0xA9}, t.encode("\u00e9", false), "unknown code point: its bytes as id byte+3");
    assertEquals("aba", t.decode(t.encode("aba", true), true), "the dummy space after BOS is stripped");
    assertEquals(" aba", t.decode(t.encode("aba", false), true), "no BOS, no strip");
    assertEquals("\u00e9", t.decode(new int[] {1, 3 + 0xC3, 3 + 0xA9}, true), "byte tokens decode to their bytes");
  }

  @Test
  void llama2cNeverMergesScoresAtOrBelowMinus1e10() throws IOException {
    Tokenizer t = Tokenizers.load(llama2c(" ", -1f, "a", -1f, "aa", -1e10f));
    assertArrayEquals(new int[] {259, 260, 260}, t.encode("aa", false));
  }

  @Test
  void badLlama2cFilesFailWithoutHugeAllocations() throws IOException {
    Path good = llama2c(" ", -1f);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = write("cut.bin", "");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(truncated)), "cut.bin", "token 259");
    byte[] huge = bytes.clone();
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 4, Integer.MAX_VALUE); // length of token 0
    Path bad = dir.resolve("huge.bin");
    Files.write(bad, huge);
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(bad)), "huge.bin", "bad length");
    Path tiny = dir.resolve("tiny.bin");
    Files.write(tiny, java.util.Arrays.copyOf(bytes, 4 + 8 + 5));
    mentions(assertThrows(TokenizerException.class, () -> Tokenizers.load(tiny)), "tiny.bin", "at least 259");
  }
}

package org.reason4j.transformer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pieces of the Hugging Face pipeline on small hand-worked inputs, including the behaviors the
 * golden corpus cannot reach because the shipped files do not use them (split behaviors other than
 * Isolated, Metaspace, continuing-subword prefixes, fuse_unk, single_word/lstrip tokens). Expected
 * values follow the Rust library's definitions (several are its own unit-test examples).
 */
class TokenizerPartsTest {

  static List<String> split(PreTokenizer p, String text, boolean atStart) {
    List<PreTokenizer.Piece> out = new ArrayList<>();
    p.split(new PreTokenizer.Piece(text, atStart), out);
    return out.stream().map(PreTokenizer.Piece::text).toList();
  }

  static List<String> splitDash(Splitter.Behavior b, boolean invert) {
    return split(new PreTokenizer.Split(new Splitter.SplitPattern.Literal("-"), b, invert), "The-final--countdown", true);
  }

  @Test
  void splitBehaviorsMatchTheRustDefinitions() {
    assertEquals(List.of("The", "final", "countdown"), splitDash(Splitter.Behavior.REMOVED, false));
    assertEquals(List.of("The", "-", "final", "-", "-", "countdown"), splitDash(Splitter.Behavior.ISOLATED, false));
    assertEquals(List.of("The-", "final-", "-", "countdown"), splitDash(Splitter.Behavior.MERGED_WITH_PREVIOUS, false));
    assertEquals(List.of("The", "-final", "-", "-countdown"), splitDash(Splitter.Behavior.MERGED_WITH_NEXT, false));
    assertEquals(List.of("The", "-", "final", "--", "countdown"), splitDash(Splitter.Behavior.CONTIGUOUS, false));
    assertEquals(List.of("-", "-", "-"), splitDash(Splitter.Behavior.REMOVED, true), "invert keeps the matches");
    assertEquals(List.of("The", "-", "final", "-", "-", "countdown"), splitDash(Splitter.Behavior.ISOLATED, true));
  }

  @Test
  void metaspaceReplacesSpacesPrependsAndSplits() {
    PreTokenizer always = new PreTokenizer.Metaspace('\u2581', PreTokenizer.PrependScheme.ALWAYS, true);
    assertEquals(List.of("\u2581Hey", "\u2581", "\u2581", "\u2581friend!"), split(always, "Hey   friend!", false));
    PreTokenizer first = new PreTokenizer.Metaspace('\u2581', PreTokenizer.PrependScheme.FIRST, true);
    assertEquals(List.of("\u2581Hey", "\u2581friend"), split(first, "Hey friend", true));
    assertEquals(List.of("Hey", "\u2581friend"), split(first, "Hey friend", false), "not at the start: no prefix");
    PreTokenizer noSplit = new PreTokenizer.Metaspace('\u2581', PreTokenizer.PrependScheme.NEVER, false);
    assertEquals(List.of("Hey\u2581friend"), split(noSplit, "Hey friend", true));
    Decoder d = new Decoder.Metaspace('\u2581', PreTokenizer.PrependScheme.ALWAYS);
    assertEquals("Hey friend!", d.decode(List.of("\u2581Hey", "\u2581friend!")));
  }

  @Test
  void otherPreTokenizersSplitAsDefined() {
    assertEquals(List.of("Hey", "man", "!", "How", "'", "s"), split(new PreTokenizer.Whitespace(), "Hey man! How's", true));
    assertEquals(List.of("Hey,", "man,", "Good?"), split(new PreTokenizer.WhitespaceSplit(), "Hey,\u00a0man,  Good?", true));
    assertEquals(List.of("Hey", "123", " friend!"), split(new PreTokenizer.Digits(false), "Hey123 friend!", true));
    assertEquals(List.of("1", "2", "\u2167"), split(new PreTokenizer.Digits(true), "12\u2167", true), "Nl counts as numeric");
    assertEquals(List.of("a", "$", "b", "\u3002"), split(new PreTokenizer.Bert(), " a$b\u3002 ", true));
    assertEquals(List.of("Hi", "!", "!", "?"), split(new PreTokenizer.Punctuation(Splitter.Behavior.ISOLATED), "Hi!!?", true));
    assertEquals(List.of("\u0120Hello", "\u0120world"), split(new PreTokenizer.ByteLevel(true, true), "Hello world", true));
  }

  @Test
  void onigurumaRegexesKeepTheirMeaningInJava() {
    assertTrue(OnigRegex.compile("\\s+", "t").matcher("\u00a0\u2003\u0085").matches(), "\\s is Unicode White_Space");
    assertFalse(OnigRegex.compile("\\w", "t").matcher("\u200d").matches(), "Oniguruma's \\w has no joiners");
    assertTrue(OnigRegex.compile("\\d", "t").matcher("\u0663").matches(), "\\d is Nd");
    assertTrue(OnigRegex.compile("a{", "t").matcher("a{").matches(), "a brace that starts no quantifier is literal");
    assertTrue(OnigRegex.compile("a{,2}b", "t").matcher("aab").matches(), "{,n} means {0,n}");
    assertTrue(OnigRegex.compile("(?m:a.b)", "t").matcher("a\nb").matches(), "Ruby (?m) lets . match newline");
    assertFalse(OnigRegex.compile("a.b", "t").matcher("a\nb").matches());
    assertTrue(OnigRegex.compile("^b", "t").matcher("a\nb").find(), "^ is a line anchor");
    assertFalse(OnigRegex.compile("a$", "t").matcher("a\r").find(), "only \\n ends a line");
    assertTrue(OnigRegex.compile("\\h+", "t").matcher("Ff09").matches(), "\\h is a hex digit");
    assertTrue(OnigRegex.compile("[[:^alpha:]]", "t").matcher("1").matches());
    assertTrue(OnigRegex.compile("\\p{Han}\\p{Letter}", "t").matcher("\u4e2dx").matches());
    assertTrue(OnigRegex.compile("(?i:'s)", "t").matcher("'S").matches());
    TokenizerException e = assertThrows(TokenizerException.class, () -> OnigRegex.compile("a\\Kb", "file.json: pre_tokenizer"));
    assertTrue(e.getMessage().contains("file.json: pre_tokenizer") && e.getMessage().contains("\\K"), e.getMessage());
    assertThrows(TokenizerException.class, () -> OnigRegex.compile("\\p{NoSuchProperty}", "t"));
  }

  @Test
  void utf8FollowsTheReplacementRules() {
    assertEquals("\uFFFDA", Utf8.decodeLossy(new byte[] {(byte) 0xE4, (byte) 0xB8, 0x41}), "a truncated sequence is one U+FFFD");
    assertEquals("\uFFFD\uFFFD", Utf8.decodeLossy(new byte[] {(byte) 0xF0, (byte) 0x80}), "F0 80 is two maximal subparts");
    assertEquals("\uFFFD\uFFFD", Utf8.decodeLossy(new byte[] {(byte) 0xC0, (byte) 0xAF}), "overlong forms are rejected");
    assertEquals("\uFFFD\uFFFD\uFFFD", Utf8.decodeLossy(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "no surrogates");
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}, Utf8.encode("\ud800"), "lone surrogate -> U+FFFD");
    assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, Utf8.encode("\ud83d\ude00"));
    assertEquals("\u0120\u010a", ByteAlphabet.encode(" \n"));
  }

  @Test
  void lowercaseIsPerCharacterLikeRust() {
    assertEquals("i\u0307stanbul", Chars.lowercase("\u0130stanbul"));
    assertEquals("\u03bf\u03b4\u03bf\u03c3", Chars.lowercase("\u039f\u0394\u039f\u03a3"), "no final-sigma rule");
    assertEquals("abc \u00e9", Chars.lowercase("ABC \u00c9"));
  }

  @Test
  void byteFallbackDecoderJoinsBytesOrReplacesEach() {
    Decoder d = new Decoder.ByteFallback();
    assertEquals(List.of("\u4e2d", "a"), d.decodeChain(List.of("<0xE4>", "<0xB8>", "<0xAD>", "a")));
    assertEquals(List.of("\uFFFD", "\uFFFD", "x"), d.decodeChain(List.of("<0xE4>", "<0xB8>", "x")));
    assertEquals("helloworld, it ' s", new Decoder.WordPiece("##", true).decode(List.of("hello", "##world", ",", "it", "'", "s")));
    assertEquals("xy", new Decoder.Strip(' ', 1, 1).decode(List.of(" xy ")));
  }

  static Bpe bpe(Map<String, Integer> vocab, List<String[]> merges, Bpe.Options o) {
    return Bpe.fromMergeList(vocab, merges, o, "test");
  }

  static Map<String, Integer> vocab(String... tokens) {
    Map<String, Integer> v = new HashMap<>();
    for (String t : tokens) v.put(t, v.size());
    return v;
  }

  static int[] ids(TokenModel m, String piece) {
    IntList out = new IntList(4);
    m.tokenize(piece, out);
    return out.toArray();
  }

  @Test
  void bpeMergesLowestRankFirstAndLeftmostOnTies() {
    Map<String, Integer> v = vocab("a", "b", "c", "ab", "bc", "abc", "aa");
    Bpe m = bpe(v, List.of(new String[] {"a", "b"}, new String[] {"b", "c"}, new String[] {"ab", "c"}, new String[] {"a", "a"}),
        Bpe.Options.BYTE_LEVEL);
    assertArrayEquals(new int[] {5, 1}, ids(m, "abcb"));
    assertArrayEquals(new int[] {6, 6}, ids(m, "aaaa"), "leftmost first: aa aa, not a aa a");
    Bpe swapped = bpe(v, List.of(new String[] {"b", "c"}, new String[] {"a", "b"}), Bpe.Options.BYTE_LEVEL);
    assertArrayEquals(new int[] {0, 4}, ids(swapped, "abc"), "bc ranks first, and 'a bc' has no merge");
    Bpe whole = bpe(v, List.of(), new Bpe.Options(null, null, null, false, false, true));
    assertArrayEquals(new int[] {5}, ids(whole, "abc"), "ignore_merges takes a whole-piece token");
  }

  @Test
  void bpeUnknownCharactersFallBackOrBecomeUnk() {
    Map<String, Integer> v = vocab("<unk>", "a", "<0xC3>", "<0xA9>");
    Bpe fallback = bpe(v, List.of(), new Bpe.Options("<unk>", null, null, true, true, false));
    assertArrayEquals(new int[] {1, 2, 3}, ids(fallback, "a\u00e9"));
    assertArrayEquals(new int[] {1, 0}, ids(fallback, "a\u4e2d\u4e2d"), "no byte tokens for U+4E2D: one fused unk");
    Bpe noFuse = bpe(v, List.of(), new Bpe.Options("<unk>", null, null, false, false, false));
    assertArrayEquals(new int[] {0, 0, 1}, ids(noFuse, "xya"));
    Bpe noUnk = bpe(v, List.of(), Bpe.Options.BYTE_LEVEL);
    assertArrayEquals(new int[] {1}, ids(noUnk, "xa"), "without unk_token unknown characters are dropped");
  }

  @Test
  void bpeHandlesSubwordPrefixAndWordSuffix() {
    Map<String, Integer> v = vocab("a", "##b", "##c</w>", "ab", "abc</w>");
    Bpe m = bpe(v, List.of(new String[] {"a", "##b"}, new String[] {"ab", "##c</w>"}), new Bpe.Options(null, "##", "</w>", false, false, false));
    assertArrayEquals(new int[] {4}, ids(m, "abc"));
  }

  @Test
  void wordPieceTakesLongestPrefixesOrUnk() {
    WordPiece m = new WordPiece(vocab("[UNK]", "un", "##aff", "##able", "aff"), "[UNK]", "##", 10, "test");
    assertArrayEquals(new int[] {1, 2, 3}, ids(m, "unaffable"));
    assertArrayEquals(new int[] {0}, ids(m, "unx"));
    assertArrayEquals(new int[] {0}, ids(m, "unaffableun"), "longer than max_input_chars_per_word");
  }

  static List<String> segments(AddedVocabulary av, String text) {
    List<String> out = new ArrayList<>();
    for (AddedVocabulary.Segment s : av.splitRaw(text)) out.add(s.id() >= 0 ? "#" + s.id() : s.text());
    return out;
  }

  @Test
  void addedTokensHonourTheirFlags() {
    AddedVocabulary single = new AddedVocabulary(List.of(new AddedVocabulary.AddedToken(7, "<x>", true, false, false, false, true)), null, "t");
    assertEquals(List.of("a<x>b"), segments(single, "a<x>b"), "single_word: glued to word characters");
    assertEquals(List.of("a ", "#7", " b"), segments(single, "a <x> b"));
    AddedVocabulary strips = new AddedVocabulary(List.of(new AddedVocabulary.AddedToken(7, "<x>", false, true, true, false, true)), null, "t");
    assertEquals(List.of("a", "#7", "b"), segments(strips, "a \t<x>\n b"));
    AddedVocabulary longest = new AddedVocabulary(List.of(new AddedVocabulary.AddedToken(1, "<a>", false, false, false, false, true),
        new AddedVocabulary.AddedToken(2, "<a><b>", false, false, false, false, true)), null, "t");
    assertEquals(List.of("#2", "#1"), segments(longest, "<a><b><a>"), "leftmost-longest");
    AddedVocabulary normalized = new AddedVocabulary(List.of(new AddedVocabulary.AddedToken(3, "Hello", false, false, false, true, false)),
        new Normalizer.Lowercase(), "t");
    List<AddedVocabulary.Segment> segs = normalized.splitNormalized(new Normalizer.Lowercase().normalize("say HELLO"));
    assertEquals(3, segs.get(1).id(), "normalized tokens match the normalized text");
  }

  @Test
  void normalizersFollowTheRustOrder() {
    Normalizer bert = new Normalizer.Bert(true, true, null, true);
    assertEquals("hello  \u4e2d a", bert.normalize("H\u00e9llo\t\u4e2d\u0007\u200da"));
    assertEquals("x", new Normalizer.Strip(true, true).normalize("\u00a0 x\u3000"));
    assertEquals("\u2581a\u2581b", new Normalizer.Sequence(List.of(new Normalizer.Prepend("\u2581"),
        new Normalizer.Replace(new Splitter.SplitPattern.Literal(" "), "\u2581"))).normalize("a b"));
    assertEquals("", new Normalizer.Prepend("\u2581").normalize(""), "nothing is prepended to empty text");
    assertEquals("cafe", new Normalizer.StripAccents().normalize(java.text.Normalizer.normalize("caf\u00e9", java.text.Normalizer.Form.NFD)));
  }

  @Test
  void pairMapStoresAndGrows() {
    PairMap m = new PairMap(2);
    for (int i = 0; i < 1000; i++) m.put(i, i * 7, i);
    for (int i = 0; i < 1000; i++) assertEquals(i, m.get(i, i * 7));
    assertEquals(-1, m.get(3, 4));
    assertEquals(1000, m.size());
  }
}

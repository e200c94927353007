package org.reason4j.transformer.tokenizer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The character vocabulary: ids, BOS, specials, unknown characters, and its file. */
class CharTokenizerTest {
  static final String ALPHABET = "\n #+-0123456789=?abc";
  static final CharTokenizer TOK = new CharTokenizer(ALPHABET);

  @Test
  void specialsComeFirstThenTheAlphabetInOrder() {
    assertEquals(3 + ALPHABET.length(), TOK.vocabSize());
    assertEquals("<pad>", TOK.idToToken(0));
    assertEquals("<bos>", TOK.idToToken(1));
    assertEquals("<eos>", TOK.idToToken(2));
    assertEquals("\n", TOK.idToToken(3));
    assertEquals(3 + ALPHABET.indexOf('7'), TOK.tokenToId("7"));
    assertEquals(2, TOK.tokenToId("<eos>"));
    assertNull(TOK.tokenToId("ab"));
    assertNull(TOK.idToToken(TOK.vocabSize()));
    assertEquals(1, TOK.bosId().getAsInt());
    assertEquals(2, TOK.eosId().getAsInt());
  }

  @Test
  void encodeAddsBosOnlyWhenAskedAndDecodeInvertsIt() {
    String text = "abc 7 ?\n7+5=12\n#### 12";
    int[] ids = TOK.encode(text, true);
    assertEquals(CharTokenizer.BOS, ids[0]);
    assertEquals(text.length() + 1, ids.length);
    assertEquals(text, TOK.decode(ids, true));
    int[] plain = TOK.encode("7+5=12", false);
    assertEquals(6, plain.length);
    assertEquals("7+5=12", TOK.decode(plain, false));
    int[] withEos = TOK.encode("12<eos>", true);
    assertArrayEquals(new int[] {1, TOK.tokenToId("1"), TOK.tokenToId("2"), 2}, withEos);
    assertEquals("<bos>12<eos>", TOK.decode(withEos, false));
    assertEquals("12", TOK.decode(withEos, true));
  }

  @Test
  void anUnknownCharacterIsAnErrorThatNamesIt() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> TOK.encode("ab Z", false));
    assertTrue(e.getMessage().contains("'Z'") && e.getMessage().contains("index 3"), e.getMessage());
    assertThrows(TokenizerException.class, () -> TOK.decode(new int[] {99}, true));
    assertThrows(TokenizerException.class, () -> new CharTokenizer("abca"));
  }

  @Test
  void savedFileLoadsDirectlyAndThroughTokenizersLoad(@TempDir Path dir) throws Exception {
    TOK.saveTo(dir);
    Path file = dir.resolve(CharTokenizer.FILE_NAME);
    assertTrue(Files.exists(file));
    for (Tokenizer t : new Tokenizer[] {CharTokenizer.load(file), Tokenizers.load(dir), Tokenizers.load(file)}) {
      assertInstanceOf(CharTokenizer.class, t);
      assertEquals(ALPHABET, ((CharTokenizer) t).alphabet());
      assertArrayEquals(TOK.encode("7+5=12\n", true), t.encode("7+5=12\n", true));
    }
  }

  @Test
  void aDamagedFileIsRejectedWithItsName(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(CharTokenizer.FILE_NAME);
    Files.writeString(file, "{\"type\": \"char\", \"special_tokens\": [\"<pad>\", \"<bos>\", \"<eos>\"], \"alphabet\": 7}");
    TokenizerException e = assertThrows(TokenizerException.class, () -> CharTokenizer.load(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("alphabet"), e.getMessage());
  }
}

package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reason4j tokenize}: JSON arrays in and out, special tokens on request, decoding, errors as one line. */
class TokenizeCommandTest {
  @TempDir Path tmp;

  @Test
  void encodesEachStringWithOrWithoutSpecialTokensAndDecodesBack() throws Exception {
    TinyModel.writeTokenizer(tmp);
    Path in = Files.writeString(tmp.resolve("in.json"), "[\"hi hi\", \"hi\"]");
    CapturedRun plain = CapturedRun.run("tokenize", "--tokenizer", tmp.toString(), "--input", in.toString());
    assertEquals(0, plain.code(), plain.err());
    assertEquals("[[34,34],[34]]", plain.out().strip());
    CapturedRun bos = CapturedRun.run("tokenize", "--tokenizer", tmp.resolve("tokenizer.json").toString(), "--input", in.toString(),
        "--add-special-tokens");
    assertEquals("[[1,34,34],[1,34]]", bos.out().strip());
    Path ids = Files.writeString(tmp.resolve("ids.json"), "[[34,34],[33,13]]");
    CapturedRun decoded = CapturedRun.run("tokenize", "--tokenizer", tmp.toString(), "--input", ids.toString(), "--decode");
    assertEquals("[\"hi hi\",\"hg\"]", decoded.out().strip());
  }

  @Test
  void llama2cTokenizerEncodesAsRunC() throws Exception {
    Path tok = CapturedRun.DATA.resolve("models/stories260K/tok512.bin");
    Assumptions.assumeTrue(Files.exists(tok), "stories260K tokenizer absent: " + tok);
    Path in = Files.writeString(tmp.resolve("in.json"), "[\"Hello world\"]");
    CapturedRun r = CapturedRun.run("tokenize", "--tokenizer", tok.toString(), "--input", in.toString(), "--add-special-tokens");
    assertEquals(0, r.code(), r.err());
    assertEquals("[[1,346,306,414,263,304,341]]", r.out().strip(), "ids from llama2c_encode.c, a C port of run.c's encode");
  }

  @Test
  void badInputIsOneErrorLineNamingTheProblem() throws Exception {
    TinyModel.writeTokenizer(tmp);
    CapturedRun missing = CapturedRun.run("tokenize", "--tokenizer", tmp.toString(), "--input", tmp.resolve("nope.json").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.errLines().matches("reason4j tokenize: --input .*nope.json: no such file"), missing.err());
    Path notStrings = Files.writeString(tmp.resolve("bad.json"), "[\"ok\", 7]");
    CapturedRun bad = CapturedRun.run("tokenize", "--tokenizer", tmp.toString(), "--input", notStrings.toString());
    assertEquals(2, bad.code());
    assertEquals("reason4j tokenize: input[1]: expected a string", bad.errLines());
  }
}

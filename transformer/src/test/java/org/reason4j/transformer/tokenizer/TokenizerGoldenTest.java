package org.reason4j.transformer.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reason4j.tensor.io.Json;

/**
 * Every tokenizer against golden ids made once by an independent implementation
 * (tools/tokenizer/make_golden.mjs: @huggingface/tokenizers for the Hugging Face formats, a C port
 * of llama2.c's run.c for tokenizer.bin). For each string of the hard-case corpus: the ids with and
 * without special tokens, the decoded text with and without special tokens, and, where the
 * tokenizer is lossless, decode(encode(s)) == s.
 */
class TokenizerGoldenTest {
  static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  /** A golden file and how to load the tokenizer it was made from. */
  enum Case {
    GPT2_TOKENIZER_JSON("gpt2-tokenizer-json", Roundtrip.BYTE_LEVEL) {
      Tokenizer load() {
        return Tokenizers.load(tok("gpt2/gpt2.json"));
      }
    },
    GPT2_VOCAB_MERGES("gpt2-vocab-merges", Roundtrip.BYTE_LEVEL) {
      Tokenizer load() {
        return Tokenizers.fromVocabMerges(tok("gpt2/gpt2.vocab"), tok("gpt2/gpt2.merges.txt"), null, BpeFamily.GPT2);
      }
    },
    PHI3("phi-3-mini", Roundtrip.NONE) {
      Tokenizer load() {
        return Tokenizers.load(tok("phi-3-mini"));
      }
    },
    BERT("bert-bge-small", Roundtrip.NONE) {
      Tokenizer load() {
        return Tokenizers.load(tok("bert-uncased-wordpiece/bge-small-en-v1.5-tokenizer.json"));
      }
    },
    QWEN25("qwen2.5", Roundtrip.BYTE_LEVEL_NFC) {
      Tokenizer load() {
        return Tokenizers.fromVocabMerges(tok("qwen2/vocab.json"), tok("qwen2/merges.txt"),
            tok("qwen2.5/tokenizer_config.json"), BpeFamily.QWEN2);
      }
    },
    LLAMA32("llama3.2", Roundtrip.BYTE_LEVEL) {
      Tokenizer load() {
        return Tokenizers.fromVocabMerges(tok("llama3.2/encoder.json"), tok("llama3.2/vocab.bpe"),
            tok("llama3/tokenizer_config.json"), BpeFamily.LLAMA3);
      }
    },
    /** The tiktoken file holds the same ranks as llama3.2's encoder.json, so the same golden ids. */
    LLAMA3_TIKTOKEN("llama3.2", Roundtrip.BYTE_LEVEL) {
      Tokenizer load() {
        return Tokenizers.load(tok("llama3/tokenizer.model"));
      }
    },
    LLAMA2C_STORIES260K("llama2c-stories260k", Roundtrip.WITH_BOS) {
      Tokenizer load() {
        return Tokenizers.load(DATA.resolve("models/stories260K/tok512.bin"));
      }
    },
    LLAMA2C_LLAMA2("llama2c-llama2", Roundtrip.WITH_BOS) {
      Tokenizer load() {
        return Tokenizers.load(tok("llama2c/tokenizer.bin"));
      }
    };

    final String golden;
    final Roundtrip roundtrip;

    Case(String golden, Roundtrip roundtrip) {
      this.golden = golden;
      this.roundtrip = roundtrip;
    }

    abstract Tokenizer load();

    /** Loads once per test run: the large vocabularies take a second or two each. */
    Tokenizer tokenizer() {
      return LOADED.computeIfAbsent(this, Case::load);
    }

    static Path tok(String rel) {
      return DATA.resolve("tokenizers").resolve(rel);
    }
  }

  /** Which texts decode(encode(s)) gives back. */
  enum Roundtrip {
    /** Not lossless: the normalizer or rstrip tokens drop characters. */
    NONE,
    /** Byte-level BPE: every valid text, special tokens included. */
    BYTE_LEVEL,
    /** Byte-level BPE after NFC: the NFC form of every valid text. */
    BYTE_LEVEL_NFC,
    /** llama2.c: encoded with BOS, decoded without specials (run.c strips the dummy space after BOS). */
    WITH_BOS;

    String apply(Tokenizer t, String s) {
      return this == WITH_BOS ? t.decode(t.encode(s, true), true) : t.decode(t.encode(s, false), false);
    }

    String expected(String s) {
      return this == BYTE_LEVEL_NFC ? java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC) : s;
    }
  }

  static final Map<Case, Tokenizer> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

  record Golden(String text, int[] ids, int[] idsSpecial, String decoded, String decodedSkip) {}

  static List<Golden> golden(String name) throws Exception {
    String res = "/tokenizer/golden/" + name + ".json";
    String text;
    try (InputStream in = TokenizerGoldenTest.class.getResourceAsStream(res)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Object> root = JsonObj.of(Json.parse(text, res), res).map();
    List<Golden> out = new ArrayList<>();
    for (Object o : JsonObj.castList(root.get("cases"))) {
      JsonObj c = JsonObj.of(o, res);
      out.add(new Golden(c.str("text"), ints(c.list("ids")), ints(c.list("ids_special")), c.str("decoded"),
          c.str("decoded_skip")));
    }
    return out;
  }

  static int[] ints(List<Object> l) {
    return l.stream().mapToInt(v -> (int) (long) (Long) v).toArray();
  }

  static String show(String s) {
    StringBuilder sb = new StringBuilder();
    Json.quote(sb, s.length() > 60 ? s.substring(0, 60) + "..." : s);
    return sb.toString();
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void idsAndDecodedTextEqualTheReference(Case c) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(DATA.resolve("tokenizers")), "shared data not found at " + DATA);
    Tokenizer t = c.tokenizer();
    List<Golden> cases = golden(c.golden);
    for (Golden g : cases) {
      String what = c + " " + show(g.text());
      assertArrayEquals(g.ids(), t.encode(g.text(), false), what + ": ids");
      assertArrayEquals(g.idsSpecial(), t.encode(g.text(), true), what + ": ids with special tokens");
      assertEquals(g.decoded(), t.decode(g.idsSpecial(), false), what + ": decoded");
      assertEquals(g.decodedSkip(), t.decode(g.idsSpecial(), true), what + ": decoded without special tokens");
    }
    assertEquals(51, cases.size(), "corpus size");
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void decodingTheEncodingGivesBackValidText(Case c) {
    Assumptions.assumeTrue(c.roundtrip != Roundtrip.NONE, c + " is not lossless (its normalizer or rstrip tokens drop characters)");
    Assumptions.assumeTrue(Files.isDirectory(DATA.resolve("tokenizers")), "shared data not found at " + DATA);
    Tokenizer t = c.tokenizer();
    for (String s : corpusWithoutLoneSurrogates()) {
      assertEquals(c.roundtrip.expected(s), c.roundtrip.apply(t, s), c + " " + show(s));
    }
  }

  static List<String> corpusWithoutLoneSurrogates() {
    List<String> out = new ArrayList<>();
    try {
      for (Golden g : golden("gpt2-tokenizer-json")) {
        if (Utf8.decodeLossy(Utf8.encode(g.text())).equals(g.text())) out.add(g.text());
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return out;
  }
}

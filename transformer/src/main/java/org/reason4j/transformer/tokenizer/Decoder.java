package org.reason4j.transformer.tokenizer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The decoders of a tokenizer.json ("decoder"): token strings back to text. Each step maps a list
 * of strings to a list of strings, as in the Rust library, and the final list is concatenated.
 */
sealed interface Decoder {

  List<String> decodeChain(List<String> tokens);

  default String decode(List<String> tokens) {
    return String.join("", decodeChain(tokens));
  }

  /**
   * Byte-level: every token written in the {@link ByteAlphabet} becomes its bytes (a token with any
   * other character, such as an added token with a space, contributes its own UTF-8), and all the
   * bytes are decoded at once, invalid sequences becoming U+FFFD.
   */
  record ByteLevel() implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String t : tokens) {
        boolean inAlphabet = t.chars().allMatch(c -> ByteAlphabet.byteOf(c) >= 0);
        if (inAlphabet) t.chars().forEach(c -> bytes.write(ByteAlphabet.byteOf(c)));
        else bytes.writeBytes(Utf8.encode(t));
      }
      return List.of(Utf8.decodeLossy(bytes.toByteArray()));
    }
  }

  /** The replacement character becomes a space; in the first token it is dropped (unless NEVER). */
  record Metaspace(int replacement, PreTokenizer.PrependScheme prependScheme) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      List<String> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        StringBuilder sb = new StringBuilder();
        boolean first = i == 0;
        tokens.get(i).codePoints().forEach(c -> {
          if (c != replacement) sb.appendCodePoint(c);
          else if (!first || prependScheme == PreTokenizer.PrependScheme.NEVER) sb.append(' ');
        });
        out.add(sb.toString());
      }
      return out;
    }
  }

  /**
   * Runs of {@code <0xXX>} tokens become the text of their bytes; a run that is not valid UTF-8
   * becomes one U+FFFD per byte.
   */
  record ByteFallback() implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      List<String> out = new ArrayList<>(tokens.size());
      ByteArrayOutputStream run = new ByteArrayOutputStream();
      for (String t : tokens) {
        int b = byteToken(t);
        if (b >= 0) {
          run.write(b);
          continue;
        }
        flush(run, out);
        out.add(t);
      }
      flush(run, out);
      return out;
    }

    private static int byteToken(String t) {
      if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
      int hi = Character.digit(t.charAt(3), 16), lo = Character.digit(t.charAt(4), 16);
      return hi < 0 || lo < 0 || t.charAt(3) > 0x7F || t.charAt(4) > 0x7F ? -1 : hi * 16 + lo;
    }

    private static void flush(ByteArrayOutputStream run, List<String> out) {
      if (run.size() == 0) return;
      String s = Utf8.decodeStrict(run.toByteArray());
      if (s != null) out.add(s);
      else for (int k = 0; k < run.size(); k++) out.add("\uFFFD");
      run.reset();
    }
  }

  record Fuse() implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      return List.of(String.join("", tokens));
    }
  }

  /** Removes up to {@code start} leading and {@code stop} trailing copies of one character. */
  record Strip(int content, int start, int stop) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      List<String> out = new ArrayList<>(tokens.size());
      for (String t : tokens) {
        int[] cps = t.codePoints().toArray();
        int from = 0, to = cps.length;
        while (from < start && from < cps.length && cps[from] == content) from++;
        for (int k = 0; k < stop && to > from && cps[to - 1] == content; k++) to--;
        out.add(new String(cps, from, Math.max(0, to - from)));
      }
      return out;
    }
  }

  record Replace(Splitter.SplitPattern pattern, String content) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      Normalizer.Replace r = new Normalizer.Replace(pattern, content);
      List<String> out = new ArrayList<>(tokens.size());
      for (String t : tokens) out.add(r.normalize(t));
      return out;
    }
  }

  /** "##" continuations are glued on, other tokens get a space; optional BERT clean-up of spaces. */
  record WordPiece(String prefix, boolean cleanup) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      List<String> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i);
        if (i > 0) t = t.startsWith(prefix) ? t.substring(prefix.length()) : " " + t;
        out.add(cleanup ? cleanup(t) : t);
      }
      return out;
    }

    static String cleanup(String s) {
      return s.replace(" .", ".").replace(" ?", "?").replace(" !", "!").replace(" ,", ",")
          .replace(" ' ", "'").replace(" n't", "n't").replace(" 'm", "'m").replace(" do not", " don't")
          .replace(" 's", "'s").replace(" 've", "'ve").replace(" 're", "'re");
    }
  }

  /** The end-of-word suffix becomes a space, except after the last token. */
  record BpeSuffix(String suffix) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      List<String> out = new ArrayList<>(tokens.size());
      for (int i = 0; i < tokens.size(); i++) {
        out.add(suffix.isEmpty() ? tokens.get(i) : tokens.get(i).replace(suffix, i == tokens.size() - 1 ? "" : " "));
      }
      return out;
    }
  }

  record Sequence(List<Decoder> steps) implements Decoder {
    public List<String> decodeChain(List<String> tokens) {
      for (Decoder d : steps) tokens = d.decodeChain(tokens);
      return tokens;
    }
  }

  static Decoder fromJson(JsonObj o) {
    String type = o.type();
    switch (type) {
      case "ByteLevel":
        o.allowOnly(Set.of("type", "add_prefix_space", "trim_offsets", "use_regex"));
        return new ByteLevel();
      case "Metaspace": {
        o.allowOnly(Set.of("type", "replacement", "prepend_scheme", "split", "add_prefix_space", "str_rep"));
        String rep = o.optStr("replacement", "\u2581");
        if (rep.codePointCount(0, rep.length()) != 1) throw o.fail("'replacement' must be one character");
        return new Metaspace(rep.codePointAt(0), PreTokenizer.prependScheme(o));
      }
      case "ByteFallback":
        o.allowOnly(Set.of("type"));
        return new ByteFallback();
      case "Fuse":
        o.allowOnly(Set.of("type"));
        return new Fuse();
      case "Strip": {
        o.allowOnly(Set.of("type", "content", "start", "stop"));
        String c = o.str("content");
        if (c.codePointCount(0, c.length()) != 1) throw o.fail("'content' must be one character");
        return new Strip(c.codePointAt(0), o.integer("start", 0), o.integer("stop", 0));
      }
      case "Replace":
        o.allowOnly(Set.of("type", "pattern", "content"));
        return new Replace(Splitter.SplitPattern.fromJson(o.obj("pattern")), o.str("content"));
      case "WordPiece":
        o.allowOnly(Set.of("type", "prefix", "cleanup"));
        return new WordPiece(o.optStr("prefix", "##"), o.bool("cleanup", true));
      case "BPEDecoder":
        o.allowOnly(Set.of("type", "suffix"));
        return new BpeSuffix(o.optStr("suffix", "</w>"));
      case "Sequence": {
        o.allowOnly(Set.of("type", "decoders"));
        List<Decoder> steps = new ArrayList<>();
        for (JsonObj child : o.objects("decoders")) steps.add(fromJson(child));
        return new Sequence(steps);
      }
      default:
        throw o.fail("unknown decoder type '" + type + "'");
    }
  }
}

package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pre-tokenizers of a tokenizer.json ("pre_tokenizer"): they cut normalized text into the
 * pieces the model tokenizes one at a time (a BPE merge never crosses a piece boundary). Regexes
 * are used exactly as the file writes them ({@link OnigRegex}); split behaviors follow the Rust
 * library ({@link Splitter}).
 */
sealed interface PreTokenizer {

  /** A piece of text; {@code atStart} says it begins at the start of the original input. */
  record Piece(String text, boolean atStart) {}

  void split(Piece piece, List<Piece> out);

  /** GPT-2's split regex, built into the ByteLevel pre-tokenizer. */
  Pattern GPT2_REGEX = OnigRegex.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+", "ByteLevel");

  /**
   * Optionally prepends a space, optionally splits with the GPT-2 regex, then rewrites every piece
   * as its UTF-8 bytes in the {@link ByteAlphabet}.
   */
  record ByteLevel(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      String text = piece.text();
      if (addPrefixSpace && !text.startsWith(" ")) text = " " + text;
      Piece p = new Piece(text, piece.atStart());
      List<Piece> parts = new ArrayList<>();
      if (useRegex) Splitter.apply(p, Splitter.findRegex(GPT2_REGEX, text), Splitter.Behavior.ISOLATED, parts);
      else parts.add(p);
      for (Piece part : parts) out.add(new Piece(ByteAlphabet.encode(part.text()), part.atStart()));
    }
  }

  /** Splits at a pattern; {@code invert} swaps which segments count as the delimiters. */
  record Split(Splitter.SplitPattern pattern, Splitter.Behavior behavior, boolean invert) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      Splitter.Segments seg = Splitter.find(pattern, piece.text());
      if (invert) seg.invert();
      Splitter.apply(piece, seg, behavior, out);
    }
  }

  /** When Metaspace adds the replacement character in front of a piece. */
  enum PrependScheme { ALWAYS, FIRST, NEVER }

  /**
   * SentencePiece-style: spaces become the replacement character ("▁"), which is prepended per the
   * scheme (FIRST: only to the piece at the start of the input), then optionally split before each
   * replacement character.
   */
  record Metaspace(int replacement, PrependScheme prependScheme, boolean splitOnReplacement) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      String rep = new String(Character.toChars(replacement));
      String text = piece.text().replace(" ", rep);
      boolean prepend = prependScheme == PrependScheme.ALWAYS || prependScheme == PrependScheme.FIRST && piece.atStart();
      if (prepend && !text.startsWith(rep)) text = rep + text;
      Piece p = new Piece(text, piece.atStart());
      if (!splitOnReplacement) {
        if (!text.isEmpty()) out.add(p);
        return;
      }
      Splitter.apply(p, Splitter.findChars(c -> c == replacement, text), Splitter.Behavior.MERGED_WITH_NEXT, out);
    }
  }

  /**
   * Runs of word characters and runs of other non-space characters: {@code \w+|[^\w\s]+} with the
   * Rust regex crate's Unicode classes (\w includes the joiners U+200C/U+200D).
   */
  record Whitespace() implements PreTokenizer {
    static final String WORD = "\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{200C}\\x{200D}";
    static final Pattern WORDS = Pattern.compile("[" + WORD + "]+|[^" + WORD + "\\p{IsWhite_Space}]+");

    public void split(Piece piece, List<Piece> out) {
      Splitter.Segments seg = Splitter.findRegex(WORDS, piece.text());
      seg.invert();
      Splitter.apply(piece, seg, Splitter.Behavior.REMOVED, out);
    }
  }

  /** Splits at Unicode whitespace, which is dropped. */
  record WhitespaceSplit() implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      Splitter.apply(piece, Splitter.findChars(Chars::isWhiteSpace, piece.text()), Splitter.Behavior.REMOVED, out);
    }
  }

  /** BERT: split at whitespace (dropped), then isolate every punctuation character. */
  record Bert() implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      List<Piece> words = new ArrayList<>();
      Splitter.apply(piece, Splitter.findChars(Chars::isWhiteSpace, piece.text()), Splitter.Behavior.REMOVED, words);
      for (Piece w : words) {
        Splitter.apply(w, Splitter.findChars(Chars::isBertPunctuation, w.text()), Splitter.Behavior.ISOLATED, out);
      }
    }
  }

  /** Separates numeric characters (Nd, Nl, No) from the rest, one by one or in runs. */
  record Digits(boolean individualDigits) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      Splitter.Behavior b = individualDigits ? Splitter.Behavior.ISOLATED : Splitter.Behavior.CONTIGUOUS;
      Splitter.apply(piece, Splitter.findChars(Chars::isNumeric, piece.text()), b, out);
    }
  }

  /** Splits at punctuation characters (BERT's definition) with the given behavior. */
  record Punctuation(Splitter.Behavior behavior) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      Splitter.apply(piece, Splitter.findChars(Chars::isBertPunctuation, piece.text()), behavior, out);
    }
  }

  record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
    public void split(Piece piece, List<Piece> out) {
      List<Piece> current = List.of(piece);
      for (PreTokenizer step : steps) {
        List<Piece> next = new ArrayList<>(current.size() * 4);
        for (Piece p : current) step.split(p, next);
        current = next;
      }
      out.addAll(current);
    }
  }

  /** Builds a pre-tokenizer from its tokenizer.json object; unknown types and options are errors. */
  static PreTokenizer fromJson(JsonObj o) {
    String type = o.type();
    switch (type) {
      case "ByteLevel":
        // trim_offsets only moves offsets, which reason4j does not produce.
        o.allowOnly(Set.of("type", "add_prefix_space", "trim_offsets", "use_regex"));
        return new ByteLevel(o.bool("add_prefix_space", true), o.bool("use_regex", true));
      case "Split":
        o.allowOnly(Set.of("type", "pattern", "behavior", "invert"));
        return new Split(Splitter.SplitPattern.fromJson(o.obj("pattern")), Splitter.Behavior.parse(o, "behavior"),
            o.bool("invert", false));
      case "Metaspace":
        return metaspace(o);
      case "Whitespace":
        o.allowOnly(Set.of("type"));
        return new Whitespace();
      case "WhitespaceSplit":
        o.allowOnly(Set.of("type"));
        return new WhitespaceSplit();
      case "BertPreTokenizer":
        o.allowOnly(Set.of("type"));
        return new Bert();
      case "Digits":
        o.allowOnly(Set.of("type", "individual_digits"));
        return new Digits(o.bool("individual_digits", false));
      case "Punctuation":
        o.allowOnly(Set.of("type", "behavior"));
        return new Punctuation(o.has("behavior") ? Splitter.Behavior.parse(o, "behavior") : Splitter.Behavior.ISOLATED);
      case "Sequence": {
        o.allowOnly(Set.of("type", "pretokenizers"));
        List<PreTokenizer> steps = new ArrayList<>();
        for (JsonObj child : o.objects("pretokenizers")) steps.add(fromJson(child));
        return new Sequence(steps);
      }
      default:
        throw o.fail("unknown pre-tokenizer type '" + type + "'");
    }
  }

  /** Metaspace, including files from before prepend_scheme existed (add_prefix_space). */
  private static Metaspace metaspace(JsonObj o) {
    o.allowOnly(Set.of("type", "replacement", "prepend_scheme", "split", "add_prefix_space", "str_rep"));
    String rep = o.optStr("replacement", "\u2581");
    if (rep.codePointCount(0, rep.length()) != 1) throw o.fail("'replacement' must be one character");
    PrependScheme scheme = prependScheme(o);
    return new Metaspace(rep.codePointAt(0), scheme, o.bool("split", true));
  }

  static PrependScheme prependScheme(JsonObj o) {
    if (o.has("prepend_scheme")) {
      String s = o.str("prepend_scheme");
      try {
        return PrependScheme.valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw o.fail("unknown prepend_scheme '" + s + "'");
      }
    }
    return o.bool("add_prefix_space", true) ? PrependScheme.ALWAYS : PrependScheme.NEVER;
  }
}

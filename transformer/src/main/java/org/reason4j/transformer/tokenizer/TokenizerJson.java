package org.reason4j.transformer.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.tensor.io.Json;

/**
 * Reads a Hugging Face tokenizer.json (format version 1.0) into an {@link HfTokenizer}, and the
 * BOS/EOS names of a tokenizer_config.json next to it. Every component and option the file uses is
 * either implemented or rejected with an error naming the file, the place and the option; nothing
 * is silently ignored except what only changes offsets, overflow pieces or training (trim_offsets,
 * stride, dropout).
 */
final class TokenizerJson {
  private TokenizerJson() {}

  private static final List<String> BOS_CONVENTION = List.of("<s>", "<|begin_of_text|>");
  private static final List<String> EOS_CONVENTION = List.of("</s>", "<|end_of_text|>", "<|endoftext|>");

  /** Loads tokenizer.json; {@code config} (tokenizer_config.json) may be null. */
  static HfTokenizer load(Path file, Path config) {
    Map<String, Object> root = readObject(file);
    SpecialNames names = config != null ? SpecialNames.fromConfig(config) : null;
    return parse(root, file.toString(), names);
  }

  static Map<String, Object> readObject(Path file) {
    if (!Files.isRegularFile(file)) throw new TokenizerException(file + ": no such file");
    try {
      return Json.readObject(file);
    } catch (Json.JsonException e) {
      throw new TokenizerException(e.getMessage(), e);
    }
  }

  /** BOS/EOS token names; null entries mean "none". */
  record SpecialNames(String bos, String eos) {
    static SpecialNames fromConfig(Path config) {
      JsonObj o = JsonObj.of(readObject(config), config.toString());
      return new SpecialNames(tokenName(o, "bos_token"), tokenName(o, "eos_token"));
    }

    /** "bos_token": "<s>" or {"content": "<s>", ...} or null. */
    private static String tokenName(JsonObj o, String key) {
      Object v = o.map().get(key);
      if (v == null || v instanceof String) return (String) v;
      return JsonObj.of(v, o.child(key)).str("content");
    }
  }

  static HfTokenizer parse(Map<String, Object> rootMap, String where, SpecialNames names) {
    JsonObj root = new JsonObj(rootMap, where);
    root.allowOnly(Set.of("version", "truncation", "padding", "added_tokens", "normalizer", "pre_tokenizer",
        "post_processor", "decoder", "model"));
    if (root.has("version") && !root.str("version").equals("1.0")) {
      throw root.fail("unsupported tokenizer.json version '" + root.str("version") + "' (expected 1.0)");
    }
    LengthRules lengths = LengthRules.fromJson(root);
    Normalizer normalizer = root.has("normalizer") ? Normalizer.fromJson(root.obj("normalizer")) : null;
    PreTokenizer pre = root.has("pre_tokenizer") ? PreTokenizer.fromJson(root.obj("pre_tokenizer")) : null;
    TokenModel model = TokenModel.fromJson(root.obj("model"));
    PostProcessor post = root.has("post_processor") ? PostProcessor.fromJson(root.obj("post_processor")) : null;
    Decoder decoder = root.has("decoder") ? Decoder.fromJson(root.obj("decoder")) : null;
    List<AddedVocabulary.AddedToken> added = new ArrayList<>();
    if (root.has("added_tokens")) {
      for (JsonObj t : root.objects("added_tokens")) added.add(AddedVocabulary.AddedToken.fromJson(t, t.integer("id", -1)));
    }
    for (AddedVocabulary.AddedToken t : added) if (t.id() < 0) throw root.fail("added token '" + t.content() + "' has no valid id");
    SpecialNames n = names != null ? names : byConvention(model, added);
    return new HfTokenizer(normalizer, pre, model, post, decoder, added, n.bos(), n.eos(), lengths, where);
  }

  private static SpecialNames byConvention(TokenModel model, List<AddedVocabulary.AddedToken> added) {
    return new SpecialNames(firstPresent(BOS_CONVENTION, model, added), firstPresent(EOS_CONVENTION, model, added));
  }

  private static String firstPresent(List<String> names, TokenModel model, List<AddedVocabulary.AddedToken> added) {
    for (String name : names) {
      if (model.tokenToId(name) != null) return name;
      for (AddedVocabulary.AddedToken t : added) if (t.content().equals(name)) return name;
    }
    return null;
  }
}

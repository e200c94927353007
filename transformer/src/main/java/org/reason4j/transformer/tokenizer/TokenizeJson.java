package org.reason4j.transformer.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.reason4j.tensor.io.Json;

/**
 * JSON in, JSON out, for the command line ({@code reason4j tokenize}): a JSON array of strings
 * becomes a JSON array of id arrays, and a JSON array of id arrays becomes a JSON array of strings.
 * Errors name the element that is wrong.
 */
public final class TokenizeJson {
  private TokenizeJson() {}

  /**
   * The whole {@code reason4j tokenize} command: loads the tokenizer at {@code tokenizerPath} (as
   * {@link Tokenizers#load(Path)}) and encodes the JSON array of strings, or with {@code decode}
   * decodes the JSON array of id arrays, keeping special tokens in the text.
   */
  public static String run(Path tokenizerPath, String json, boolean addSpecialTokens, boolean decode) {
    Tokenizer t = Tokenizers.load(tokenizerPath);
    return decode ? decode(t, json, false) : encode(t, json, addSpecialTokens);
  }

  /** ["text", ...] -> [[id, ...], ...]. */
  public static String encode(Tokenizer tokenizer, String jsonArrayOfStrings, boolean addSpecialTokens) {
    List<Object> in = array(jsonArrayOfStrings);
    List<Object> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      if (!(in.get(i) instanceof String s)) throw new TokenizerException("input[" + i + "]: expected a string");
      out.add(tokenizer.encode(s, addSpecialTokens));
    }
    return Json.write(out);
  }

  /** [[id, ...], ...] -> ["text", ...]. */
  public static String decode(Tokenizer tokenizer, String jsonArrayOfIdArrays, boolean skipSpecialTokens) {
    List<Object> in = array(jsonArrayOfIdArrays);
    List<Object> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      if (!(in.get(i) instanceof List<?> ids)) throw new TokenizerException("input[" + i + "]: expected an array of token ids");
      int[] a = new int[ids.size()];
      for (int k = 0; k < a.length; k++) {
        if (!(ids.get(k) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
          throw new TokenizerException("input[" + i + "][" + k + "]: expected a non-negative integer id");
        }
        a[k] = (int) (long) v;
      }
      try {
        out.add(tokenizer.decode(a, skipSpecialTokens));
      } catch (TokenizerException e) {
        throw new TokenizerException("input[" + i + "]: " + e.getMessage(), e);
      }
    }
    return Json.write(out);
  }

  private static List<Object> array(String json) {
    Object v;
    try {
      v = Json.parse(json, "input");
    } catch (Json.JsonException e) {
      throw new TokenizerException(e.getMessage(), e);
    }
    if (!(v instanceof List)) throw new TokenizerException("input: expected a JSON array");
    return JsonObj.castList(v);
  }
}

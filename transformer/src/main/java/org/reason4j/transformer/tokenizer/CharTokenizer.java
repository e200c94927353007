package org.reason4j.transformer.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.reason4j.tensor.io.Json;

/**
 * A character-level vocabulary for small models trained from scratch (the synthetic arithmetic task of
 * the demo): ids 0, 1, 2 are {@code <pad>}, {@code <bos>}, {@code <eos>}, then one id per character of an
 * alphabet, in the alphabet's order. Encoding is a table lookup per character, so every string over the
 * alphabet has exactly one encoding and {@code decode(encode(s)) == s}.
 *
 * <p>The special tokens written in a text ({@code "<eos>"}) are recognised, as every {@link Tokenizer}
 * does. A character outside the alphabet is an error that names it: a character model has no fallback.
 * It is saved as a small JSON file, {@value #FILE_NAME}, which {@link Tokenizers#load} recognises in a
 * model directory. It is not a subword tokenizer and has no normalisation.
 */
public final class CharTokenizer implements Tokenizer {
  /** The file name {@link Tokenizers#load} looks for in a model directory. */
  public static final String FILE_NAME = "char_tokenizer.json";
  public static final int PAD = 0, BOS = 1, EOS = 2;
  private static final List<String> SPECIALS = List.of("<pad>", "<bos>", "<eos>");
  private static final String TYPE = "char";

  private final String alphabet;
  private final Map<Character, Integer> ids = new HashMap<>();

  /** A vocabulary of the three special tokens followed by the characters of {@code alphabet}. */
  public CharTokenizer(String alphabet) {
    this(alphabet, "alphabet");
  }

  private CharTokenizer(String alphabet, String source) {
    if (alphabet.isEmpty()) throw new TokenizerException(source + ": the alphabet is empty");
    for (int i = 0; i < alphabet.length(); i++) {
      char c = alphabet.charAt(i);
      if (Character.isSurrogate(c)) throw new TokenizerException(source + ": character " + i + " is a surrogate; the alphabet must be BMP characters");
      if (ids.put(c, SPECIALS.size() + i) != null) throw new TokenizerException(source + ": character " + describe(c) + " appears twice in the alphabet");
    }
    this.alphabet = alphabet;
  }

  public String alphabet() {
    return alphabet;
  }

  public int padId() {
    return PAD;
  }

  @Override
  public int[] encode(String text, boolean addSpecialTokens) {
    List<Integer> out = new ArrayList<>(text.length() + 1);
    if (addSpecialTokens) out.add(BOS);
    int i = 0;
    while (i < text.length()) {
      int special = specialAt(text, i);
      if (special >= 0) {
        out.add(special);
        i += SPECIALS.get(special).length();
        continue;
      }
      char c = text.charAt(i);
      Integer id = ids.get(c);
      if (id == null) {
        throw new TokenizerException("character tokenizer: " + describe(c) + " at index " + i + " is not in the alphabet \""
            + escape(alphabet) + "\"");
      }
      out.add(id);
      i++;
    }
    int[] a = new int[out.size()];
    for (int k = 0; k < a.length; k++) a[k] = out.get(k);
    return a;
  }

  private static int specialAt(String text, int i) {
    if (text.charAt(i) != '<') return -1;
    for (int s = 0; s < SPECIALS.size(); s++) if (text.startsWith(SPECIALS.get(s), i)) return s;
    return -1;
  }

  @Override
  public String decode(int[] ids, boolean skipSpecialTokens) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int id : ids) {
      if (id < 0 || id >= vocabSize()) throw new TokenizerException("character tokenizer: id " + id + " is outside the vocabulary 0.." + (vocabSize() - 1));
      if (id < SPECIALS.size()) {
        if (!skipSpecialTokens) sb.append(SPECIALS.get(id));
      } else {
        sb.append(alphabet.charAt(id - SPECIALS.size()));
      }
    }
    return sb.toString();
  }

  @Override
  public int vocabSize() {
    return SPECIALS.size() + alphabet.length();
  }

  @Override
  public Integer tokenToId(String token) {
    int s = SPECIALS.indexOf(token);
    if (s >= 0) return s;
    return token.length() == 1 ? ids.get(token.charAt(0)) : null;
  }

  @Override
  public String idToToken(int id) {
    if (id < 0 || id >= vocabSize()) return null;
    return id < SPECIALS.size() ? SPECIALS.get(id) : String.valueOf(alphabet.charAt(id - SPECIALS.size()));
  }

  @Override
  public OptionalInt bosId() {
    return OptionalInt.of(BOS);
  }

  @Override
  public OptionalInt eosId() {
    return OptionalInt.of(EOS);
  }

  @Override
  public Set<Integer> specialIds() {
    return Set.of(PAD, BOS, EOS);
  }

  // ------------------------------------------------------------------ file

  /** Writes {@code {"type": "char", "special_tokens": [...], "alphabet": "..."}}, atomically. */
  public void save(Path file) throws IOException {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("type", TYPE);
    j.put("special_tokens", SPECIALS);
    j.put("alphabet", alphabet);
    Path abs = file.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path temp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temp, Json.writePretty(j, "  ") + "\n", StandardCharsets.UTF_8);
    Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Saves as {@value #FILE_NAME} in a model directory. */
  public void saveTo(Path dir) throws IOException {
    save(dir.resolve(FILE_NAME));
  }

  /** Reads a file written by {@link #save}; errors name the file and the field. */
  public static CharTokenizer load(Path file) {
    Map<String, Object> j;
    try {
      j = Json.readObject(file);
    } catch (RuntimeException e) {
      throw new TokenizerException(file + ": not a character tokenizer file: " + e.getMessage(), e);
    }
    if (!TYPE.equals(j.get("type"))) throw new TokenizerException(file + ": \"type\" must be \"char\", got " + Json.write(j.get("type")));
    if (!SPECIALS.equals(j.get("special_tokens"))) {
      throw new TokenizerException(file + ": \"special_tokens\" must be " + Json.write(SPECIALS) + ", got " + Json.write(j.get("special_tokens")));
    }
    if (!(j.get("alphabet") instanceof String a)) throw new TokenizerException(file + ": \"alphabet\" must be a string");
    return new CharTokenizer(a, file.toString());
  }

  private static String describe(char c) {
    return String.format("'%s' (U+%04X)", escape(String.valueOf(c)), (int) c);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
  }
}

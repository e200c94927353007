package org.reason4j.rl.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.io.Json;

/**
 * The loop every loader shares: decode records from a JSONL file or a JSON array file, hand each to a
 * converter, and apply the {@link BadLines} policy to the ones that fail.
 *
 * <p>A converter reports a bad record by throwing {@link BadRecord} with a short reason; this class adds the
 * file and the line (JSONL) or element index (JSON array) to it. A JSON array file that is not valid JSON
 * as a whole cannot be read record by record, so that is an error under either policy.
 */
final class RecordReader {
  private RecordReader() {}

  /** The largest JSONL file read (a Java array's limit, less a margin). */
  static final long MAX_JSONL_BYTES = Integer.MAX_VALUE - 64;

  /** Turns one decoded JSON object into a problem. {@code index} is 0-based (line - 1 for JSONL). */
  @FunctionalInterface
  interface Converter {
    Problem convert(Map<String, Object> record, int index);
  }

  /** Thrown by converters: the record is unusable, for the given reason. */
  static final class BadRecord extends RuntimeException {
    BadRecord(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Reads a file of one JSON object per line; blank lines are ignored. The file is read whole (the
   * problems are kept in memory anyway) and each line is decoded on its own, so one line that is not
   * UTF-8 is one bad line.
   */
  static Dataset readJsonl(Path file, BadLines policy, Converter converter) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_JSONL_BYTES) {
        throw new DataFormatException(file + ": larger than " + MAX_JSONL_BYTES + " bytes; split it into parts");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataFormatException(file + ": cannot read: " + e.getMessage(), e);
    }
    Collector out = new Collector(file, policy);
    int lineNo = 0;
    for (int start = 0; start < bytes.length; ) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') end++;
      lineNo++;
      readLine(ByteBuffer.wrap(bytes, start, end - start), lineNo, converter, out);
      start = end + 1;
    }
    return out.dataset();
  }

  /** Reads a file holding one JSON array of objects. */
  static Dataset readJsonArray(Path file, BadLines policy, Converter converter) {
    Object root;
    try {
      root = Json.read(file);
    } catch (Json.JsonException e) {
      throw new DataFormatException(e.getMessage(), e);
    }
    if (!(root instanceof List<?> list)) {
      throw new DataFormatException(file + ": expected a JSON array of records at the top level, found "
          + Fields.typeName(root));
    }
    Collector out = new Collector(file, policy);
    for (int i = 0; i < list.size(); i++) {
      String where = "element " + i;
      try {
        out.accept(converter.convert(Fields.asObject(list.get(i)), i));
      } catch (BadRecord e) {
        out.reject(where, e.getMessage());
      }
    }
    return out.dataset();
  }

  private static void readLine(ByteBuffer bytes, int lineNo, Converter converter, Collector out) {
    String where = "line " + lineNo;
    String line;
    try {
      line = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      out.reject(where, "not valid UTF-8");
      return;
    }
    if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
    if (line.isBlank()) return;
    Object value;
    try {
      value = Json.parse(line, "");
    } catch (Json.JsonException e) {
      out.reject(where, e.getMessage().replaceFirst("^: invalid JSON at line 1, ", "not valid JSON at "));
      return;
    }
    try {
      out.accept(converter.convert(Fields.asObject(value), lineNo - 1));
    } catch (BadRecord e) {
      out.reject(where, e.getMessage());
    }
  }

  /** Accumulates problems and applies the policy to rejects. */
  private static final class Collector {
    private final Path file;
    private final BadLines policy;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private int skipped;

    Collector(Path file, BadLines policy) {
      this.file = file;
      this.policy = policy;
    }

    void accept(Problem p) {
      problems.add(p);
    }

    void reject(String where, String reason) {
      String message = file + ": " + where + ": " + reason;
      if (policy == BadLines.FAIL) throw new DataFormatException(message);
      skipped++;
      if (messages.size() < Dataset.MAX_MESSAGES) messages.add(message);
    }

    Dataset dataset() {
      return new Dataset(file.toString(), problems, skipped, messages);
    }
  }
}

package org.reason4j.rl.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.RecordReader.BadRecord;

/**
 * Reads the original SVAMP challenge set ({@code SVAMP.json}: a JSON array of
 * {@code {ID, Body, Question, Equation, Answer, Type}}).
 *
 * <p>The question is {@code Body + " " + Question}; the gold answer is {@code Answer} as the JSON number
 * reads ({@code 51.0}); the reference solution is the one-line {@code Equation}
 * ({@code "( 76.0 - 25.0 )"}), the only worked solution the file has.
 */
public final class SvampLoader {
  private SvampLoader() {}

  public static List<Problem> load(Path file) {
    return load(file, BadLines.FAIL).problems();
  }

  public static Dataset load(Path file, BadLines policy) {
    return RecordReader.readJsonArray(file, policy, (record, index) -> convert(record));
  }

  private static Problem convert(Map<String, Object> record) {
    String id = Fields.requireText(record, "ID");
    String body = Fields.requireString(record, "Body");
    String question = Fields.requireString(record, "Question");
    String equation = Fields.optionalString(record, "Equation");
    String answer = Fields.requireText(record, "Answer");
    if (!SolutionText.isDecimalNumber(answer.strip())) {
      throw new BadRecord("field 'Answer' '" + answer + "' is not a number");
    }
    return new Problem(id, body + " " + question, equation, answer);
  }
}

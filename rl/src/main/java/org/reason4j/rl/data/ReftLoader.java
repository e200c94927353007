package org.reason4j.rl.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.RecordReader.BadRecord;

/**
 * Reads the ReFT data files: a JSON array of {@code {item_id, question, answer_cot?, answer_value}}.
 *
 * <p>Covers the N-CoT and P-CoT training files ({@code svamp_nl.json}: natural-language chains of thought;
 * {@code svamp_python_sdp.json}: Python {@code def solution()} programs) and the test sets (no
 * {@code answer_cot}). Problems keep the item id, the question and the chain of thought as written
 * (the prompt builder {@link ReftFormat} strips them as ReFT does); the gold answer is
 * {@code answer_value}, an option letter for MathQA-MCQ. A gold answer that does not fit its source
 * (not a number, or an empty option) makes the record bad. Records are reported by array index.
 */
public final class ReftLoader {
  private ReftLoader() {}

  public static List<Problem> load(Path file) {
    return load(file, BadLines.FAIL).problems();
  }

  public static Dataset load(Path file, BadLines policy) {
    return RecordReader.readJsonArray(file, policy, (record, index) -> convert(record));
  }

  private static Problem convert(Map<String, Object> record) {
    String id = Fields.requireText(record, "item_id");
    String question = Fields.requireString(record, "question");
    String cot = Fields.optionalString(record, "answer_cot");
    String gold = Fields.requireText(record, "answer_value");
    ReftSource source = ReftSource.fromItemIdOrNull(id);
    if (source != null && source.isMultipleChoice() && gold.isBlank()) {
      throw new BadRecord("field 'answer_value' is empty (a MathQA option letter is expected)");
    }
    if (source != null && !source.isMultipleChoice()
        && !SolutionText.isDecimalNumber(gold.replace(",", "").strip())) {
      throw new BadRecord("field 'answer_value' '" + gold + "' is not a number");
    }
    return new Problem(id, question, cot, gold);
  }
}

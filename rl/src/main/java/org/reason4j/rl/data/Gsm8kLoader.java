package org.reason4j.rl.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.RecordReader.BadRecord;

/**
 * Reads the official GSM8K JSONL files ({@code {"question": ..., "answer": ...}} per line).
 *
 * <p>The reference solution is the answer text exactly as written, calculator annotations included (use
 * {@link SolutionText#stripCalculatorAnnotations} for training text without them); the gold answer is the
 * text after its last {@code ####}, trimmed, with commas kept ("1,200"); a line whose final answer is not a
 * number is a bad line. Ids are
 * {@code gsm8k-<file name without extension>-<line index>}, e.g. {@code gsm8k-test-0}.
 */
public final class Gsm8kLoader {
  private Gsm8kLoader() {}

  /** Reads every line; a bad line is an error naming the file and line. */
  public static List<Problem> load(Path file) {
    return load(file, BadLines.FAIL).problems();
  }

  public static Dataset load(Path file, BadLines policy) {
    String prefix = "gsm8k-" + stem(file) + "-";
    return RecordReader.readJsonl(file, policy, (record, index) -> convert(record, prefix + index));
  }

  private static Problem convert(Map<String, Object> record, String id) {
    String question = Fields.requireString(record, "question");
    String answer = Fields.requireString(record, "answer");
    String gold = SolutionText.afterLastHashes(answer);
    if (gold == null) throw new BadRecord("field 'answer' has no '####' final answer");
    if (!SolutionText.isDecimalNumber(gold.replace(",", "").replace("$", ""))) {
      throw new BadRecord("the final answer '" + gold + "' after '####' is not a number");
    }
    return new Problem(id, question, answer, gold);
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}

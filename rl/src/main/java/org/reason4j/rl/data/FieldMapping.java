package org.reason4j.rl.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which JSON field of a JSONL record fills which part of a {@link Problem}, parsed from the command-line
 * form {@code question=problem,answer=solution:boxed,reference=solution,id=uid,hint=hint}.
 *
 * <p>Targets: {@code question} and {@code answer} are required; {@code reference}, {@code id}, {@code hint} and
 * {@code tier} are optional. Values are top-level field names. The answer field may carry a suffix saying
 * where in the field the gold answer is: none (the whole field), {@code :gsm8k} (the text after the last
 * {@code ####}) or {@code :boxed} (the content of the last {@code \boxed{}}), so a MATH-style file whose
 * only answer is inside its solution reads as {@code answer=solution:boxed}.
 */
public record FieldMapping(String question, String answer, AnswerLocation answerLocation, String reference,
    String id, String hint, String tier) {

  /** Where the gold answer sits inside the mapped answer field. */
  public enum AnswerLocation {
    WHOLE_FIELD,
    AFTER_HASHES,
    LAST_BOXED
  }

  public FieldMapping {
    if (question == null || answer == null) throw new IllegalArgumentException("question and answer are required");
    if (answerLocation == null) answerLocation = AnswerLocation.WHOLE_FIELD;
  }

  /** GSM8K's own layout: {@code question=question,answer=answer:gsm8k,reference=answer}. */
  public static final FieldMapping GSM8K = parse("question=question,answer=answer:gsm8k,reference=answer");

  /** Parses {@code target=field} pairs separated by commas; errors quote the whole mapping. */
  public static FieldMapping parse(String spec) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      String target = eq < 0 ? part.strip() : part.substring(0, eq).strip();
      String field = eq < 0 ? "" : part.substring(eq + 1).strip();
      if (eq < 0 || target.isEmpty() || field.isEmpty()) {
        throw bad(spec, "'" + part.strip() + "' is not of the form target=field");
      }
      if (!List.of("question", "answer", "reference", "id", "hint", "tier").contains(target)) {
        throw bad(spec, "unknown target '" + target + "' (expected question, answer, reference, id, hint, tier)");
      }
      if (pairs.put(target, field) != null) throw bad(spec, "target '" + target + "' is given twice");
    }
    if (!pairs.containsKey("question") || !pairs.containsKey("answer")) {
      throw bad(spec, "both question=... and answer=... are required");
    }
    String answer = pairs.get("answer");
    AnswerLocation location = AnswerLocation.WHOLE_FIELD;
    int colon = answer.lastIndexOf(':');
    if (colon >= 0) {
      String suffix = answer.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
      location = switch (suffix) {
        case "gsm8k" -> AnswerLocation.AFTER_HASHES;
        case "boxed" -> AnswerLocation.LAST_BOXED;
        default -> throw bad(spec, "unknown answer suffix ':" + suffix + "' (expected :gsm8k or :boxed)");
      };
      answer = answer.substring(0, colon).strip();
      if (answer.isEmpty()) throw bad(spec, "answer field name is empty");
    }
    return new FieldMapping(pairs.get("question"), answer, location, pairs.get("reference"), pairs.get("id"),
        pairs.get("hint"), pairs.get("tier"));
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("field mapping '" + spec + "': " + why);
  }
}

package org.reason4j.rl.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.RecordReader.BadRecord;

/**
 * Reads any JSONL file of problems through a {@link FieldMapping}.
 *
 * <p>Mapped question and answer fields must be present (the answer may be a string or a number); mapped
 * optional fields may be absent or null. Without an id mapping the id is
 * {@code <file name without extension>-<line index>}. A record whose answer cannot be found where the
 * mapping says (no {@code ####}, no {@code \boxed{}}) is bad, never a silently wrong gold answer.
 */
public final class JsonlLoader {
  private JsonlLoader() {}

  public static List<Problem> load(Path file, FieldMapping mapping) {
    return load(file, mapping, BadLines.FAIL).problems();
  }

  public static Dataset load(Path file, FieldMapping mapping, BadLines policy) {
    String prefix = Gsm8kLoader.stem(file) + "-";
    return RecordReader.readJsonl(file, policy,
        (record, index) -> convert(record, mapping, prefix + index));
  }

  private static Problem convert(Map<String, Object> record, FieldMapping m, String defaultId) {
    String question = Fields.requireString(record, m.question());
    String gold = gold(Fields.requireText(record, m.answer()), m);
    String reference = m.reference() == null ? null : Fields.optionalString(record, m.reference());
    String id = m.id() == null ? null : Fields.optionalText(record, m.id());
    String hint = m.hint() == null ? null : Fields.optionalString(record, m.hint());
    int tier = m.tier() == null ? Problem.NO_TIER : Fields.optionalInt(record, m.tier(), Problem.NO_TIER);
    if (tier < Problem.NO_TIER) {
      throw new BadRecord("field '" + m.tier() + "' must be >= 0 (or -1 for none), found " + tier);
    }
    return new Problem(id == null ? defaultId : id, question, reference, gold, hint, tier);
  }

  private static String gold(String field, FieldMapping m) {
    String gold = switch (m.answerLocation()) {
      case WHOLE_FIELD -> field;
      case AFTER_HASHES -> SolutionText.afterLastHashes(field);
      case LAST_BOXED -> SolutionText.lastBoxed(field);
    };
    if (gold == null) {
      String what = m.answerLocation() == FieldMapping.AnswerLocation.AFTER_HASHES ? "'####'" : "\\boxed{}";
      throw new BadRecord("field '" + m.answer() + "' has no " + what + " final answer");
    }
    if (gold.isBlank()) throw new BadRecord("the gold answer from field '" + m.answer() + "' is empty");
    return gold;
  }
}

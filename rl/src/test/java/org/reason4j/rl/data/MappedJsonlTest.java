package org.reason4j.rl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line field mapping and the JSONL loader that uses it. */
class MappedJsonlTest {
  @TempDir Path dir;

  @Test
  void parsesTheCommandLineForm() {
    FieldMapping m = FieldMapping.parse("question=problem, answer=solution:boxed,reference=solution,id=uid,hint=hint");
    assertEquals(new FieldMapping("problem", "solution", FieldMapping.AnswerLocation.LAST_BOXED, "solution", "uid",
        "hint", null), m);
    assertEquals(FieldMapping.AnswerLocation.WHOLE_FIELD, FieldMapping.parse("question=q,answer=a").answerLocation());
  }

  @Test
  void mappingErrorsQuoteTheMapping() {
    for (String bad : List.of("question=q", "question=q,answer=a,colour=c", "question=q,answer=a,question=x",
        "question=q,answer", "question=q,answer=a:latex", "question=q,answer=:boxed", "question=,answer=a")) {
      String m = assertThrows(IllegalArgumentException.class, () -> FieldMapping.parse(bad)).getMessage();
      assertTrue(m.startsWith("field mapping '" + bad + "': "), m);
    }
  }

  @Test
  void loadsMappedFieldsWithNumbersAndAbsentOptionals() throws IOException {
    Path f = Files.writeString(dir.resolve("math.jsonl"),
        "{\"uid\": 17, \"problem\": \"p1\", \"solution\": \"so \\\\boxed{\\\\frac{1}{2}}.\", \"hint\": \"h\", \"level\": 3}\n"
            + "{\"uid\": \"x\", \"problem\": \"p2\", \"solution\": \"\\\\boxed{7}\", \"hint\": null}\n");
    List<Problem> ps = JsonlLoader.load(f,
        FieldMapping.parse("question=problem,answer=solution:boxed,reference=solution,id=uid,hint=hint,tier=level"));
    assertEquals(new Problem("17", "p1", "so \\boxed{\\frac{1}{2}}.", "\\frac{1}{2}", "h", 3), ps.get(0));
    assertEquals(new Problem("x", "p2", "\\boxed{7}", "7", null, Problem.NO_TIER), ps.get(1));
  }

  @Test
  void numericAnswersAndDefaultIds() throws IOException {
    Path f = Files.writeString(dir.resolve("plain.jsonl"), "{\"q\": \"a\", \"a\": 12}\n{\"q\": \"b\", \"a\": 2.5}\n");
    List<Problem> ps = JsonlLoader.load(f, FieldMapping.parse("question=q,answer=a"));
    assertEquals(List.of("12", "2.5"), ps.stream().map(Problem::goldAnswer).toList());
    assertEquals(List.of("plain-0", "plain-1"), ps.stream().map(Problem::id).toList());
    assertNull(ps.get(0).referenceSolution());
  }

  @Test
  void anAnswerNotWhereTheMappingSaysIsABadRecord() throws IOException {
    Path f = Files.writeString(dir.resolve("nobox.jsonl"),
        "{\"problem\": \"p\", \"solution\": \"it is 7\"}\n{\"problem\": \"p\", \"solution\": \"\\\\boxed{ }\"}\n");
    FieldMapping m = FieldMapping.parse("question=problem,answer=solution:boxed");
    String msg = assertThrows(DataFormatException.class, () -> JsonlLoader.load(f, m)).getMessage();
    assertTrue(msg.endsWith("nobox.jsonl: line 1: field 'solution' has no \\boxed{} final answer"), msg);
    Dataset d = JsonlLoader.load(f, m, BadLines.SKIP);
    assertEquals(0, d.size());
    assertEquals(2, d.skipped());
    assertTrue(d.skipMessages().get(1).endsWith("line 2: the gold answer from field 'solution' is empty"));
  }

  @Test
  void aNonIntegerTierIsBad() throws IOException {
    Path f = Files.writeString(dir.resolve("tier.jsonl"), "{\"q\": \"a\", \"a\": \"1\", \"t\": \"hard\"}\n");
    String msg = assertThrows(DataFormatException.class,
        () -> JsonlLoader.load(f, FieldMapping.parse("question=q,answer=a,tier=t"))).getMessage();
    assertTrue(msg.endsWith("line 1: field 't' must be an integer, found a string"), msg);
  }

  @Test
  void theGsm8kMappingReadsLikeTheGsm8kLoader() throws IOException {
    Path f = Files.writeString(dir.resolve("g.jsonl"), "{\"question\": \"q\", \"answer\": \"2*3=<<2*3=6>>6\\n#### 6\"}\n");
    Problem viaMapping = JsonlLoader.load(f, FieldMapping.GSM8K).get(0);
    Problem direct = Gsm8kLoader.load(f).get(0);
    assertEquals(direct.goldAnswer(), viaMapping.goldAnswer());
    assertEquals(direct.referenceSolution(), viaMapping.referenceSolution());
  }
}

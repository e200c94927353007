package org.reason4j.rl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted bad files: by default every bad record is an error naming the file and the line (or array
 * element); with {@link BadLines#SKIP} it is left out, counted and described, and the good records load.
 */
class BadRecordsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static final String GOOD1 = "{\"question\": \"q1\", \"answer\": \"1+1=2\\n#### 2\"}\n";
  private static final String GOOD2 = "{\"question\": \"q2\", \"answer\": \"#### 1,000\"}\n";

  private String failMessage(Path file) {
    return assertThrows(DataFormatException.class, () -> Gsm8kLoader.load(file)).getMessage();
  }

  @Test
  void invalidJsonNamesFileAndLine() throws IOException {
    Path f = write("a.jsonl", GOOD1 + GOOD2 + "{\"question\": \"q3\", \"answer\": \n");
    String m = failMessage(f);
    assertTrue(m.startsWith(f + ": line 3: not valid JSON at column"), m);
  }

  @Test
  void missingFieldWrongTypeAndNonObjectAreBad() throws IOException {
    String m1 = failMessage(write("b.jsonl", GOOD1 + "{\"question\": \"q\"}\n"));
    assertTrue(m1.endsWith("b.jsonl: line 2: missing field 'answer'"), m1);
    String m2 = failMessage(write("c.jsonl", "{\"question\": 5, \"answer\": \"#### 1\"}\n"));
    assertTrue(m2.endsWith("c.jsonl: line 1: field 'question' must be a string, found a number"), m2);
    String m3 = failMessage(write("d.jsonl", "[1, 2]\n"));
    assertTrue(m3.endsWith("d.jsonl: line 1: expected a JSON object, found an array"), m3);
    String m4 = failMessage(write("e.jsonl", "{\"question\": null, \"answer\": \"#### 1\"}\n"));
    assertTrue(m4.endsWith("e.jsonl: line 1: field 'question' is null"), m4);
  }

  @Test
  void gsm8kAnswerWithoutANumericFinalAnswerIsBad() throws IOException {
    String m1 = failMessage(write("f.jsonl", "{\"question\": \"q\", \"answer\": \"no marker\"}\n"));
    assertTrue(m1.endsWith("line 1: field 'answer' has no '####' final answer"), m1);
    String m2 = failMessage(write("g.jsonl", "{\"question\": \"q\", \"answer\": \"#### twelve\"}\n"));
    assertTrue(m2.endsWith("line 1: the final answer 'twelve' after '####' is not a number"), m2);
  }

  @Test
  void invalidUtf8IsBadLineNotACrash() throws IOException {
    byte[] bad = {'{', '"', 'q', (byte) 0xC3, '"', '}', '\n'};
    Path f = dir.resolve("h.jsonl");
    Files.write(f, (GOOD1).getBytes(StandardCharsets.UTF_8));
    Files.write(f, bad, java.nio.file.StandardOpenOption.APPEND);
    String m = failMessage(f);
    assertTrue(m.endsWith("h.jsonl: line 2: not valid UTF-8"), m);
    assertEquals(1, Gsm8kLoader.load(f, BadLines.SKIP).size());
  }

  @Test
  void skipCountsAndDescribesOnlyTheFirstFew() throws IOException {
    StringBuilder text = new StringBuilder(GOOD1);
    for (int i = 0; i < 8; i++) text.append("not json\n");
    text.append("\n   \n").append(GOOD2.strip()); // blank lines are not records; no final newline
    Dataset d = Gsm8kLoader.load(write("i.jsonl", text.toString()), BadLines.SKIP);
    assertEquals(List.of("q1", "q2"), d.problems().stream().map(Problem::question).toList());
    assertEquals(8, d.skipped());
    assertEquals(Dataset.MAX_MESSAGES, d.skipMessages().size());
    assertTrue(d.skipMessages().get(0).contains("i.jsonl: line 2: not valid JSON"), d.skipMessages().get(0));
    assertTrue(d.skipMessages().get(4).contains("line 6:"), d.skipMessages().get(4));
    assertEquals("gsm8k-i-11", d.problems().get(1).id(), "ids follow line numbers");
    assertEquals("1,000", d.problems().get(1).goldAnswer());
  }

  @Test
  void crlfAndByteOrderMarkAreAccepted() throws IOException {
    Path f = write("j.jsonl", "\uFEFF" + GOOD1.replace("\n", "\r\n") + GOOD2.replace("\n", "\r\n"));
    assertEquals(2, Gsm8kLoader.load(f).size());
  }

  @Test
  void jsonArrayRecordsAreReportedByElement() throws IOException {
    Path f = write("k.json", "[{\"item_id\": \"gsm8k_0\", \"question\": \"q\", \"answer_value\": \"3\"},"
        + " {\"item_id\": \"gsm8k_1\", \"question\": \"q\"},"
        + " {\"item_id\": \"gsm8k_2\", \"question\": \"q\", \"answer_value\": \"three\"},"
        + " {\"item_id\": \"mathqa_3\", \"question\": \"q\", \"answer_value\": \"e\"}]");
    String m = assertThrows(DataFormatException.class, () -> ReftLoader.load(f)).getMessage();
    assertTrue(m.endsWith("k.json: element 1: missing field 'answer_value'"), m);
    Dataset d = ReftLoader.load(f, BadLines.SKIP);
    assertEquals(List.of("gsm8k_0", "mathqa_3"), d.problems().stream().map(Problem::id).toList());
    assertEquals(2, d.skipped());
    assertTrue(d.skipMessages().get(1).endsWith("element 2: field 'answer_value' 'three' is not a number"));
  }

  @Test
  void aBrokenJsonArrayFileFailsEvenWhenSkipping() throws IOException {
    Path f = write("l.json", "[{\"item_id\": \"gsm8k_0\",");
    String m = assertThrows(DataFormatException.class, () -> ReftLoader.load(f, BadLines.SKIP)).getMessage();
    assertTrue(m.startsWith(f + ": invalid JSON at line 1"), m);
    Path g = write("m.json", "{\"item_id\": \"gsm8k_0\"}");
    String m2 = assertThrows(DataFormatException.class, () -> SvampLoader.load(g)).getMessage();
    assertTrue(m2.endsWith("m.json: expected a JSON array of records at the top level, found an object"), m2);
  }

  @Test
  void aMissingFileIsNamed() {
    Path f = dir.resolve("nope.jsonl");
    String m = assertThrows(DataFormatException.class, () -> Gsm8kLoader.load(f)).getMessage();
    assertTrue(m.startsWith(f + ": cannot read"), m);
  }

  @Test
  void svampAnswerMustBeANumber() throws IOException {
    Path f = write("n.json", "[{\"ID\": \"chal-1\", \"Body\": \"b.\", \"Question\": \"q?\", \"Answer\": true}]");
    String m = assertThrows(DataFormatException.class, () -> SvampLoader.load(f)).getMessage();
    assertTrue(m.endsWith("element 0: field 'Answer' must be a string or a number, found a boolean"), m);
  }
}

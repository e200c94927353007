package org.reason4j.examples.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.io.Json;

/** The bench command's contract: its flags, its errors, and one JSON object per line with the documented fields. */
class GemmBenchTest {
  private static String capture(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryTheShapeThePathAndTheRates() {
    int[] code = new int[1];
    String out = capture(() -> code[0] = GemmBench.run(new String[] {"--n", "8,12", "--shapes", "square", "--threads", "1", "--reps", "2", "--json"}));
    assertEquals(0, code[0]);
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size(), out);
    @SuppressWarnings("unchecked")
    Map<String, Object> first = (Map<String, Object>) Json.parse(lines.get(0));
    assertEquals("square", first.get("op"));
    assertEquals(8L, first.get("m"));
    assertEquals(8L, first.get("n"));
    assertEquals(8L, first.get("k"));
    assertEquals(1L, first.get("threads"));
    assertTrue(first.get("path") instanceof String);
    assertTrue(((Number) first.get("gflops")).doubleValue() >= ((Number) first.get("median_gflops")).doubleValue());
  }

  @Test
  void transformerShapesAreTheLayerAndItsTwoBackwardProducts() {
    GemmBench.Options o = GemmBench.parse(new String[] {"--shapes", "transformer"});
    List<GemmBench.Case> cs = GemmBench.cases(o);
    assertEquals(List.of("linear_fwd", "linear_dx", "linear_dw"), cs.stream().map(GemmBench.Case::op).toList());
    GemmBench.Case dx = cs.get(1), dw = cs.get(2);
    assertTrue(dx.bTransposed() && dx.m() == 512 && dx.k() == 3072 && dx.n() == 768, dx.toString());
    assertTrue(dw.aTransposed() && dw.m() == 768 && dw.k() == 512 && dw.n() == 3072, dw.toString());
    assertEquals(List.of("square", "transformer"), GemmBench.parse(new String[0]).families());
  }

  @Test
  void badFlagsAreRejectedWithAnExitCodeOfTwo() {
    assertEquals(2, GemmBench.run(new String[] {"--n", "0"}));
    assertEquals(2, GemmBench.run(new String[] {"--shapes", "cubes"}));
    assertEquals(2, GemmBench.run(new String[] {"--threads"}));
    var e = assertThrows(IllegalArgumentException.class, () -> GemmBench.parse(new String[] {"--frobnicate", "1"}));
    assertTrue(e.getMessage().contains("--frobnicate"), e.getMessage());
  }
}

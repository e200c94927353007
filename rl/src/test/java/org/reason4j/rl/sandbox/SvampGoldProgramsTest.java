package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.io.Json;

/**
 * Measures the interpreter on real P-CoT programs: every gold program of the ReFT SVAMP set, assembled
 * as the reference assembles a rollout, must run to its gold answer within 1e-2 (the reward's check).
 * CPython itself gets all 3043 right (tools/sandbox/svamp_cpython_check.py).
 */
class SvampGoldProgramsTest {
  private static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  @Test
  void goldProgramsRunToTheGoldAnswer() {
    Path file = DATA.resolve("reft/svamp_python_sdp.json");
    Assumptions.assumeTrue(Files.exists(file), "the ReFT SVAMP data is not at " + file);
    List<?> items = (List<?>) Json.read(file);
    PythonSubsetInterpreter interpreter = new PythonSubsetInterpreter();
    List<String> failures = new ArrayList<>();
    for (Object o : items) {
      Map<?, ?> item = (Map<?, ?>) o;
      String program = PCoTProgram.assemble((String) item.get("answer_cot"));
      double gold = Double.parseDouble(((String) item.get("answer_value")).replace(",", ""));
      ExecutionResult r = interpreter.run(program);
      Double pred = r.asDouble();
      if (pred == null || !(Math.abs(pred - gold) <= 1e-2))
        failures.add(item.get("item_id") + ": " + (r.ok() ? "got " + r.text() + ", gold " + gold : r.failure() + " " + r.detail()));
    }
    double share = 1.0 - (double) failures.size() / items.size();
    System.out.printf("SVAMP gold programs: %d/%d run to the gold answer (%.4f)%n", items.size() - failures.size(), items.size(), share);
    failures.forEach(f -> System.out.println("  failure " + f));
    assertTrue(share >= 0.999, "share " + share + " below 0.999; failures: " + failures);
  }
}

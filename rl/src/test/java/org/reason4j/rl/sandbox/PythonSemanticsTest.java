package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;
import org.reason4j.tensor.io.Json;

/**
 * The interpreter against CPython 3.11 on ~650 small programs (400 of them random arithmetic) (division and modulo signs, float
 * printing, banker's rounding, big ints, chained comparisons, slicing, scopes, loops, math, errors).
 * The expected outcomes were recorded once by tools/sandbox/make_semantics_golden.py.
 */
class PythonSemanticsTest {
  @Test
  void everyProgramEndsAsInCPython() throws URISyntaxException {
    Path golden = Path.of(getClass().getResource("/sandbox/semantics_golden.json").toURI());
    PythonSubsetInterpreter interpreter = new PythonSubsetInterpreter();
    List<String> mismatches = new ArrayList<>();
    List<?> cases = (List<?>) Json.read(golden);
    for (Object o : cases) {
      Map<?, ?> c = (Map<?, ?>) o;
      String program = (String) c.get("program");
      ExecutionResult r = interpreter.run(program);
      String problem = c.containsKey("error") ? checkError((String) c.get("error"), r) : checkValue(c, r);
      if (problem != null) mismatches.add(program.replace("\n", "\\n") + "\n    -> " + problem);
    }
    mismatches.forEach(m -> System.out.println("mismatch: " + m));
    assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + cases.size() + " programs differ from CPython:\n"
        + String.join("\n", mismatches));
  }

  private static String checkError(String error, ExecutionResult r) {
    if (r.failure() == Failure.RUNTIME_ERROR && r.detail().contains(error + ":")) return null;
    return "CPython raises " + error + ", got " + r;
  }

  private static String checkValue(Map<?, ?> c, ExecutionResult r) {
    String text = (String) c.get("text");
    Object number = c.get("float");
    if (number == null) {
      if (r.asDouble() != null) return "CPython's value " + text + " is no number, got " + r;
      if (r.ok()) return r.text().equals(text) ? null : "expected text " + text + ", got " + r;
      if (text.equals("None") || text.startsWith("1000")) return r.failure() == Failure.NO_RESULT ? null : "expected NO_RESULT, got " + r;
      return r.failure() == Failure.NO_RESULT && r.detail().endsWith(text) ? null : "expected NO_RESULT showing " + text + ", got " + r;
    }
    double expected = number instanceof String s ? ExecutionResult.parsePythonFloat(s) : ((Number) number).doubleValue();
    if (!r.ok()) return "expected " + text + ", got " + r;
    if (Double.compare(r.asDouble(), expected) != 0) return "expected float " + expected + ", got " + r.asDouble();
    return r.text().equals(text) ? null : "expected text " + text + ", got " + r.text();
  }
}

package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;

/** The lexer's and parser's layout rules: what runs, and what is a syntax error as in CPython. */
class PythonSyntaxTest {
  private static final PythonSubsetInterpreter SANDBOX = new PythonSubsetInterpreter();

  private static Double value(String program) {
    ExecutionResult r = SANDBOX.run(program);
    return r.ok() ? r.asDouble() : Double.valueOf(Double.NaN);
  }

  @Test
  void layoutRules() {
    assertEquals(6.0, value("def solution():\n    if True:\n        x = 1\n        if x:\n            x += 5\n    return x"));
    assertEquals(3.0, value("def solution():\n    x = [1,\n  2]  # a comment ] inside\n    return len(x) + \\\n        1"));
    assertEquals(3.0, value("def solution():\r\n    x = 3\r\n    return x\r\n"));
    assertEquals(2.0, value("# leading comment\n\ndef solution():\n    # a comment line\n\n        # odd indent, comment only\n    return 2"));
    assertEquals(5.0, value("def solution(): return 5"));
    assertEquals(10.0, value("def solution():\n    s = '''a\nb\n  c'''\n    t = \"x\\ty\\n\" 'z'\n    return len(s) + len(t) - 2"));
    assertEquals(4.0, value("def solution():\n    return len(r'\\n\\t')"));
    assertEquals(255.0 + 8 + 2 + 1_000_000, value("def solution():\n    return 0xff + 0o10 + 0b10 + 1_000_000"));
    assertEquals(0.5 + 1000 + 0.25, value("def solution():\n    return .5 + 1e3 + 25e-2"));
    assertEquals(1.0, value("def solution():\n    return (1 if 2 > 1\n            else 0)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "def solution():\nreturn 1",
      "def solution():\n    x = 1\n      return x",
      "def solution():\n        x = 1\n    return x",
      "def solution():\n    return (1",
      "def solution():\n    return 1)",
      "def solution():\n    return 'abc",
      "def solution():\n    return '''abc",
      "def solution():\n    return 1 +",
      "def solution():\n    return 012",
      "def solution():\n    x = = 1",
      "def solution():\n    1 = x",
      "def solution():\n    f() = 1",
      "def solution():\n    break",
      "def solution():\n    continue",
      "return 1",
      "def solution(a, a):\n    return a",
      "def solution(a=1, b):\n    return a",
      "def solution():\n    return f(a=1, a=2)",
      "def solution():\n    return $",
      "def solution()\n    return 1"})
  void syntaxErrors(String program) {
    assertEquals(Failure.SYNTAX, SANDBOX.run(program).failure(), program);
  }
}

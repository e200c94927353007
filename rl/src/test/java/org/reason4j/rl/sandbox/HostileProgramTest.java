package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;

/**
 * Programs a model might write, by accident or not, that must end within budget with a null value
 * and the right reason, and never touch the host. Budgets are small so that every case is fast.
 */
class HostileProgramTest {
  private static final SandboxLimits SMALL = SandboxLimits.DEFAULTS
      .withMaxSteps(200_000).withMaxMemoryUnits(1_000_000).withMaxCallDepth(50).withMaxWallMillis(60_000);
  private static final PythonSubsetInterpreter SANDBOX = new PythonSubsetInterpreter(SMALL);

  private static ExecutionResult run(String body) {
    return SANDBOX.run("import math\ndef solution():\n" + body.indent(4));
  }

  private static void assertFails(Failure expected, ExecutionResult r) {
    assertEquals(expected, r.failure(), () -> "got " + r);
    assertNull(r.value());
    assertNull(r.asDouble());
  }

  @Test
  void endlessLoopsRunOutOfSteps() {
    assertFails(Failure.STEP_BUDGET, run("while True:\n    pass"));
    assertFails(Failure.STEP_BUDGET, run("for i in range(10**18):\n    pass\nreturn 1"));
    assertFails(Failure.STEP_BUDGET, run("return sum(range(10**12))"));
    assertFails(Failure.STEP_BUDGET, run("x = [1]\nfor v in x:\n    x.append(v)"));
  }

  @Test
  void endlessLoopWithoutAStepLimitRunsOutOfTime() {
    PythonSubsetInterpreter sandbox = new PythonSubsetInterpreter(SMALL.withMaxSteps(Long.MAX_VALUE).withMaxWallMillis(50));
    assertFails(Failure.TIME_BUDGET, sandbox.run("def solution():\n    while True:\n        pass"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "x = [0]\nwhile True:\n    x = x + x",
      "return 'a' * 10**12",
      "return 10**10**10",
      "return 2 ** 2 ** 2 ** 2 ** 2 ** 2",
      "return 1 << 10**10",
      "return [0] * 10**9",
      "return len(list(range(10**8)))",
      "return math.factorial(10**6)",
      "s = 'ab'\nwhile True:\n    s = s + s",
      "d = {}\ni = 0\nwhile True:\n    d[i] = i\n    i += 1"})
  void unboundedAllocationRunsOutOfMemoryBudget(String body) {
    ExecutionResult r = run(body);
    assertTrue(r.failure() == Failure.MEMORY_BUDGET || r.failure() == Failure.STEP_BUDGET, () -> body + " gave " + r);
    assertNull(r.asDouble());
  }

  @Test
  void allocationsAreRefusedBeforeTheyHappen() {
    assertFails(Failure.MEMORY_BUDGET, run("return 'a' * 10**12"));
    assertFails(Failure.MEMORY_BUDGET, run("return 10**10**10"));
    assertFails(Failure.MEMORY_BUDGET, run("x = [0]\nwhile True:\n    x = x + x"));
  }

  @Test
  void quadraticStringSearchIsChargedByItsWorstCase() {
    String build = "s = 'a' * 200000\nt = 'a' * 100000 + 'b'\n";
    assertFails(Failure.STEP_BUDGET, run(build + "return t in s"));
    assertFails(Failure.STEP_BUDGET, run(build + "return s.find(t)"));
    assertFails(Failure.STEP_BUDGET, run(build + "return s.count(t)"));
    assertFails(Failure.STEP_BUDGET, run(build + "return len(s.split(t))"));
    assertEquals(1.0, run("return 'ab' in 'xxab'").asDouble());
  }

  @Test
  void deepRecursionHitsTheCallDepthNotJavasStack() {
    ExecutionResult r = run("def f(n):\n    return f(n + 1)\nreturn f(0)");
    assertFails(Failure.DEPTH_BUDGET, r);
    assertTrue(r.detail().contains("RecursionError"), r.detail());
    String nested = "-".repeat(90) + "f(n + 1)";
    PythonSubsetInterpreter deep = new PythonSubsetInterpreter(SandboxLimits.DEFAULTS.withMaxCallDepth(1000));
    ExecutionResult r2 = deep.run("def f(n):\n    return " + nested + "\ndef solution():\n    return f(0)");
    assertFails(Failure.DEPTH_BUDGET, r2);
    assertTrue(r2.detail().contains("RecursionError"), "the Java stack overflowed instead: " + r2.detail());
  }

  @Test
  void deepSourceNestingIsASyntaxErrorNotAStackOverflow() {
    assertFails(Failure.SYNTAX, run("return " + "(".repeat(5000) + "1" + ")".repeat(5000)));
    assertFails(Failure.SYNTAX, run("return " + "-".repeat(5000) + "1"));
    assertFails(Failure.SYNTAX, run("x = [[0]]\nreturn x" + "[0]".repeat(5000)));
    assertFails(Failure.SYNTAX, run("return [x " + "for x in [1] ".repeat(5000) + "]"));
    assertEquals(5001.0, run("return 1" + " + 1".repeat(5000)).asDouble(), "a long flat sum is fine");
  }

  @Test
  void deepDataIsARecursionErrorNotAStackOverflow() {
    ExecutionResult r = run("x = []\nfor i in range(10000):\n    x = [x]\nreturn str(x)");
    assertFails(Failure.RUNTIME_ERROR, r);
    assertTrue(r.detail().contains("RecursionError"), r.detail());
    assertFails(Failure.RUNTIME_ERROR, run("x = []\ny = []\nfor i in range(10000):\n    x = [x]\n    y = [y]\nreturn x == y"));
    assertEquals("[[...]]", run("a = []\na.append(a)\nreturn str(a)").text());
  }

  @Test
  void filesAreNeitherReadNorWritten(@TempDir Path dir) {
    Path target = dir.resolve("pwned.txt");
    String path = target.toString().replace("\\", "/");
    assertFails(Failure.UNSUPPORTED, run("return open('/etc/passwd').read()"));
    assertFails(Failure.UNSUPPORTED, run("f = open('" + path + "', 'w')\nf.write('x')\nreturn 1"));
    assertFails(Failure.UNSUPPORTED, run("with open('" + path + "', 'w') as f:\n    f.write('x')\nreturn 1"));
    assertFails(Failure.UNSUPPORTED, run("import os\nos.system('touch " + path + "')\nreturn 1"));
    assertFails(Failure.UNSUPPORTED, run("import subprocess\nsubprocess.run(['touch', '" + path + "'])\nreturn 1"));
    assertFails(Failure.UNSUPPORTED, run("__import__('os').system('touch " + path + "')\nreturn 1"));
    assertFalse(Files.exists(target), "a sandboxed program created a file");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "import os",
      "import sys\nsys.exit(0)",
      "import subprocess",
      "import builtins",
      "import os.path",
      "import math, os",
      "from os import system",
      "from importlib import import_module",
      "import numpy as np",
      "return __import__('os')",
      "return eval('1 + 1')",
      "exec('x = 1')",
      "return getattr(math, 'sqrt')(4)",
      "return ().__class__.__bases__[0].__subclasses__()",
      "return math.__dict__",
      "return __builtins__",
      "return globals()",
      "return compile('1', 'f', 'eval')",
      "return input()",
      "return type(1)",
      "class A:\n    pass",
      "f = lambda x: x\nreturn f(1)",
      "global g\ng = 1",
      "try:\n    x = 1\nexcept Exception:\n    x = 2",
      "yield 1",
      "@staticmethod\ndef g():\n    return 1",
      "del x",
      "return f'{1}'",
      "return b'abc'",
      "return 1j",
      "return (y := 3)",
      "return set([1, 2])",
      "return {1, 2}",
      "import sympy\nreturn sympy.symbols('x')",
      "from sympy import symbols\nx = symbols('x')\nreturn x + 1",
      "from sympy import Rational\nreturn Rational(1, 2)",
      "return 'x'.format()",
      "return (-8) ** (1/3)"})
  void constructsOutsideTheSubsetAreUnsupported(String body) {
    assertFails(Failure.UNSUPPORTED, run(body));
  }

  @Test
  void sympyMayBeImportedButNotUsed() {
    assertEquals(3.0, run("import sympy\nfrom sympy import symbols\nreturn 3").asDouble());
  }

  @Test
  void tooLongProgramsAreRefusedUnread() {
    PythonSubsetInterpreter sandbox = new PythonSubsetInterpreter(SMALL.withMaxProgramChars(1000));
    assertFails(Failure.MEMORY_BUDGET, sandbox.run("def solution():\n    return 1\n" + "#".repeat(2000)));
  }

  @Test
  void runtimeErrorsAreNullResultsWithPythonsName() {
    ExecutionResult r = run("x = 0\nreturn 5 / x");
    assertFails(Failure.RUNTIME_ERROR, r);
    assertTrue(r.detail().contains("ZeroDivisionError") && r.detail().startsWith("line 4:"), r.detail());
    assertFails(Failure.RUNTIME_ERROR, run("return str(10**5000)"));
    assertFails(Failure.NO_RESULT, SANDBOX.run("x = 1"));
  }

  @Test
  void aBudgetIsPerRunNotShared() {
    String loop = "total = 0\nfor i in range(20000):\n    total += i\nreturn total";
    for (int k = 0; k < 5; k++) assertEquals(199990000.0, run(loop).asDouble());
  }
}

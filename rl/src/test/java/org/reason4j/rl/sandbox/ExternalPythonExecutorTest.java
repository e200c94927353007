package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;

/** The opt-in CPython executor: same answers as the reference, and it fails closed. Skipped without python3. */
class ExternalPythonExecutorTest {
  private static final ExternalPythonExecutor.Config CONFIG =
      new ExternalPythonExecutor.Config(ExternalPythonExecutor.Config.DEFAULTS.python(), 5_000, 1L << 30, 1 << 16);

  @BeforeAll
  static void needsPython() {
    Assumptions.assumeTrue(Files.isExecutable(CONFIG.python()), CONFIG.python() + " is not installed");
  }

  private static ExecutionResult run(ExternalPythonExecutor.Config config, String body) {
    return ExternalPythonExecutor.enable(config).run(PCoTProgram.assemble("def solution():\n" + body.indent(4).stripTrailing()));
  }

  @Test
  void answersAsTheReferenceDoes() {
    assertEquals(203.0, run(CONFIG, "a = 29\nb = 7\nresult = a * b\nreturn result").asDouble());
    assertEquals(2.5, run(CONFIG, "return 5 / 2").asDouble());
    assertEquals("12.5", run(CONFIG, "return '12.5'").value());
    assertEquals(Failure.NO_RESULT, run(CONFIG, "x = 1").failure());
    assertEquals(Failure.RUNTIME_ERROR, run(CONFIG, "return 1 / 0").failure());
    assertEquals(Failure.SYNTAX, ExternalPythonExecutor.enable(CONFIG).run("def solution(:\n    return 1").failure());
    assertEquals(Failure.RUNTIME_ERROR, run(CONFIG, "return sympy.Rational(1, 2)").failure());
  }

  @Test
  void endlessLoopsAreKilled() {
    ExternalPythonExecutor.Config quick = new ExternalPythonExecutor.Config(CONFIG.python(), 300, 1L << 30, 1 << 16);
    assertEquals(Failure.TIME_BUDGET, run(quick, "while True:\n    pass").failure());
  }

  @Test
  void memoryIsLimited() {
    ExecutionResult r = run(CONFIG, "x = bytearray(10**10)\nreturn len(x)");
    assertEquals(Failure.MEMORY_BUDGET, r.failure(), r::toString);
  }

  @Test
  void filesCannotBeWrittenNorProcessesStartedToWriteThem(@TempDir Path dir) {
    Path target = dir.resolve("pwned.txt");
    assertNull(run(CONFIG, "open('" + target + "', 'w').write('x')\nreturn 1").asDouble());
    assertNull(run(CONFIG, "import subprocess\nsubprocess.run(['touch', '" + target + "'])\nreturn 1").asDouble());
    run(CONFIG, "import os\nos.system('touch " + target + "')\nreturn 1");
    assertFalse(Files.exists(target), "the program created a file");
  }
}

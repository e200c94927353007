package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Program assembly as the reference's rollout post-processing and process_code do it. */
class PCoTProgramTest {
  private static final ProgramExecutor SANDBOX = new PythonSubsetInterpreter();

  @Test
  void theProgramIsTheFunctionUpToTheFirstBlankLine() {
    String code = "def solution():\n    \"\"\"How many?\"\"\"\n    a = 3\n    result = a * 4\n    return result\n\n"
        + "Question:\nsomething else\nresult = 0";
    assertEquals("import math\nimport sympy\ndef solution():\n    \"\"\"How many?\"\"\"\n    a = 3\n"
        + "    result = a * 4\n    return result", PCoTProgram.assemble(code));
    assertEquals(12.0, SANDBOX.run(PCoTProgram.assemble(code)).asDouble());
  }

  @Test
  void aBlankLineInsideTheBodyCutsTheProgramShortAsInTheReference() {
    String code = "def solution():\n    a = 3\n\n    return a";
    assertEquals("import math\nimport sympy\ndef solution():\n    a = 3", PCoTProgram.assemble(code));
    assertNull(SANDBOX.run(PCoTProgram.assemble(code)).asDouble(), "solution() returns None");
  }

  @Test
  void defSolutionLinesAreKeptAndSysExitBecomesPrint() {
    String code = "x = 1\ndef solution():\n    sys.exit(7)\n    return 5\ndef solution_helper():\n    return 2";
    String program = PCoTProgram.assemble(code);
    assertEquals("import math\nimport sympy\nx = 1\ndef solution():\n    print(7)\n    return 5\n"
        + "def solution_helper():\n    return 2", program);
    assertEquals(5.0, SANDBOX.run(program).asDouble());
  }

  @Test
  void aRolloutIsReadAfterTheLastTrigger() {
    String question = "Tom has 3 apples and buys 4 more. How many apples does he have?";
    String prompt = PCoTProgram.prompt(question);
    assertEquals("Question:\n" + question + "\nAnswer reasoning:\ndef solution():\n    \"\"\"" + question + "\"\"\"", prompt);
    String completion = "\n    apples = 3\n    bought = 4\n    result = apples + bought\n    return result\n\n\nQuestion: junk";
    assertEquals(7.0, PCoTProgram.answer(SANDBOX, prompt + completion));
    assertEquals("import math\nimport sympy\ndef solution():\n    \"\"\"" + question + "\"\"\"\n    apples = 3\n"
        + "    bought = 4\n    result = apples + bought\n    return result", PCoTProgram.fromRollout(prompt + completion));
  }

  @Test
  void aCompletionThatNeverReturnsGivesNull() {
    String prompt = PCoTProgram.prompt("What is 2 + 2?");
    assertNull(PCoTProgram.answer(SANDBOX, prompt + "\n    x = 2 + 2"));
    assertNull(PCoTProgram.answer(SANDBOX, prompt + "\n    while True:\n        x = 1"));
    assertNull(PCoTProgram.answer(SANDBOX, prompt + "\n    import os\n    return os.getpid()"));
  }

  @Test
  void stringResultsAreReadAsPythonFloatsDo() {
    assertEquals(12.5, SANDBOX.run("def solution():\n    return ' 12.5 '").asDouble());
    assertEquals("12.5", SANDBOX.run("def solution():\n    return '12.5'").value());
    assertNull(SANDBOX.run("def solution():\n    return '12,5'").asDouble());
    assertEquals(1.0, SANDBOX.run("def solution():\n    return 3 > 2").asDouble());
    assertEquals("7", SANDBOX.run("def solution():\n    return 7").text());
  }
}

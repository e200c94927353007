package org.reason4j.rl.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the program ReFT executes from a P-CoT completion (lqtrung1998/mwp_ReFT,
 * src/python_engine.py {@code process_code}): {@code sys.exit} is rewritten to {@code print}; the program
 * is {@code import math}, {@code import sympy}, then the completion's lines up to (not including) the first
 * blank line, where a line starting with {@code def solution} is always kept. Pure text: nothing runs here.
 */
public final class ProgramText {
  private ProgramText() {}

  public static String assemble(String completion) {
    String code = completion.replace("sys.exit", "print");
    List<String> lines = new ArrayList<>(List.of("import math", "import sympy"));
    for (String line : code.split("\n", -1)) {
      if (line.startsWith("def solution")) {
        lines.add(line);
        continue;
      }
      if (line.strip().isEmpty()) break;
      lines.add(line);
    }
    return String.join("\n", lines);
  }
}

package org.reason4j.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@link Main#run} in-process with standard input, output and error captured (tests only). */
record CapturedRun(int code, String out, String err) {
  static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  static CapturedRun run(String... args) {
    return withInput("", args);
  }

  static synchronized CapturedRun withInput(String stdin, String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    InputStream oldIn = System.in;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      int code = Main.run(args);
      return new CapturedRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
      System.setIn(oldIn);
    }
  }

  /** Standard error without the JVM's Vector API notice, which is not the command's. */
  String errLines() {
    return err.lines().filter(l -> !l.contains("incubator")).reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
  }
}

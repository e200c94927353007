package org.reason4j.examples.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.io.Json;

/** {@code reason4j bench}: the subcommands are wired, print JSON, and reject bad flags with one line. */
class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void loadPrintsOneJsonObject() throws Exception {
    Path dir = TinyModel.write(tmp.resolve("tiny"));
    CapturedRun r = CapturedRun.run("bench", "load", "--model", dir.toString());
    assertEquals(0, r.code(), r.err());
    Map<?, ?> j = (Map<?, ?>) Json.parse(r.out(), "stdout");
    assertEquals("load", j.get("workload"));
    assertEquals(4 * (Long) j.get("parameters"), j.get("f32_bytes"));
  }

  @Test
  void badFlagsAreOneErrorLine() {
    CapturedRun workload = CapturedRun.run("bench", "transformer", "--workloads", "generate_b3");
    assertEquals(2, workload.code());
    assertEquals("reason4j transformer: unknown workload 'generate_b3' (generate_b1, generate_b16, train_b8x256)", workload.errLines());
    CapturedRun saveOnly = CapturedRun.run("bench", "transformer", "--save-only");
    assertEquals(2, saveOnly.code());
    assertEquals("reason4j transformer: --save-only needs --checkpoint DIR", saveOnly.errLines());
  }
}

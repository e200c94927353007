package org.reason4j.rl.sandbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A structural guard for "the interpreter holds nothing to escape to": no source file of the
 * built-in sandbox mentions reflection, processes, files, class loading or the host's scripting;
 * only the opt-in ExternalPythonExecutor may start a process.
 */
class SandboxIsolationTest {
  private static final List<String> FORBIDDEN = List.of("java.lang.reflect", "Class.forName", "getClass().get",
      "MethodHandle", "ClassLoader", "Runtime.getRuntime", "ProcessBuilder", "ProcessHandle", "java.io.File",
      "java.nio.file", "javax.script", "System.exit", "System.getenv", "System.getProperty", "Unsafe", "java.net");

  @Test
  void interpreterSourcesUseNoHostFacilities() throws IOException {
    Path dir = Path.of("src/main/java/org/reason4j/rl/sandbox");
    Assumptions.assumeTrue(Files.isDirectory(dir), "sources not found from " + Path.of("").toAbsolutePath());
    List<String> hits = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.list(dir)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (p.getFileName().toString().equals("ExternalPythonExecutor.java")) continue;
        files++;
        String text = Files.readString(p);
        for (String f : FORBIDDEN) if (text.contains(f)) hits.add(p.getFileName() + " mentions " + f);
      }
    }
    assertTrue(files >= 20, "expected the sandbox sources, found " + files + " files");
    assertTrue(hits.isEmpty(), String.join("\n", hits));
  }
}

package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX is what the CUDA sources compile to: every .cu file is a module Java knows, and,
 * where the same nvcc that made the committed files is on the PATH, a fresh tools/cuda/build-ptx.sh
 * gives them byte for byte. Elsewhere the comparison is skipped with the reason.
 */
class CudaPtxTest {
  private static final Path SOURCES = Path.of("src/main/cuda");
  private static final Path COMMITTED = Path.of("src/main/resources/org/reason4j/tensor/cuda");
  private static final Path SCRIPT = Path.of("../tools/cuda/build-ptx.sh");

  @Test
  void everyKernelSourceIsAModuleAndEveryModuleHasCommittedPtx() throws IOException {
    Set<String> sources;
    try (Stream<Path> s = Files.list(SOURCES)) {
      sources = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
          .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> modules = Arrays.stream(Kernel.Module.values()).map(m -> m.file).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(modules, sources, "tensor/src/main/cuda/*.cu and Kernel.Module must list the same files");
    for (String m : modules) assertTrue(Files.exists(COMMITTED.resolve(m + ".ptx")), m + ".ptx is not committed");
  }

  @Test
  void committedPtxEqualsAFreshCompile(@TempDir Path out) throws Exception {
    String nvcc = run(Path.of("."), "nvcc", "--version");
    Assumptions.assumeTrue(nvcc != null, "nvcc is not on the PATH: the committed PTX cannot be compared with a fresh compile here");
    String made = Files.readAllLines(COMMITTED.resolve("copy.ptx"), StandardCharsets.US_ASCII).stream()
        .filter(l -> l.startsWith("// Cuda compilation tools")).findFirst().orElse("?").substring(3);
    Assumptions.assumeTrue(nvcc.contains(made), "the committed PTX was made by '" + made + "', but this nvcc is '"
        + nvcc.strip().lines().reduce((a, b) -> b).orElse("?") + "'");
    assertNotNull(run(Path.of(".."), "bash", SCRIPT.toString().substring(3), out.toAbsolutePath().toString()),
        "tools/cuda/build-ptx.sh failed");
    for (Kernel.Module m : Kernel.Module.values()) {
      byte[] fresh = Files.readAllBytes(out.resolve(m.file + ".ptx"));
      byte[] committed = Files.readAllBytes(COMMITTED.resolve(m.file + ".ptx"));
      assertArrayEquals(committed, fresh, m.file + ".ptx differs from a fresh compile of tensor/src/main/cuda/" + m.file
          + ".cu: run tools/cuda/build-ptx.sh and commit the result");
    }
  }

  /** The output of a command, or null when it cannot run or fails. */
  private static String run(Path dir, String... command) throws InterruptedException {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}

package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The design's rule that JCuda types appear only inside the CUDA backend package, and there only in the
 * two classes that talk to the driver and to cuBLAS. Scans the main sources of every module.
 */
class JcudaConfinementTest {
  private static final List<String> ALLOWED = List.of(
      "tensor/src/main/java/org/reason4j/tensor/cuda/Gpu.java",
      "tensor/src/main/java/org/reason4j/tensor/cuda/CublasGemm.java");

  @Test
  void onlyTheDriverAndCublasClassesImportJcuda() throws IOException {
    Path root = Path.of("..");
    Assumptions.assumeTrue(Files.exists(root.resolve("pom.xml")), "the repository root is not above the tensor module");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(root)) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.contains("/src/main/java/"))
          .filter(p -> !ALLOWED.contains(p))
          .filter(p -> mentionsJcuda(root.resolve(p)))
          .collect(Collectors.toList());
    }
    assertEquals(List.of(), offenders, "JCuda types outside the CUDA backend's driver and cuBLAS classes");
  }

  private static boolean mentionsJcuda(Path p) {
    try {
      String s = Files.readString(p);
      return s.contains("import jcuda.") || s.contains("import static jcuda.") || s.contains(" jcuda.");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + p, e);
    }
  }
}

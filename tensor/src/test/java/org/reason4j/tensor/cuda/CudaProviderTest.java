package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.BackendProvider;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Tensor;

/**
 * Asking for CUDA where it cannot work gives one clear sentence and leaves the CPU working; the
 * classification of load failures and the GEMM path rules. Runs everywhere.
 */
class CudaProviderTest {
  private static void assertOneSentence(String s) {
    assertFalse(s.contains("\n"), "one line: " + s);
    assertTrue(s.endsWith("."), "a sentence ends with a period: " + s);
    assertTrue(s.length() < 240, "short: " + s);
  }

  @Test
  void theProviderIsRegisteredAndAnswersWithoutThrowing() {
    boolean found = false;
    for (BackendProvider p : java.util.ServiceLoader.load(BackendProvider.class)) {
      if (p instanceof CudaBackendProvider) found = true;
    }
    assertTrue(found, "CudaBackendProvider is listed in META-INF/services");
    String why = new CudaBackendProvider().availability();
    if (why != null) assertOneSentence(why);
    List<String> report = CudaInfo.report();
    assertFalse(report.isEmpty());
    if (why != null) assertEquals(List.of("not available: " + why), report);
  }

  @Test
  void askingForAGpuWhereNoneWorksGivesOneClearMessageAndTheCpuKeepsWorking() {
    String why = Backends.availability(Device.Kind.CUDA);
    Assumptions.assumeTrue(why != null, "CUDA works on this machine; the no-GPU path cannot be shown here");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.get(Device.cuda(0)));
    assertEquals("cuda:0 is not available: " + why, e.getMessage());
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    IllegalStateException moved = assertThrows(IllegalStateException.class, () -> x.to(Device.cuda(0)));
    assertTrue(moved.getMessage().endsWith(why), moved.getMessage());
    assertArrayEquals(new float[] {7, 10, 15, 22}, x.matmul(x).toFloatArray());
    assertEquals(Device.CPU, Backends.get(Device.CPU).device());
  }

  @Test
  void loadFailuresAreExplainedInOneSentence() {
    String driver = CudaProbe.explainLoadFailure(new UnsatisfiedLinkError(
        "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n...libcuda.so.1: cannot open shared object file"));
    assertOneSentence(driver);
    assertTrue(driver.contains("libcuda.so.1"), driver);
    String wrapped = CudaProbe.explainLoadFailure(new ExceptionInInitializerError(new UnsatisfiedLinkError("libcuda.so.1: nope")));
    assertEquals(driver, wrapped);
    String other = CudaProbe.explainLoadFailure(new UnsatisfiedLinkError("something else\nsecond line"));
    assertOneSentence(other);
    assertTrue(other.contains("something else") && other.contains(System.getProperty("os.arch")), other);
    String again = CudaProbe.explainLoadFailure(new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver"));
    assertOneSentence(again);
  }

  @Test
  void cublasProblemsNameTheMissingLibrary() {
    String s = CublasGemm.explain(new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"));
    assertTrue(s.contains("libcublas.so.12") && s.contains("libcublas.so.13"), s);
    assertTrue(CublasGemm.explain(new UnsatisfiedLinkError("boom")).contains("boom"));
  }

  @Test
  void gemmPathsFollowTheSettingAndTheHardware() {
    assertEquals(GemmPath.TF32, GemmPath.resolve("auto", 90, "no cublas"));
    assertEquals(GemmPath.TF32, GemmPath.resolve("OWN", 80, null));
    assertEquals(GemmPath.SIMT, GemmPath.resolve("auto", 75, null));
    assertEquals(GemmPath.SIMT, GemmPath.resolve("simt", 90, null));
    assertEquals(GemmPath.BF16, GemmPath.resolve(" bf16 ", 90, null));
    assertEquals(GemmPath.CUBLAS, GemmPath.resolve("cublas", 75, null));
    IllegalStateException noTensorCores = assertThrows(IllegalStateException.class, () -> GemmPath.resolve("tf32", 75, null));
    assertTrue(noTensorCores.getMessage().contains("7.5"), noTensorCores.getMessage());
    IllegalStateException noCublas = assertThrows(IllegalStateException.class, () -> GemmPath.resolve("cublas", 90, "libcublas.so.12 is missing"));
    assertTrue(noCublas.getMessage().contains("libcublas.so.12 is missing"), noCublas.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GemmPath.resolve("fast", 90, null));
  }

  @Test
  void cublasOperandsDescribeRowMajorViewsOrAskForPacking() {
    int n = jcuda.jcublas.cublasOperation.CUBLAS_OP_N, t = jcuda.jcublas.cublasOperation.CUBLAS_OP_T;
    assertEquals(new CublasGemm.Operand(n, 7), CublasGemm.Operand.of(5, 7, 7, 1), "row-major 5 x 7");
    assertEquals(new CublasGemm.Operand(t, 5), CublasGemm.Operand.of(5, 7, 1, 5), "a transposed 7 x 5");
    assertEquals(new CublasGemm.Operand(n, 9), CublasGemm.Operand.of(5, 7, 9, 1), "rows padded to 9");
    assertNull(CublasGemm.Operand.of(5, 7, 2, 14), "neither axis contiguous");
    assertNull(CublasGemm.Operand.of(5, 7, 0, 1), "broadcast rows");
    assertEquals(new CublasGemm.Operand(n, 7), CublasGemm.Operand.of(1, 7, 0, 1), "one row: its stride is irrelevant");
  }
}

package org.reason4j.tensor.cuda;

import java.util.Locale;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * A quick benchmark for a GPU machine (not a test): GEMM throughput on every available path and the
 * bandwidth of a few memory-bound kernels, one line each, every line naming the device and the GEMM
 * path. Run with the test classpath: {@code java -cp ... org.reason4j.tensor.cuda.CudaBench}.
 */
public final class CudaBench {
  private CudaBench() {}

  public static void main(String[] args) {
    String why = Backends.availability(Device.Kind.CUDA);
    if (why != null) {
      System.out.println("cuda not available: " + why);
      return;
    }
    CudaBackend cuda = (CudaBackend) Backends.get(Device.cuda(0));
    System.out.println("device: " + cuda.deviceName() + ", compute capability " + cuda.computeCapability() / 10 + "."
        + cuda.computeCapability() % 10 + ", " + cuda.multiprocessors() + " SMs");
    int[][] shapes = {{1, 4096, 4096, 4096}, {1, 8192, 3072, 768}, {1, 8192, 768, 3072}, {96, 1024, 1024, 64}, {1, 8192, 50304, 768}};
    for (GemmPath path : GemmPath.values()) {
      try {
        cuda.setGemmPath(path);
      } catch (RuntimeException e) {
        System.out.println("gemm path=" + path.name().toLowerCase(Locale.ROOT) + " unavailable: " + e.getMessage());
        continue;
      }
      for (int[] s : shapes) gemm(cuda, path, s[0], s[1], s[2], s[3]);
    }
    cuda.setGemmPath(GemmPath.resolve("auto", cuda.computeCapability(), cuda.cublasProblem()));
    memoryBound(cuda);
    System.out.println("memory: " + cuda.memoryStats());
  }

  private static void gemm(CudaBackend cuda, GemmPath path, int batch, int m, int n, int k) {
    try (TensorScope scope = TensorScope.open()) {
      Tensor a = new Rng(1).normal(cuda, DType.F32, batch, m, k), b = new Rng(2).normal(cuda, DType.F32, batch, k, n);
      double seconds = time(cuda, () -> a.matmul(b));
      double tflops = 2.0 * batch * m * n * k / seconds / 1e12;
      System.out.printf(Locale.ROOT, "gemm path=%s device=\"%s\" batch=%d M=%d N=%d K=%d: %.3f ms, %.1f TFLOP/s%n",
          path.name().toLowerCase(Locale.ROOT), cuda.deviceName(), batch, m, n, k, seconds * 1e3, tflops);
    }
  }

  private static void memoryBound(CudaBackend cuda) {
    try (TensorScope scope = TensorScope.open()) {
      int n = 1 << 26;
      Tensor x = new Rng(3).normal(cuda, DType.F32, n), y = new Rng(4).normal(cuda, DType.F32, n);
      line(cuda, "add 64M F32", 3.0 * n * 4, time(cuda, () -> x.add(y)));
      line(cuda, "sum 64M F32", 1.0 * n * 4, time(cuda, x::sum));
      Tensor logits = new Rng(5).normal(cuda, DType.F32, 2048, 50304);
      line(cuda, "softmax 2048x50304", 2.0 * logits.numel() * 4, time(cuda, () -> logits.softmax(-1)));
      Tensor loss = Tensor.zeros(cuda, DType.F32, 2048), lse = Tensor.zeros(cuda, DType.F32, 2048);
      Tensor targets = Tensor.zeros(cuda, DType.I64, 2048);
      line(cuda, "crossEntropy 2048x50304", 1.0 * logits.numel() * 4, time(cuda, () -> {
        cuda.crossEntropy(logits, targets, loss, lse);
        return loss;
      }));
    }
  }

  private static void line(CudaBackend cuda, String what, double bytes, double seconds) {
    System.out.printf(Locale.ROOT, "%s device=\"%s\" gemm=%s: %.3f ms, %.0f GB/s%n", what, cuda.deviceName(),
        cuda.gemmPath().name().toLowerCase(Locale.ROOT), seconds * 1e3, bytes / seconds / 1e9);
  }

  /** Seconds per call: the mean of 10 timed calls after 2 warm-ups, each inside its own scope. */
  private static double time(CudaBackend cuda, java.util.function.Supplier<Tensor> op) {
    for (int i = 0; i < 2; i++) {
      try (TensorScope s = TensorScope.open()) {
        op.get();
      }
    }
    cuda.synchronize();
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      try (TensorScope s = TensorScope.open()) {
        op.get();
      }
    }
    cuda.synchronize();
    return (System.nanoTime() - t0) / 1e9 / 10;
  }
}

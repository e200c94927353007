package org.reason4j.tensor.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code reason4j doctor} prints about CUDA: the driver, each device (name, compute capability,
 * multiprocessors, memory), the GEMM path in use and whether cuBLAS could be used and why not. It never
 * throws; where CUDA does not work it returns the one-sentence reason.
 */
public final class CudaInfo {
  private CudaInfo() {}

  public static List<String> report() {
    List<String> lines = new ArrayList<>();
    CudaProbe.Status s = CudaProbe.status();
    if (s.problem() != null) {
      lines.add("not available: " + s.problem());
      return lines;
    }
    lines.add("driver: CUDA " + Gpu.versionString(s.driverVersion()) + ", " + s.deviceCount() + " device(s)");
    for (int i = 0; i < s.deviceCount(); i++) {
      try {
        CudaBackend be = CudaBackendProvider.backend(i);
        int cc = be.computeCapability();
        lines.add(String.format(Locale.ROOT, "cuda:%d: %s, compute capability %d.%d, %d SMs, %.1f GiB (%.1f GiB free)", i,
            be.deviceName(), cc / 10, cc % 10, be.multiprocessors(), be.totalMemory() / 1073741824.0,
            be.freeMemory() / 1073741824.0));
        lines.add("cuda:" + i + " gemm: " + be.gemmPath().name().toLowerCase(Locale.ROOT) + " (" + be.gemmPath().description()
            + "); choose with -Dreason4j.gemm=auto|tf32|bf16|simt|cublas");
        if (cc < Kernel.Module.GEMM_TC.minArch) {
          lines.add("cuda:" + i + " tensor-core gemm: not available (needs compute capability 8.0+)");
        }
      } catch (RuntimeException | LinkageError e) {
        lines.add("cuda:" + i + ": cannot be opened: " + e.getMessage());
      }
    }
    String cublas = CublasGemm.problem();
    lines.add("cublas: " + (cublas == null ? "available (-Dreason4j.gemm=cublas)" : "not available: " + cublas));
    return lines;
  }
}

package org.reason4j.tensor.cuda;

import java.util.Locale;

/**
 * Which kernel computes F32 matrix products on a GPU. Chosen once per backend from the system property
 * {@code reason4j.gemm} (or the environment variable {@code REASON4J_GEMM}): {@code auto} (the default)
 * and {@code own} pick TF32 tensor cores on compute capability 8.0+ and the SIMT kernel below that;
 * {@code tf32}, {@code bf16}, {@code simt} and {@code cublas} ask for one path and fail clearly where it
 * is unavailable. F64 products always use the plain F64 kernel.
 *
 * <p>cuBLAS is never picked automatically: it chooses its algorithm by shape, so a row computed alone can
 * differ from the same row in a batch, which breaks the equality of sampling and training log-probs the
 * RL code relies on. All three own kernels keep each row independent of M.
 */
public enum GemmPath {
  /** Own FP32 kernel, bit-identical to the CPU backend's GemmReference; any GPU. */
  SIMT("own FP32 SIMT kernel, bit-identical to the CPU, batch-invariant"),
  /** Own tensor-core kernel, inputs rounded to TF32 (10-bit mantissa), F32 accumulation; sm_80+. */
  TF32("own TF32 tensor-core kernel, batch-invariant"),
  /** Own tensor-core kernel, inputs rounded to BF16 (7-bit mantissa), F32 accumulation; sm_80+. */
  BF16("own BF16 tensor-core kernel, batch-invariant"),
  /** cublasSgemmStridedBatched through JCublas (needs libcublas.so.12); FP32, not batch-invariant. */
  CUBLAS("cuBLAS SGEMM (FP32, not batch-invariant)");

  private final String description;

  GemmPath(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** The setting from -Dreason4j.gemm or REASON4J_GEMM, or "auto". */
  static String setting() {
    String s = System.getProperty("reason4j.gemm");
    if (s == null) s = System.getenv("REASON4J_GEMM");
    return s == null ? "auto" : s;
  }

  /**
   * The path for a setting on a GPU of the given compute capability (major * 10 + minor), where
   * {@code cublasProblem} is null when cuBLAS loads; throws with the reason when the setting cannot be met.
   */
  static GemmPath resolve(String setting, int computeCapability, String cublasProblem) {
    boolean tensorCores = computeCapability >= Kernel.Module.GEMM_TC.minArch;
    String s = setting.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "auto":
      case "own":
        return tensorCores ? TF32 : SIMT;
      case "simt":
        return SIMT;
      case "tf32":
      case "bf16":
        if (!tensorCores) {
          throw new IllegalStateException("reason4j.gemm=" + s + " needs tensor cores of compute capability 8.0 or newer; this GPU has "
              + computeCapability / 10 + "." + computeCapability % 10);
        }
        return s.equals("tf32") ? TF32 : BF16;
      case "cublas":
        if (cublasProblem != null) throw new IllegalStateException("reason4j.gemm=cublas, but " + cublasProblem);
        return CUBLAS;
      default:
        throw new IllegalArgumentException("reason4j.gemm=" + setting + " is not one of auto, own, tf32, bf16, simt, cublas");
    }
  }
}

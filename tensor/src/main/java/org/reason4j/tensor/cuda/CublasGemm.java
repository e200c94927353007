package org.reason4j.tensor.cuda;

import jcuda.Pointer;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;
import jcuda.jcublas.cublasStatus;
import jcuda.runtime.cudaStream_t;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * The cuBLAS GEMM path: cublasSgemmStridedBatched through JCublas 12.6, on the backend's stream. JCublas
 * 12.6 links libcublas.so.12, and cuBLAS exports versioned symbols, so it loads only where CUDA 12's
 * cuBLAS is installed; {@link #problem()} says why not otherwise. Used only when asked for
 * ({@code reason4j.gemm=cublas}): its results depend on cuBLAS's choice of algorithm for each shape.
 */
final class CublasGemm {
  private static final Object LOCK = new Object();
  private static volatile boolean probed;
  private static volatile String problem;

  private final Gpu gpu;
  private final cublasHandle handle = new cublasHandle();

  CublasGemm(Gpu gpu) {
    this.gpu = gpu;
    gpu.makeCurrent();
    check(JCublas2.cublasCreate(handle), "cublasCreate");
    check(JCublas2.cublasSetStream(handle, new cudaStream_t(gpu.stream())), "cublasSetStream");
  }

  /** Null when JCublas and libcublas.so.12 load; otherwise one sentence saying why not. */
  static String problem() {
    if (!probed) {
      synchronized (LOCK) {
        if (!probed) {
          problem = probe();
          probed = true;
        }
      }
    }
    return problem;
  }

  private static String probe() {
    if (!CudaProbe.classPresent("jcuda.jcublas.JCublas2")) {
      return "the JCublas jars (org.jcuda:jcublas 12.6.0 and jcublas-natives) are not on the class path";
    }
    try {
      JCublas2.initialize();
      return null;
    } catch (LinkageError | RuntimeException e) {
      return explain(e);
    }
  }

  static String explain(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null && all.length() < 100_000; t = t.getCause()) all.append(t.getMessage()).append('\n');
    if (all.indexOf("libcublas.so.12") >= 0 || all.indexOf("libcublasLt.so.12") >= 0) {
      return "JCublas 12.6 needs libcublas.so.12 (the cuBLAS of CUDA 12), which was not found; "
          + "CUDA 13's libcublas.so.13 cannot stand in for it";
    }
    String first = all.toString().strip().lines().findFirst().orElse("");
    return "the JCublas native library failed to load (" + (first.length() > 200 ? first.substring(0, 200) + "..." : first) + ")";
  }

  private static void check(int status, String call) {
    if (status != cublasStatus.CUBLAS_STATUS_SUCCESS) {
      throw new IllegalStateException("cuda: " + call + " failed with " + cublasStatus.stringFor(status));
    }
  }

  /**
   * A row-major view X (rows x cols, strides (sr, sc)) as the column-major operand X^T that cuBLAS reads:
   * op N with ld = sr when columns are contiguous, op T with ld = sc when rows are; null otherwise.
   */
  record Operand(int op, int ld) {
    static Operand of(int rows, int cols, int sr, int sc) {
      int ldN = rows == 1 ? Math.max(1, cols) : sr;
      if ((sc == 1 || cols == 1) && ldN >= Math.max(1, cols)) return new Operand(cublasOperation.CUBLAS_OP_N, ldN);
      int ldT = cols == 1 ? Math.max(1, rows) : sc;
      if ((sr == 1 || rows == 1) && ldT >= Math.max(1, rows)) return new Operand(cublasOperation.CUBLAS_OP_T, ldT);
      return null;
    }
  }

  /** out = a @ b, F32, a (batch, M, K), b (batch, K, N), out contiguous (batch, M, N). */
  void matmul(CudaBackend backend, Tensor a, Tensor b, Tensor out) {
    int batch = out.dim(0), m = out.dim(1), n = out.dim(2), k = a.dim(2);
    Tensor pa = packIfNeeded(backend, a), pb = packIfNeeded(backend, b);
    try {
      int[] as = pa.strides(), bs = pb.strides();
      // Column-major: C^T (N x M) = B^T (N x K) * A^T (K x M).
      Operand opB = Operand.of(k, n, bs[1], bs[2]), opA = Operand.of(m, k, as[1], as[2]);
      gpu.makeCurrent();
      check(JCublas2.cublasSgemmStridedBatched(handle, opB.op(), opA.op(), n, m, k,
          Pointer.to(new float[] {1f}), Gpu.DevicePointer.at(backend.address(pb)), opB.ld(), bs[0],
          Gpu.DevicePointer.at(backend.address(pa)), opA.ld(), as[0],
          Pointer.to(new float[] {0f}), Gpu.DevicePointer.at(backend.address(out)), n, (long) m * n, batch),
          "cublasSgemmStridedBatched");
    } finally {
      if (pa != a) pa.storage().release();
      if (pb != b) pb.storage().release();
    }
  }

  /** The operand itself when cuBLAS can read its strides, else a contiguous copy (one matrix if shared). */
  private static Tensor packIfNeeded(CudaBackend backend, Tensor t) {
    int[] s = t.strides();
    if (Operand.of(t.dim(1), t.dim(2), s[1], s[2]) != null) return t;
    Tensor src = s[0] == 0 && t.dim(0) > 1 ? t.slice(0, 0, 1) : t;
    Tensor packed = Tensor.of(backend.allocate(DType.F32, src.numel()), src.shape());
    backend.copy(src, packed);
    if (src == t) return packed;
    return Tensor.view(packed.storage(), t.shape(), new int[] {0, t.dim(2), 1}, 0);
  }
}

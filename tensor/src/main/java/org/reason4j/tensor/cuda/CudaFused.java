package org.reason4j.tensor.cuda;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Fused-kernel launches (fused.cu): cross-entropy and its backward, RMSNorm and LayerNorm with their
 * backwards, RoPE, AdamW. F32 and F64, like the CPU; the F32/F64 choice picks the kernel.
 */
final class CudaFused {
  /** Rows per chunk of the norm weight-gradient column sums; with one chunk they follow the CPU order. */
  static final int NORM_ROWS_PER_CHUNK = 256;

  private CudaFused() {}

  private static boolean f32(Tensor t, String op) {
    if (t.dtype() == DType.F32) return true;
    if (t.dtype() == DType.F64) return false;
    throw new IllegalArgumentException(op + ": needs F32 or F64, got " + t.dtype());
  }

  private static int idx64(Tensor targets) {
    if (!targets.dtype().isInteger()) throw new IllegalArgumentException("crossEntropy: targets must be I32 or I64, got " + targets.dtype());
    return targets.dtype() == DType.I64 ? 1 : 0;
  }

  static void crossEntropy(CudaBackend be, Tensor logits, Tensor targets, Tensor loss, Tensor lse) {
    int rows = logits.dim(0), v = logits.dim(1);
    Kernel k = f32(logits, "crossEntropy") ? Kernel.CROSS_ENTROPY_F32 : Kernel.CROSS_ENTROPY_F64;
    be.launchRows(k, rows, CudaBackend.rowThreads(v), be.ptr(logits), be.ptr(targets), idx64(targets), be.ptr(loss),
        be.ptr(lse), v, be.errorWord());
  }

  static void crossEntropyBackward(CudaBackend be, Tensor logits, Tensor targets, Tensor lse, Tensor gradLoss, Tensor grad) {
    int rows = logits.dim(0), v = logits.dim(1);
    Kernel k = f32(logits, "crossEntropyBackward") ? Kernel.CROSS_ENTROPY_BACKWARD_F32 : Kernel.CROSS_ENTROPY_BACKWARD_F64;
    be.launch1d(k, (long) rows * v, be.ptr(logits), be.ptr(targets), idx64(targets), be.ptr(lse), be.ptr(gradLoss),
        be.ptr(grad), rows, v);
  }

  static void rmsNorm(CudaBackend be, Tensor x, Tensor w, double eps, Tensor out, Tensor rstd) {
    int c = x.dim(-1), rows = c == 0 ? 0 : x.numel() / c;
    Kernel k = f32(x, "rmsNorm") ? Kernel.RMS_NORM_F32 : Kernel.RMS_NORM_F64;
    be.launchRows(k, rows, CudaBackend.rowThreads(c), be.ptr(x), be.ptr(w), eps, be.ptr(out), be.ptr(rstd), c);
  }

  static void rmsNormBackward(CudaBackend be, Tensor x, Tensor w, Tensor rstd, Tensor g, Tensor gx, Tensor gw) {
    int c = x.dim(-1), rows = c == 0 ? 0 : x.numel() / c;
    boolean f32 = f32(x, "rmsNormBackward");
    be.launchRows(f32 ? Kernel.RMS_NORM_BACKWARD_F32 : Kernel.RMS_NORM_BACKWARD_F64, rows, CudaBackend.rowThreads(c),
        be.ptr(x), be.ptr(w), be.ptr(rstd), be.ptr(g), be.ptr(gx), c);
    normGrad(be, f32, x, g, null, rstd, rows, c, gw, null);
  }

  static void layerNorm(CudaBackend be, Tensor x, Tensor w, Tensor b, double eps, Tensor out, Tensor mean, Tensor rstd) {
    int c = x.dim(-1), rows = c == 0 ? 0 : x.numel() / c;
    Kernel k = f32(x, "layerNorm") ? Kernel.LAYER_NORM_F32 : Kernel.LAYER_NORM_F64;
    be.launchRows(k, rows, CudaBackend.rowThreads(c), be.ptr(x), be.ptr(w), be.ptr(b), eps, be.ptr(out), be.ptr(mean),
        be.ptr(rstd), c);
  }

  static void layerNormBackward(CudaBackend be, Tensor x, Tensor w, Tensor mean, Tensor rstd, Tensor g, Tensor gx,
      Tensor gw, Tensor gb) {
    int c = x.dim(-1), rows = c == 0 ? 0 : x.numel() / c;
    boolean f32 = f32(x, "layerNormBackward");
    be.launchRows(f32 ? Kernel.LAYER_NORM_BACKWARD_F32 : Kernel.LAYER_NORM_BACKWARD_F64, rows, CudaBackend.rowThreads(c),
        be.ptr(x), be.ptr(w), be.ptr(mean), be.ptr(rstd), be.ptr(g), be.ptr(gx), c);
    normGrad(be, f32, x, g, mean, rstd, rows, c, gw, gb);
  }

  /** Weight (and bias) gradients: column sums over rows, in fixed chunks combined in order. */
  private static void normGrad(CudaBackend be, boolean f32, Tensor x, Tensor g, Tensor mean, Tensor rstd, int rows, int c,
      Tensor gw, Tensor gb) {
    if (c == 0) return;
    if (rows == 0) {
      be.fill(gw, 0);
      if (gb != null) be.fill(gb, 0);
      return;
    }
    int chunks = (rows + NORM_ROWS_PER_CHUNK - 1) / NORM_ROWS_PER_CHUNK;
    long partialBytes = chunks > 1 ? (long) chunks * c * 8 : 0;
    CachingAllocator.Block pw = be.scratch(partialBytes);
    CachingAllocator.Block pb = be.scratch(gb != null ? partialBytes : 0);
    try {
      Arg.Ptr meanPtr = mean == null ? new Arg.Ptr(0) : be.ptr(mean);
      Arg.Ptr gbPtr = gb == null ? new Arg.Ptr(0) : be.ptr(gb);
      be.launch1d(f32 ? Kernel.NORM_GRAD_PARTIAL_F32 : Kernel.NORM_GRAD_PARTIAL_F64, (long) chunks * c, be.ptr(x),
          be.ptr(g), meanPtr, be.ptr(rstd), rows, c, NORM_ROWS_PER_CHUNK, chunks, new Arg.Ptr(pw.address()), new Arg.Ptr(pb.address()),
          be.ptr(gw), gbPtr);
      if (chunks > 1) {
        be.launch1d(Kernel.NORM_GRAD_FINISH, c, CudaCodes.dtype(gw.dtype()), c, chunks, new Arg.Ptr(pw.address()),
            new Arg.Ptr(pb.address()), be.ptr(gw), gbPtr);
      }
    } finally {
      be.allocator().release(pw);
      be.allocator().release(pb);
    }
  }

  static void rope(CudaBackend be, Tensor x, Tensor cos, Tensor sin, boolean inverse, Tensor out) {
    int b = x.dim(0), h = x.dim(1), t = x.dim(2), d = x.dim(3);
    Kernel k = f32(x, "rope") ? Kernel.ROPE_F32 : Kernel.ROPE_F64;
    be.launch1d(k, (long) b * h * t * (d / 2), be.ptr(x), be.ptr(cos), be.ptr(sin), be.ptr(out), b, h, t, d, cos.dim(0),
        inverse ? 1 : 0);
  }

  /** The step constants are computed on the host exactly as CpuFused.adamw computes them. */
  static void adamw(CudaBackend be, Tensor p, Tensor g, Tensor m, Tensor v, double lr, double b1, double b2, double eps,
      double wd, long step) {
    if (p.dtype() != DType.F32) throw new IllegalArgumentException("adamw: needs F32 tensors, got " + p.dtype());
    double bc1 = 1 - Math.pow(b1, step), bc2 = 1 - Math.pow(b2, step);
    float stepSize = (float) (lr / bc1), bc2Sqrt = (float) Math.sqrt(bc2);
    float decay = (float) (1 - lr * wd);
    be.launch1d(Kernel.ADAMW_F32, p.numel(), p.numel(), be.ptr(p), be.ptr(g), be.ptr(m), be.ptr(v), decay, stepSize,
        bc2Sqrt, (float) b1, (float) b2, (float) eps);
  }
}

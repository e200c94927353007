package org.reason4j.tensor.cuda;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Index launches (index.cu). The accumulating ops split the destination rows into {@code parts} ranges so
 * that enough threads run, while every element still receives its updates in index order (see index.cu);
 * the split changes which thread applies an update, never the order, so results do not depend on it.
 */
final class CudaIndex {
  /** Roughly how many threads the accumulating kernels aim for. */
  private static final long TARGET_THREADS = 1 << 16;

  private CudaIndex() {}

  private static final Kernel[] SELECT = {null, Kernel.INDEX_SELECT_BITS1, Kernel.INDEX_SELECT_BITS2, null,
      Kernel.INDEX_SELECT_BITS4, null, null, null, Kernel.INDEX_SELECT_BITS8};
  private static final Kernel[] GATHER = {null, Kernel.GATHER_BITS1, Kernel.GATHER_BITS2, null, Kernel.GATHER_BITS4,
      null, null, null, Kernel.GATHER_BITS8};

  private static int idx64(Tensor index) {
    if (!index.dtype().isInteger()) throw new IllegalArgumentException("index must be I32 or I64, got " + index.dtype());
    return index.dtype() == DType.I64 ? 1 : 0;
  }

  static void indexSelect(CudaBackend be, Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    int m = index.numel();
    long total = (long) outer * m * inner;
    if (total == 0) return;
    be.launch1d(SELECT[a.dtype().byteSize()], total, outer, n, inner, m, be.ptr(a), be.ptr(index), idx64(index),
        be.ptr(out), be.errorWord());
  }

  static void gather(CudaBackend be, Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    long lines = (long) outer * inner;
    if (lines == 0 || index.numel() == 0) return;
    int m = (int) (index.numel() / lines);
    be.launch1d(GATHER[a.dtype().byteSize()], index.numel(), outer, n, inner, m, be.ptr(a), be.ptr(index),
        idx64(index), be.ptr(out), be.errorWord());
  }

  static void indexAdd(CudaBackend be, Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    Kernel k;
    switch (out.dtype()) {
      case F32: k = Kernel.INDEX_ADD_F32; break;
      case F64: k = Kernel.INDEX_ADD_F64; break;
      default: throw new IllegalArgumentException("indexAdd: needs F32 or F64, got " + out.dtype());
    }
    accumulate(be, k, out, outer, n, inner, index.numel(), index, src);
  }

  static void scatterAdd(CudaBackend be, Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    Kernel k;
    switch (out.dtype()) {
      case F32: k = Kernel.SCATTER_ADD_F32; break;
      case F64: k = Kernel.SCATTER_ADD_F64; break;
      case I32: k = Kernel.SCATTER_ADD_I32; break;
      case I64: k = Kernel.SCATTER_ADD_I64; break;
      default: throw new IllegalArgumentException("scatterAdd: needs F32, F64, I32 or I64, got " + out.dtype());
    }
    long lines = (long) outer * inner;
    if (lines == 0) return;
    accumulate(be, k, out, outer, n, inner, (int) (index.numel() / lines), index, src);
  }

  private static void accumulate(CudaBackend be, Kernel k, Tensor out, int outer, int n, int inner, int m, Tensor index,
      Tensor src) {
    long lines = (long) outer * inner;
    if (lines == 0 || m == 0) return;
    int parts = parts(lines, n);
    be.launch1d(k, lines * parts, outer, n, inner, m, parts, be.ptr(out), be.ptr(index), idx64(index), be.ptr(src),
        be.errorWord());
  }

  /** Destination ranges per line: enough for about TARGET_THREADS threads, at most n and 1024. */
  static int parts(long lines, int n) {
    long want = (TARGET_THREADS + lines - 1) / lines;
    return (int) Math.max(1, Math.min(want, Math.min(Math.max(n, 1), 1024)));
  }
}

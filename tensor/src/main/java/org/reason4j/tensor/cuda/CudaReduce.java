package org.reason4j.tensor.cuda;

import org.reason4j.tensor.DType;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Tensor;

/**
 * Reduction, scan and softmax launches (reduce.cu, softmax.cu). Which kernel runs, and how a line is
 * cut into chunks, depends only on n and inner, never on outer: so a row reduced alone gives the same
 * bits as the same row inside a batch.
 */
final class CudaReduce {
  /** Elements of a row (inner == 1) reduced by one block before chunk results are combined. */
  static final int ROW_CHUNK = 8192;
  /** Elements of a column (inner > 1, or short rows) walked by one thread before combining. */
  static final int COLUMN_CHUNK = 1024;
  /** Rows at least this long are reduced by blocks; shorter ones by one thread each. */
  static final int ROW_KERNEL_MIN = 256;
  /** Rows at least this long are scanned by blocks; shorter ones by one thread each. */
  static final int SCAN_ROW_MIN = 1024;

  private CudaReduce() {}

  static void reduce(CudaBackend be, ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out) {
    int outputs = outer * inner;
    if (outputs == 0) return;
    if (n == 0) {
      be.fill(out, 0);
      return;
    }
    int outType = CudaCodes.dtype(out.dtype());
    if (op != ReduceOp.LOGSUMEXP) {
      run(be, CudaCodes.reduce(op), a, outer, n, inner, new Arg.Ptr(0), be.ptr(out), outType);
      return;
    }
    // LOGSUMEXP = max + log(sum(exp(x - max))): a MAX pass into F64 scratch, then the shifted sum.
    CachingAllocator.Block max = be.scratch((long) outputs * 8);
    try {
      Arg.Ptr shift = new Arg.Ptr(max.address());
      run(be, CudaCodes.reduce(ReduceOp.MAX), a, outer, n, inner, new Arg.Ptr(0), shift, CudaCodes.dtype(DType.F64));
      run(be, CudaCodes.REDUCE_EXPSUM, a, outer, n, inner, shift, be.ptr(out), outType);
    } finally {
      be.allocator().release(max);
    }
  }

  private static void run(CudaBackend be, int op, Tensor a, int outer, int n, int inner, Arg.Ptr shift, Arg.Ptr out,
      int outType) {
    int outputs = outer * inner, dtype = CudaCodes.dtype(a.dtype());
    boolean rows = inner == 1 && n >= ROW_KERNEL_MIN;
    int chunk = rows ? ROW_CHUNK : COLUMN_CHUNK;
    int chunks = (n + chunk - 1) / chunk;
    CachingAllocator.Block partial = chunks > 1 ? be.scratch((long) outputs * chunks * 16) : CachingAllocator.EMPTY;
    try {
      Arg.Ptr p = new Arg.Ptr(partial.address());
      if (rows) {
        be.launchRows(Kernel.REDUCE_ROWS, outer * chunks, 256, op, dtype, be.ptr(a), n, chunk, chunks, shift, p, out, outType);
      } else {
        be.launch1d(Kernel.REDUCE_COLS, (long) chunks * outputs, op, dtype, be.ptr(a), outer, n, inner, chunk, chunks,
            shift, p, out, outType);
      }
      if (chunks > 1) be.launch1d(Kernel.REDUCE_FINISH, outputs, op, outputs, chunks, shift, p, out, outType);
    } finally {
      be.allocator().release(partial);
    }
  }

  static void cumsum(CudaBackend be, Tensor a, int outer, int n, int inner, Tensor out) {
    if ((long) outer * n * inner == 0) return;
    int dtype = CudaCodes.dtype(a.dtype());
    if (inner == 1 && n >= SCAN_ROW_MIN) {
      be.launchRows(Kernel.CUMSUM_ROWS, outer, 256, dtype, be.ptr(a), be.ptr(out), n);
    } else {
      be.launch1d(Kernel.CUMSUM_LINES, (long) outer * inner, dtype, be.ptr(a), be.ptr(out), outer, n, inner);
    }
  }

  static void softmax(CudaBackend be, Tensor a, Tensor out, boolean log) {
    int rows = a.dim(0), n = a.dim(1);
    if (rows == 0 || n == 0) return;
    Kernel k;
    if (a.dtype() == DType.F32) {
      k = Kernel.SOFTMAX_F32;
    } else if (a.dtype() == DType.F64) {
      k = Kernel.SOFTMAX_F64;
    } else {
      throw new IllegalArgumentException("softmax: needs F32 or F64, got " + a.dtype());
    }
    be.launchRows(k, rows, CudaBackend.rowThreads(n), be.ptr(a), be.ptr(out), n, log ? 1 : 0);
  }
}

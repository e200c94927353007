package org.reason4j.tensor.cuda;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Distribution;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.UnaryOp;

/**
 * The CUDA backend for one GPU: storages from a caching allocator, every kernel on one stream, kernels
 * from the committed PTX. It implements every {@link Backend} method with the CPU backend's semantics;
 * the kernel files say where results can differ in the last bits (transcendental functions, the order of
 * double-precision partial sums, TF32/BF16 GEMMs). Work is queued asynchronously; only the calls that
 * return host data ({@link #download}) wait for it, and that is also where errors found on the device
 * (an index out of range, an integer division by zero) are thrown, with the CPU's messages.
 *
 * <p>This class only routes and owns state; the launches live in one file per family, like the CPU
 * backend's. Obtain it with {@code Backends.get(Device.cuda(i))}.
 */
public final class CudaBackend implements Backend {
  private static final int THREADS = 256;

  private final Device device;
  private final GpuDevice gpu;
  private final CachingAllocator allocator;
  private final long errorWord;
  private final String cublasProblem;
  private volatile CublasGemm cublas;
  private volatile GemmPath gemmPath;
  private volatile boolean errorsPending;

  CudaBackend(GpuDevice gpu) {
    this.gpu = gpu;
    this.device = Device.cuda(gpu.index());
    this.allocator = new CachingAllocator(gpu, device.toString());
    this.errorWord = gpu.allocate(32);
    gpu.memset(errorWord, 4, 0, 8);
    this.cublasProblem = CublasGemm.problem();
    this.gemmPath = GemmPath.resolve(GemmPath.setting(), gpu.computeCapability(), cublasProblem);
    if (gemmPath == GemmPath.CUBLAS) cublas = gpu.newCublas();
  }

  @Override
  public Device device() {
    return device;
  }

  @Override
  public String name() {
    return "cuda";
  }

  // ------------------------------------------------------------------ state others may ask about

  /** The kernel that computes F32 matrix products; benchmark lines should print it. */
  public GemmPath gemmPath() {
    return gemmPath;
  }

  /** Switches the F32 GEMM kernel (for benchmarks and tests); throws when the path is unavailable here. */
  public synchronized void setGemmPath(GemmPath path) {
    GemmPath resolved = GemmPath.resolve(path.name(), gpu.computeCapability(), cublasProblem);
    if (resolved == GemmPath.CUBLAS && cublas == null) cublas = gpu.newCublas();
    gemmPath = resolved;
  }

  /** Null when cuBLAS can be used; otherwise why not. */
  public String cublasProblem() {
    return cublasProblem;
  }

  public String deviceName() {
    return gpu.name();
  }

  /** major * 10 + minor, e.g. 90 for an H100/H200. */
  public int computeCapability() {
    return gpu.computeCapability();
  }

  public int multiprocessors() {
    return gpu.multiprocessors();
  }

  public long totalMemory() {
    return gpu.totalMemory();
  }

  /** Free device memory as the driver sees it (the cache counts as used). */
  public long freeMemory() {
    return gpu.freeMemory();
  }

  public MemoryStats memoryStats() {
    return allocator.stats();
  }

  /** Gives the cached (released) blocks back to the driver. */
  public void emptyCache() {
    allocator.emptyCache();
  }

  /** Waits for all queued work and throws any error the device recorded. */
  public void synchronize() {
    gpu.synchronize();
    checkErrors();
  }

  // ------------------------------------------------------------------ for the family classes

  GpuDevice gpu() {
    return gpu;
  }

  CachingAllocator allocator() {
    return allocator;
  }

  /** The address of a view's first element. */
  long address(Tensor t) {
    return ((CudaStorage) t.storage()).address() + (long) t.offset() * t.dtype().byteSize();
  }

  Arg.Ptr ptr(Tensor t) {
    return new Arg.Ptr(address(t));
  }

  /** The device error word, for kernels that can fail; the next download will look at it. */
  Arg.Ptr errorWord() {
    errorsPending = true;
    return new Arg.Ptr(errorWord);
  }

  /** Scratch memory for one call; release it right after queueing the kernels that use it. */
  CachingAllocator.Block scratch(long bytes) {
    return allocator.allocate(bytes);
  }

  /** A kernel over n items, one per thread in a grid-stride loop. */
  void launch1d(Kernel k, long n, Object... args) {
    if (n <= 0) return;
    int blocks = (int) Math.max(1, Math.min((n + THREADS - 1) / THREADS, 1 << 20));
    gpu.launch(k, blocks, 1, 1, THREADS, 1, args);
  }

  /** A kernel with one block per row. */
  void launchRows(Kernel k, int rows, int threads, Object... args) {
    if (rows <= 0) return;
    gpu.launch(k, rows, 1, 1, threads, 1, args);
  }

  /** Threads per block for a kernel that reduces rows of n elements: chosen from n alone. */
  static int rowThreads(int n) {
    return n >= 2048 ? 256 : n >= 512 ? 128 : n >= 128 ? 64 : 32;
  }

  private void checkErrors() {
    if (!errorsPending) return;
    errorsPending = false;
    byte[] word = new byte[24];
    gpu.download(word, errorWord, word.length);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int code = b.getInt(), op = b.getInt();
    long value = b.getLong(), bound = b.getLong();
    if (code != 0) {
      gpu.memset(errorWord, 4, 0, 8);
      throw CudaCodes.exception(code, op, value, bound, device.toString());
    }
  }

  // ------------------------------------------------------------------ memory

  @Override
  public Storage allocate(DType dtype, int size) {
    CudaStorage s = new CudaStorage(this, dtype, size, allocator.allocate((long) size * dtype.byteSize()));
    gpu.memset(s.address(), 1, 0, (long) size * dtype.byteSize());
    return s;
  }

  @Override
  public Storage upload(Object hostArray, DType dtype) {
    Class<?> expected = CudaCopy.arrayClass(dtype);
    if (hostArray.getClass() != expected) {
      throw new IllegalArgumentException(dtype + " data must be a " + expected.getSimpleName() + ", got " + hostArray.getClass().getSimpleName());
    }
    int n = java.lang.reflect.Array.getLength(hostArray);
    CudaStorage s = new CudaStorage(this, dtype, n, allocator.allocate((long) n * dtype.byteSize()));
    gpu.upload(s.address(), hostArray, (long) n * dtype.byteSize());
    return s;
  }

  @Override
  public Object download(Tensor t) {
    Tensor c = t.contiguous();
    Object host = CudaCopy.newArray(t.dtype(), t.numel());
    try {
      gpu.download(host, address(c), (long) t.numel() * t.dtype().byteSize());
    } finally {
      if (c != t) c.storage().release();
    }
    checkErrors();
    return host;
  }

  @Override
  public void copy(Tensor src, Tensor dst) {
    CudaCopy.copy(this, src, dst);
  }

  @Override
  public void fill(Tensor dst, double value) {
    CudaCopy.fill(this, dst, value);
  }

  // ------------------------------------------------------------------ elementwise

  @Override
  public void unary(UnaryOp op, Tensor a, Tensor out) {
    CudaElementwise.unary(this, op, a, out);
  }

  @Override
  public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
    CudaElementwise.binary(this, op, a, b, out);
  }

  @Override
  public void clamp(Tensor a, double lo, double hi, Tensor out) {
    CudaElementwise.clamp(this, a, lo, hi, out);
  }

  @Override
  public void where(Tensor cond, Tensor a, Tensor b, Tensor out) {
    CudaCopy.where(this, cond, a, b, out);
  }

  // ------------------------------------------------------------------ reductions

  @Override
  public void reduce(ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out) {
    CudaReduce.reduce(this, op, a, outer, n, inner, out);
  }

  @Override
  public void cumsum(Tensor a, int outer, int n, int inner, Tensor out) {
    CudaReduce.cumsum(this, a, outer, n, inner, out);
  }

  @Override
  public void softmax(Tensor a, Tensor out, boolean log) {
    CudaReduce.softmax(this, a, out, log);
  }

  // ------------------------------------------------------------------ linear algebra

  @Override
  public void matmul(Tensor a, Tensor b, Tensor out) {
    if (a.dtype() == DType.F32 && gemmPath == GemmPath.CUBLAS) {
      cublas.matmul(this, a, b, out);
    } else {
      CudaGemm.matmul(this, gemmPath, a, b, out);
    }
  }

  // ------------------------------------------------------------------ indexing

  @Override
  public void indexSelect(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    CudaIndex.indexSelect(this, a, outer, n, inner, index, out);
  }

  @Override
  public void indexAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    CudaIndex.indexAdd(this, out, outer, n, inner, index, src);
  }

  @Override
  public void gather(Tensor a, int outer, int n, int inner, Tensor index, Tensor out) {
    CudaIndex.gather(this, a, outer, n, inner, index, out);
  }

  @Override
  public void scatterAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src) {
    CudaIndex.scatterAdd(this, out, outer, n, inner, index, src);
  }

  // ------------------------------------------------------------------ random and fused

  @Override
  public void random(Distribution dist, long seed, long stream, long counter, double p, Tensor out) {
    launch1d(Kernel.RANDOM_FILL, out.numel(), CudaCodes.distribution(dist), CudaCodes.dtype(out.dtype()), out.numel(),
        ptr(out), seed, stream, counter, p);
  }

  @Override
  public void crossEntropy(Tensor logits, Tensor targets, Tensor lossOut, Tensor lseOut) {
    CudaFused.crossEntropy(this, logits, targets, lossOut, lseOut);
  }

  @Override
  public void crossEntropyBackward(Tensor logits, Tensor targets, Tensor lse, Tensor gradLoss, Tensor gradLogitsOut) {
    CudaFused.crossEntropyBackward(this, logits, targets, lse, gradLoss, gradLogitsOut);
  }

  @Override
  public void rmsNorm(Tensor x, Tensor weight, double eps, Tensor out, Tensor rstdOut) {
    CudaFused.rmsNorm(this, x, weight, eps, out, rstdOut);
  }

  @Override
  public void rmsNormBackward(Tensor x, Tensor weight, Tensor rstd, Tensor gradOut, Tensor gradX, Tensor gradWeight) {
    CudaFused.rmsNormBackward(this, x, weight, rstd, gradOut, gradX, gradWeight);
  }

  @Override
  public void layerNorm(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor meanOut, Tensor rstdOut) {
    CudaFused.layerNorm(this, x, weight, bias, eps, out, meanOut, rstdOut);
  }

  @Override
  public void layerNormBackward(Tensor x, Tensor weight, Tensor mean, Tensor rstd, Tensor gradOut, Tensor gradX,
      Tensor gradWeight, Tensor gradBias) {
    CudaFused.layerNormBackward(this, x, weight, mean, rstd, gradOut, gradX, gradWeight, gradBias);
  }

  @Override
  public void rope(Tensor x, Tensor cos, Tensor sin, boolean inverse, Tensor out) {
    CudaFused.rope(this, x, cos, sin, inverse, out);
  }

  @Override
  public void adamw(Tensor param, Tensor grad, Tensor m, Tensor v, double lr, double beta1, double beta2, double eps,
      double weightDecay, long step) {
    CudaFused.adamw(this, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, step);
  }

  @Override
  public String toString() {
    return device + " (" + gpu.name() + ", gemm " + gemmPath.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}

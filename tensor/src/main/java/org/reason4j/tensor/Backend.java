package org.reason4j.tensor;

/**
 * The contract every device implements: a small set of primitives plus a few fused kernels that earn
 * their place with a benchmark. {@link Tensor} does all shape work (broadcasting, views, axis
 * handling) and calls these with ready-made operands, so a backend only moves and computes numbers.
 *
 * <p>Conventions: {@code out} tensors are freshly allocated and contiguous unless a method says
 * otherwise; inputs may be strided views (broadcast dimensions have stride 0) unless a method asks for
 * contiguous ones. All operands live on this backend. The CPU backend is the reference: every other
 * backend is tested against it op by op.
 *
 * <p>Backends are found with {@link java.util.ServiceLoader} (see {@link Backends}).
 */
public interface Backend {
  Device device();

  /** A short name for messages and benchmark lines ("cpu", "cuda"). */
  String name();

  // ------------------------------------------------------------------ memory

  /** A zero-filled storage of {@code size} elements. */
  Storage allocate(DType dtype, int size);

  /**
   * A storage holding a copy of a host array (float[], double[], short[] for BF16/F16, int[], long[],
   * byte[] for BOOL). The CPU backend may take the array without copying when it is told it owns it.
   */
  Storage upload(Object hostArray, DType dtype);

  /** A contiguous host array of the tensor's elements in logical (row-major) order. */
  Object download(Tensor t);

  /** Copies src into dst (same shape; either may be strided), converting the dtype when they differ. */
  void copy(Tensor src, Tensor dst);

  /** Sets every element of a contiguous tensor. */
  void fill(Tensor dst, double value);

  // ------------------------------------------------------------------ elementwise

  void unary(UnaryOp op, Tensor a, Tensor out);

  /** a and b are views already broadcast to out's shape (stride 0 on broadcast axes). */
  void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

  /** out = min(max(a, lo), hi). */
  void clamp(Tensor a, double lo, double hi, Tensor out);

  /** out = cond ? a : b; all three views broadcast to out's shape; cond is BOOL. */
  void where(Tensor cond, Tensor a, Tensor b, Tensor out);

  // ------------------------------------------------------------------ reductions and scans

  /**
   * Reduces a contiguous tensor viewed as (outer, n, inner) along the middle axis; out is contiguous
   * (outer, inner). ARGMAX/ARGMIN write I64.
   */
  void reduce(ReduceOp op, Tensor a, int outer, int n, int inner, Tensor out);

  /** Inclusive cumulative sum along the middle axis of a contiguous (outer, n, inner) tensor. */
  void cumsum(Tensor a, int outer, int n, int inner, Tensor out);

  /** Softmax (or log-softmax) over the last axis of a contiguous (rows, n) tensor. */
  void softmax(Tensor a, Tensor out, boolean log);

  // ------------------------------------------------------------------ linear algebra

  /**
   * Batched matrix product out[b] = a[b] @ b[b]: a is (batch, M, K), b is (batch, K, N), both possibly
   * strided (a transpose is a stride swap; a shared operand has batch stride 0); out is contiguous
   * (batch, M, N). Each output element is accumulated in the same order whatever M, N and the thread
   * count, so a row computed alone equals the same row computed in a batch.
   */
  void matmul(Tensor a, Tensor b, Tensor out);

  /**
   * Up to how many rows a product x @ W^T runs much faster against a row-major copy of W^T than against
   * the transposed view of a weight W (out, in); 0 when never. A decoder, which multiplies a few rows by
   * the same weights at every step, may keep such copies while it decodes. The results are the same.
   */
  default int rowsFavouringRowMajorWeights() {
    return 0;
  }

  // ------------------------------------------------------------------ indexing

  /** out = a.indexSelect(axis, index) for contiguous a viewed as (outer, n, inner); index I32/I64. */
  void indexSelect(Tensor a, int outer, int n, int inner, Tensor index, Tensor out);

  /**
   * out[outer, j, inner] += src[outer, i, inner] for j = index[i] (index_add): the backward of
   * indexSelect. out is (outer, n, inner) contiguous and updated in place; src is (outer, m, inner)
   * contiguous. Deterministic (no races; fixed order over i).
   */
  void indexAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src);

  /**
   * out[o, i, in] = a[o, index[o, i, in], in] (torch.gather) with a contiguous (outer, n, inner) and index,
   * out contiguous (outer, m, inner).
   */
  void gather(Tensor a, int outer, int n, int inner, Tensor index, Tensor out);

  /** out[o, index[o, i, in], in] += src[o, i, in] (torch.scatter_add_), deterministic, in place. */
  void scatterAdd(Tensor out, int outer, int n, int inner, Tensor index, Tensor src);

  // ------------------------------------------------------------------ random

  /**
   * Fills a contiguous tensor with draws from a counter-based generator: element i is a pure function
   * of (seed, stream, counter + i), so the result never depends on threads or on how work is split.
   * {@code p} is the Bernoulli probability (ignored otherwise).
   */
  void random(Distribution dist, long seed, long stream, long counter, double p, Tensor out);

  // ------------------------------------------------------------------ fused kernels

  /**
   * Cross-entropy per row of contiguous logits (N, V) with I64 targets (N); a negative target is ignored
   * (loss 0). Writes loss (N) and the row log-sum-exp (N), never a (N, V) probability copy.
   */
  void crossEntropy(Tensor logits, Tensor targets, Tensor lossOut, Tensor lseOut);

  /** gradLogits = (softmax(logits) - onehot(target)) * gradLoss[row]; ignored rows get 0. */
  void crossEntropyBackward(
      Tensor logits, Tensor targets, Tensor lse, Tensor gradLoss, Tensor gradLogitsOut);

  /** RMSNorm over the last axis: out = x * rsqrt(mean(x^2) + eps) * weight; also writes rstd (rows). */
  void rmsNorm(Tensor x, Tensor weight, double eps, Tensor out, Tensor rstdOut);

  /** Gradients of rmsNorm; gradWeight is overwritten (not accumulated). */
  void rmsNormBackward(
      Tensor x, Tensor weight, Tensor rstd, Tensor gradOut, Tensor gradX, Tensor gradWeight);

  /** LayerNorm over the last axis with weight and bias; also writes mean and rstd (rows). */
  void layerNorm(
      Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor meanOut, Tensor rstdOut);

  /** Gradients of layerNorm; gradWeight and gradBias are overwritten. */
  void layerNormBackward(
      Tensor x,
      Tensor weight,
      Tensor mean,
      Tensor rstd,
      Tensor gradOut,
      Tensor gradX,
      Tensor gradWeight,
      Tensor gradBias);

  /**
   * Rotary position embedding in the "rotate half" layout of Hugging Face Llama: x is contiguous
   * (B, H, T, D); cos and sin are contiguous (Bc, T, D/2) with Bc = 1 or B. out = x rotated; with
   * {@code inverse} the rotation is undone (that is the backward).
   */
  void rope(Tensor x, Tensor cos, Tensor sin, boolean inverse, Tensor out);

  /**
   * One AdamW step in place on contiguous F32 tensors: m, v updated; param -= lr * (mhat / (sqrt(vhat)
   * + eps) + weightDecay * param), with bias corrections for the given step (1-based).
   */
  void adamw(
      Tensor param,
      Tensor grad,
      Tensor m,
      Tensor v,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      long step);
}

package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * Every GEMM path, beyond the contract's default one: SIMT bit-identical to the CPU, TF32 and BF16 within
 * their tolerances for all four shared-memory layouts with 16-byte and 4-byte copies, edge tiles and
 * batches, each own path batch-invariant, and cuBLAS where it loads. CudaGemmTest runs it on the GPU,
 * EmulatedGemmTest on the kernel emulator.
 */
abstract class GemmPathsContract {
  protected CudaBackend cuda;

  /** The backend to test; skips (with the reason) where there is none. */
  protected abstract CudaBackend backendOrSkip();

  /** Matrix shapes (M, K, N) for the layout sweep. */
  protected int[][] shapes() {
    return new int[][] {{1, 1, 1}, {7, 13, 5}, {128, 16, 128}, {129, 33, 131}, {300, 1000, 200}, {64, 4, 1024}};
  }

  /** (rows, K, N) of the batch-invariance check. */
  protected int[] invarianceShape() {
    return new int[] {300, 512, 200};
  }

  /** Null when the cuBLAS path can run on this backend. */
  protected String cublasProblem() {
    return cuda.cublasProblem();
  }

  @BeforeEach
  void backend() {
    cuda = backendOrSkip();
  }

  private Tensor on(Tensor cpu) {
    return Tensor.fromHost(cuda, Backends.cpu().download(cpu), cpu.dtype(), cpu.numel(), cpu.shape());
  }

  private void withPath(GemmPath path, Runnable body) {
    GemmPath before = cuda.gemmPath();
    if (path == GemmPath.CUBLAS) Assumptions.assumeTrue(cublasProblem() == null, cublasProblem());
    if (path == GemmPath.TF32 || path == GemmPath.BF16) {
      Assumptions.assumeTrue(cuda.computeCapability() >= 80, "tensor-core paths need compute capability 8.0+");
    }
    cuda.setGemmPath(path);
    try (TensorScope scope = TensorScope.open()) {
      body.run();
    } finally {
      cuda.setGemmPath(before);
    }
  }

  /** (A op) @ (B op) on both backends; views are made by the functions so both sides see the same layout. */
  private void compare(GemmPath path, String what, Tensor a, Tensor b, java.util.function.UnaryOperator<Tensor> fa,
      java.util.function.UnaryOperator<Tensor> fb) {
    Tensor expected = fa.apply(a).matmul(fb.apply(b));
    float[] e = expected.toFloatArray();
    float[] got = fa.apply(on(a)).matmul(fb.apply(on(b))).toFloatArray();
    float[] bound = fa.apply(a).abs().matmul(fb.apply(b).abs()).toFloatArray();
    double tol = CudaBackendContractTest.tolerance(path);
    for (int i = 0; i < e.length; i++) {
      if (path == GemmPath.SIMT) {
        assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(got[i]), what + " element " + i + " must be the CPU's bits");
      } else {
        assertTrue(Math.abs(e[i] - got[i]) <= tol * bound[i] + 1e-30, what + " element " + i + ": " + e[i] + " vs " + got[i]);
      }
    }
  }

  private void allLayouts(GemmPath path) {
    for (int[] s : shapes()) {
      String dims = path + " " + s[0] + "x" + s[1] + "x" + s[2];
      Tensor a = new Rng(1).normal(s[0], s[1] + 1), b = new Rng(2).normal(s[1] + 1, s[2] + 4);
      java.util.function.UnaryOperator<Tensor> a0 = x -> x.slice(1, 0, s[1]), b0 = x -> x.slice(0, 0, s[1]).slice(1, 0, s[2]);
      compare(path, dims + " row-major", a, b, a0, b0);
      compare(path, dims + " a offset by one (4-byte copies)", a, b, x -> x.slice(1, 1, s[1] + 1), b0);
      Tensor at = a.mT().contiguous(), bt = b.mT().contiguous();
      compare(path, dims + " both transposed", at, bt, x -> x.mT().slice(1, 0, s[1]), x -> x.mT().slice(0, 0, s[1]).slice(1, 0, s[2]));
      compare(path, dims + " a transposed", at, b, x -> x.mT().slice(1, 0, s[1]), b0);
      compare(path, dims + " b transposed", a, bt, a0, x -> x.mT().slice(0, 0, s[1]).slice(1, 0, s[2]));
    }
    compare(path, path + " batched with a shared b", new Rng(3).normal(3, 70, 40), new Rng(4).normal(40, 90), x -> x, x -> x);
    compare(path, path + " batched", new Rng(5).normal(5, 33, 48), new Rng(6).normal(5, 48, 17), x -> x, x -> x.mT().contiguous().mT());
  }

  @Test
  void simtIsBitIdenticalToTheCpuForEveryLayout() {
    withPath(GemmPath.SIMT, () -> allLayouts(GemmPath.SIMT));
  }

  @Test
  void tf32IsWithinItsToleranceForEveryLayout() {
    withPath(GemmPath.TF32, () -> allLayouts(GemmPath.TF32));
  }

  @Test
  void bf16IsWithinItsToleranceForEveryLayout() {
    withPath(GemmPath.BF16, () -> allLayouts(GemmPath.BF16));
  }

  @Test
  void cublasIsWithinFp32Tolerance() {
    withPath(GemmPath.CUBLAS, () -> allLayouts(GemmPath.CUBLAS));
  }

  @Test
  void ownPathsGiveEveryRowTheSameBitsWhateverTheBatch() {
    for (GemmPath path : new GemmPath[] {GemmPath.SIMT, GemmPath.TF32, GemmPath.BF16}) {
      if (path != GemmPath.SIMT && cuda.computeCapability() < 80) continue;
      int[] s = invarianceShape();
      int rows = s[0], n = s[2];
      withPath(path, () -> {
        Tensor a = on(new Rng(7).normal(rows, s[1])), b = on(new Rng(8).normal(s[1], n));
        float[] full = a.matmul(b).toFloatArray();
        for (int row : new int[] {0, 1, 127, 128, rows - 1}) {
          if (row >= rows) continue;
          float[] alone = a.slice(0, row, row + 1).matmul(b).toFloatArray();
          float[] pair = a.slice(0, row == 0 ? 0 : row - 1, row + 1).matmul(b).toFloatArray();
          for (int j = 0; j < n; j++) {
            assertEquals(Float.floatToIntBits(full[row * n + j]), Float.floatToIntBits(alone[j]), path + " row " + row + " alone");
            assertEquals(Float.floatToIntBits(full[row * n + j]), Float.floatToIntBits(pair[pair.length - n + j]), path + " row " + row + " in a pair");
          }
        }
      });
    }
  }

  @Test
  void f64ProductsAreTheCpusPlainSums() {
    Tensor a = new Rng(9).normal(70, 300).to(DType.F64), b = new Rng(10).normal(300, 50).to(DType.F64);
    try (TensorScope scope = TensorScope.open()) {
      assertArrayEquals(a.matmul(b).toDoubleArray(), on(a).matmul(on(b)).toDoubleArray(), "F64 sums in increasing k without FMA");
    }
  }
}

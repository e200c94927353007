package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * The CUDA backend's Java side on a {@link FakeGpu}: every Backend method, through the Tensor API where it
 * has one, must launch only well-formed kernels (arguments of the declared kinds, sane grids, every
 * address inside a live block), every kernel in the table must be reachable, and every storage and scratch
 * block must be back in the cache when the scope closes. Runs everywhere; it checks no numbers (the fake
 * computes nothing), which the gpu-tagged contract suites do.
 */
class CudaDryRunTest {
  private static Tensor up(CudaBackend be, Tensor cpu) {
    return Tensor.fromHost(be, Backends.cpu().download(cpu), cpu.dtype(), cpu.numel(), cpu.shape());
  }

  @Test
  void everyMethodLaunchesWellFormedKernelsAndReleasesItsMemory() {
    FakeGpu gpu = new FakeGpu(90);
    CudaBackend be = new CudaBackend(gpu);
    try (TensorScope scope = TensorScope.open()) {
      elementwise(be);
      reductions(be);
      matmuls(be);
      indexing(be);
      fused(be);
    }
    MemoryStats s = be.memoryStats();
    assertEquals(0, s.allocatedBytes(), "every storage and scratch block is back in the cache: " + s);
    Set<Kernel> missing = EnumSet.allOf(Kernel.class);
    gpu.launches.forEach(l -> missing.remove(l.kernel()));
    assertEquals(Set.of(), missing, "kernels that no backend method launched");
    be.emptyCache();
    assertEquals(1, gpu.liveBlocks(), "only the device error word stays allocated");
  }

  private static void elementwise(CudaBackend be) {
    Tensor x = up(be, new Rng(1).normal(6, 5));
    Tensor x64 = x.to(DType.F64), bf = x.to(DType.BF16), mask = x.gt(0);
    Tensor i32 = up(be, Tensor.of(new int[] {3, -4, 5}, 3)), i64 = i32.to(DType.I64);
    for (Tensor t : new Tensor[] {x, x64, bf, mask}) t.transpose(0, 1).contiguous();
    Tensor.full(be, DType.F64, 1.5, 3);
    Tensor.full(be, DType.I32, 7, 3);
    for (Tensor t : new Tensor[] {mask, bf, x, i64.reshape(3, 1).expand(3, 5).contiguous().slice(0, 0, 1).expand(6, 5)}) {
      Tensor.where(mask, t, t);
    }
    x.exp();
    x64.log1p();
    i32.neg();
    i64.abs();
    mask.not();
    x.add(x.slice(0, 0, 1));
    x64.mul(x64);
    i32.div(i32);
    i64.sub(i64);
    mask.and(mask);
    x.clamp(-1, 1);
    x64.clamp(-1, 1);
    i64.clamp(-1, 1);
    x.copy().addInPlace(x);
  }

  private static void reductions(CudaBackend be) {
    Tensor rows = up(be, new Rng(2).normal(3, 9000)), cols = up(be, new Rng(3).normal(2, 2000, 3));
    rows.sum(1, false);
    rows.sum(0, false);
    rows.logsumexp(1, false);
    cols.max(1, false);
    cols.argmax(1, false);
    rows.cumsum(1);
    rows.cumsum(0);
    rows.softmax(-1);
    rows.to(DType.F64).logSoftmax(-1);
    up(be, Tensor.zeros(4, 0)).sum(1, false);
  }

  private static void matmuls(CudaBackend be) {
    Tensor a = up(be, new Rng(4).normal(2, 70, 40)), b = up(be, new Rng(5).normal(2, 40, 30));
    Tensor at = a.mT().contiguous().mT(), bt = b.mT().contiguous().mT();
    for (GemmPath path : new GemmPath[] {GemmPath.SIMT, GemmPath.TF32, GemmPath.BF16}) {
      be.setGemmPath(path);
      assertEquals(path, be.gemmPath());
      a.matmul(b);
      at.matmul(b);
      a.matmul(bt);
      at.matmul(bt);
      a.slice(2, 1, 40).matmul(b.slice(1, 1, 40));
    }
    a.to(DType.F64).matmul(b.to(DType.F64));
    assertThrows(IllegalStateException.class, () -> be.setGemmPath(GemmPath.CUBLAS));
  }

  private static void indexing(CudaBackend be) {
    Tensor idx = up(be, Tensor.of(new long[] {2, 0, 2}, 3)), idx32 = idx.to(DType.I32);
    Tensor x = up(be, new Rng(6).normal(4, 5));
    for (DType t : new DType[] {DType.BOOL, DType.BF16, DType.F32, DType.F64}) {
      Tensor v = x.to(t);
      v.indexSelect(0, idx);
      v.gather(1, up(be, Tensor.of(new long[] {0, 4, 1, 1, 2, 3, 0, 0}, 4, 2)));
    }
    x.indexAdd(0, idx32, up(be, new Rng(7).normal(3, 5)));
    x.to(DType.F64).indexAdd(1, idx, up(be, new Rng(8).normal(4, 3)).to(DType.F64));
    Tensor where = up(be, Tensor.of(new long[] {0, 3, 3, 1, 2, 0, 1, 1}, 4, 2));
    for (DType t : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      x.to(t).scatterAdd(1, where, up(be, new Rng(9).normal(4, 2)).to(t));
    }
  }

  private static void fused(CudaBackend be) {
    new Rng(10).normal(be, DType.F32, 100);
    new Rng(10).bernoulli(be, 0.5, 100);
    for (DType t : new DType[] {DType.F32, DType.F64}) {
      Tensor logits = up(be, new Rng(11).normal(300, 17)).to(t);
      Tensor targets = up(be, Tensor.of(new long[300], 300)), loss = Tensor.zeros(be, t, 300), lse = Tensor.zeros(be, t, 300);
      be.crossEntropy(logits, targets, loss, lse);
      be.crossEntropyBackward(logits, targets, lse, loss, Tensor.zeros(be, t, 300, 17));
      Tensor w = up(be, new Rng(12).normal(17)).to(t), g = Tensor.zeros(be, t, 300, 17), gw = Tensor.zeros(be, t, 17);
      Tensor out = Tensor.zeros(be, t, 300, 17), rstd = Tensor.zeros(be, t, 300), mean = Tensor.zeros(be, t, 300);
      be.rmsNorm(logits, w, 1e-5, out, rstd);
      be.rmsNormBackward(logits, w, rstd, g, out, gw);
      be.layerNorm(logits, w, w, 1e-5, out, mean, rstd);
      be.layerNormBackward(logits, w, mean, rstd, g, out, gw, Tensor.zeros(be, t, 17));
      Tensor q = Tensor.zeros(be, t, 2, 3, 5, 8), cos = Tensor.zeros(be, t, 1, 5, 4);
      be.rope(q, cos, cos, true, Tensor.zeros(be, t, 2, 3, 5, 8));
    }
    Tensor p = Tensor.zeros(be, DType.F32, 10);
    be.adamw(p, p.copy(), p.copy(), p.copy(), 1e-3, 0.9, 0.999, 1e-8, 0.01, 1);
  }
}

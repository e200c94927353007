package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.TensorScope;

/**
 * Device memory on a real GPU: closing a scope returns its blocks to the cache, a kept tensor survives,
 * a thousand iterations of a training-like step need no new driver allocations, emptyCache gives the
 * cache back, and a released storage cannot be used. Tagged gpu.
 */
@Tag("gpu")
class CudaMemoryTest {
  private CudaBackend cuda;

  @BeforeEach
  void gpu() {
    cuda = GpuTests.requireCuda("CudaMemoryTest");
  }

  private float step(Tensor w, Tensor x) {
    Tensor h = x.matmul(w).tanh(); // (64, 256)
    Tensor loss = h.square().mean();
    return (float) loss.item();
  }

  @Test
  void closingAScopeReturnsItsBlocksToTheCacheAndKeepsWhatWasKept() {
    long before = cuda.memoryStats().allocatedBytes();
    Tensor kept;
    try (TensorScope scope = TensorScope.open()) {
      Tensor a = new Rng(1).normal(cuda, DType.F32, 512, 512);
      Tensor b = a.matmul(a).add(1);
      kept = scope.keep(b.sum());
      assertTrue(cuda.memoryStats().allocatedBytes() >= before + 2L * 512 * 512 * 4);
    }
    MemoryStats after = cuda.memoryStats();
    assertTrue(after.allocatedBytes() - before <= 512, "only the kept scalar remains: " + after);
    assertTrue(after.cachedBytes() >= 2L * 512 * 512 * 4, "released blocks stay cached: " + after);
    assertTrue(Float.isFinite((float) kept.item()), "a kept tensor is still usable");
    kept.storage().release();
  }

  @Test
  void aThousandStepsNeedNoNewDeviceMemory() {
    Tensor w, x;
    try (TensorScope outer = TensorScope.open()) {
      w = outer.keep(new Rng(2).normal(cuda, DType.F32, 128, 256));
      x = outer.keep(new Rng(3).normal(cuda, DType.F32, 64, 128));
    }
    try (TensorScope scope = TensorScope.open()) {
      step(w, x);
    }
    MemoryStats warm = cuda.memoryStats();
    float first = 0;
    for (int i = 0; i < 1000; i++) {
      try (TensorScope scope = TensorScope.open()) {
        float v = step(w, x);
        if (i == 0) first = v;
        else assertEquals(first, v, "same inputs, same bits");
      }
    }
    MemoryStats end = cuda.memoryStats();
    assertEquals(warm.deviceAllocations(), end.deviceAllocations(), "no driver allocations after warm-up: " + end);
    assertEquals(warm.allocatedBytes(), end.allocatedBytes(), "nothing leaked: " + end);
    w.storage().release();
    x.storage().release();
  }

  @Test
  void emptyCacheGivesMemoryBackAndUseAfterReleaseIsAnError() {
    Tensor t;
    try (TensorScope scope = TensorScope.open()) {
      t = Tensor.zeros(cuda, DType.F32, 1 << 20);
    }
    assertTrue(t.storage().isReleased());
    IllegalStateException e = assertThrows(IllegalStateException.class, t::toFloatArray);
    assertTrue(e.getMessage().contains("used after its release"), e.getMessage());
    cuda.emptyCache();
    assertEquals(0, cuda.memoryStats().cachedBytes());
  }
}

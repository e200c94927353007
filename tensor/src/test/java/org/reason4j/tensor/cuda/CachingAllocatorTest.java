package org.reason4j.tensor.cuda;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, over a fake device memory: size classes, reuse, stats, OOM retry. */
class CachingAllocatorTest {
  /** Device memory with a byte limit that records every call. */
  static final class FakeMemory implements CachingAllocator.DeviceMemory {
    final long limit;
    final java.util.Map<Long, Long> live = new java.util.HashMap<>();
    long used;
    long next = 1 << 20;
    int allocations;
    int frees;
    int synchronizations;

    FakeMemory(long limit) {
      this.limit = limit;
    }

    @Override
    public long allocate(long bytes) {
      if (used + bytes > limit) throw new CachingAllocator.OutOfDeviceMemory("fake: " + bytes);
      used += bytes;
      allocations++;
      long a = next;
      next += bytes + 256;
      live.put(a, bytes);
      return a;
    }

    @Override
    public void free(long address) {
      Long bytes = live.remove(address);
      assertNotNull(bytes, "free of an address that is not live");
      used -= bytes;
      frees++;
    }

    @Override
    public void synchronize() {
      synchronizations++;
    }
  }

  @Test
  void sizeClassesCoverTheRequestWithBoundedSlack() {
    Random r = new Random(1);
    long previous = 0;
    for (long b = 1; b < (200L << 20); b += 1 + (long) (r.nextDouble() * b / 3)) {
      long c = CachingAllocator.sizeClass(b);
      assertTrue(c >= b, "class " + c + " < request " + b);
      assertEquals(0, c % 512, "class " + c + " is not a multiple of 512");
      assertTrue(c >= previous, "classes must not shrink as requests grow");
      previous = c;
      if (b < (64L << 20)) {
        assertTrue(c - b < Math.max(512, b / 8.0), "slack of " + (c - b) + " for " + b);
      } else {
        assertEquals(0, c % (2L << 20));
        assertTrue(c - b < (2L << 20));
      }
    }
    assertEquals(512, CachingAllocator.sizeClass(1));
    assertEquals(512, CachingAllocator.sizeClass(512));
    assertEquals(1024, CachingAllocator.sizeClass(513));
  }

  @Test
  void releasedBlocksAreReusedWithoutDriverCalls() {
    FakeMemory mem = new FakeMemory(1 << 30);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:0");
    CachingAllocator.Block a = alloc.allocate(1000);
    alloc.release(a);
    assertEquals(new MemoryStats(0, 1024, 1024, 1, 0), alloc.stats());
    CachingAllocator.Block b = alloc.allocate(900); // same class as 1000
    assertEquals(a.address(), b.address());
    assertEquals(1, mem.allocations);
    assertEquals(new MemoryStats(1024, 0, 1024, 1, 1), alloc.stats());
    CachingAllocator.Block c = alloc.allocate(5000); // another class: a new block
    assertNotEquals(b.address(), c.address());
    assertEquals(2, mem.allocations);
  }

  @Test
  void zeroBytesNeedNoMemory() {
    FakeMemory mem = new FakeMemory(0);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:0");
    assertSame(CachingAllocator.EMPTY, alloc.allocate(0));
    alloc.release(CachingAllocator.EMPTY);
    assertEquals(new MemoryStats(0, 0, 0, 0, 0), alloc.stats());
  }

  @Test
  void emptyCacheSynchronisesThenFreesOnlyCachedBlocks() {
    FakeMemory mem = new FakeMemory(1 << 30);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:0");
    CachingAllocator.Block keep = alloc.allocate(4096);
    alloc.release(alloc.allocate(4096));
    alloc.release(alloc.allocate(100_000));
    alloc.emptyCache();
    assertEquals(1, mem.synchronizations);
    assertEquals(Set.of(keep.address()), mem.live.keySet());
    assertEquals(0, alloc.stats().cachedBytes());
    assertEquals(4096, alloc.stats().allocatedBytes());
  }

  @Test
  void anAllocationThatDoesNotFitEmptiesTheCacheAndRetries() {
    FakeMemory mem = new FakeMemory(10_000);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:0");
    alloc.release(alloc.allocate(6000)); // 6144 cached, of a class the next request cannot use
    CachingAllocator.Block big = alloc.allocate(8000);
    assertEquals(8192, big.bytes());
    assertEquals(1, mem.frees);
    assertEquals(0, alloc.stats().cachedBytes());
  }

  @Test
  void outOfMemoryNamesTheDeviceAndTheSizes() {
    FakeMemory mem = new FakeMemory(10_000);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:3");
    alloc.allocate(8000);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> alloc.allocate(8000));
    assertTrue(e.getMessage().startsWith("fake:3 is out of memory: allocating 8.0 KiB with 8.0 KiB in use"), e.getMessage());
    assertTrue(e.getMessage().contains("TensorScope"), e.getMessage());
  }

  @Test
  void aThousandIterationsOfTheSameWorkloadNeedNoNewMemory() {
    FakeMemory mem = new FakeMemory(1L << 32);
    CachingAllocator alloc = new CachingAllocator(mem, "fake:0");
    long[] sizes = {4, 4096, 4096, 123_457, 3_000_000, 77, 4096};
    for (int it = 0; it < 1000; it++) {
      CachingAllocator.Block[] blocks = new CachingAllocator.Block[sizes.length];
      for (int i = 0; i < sizes.length; i++) blocks[i] = alloc.allocate(sizes[i]);
      for (int i = sizes.length - 1; i >= 0; i--) alloc.release(blocks[i]);
    }
    MemoryStats s = alloc.stats();
    assertEquals(sizes.length, s.deviceAllocations());
    assertEquals(999L * sizes.length, s.cacheHits());
    assertEquals(0, s.allocatedBytes());
    assertEquals(mem.used, s.cachedBytes());
  }
}

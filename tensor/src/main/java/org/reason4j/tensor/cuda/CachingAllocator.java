package org.reason4j.tensor.cuda;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device memory for one GPU, kept in size classes: a released block goes onto its class's free list
 * and the next request of that class takes it back without a driver call. Sizes are rounded up to
 * 512 bytes, to one of 8 steps per power of two below 64 MiB (at most 12.5% slack) and to 2 MiB
 * above. Reuse is safe without synchronising because every kernel and copy of a backend runs on one
 * stream, in order: work queued on a block before its release finishes before work queued after its
 * reuse. The cache is given back to the driver by {@link #emptyCache()} and, once, when an allocation
 * fails. It is pure bookkeeping over a {@link DeviceMemory}, so it is tested without a GPU.
 */
final class CachingAllocator {
  /** Raw device memory: the driver on a GPU, a fake in tests. */
  interface DeviceMemory {
    /** The address of a new block of exactly {@code bytes}; throws {@link OutOfDeviceMemory}. */
    long allocate(long bytes);

    void free(long address);

    /** Waits until queued work is done, before memory goes back to the driver. */
    void synchronize();
  }

  /** Thrown by a {@link DeviceMemory} that has no room. */
  static final class OutOfDeviceMemory extends RuntimeException {
    OutOfDeviceMemory(String message) {
      super(message);
    }
  }

  /** A block handed out: its address and its size class. */
  record Block(long address, long bytes) {}

  static final Block EMPTY = new Block(0, 0);
  private static final long SMALL = 512;
  private static final long LARGE = 64L << 20;
  private static final long LARGE_STEP = 2L << 20;

  private final DeviceMemory memory;
  private final String device;
  private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
  private long allocated;
  private long cached;
  private long peak;
  private long deviceAllocations;
  private long cacheHits;

  CachingAllocator(DeviceMemory memory, String device) {
    this.memory = memory;
    this.device = device;
  }

  /** The size class a request of {@code bytes} is served from. */
  static long sizeClass(long bytes) {
    if (bytes <= SMALL) return SMALL;
    if (bytes >= LARGE) return roundUp(bytes, LARGE_STEP);
    int p = 63 - Long.numberOfLeadingZeros(bytes - 1); // 2^p < bytes <= 2^(p+1)
    return roundUp(bytes, Math.max(SMALL, 1L << (p - 3)));
  }

  private static long roundUp(long v, long step) {
    return (v + step - 1) / step * step;
  }

  synchronized Block allocate(long bytes) {
    if (bytes == 0) return EMPTY;
    long size = sizeClass(bytes);
    ArrayDeque<Long> list = free.get(size);
    long address;
    if (list != null) {
      address = list.pop();
      if (list.isEmpty()) free.remove(size);
      cached -= size;
      cacheHits++;
    } else {
      address = fromDevice(size);
      deviceAllocations++;
    }
    allocated += size;
    peak = Math.max(peak, allocated);
    return new Block(address, size);
  }

  private long fromDevice(long size) {
    try {
      return memory.allocate(size);
    } catch (OutOfDeviceMemory first) {
      long freed = cached;
      emptyCache();
      try {
        return memory.allocate(size);
      } catch (OutOfDeviceMemory second) {
        throw new IllegalStateException(device + " is out of memory: allocating " + MemoryStats.human(size) + " with "
            + MemoryStats.human(allocated) + " in use (" + MemoryStats.human(freed) + " of cache given back first); "
            + "release tensors you no longer need with a TensorScope", second);
      }
    }
  }

  /** Returns a block to its free list; the memory stays with this allocator. */
  synchronized void release(Block block) {
    if (block.bytes() == 0) return;
    allocated -= block.bytes();
    cached += block.bytes();
    free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.address());
  }

  /** Gives every cached block back to the driver. */
  synchronized void emptyCache() {
    if (free.isEmpty()) return;
    memory.synchronize();
    for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
      for (long address : e.getValue()) memory.free(address);
    }
    free.clear();
    cached = 0;
  }

  synchronized MemoryStats stats() {
    return new MemoryStats(allocated, cached, peak, deviceAllocations, cacheHits);
  }
}

package org.reason4j.tensor.cuda;

/**
 * A snapshot of one device's caching allocator: bytes held by live storages, bytes in released blocks
 * kept for reuse, the peak of the first, and how many blocks came from the driver versus the cache.
 */
public record MemoryStats(
    long allocatedBytes, long cachedBytes, long peakAllocatedBytes, long deviceAllocations, long cacheHits) {
  @Override
  public String toString() {
    return String.format(
        "allocated %.1f MiB, cached %.1f MiB, peak %.1f MiB, %d driver allocations, %d cache hits",
        allocatedBytes / 1048576.0, cachedBytes / 1048576.0, peakAllocatedBytes / 1048576.0, deviceAllocations, cacheHits);
  }
}

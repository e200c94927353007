package org.reason4j.tensor.cuda;

/**
 * A snapshot of one device's caching allocator: bytes held by live storages, bytes in released blocks
 * kept for reuse, the peak of the first, and how many blocks came from the driver versus the cache.
 */
public record MemoryStats(
    long allocatedBytes, long cachedBytes, long peakAllocatedBytes, long deviceAllocations, long cacheHits) {
  @Override
  public String toString() {
    return "allocated " + human(allocatedBytes) + ", cached " + human(cachedBytes) + ", peak " + human(peakAllocatedBytes)
        + ", " + deviceAllocations + " driver allocations, " + cacheHits + " cache hits";
  }

  /** Bytes with a binary unit, e.g. "8.0 KiB", "1.5 GiB". */
  static String human(long bytes) {
    if (bytes < 1024) return bytes + " B";
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes / 1024.0;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }
}

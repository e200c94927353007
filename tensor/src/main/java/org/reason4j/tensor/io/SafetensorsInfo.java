package org.reason4j.tensor.io;

import java.util.Arrays;
import org.reason4j.tensor.Shape;

/**
 * What a safetensors header says about one tensor: its name, element type, shape, and byte range
 * {@code [begin, end)} within the data buffer (offsets count from the first byte after the header).
 * Instances come from a validated header, so {@code end - begin == numel * dtype.byteSize()}.
 */
public record SafetensorsInfo(String name, SafetensorsDType dtype, int[] shape, long begin, long end) {
  public SafetensorsInfo {
    shape = shape.clone();
  }

  /** A copy of the shape; {@code []} for a 0-d scalar. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar); a long, since only the header has to fit, not a tensor. */
  public long numel() {
    long n = 1;
    for (int d : shape) n *= d; // cannot overflow: the header check bounded it by the byte range
    return n;
  }

  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SafetensorsInfo i && name.equals(i.name) && dtype == i.dtype
        && Arrays.equals(shape, i.shape) && begin == i.begin && end == i.end;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + Shape.str(shape) + " bytes [" + begin + ", " + end + ")";
  }
}

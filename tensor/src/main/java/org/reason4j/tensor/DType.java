package org.reason4j.tensor;

/**
 * Element types. F32 is the compute type; F64 exists on the CPU for gradient checks; BF16 and F16 are
 * storage types (weights on disk and in memory) that are converted to F32 before arithmetic; I32 and
 * I64 hold token ids and indices; BOOL holds masks (one byte per element).
 */
public enum DType {
  F32(4, "F32"),
  F64(8, "F64"),
  BF16(2, "BF16"),
  F16(2, "F16"),
  I32(4, "I32"),
  I64(8, "I64"),
  BOOL(1, "BOOL");

  private final int byteSize;
  private final String safetensorsName;

  DType(int byteSize, String safetensorsName) {
    this.byteSize = byteSize;
    this.safetensorsName = safetensorsName;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The dtype's name in a safetensors header. */
  public String safetensorsName() {
    return safetensorsName;
  }

  /** Floating-point types that arithmetic runs on directly (F32, F64). */
  public boolean isComputeFloat() {
    return this == F32 || this == F64;
  }

  /** Any floating-point type, including the 16-bit storage types. */
  public boolean isFloat() {
    return this == F32 || this == F64 || this == BF16 || this == F16;
  }

  public boolean isInteger() {
    return this == I32 || this == I64;
  }

  /** Looks up a safetensors dtype name ("F32", "BF16", ...); null when unknown. */
  public static DType fromSafetensorsName(String name) {
    for (DType d : values()) if (d.safetensorsName.equals(name)) return d;
    return null;
  }
}

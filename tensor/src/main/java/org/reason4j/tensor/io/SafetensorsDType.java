package org.reason4j.tensor.io;

import org.reason4j.tensor.DType;

/**
 * The element types a safetensors header may name, with their byte sizes, in the order the reference
 * implementation declares them. That order is increasing alignment: writers put tensors of the later
 * types first, so every tensor's data starts at a multiple of its element size.
 *
 * <p>Each type says which reason4j {@link DType} holds it unchanged (null when none does; such tensors
 * are still validated and can be widened by {@link SafetensorsFile#readAs}). U8 is held as BOOL bytes,
 * unchanged. Sub-byte types (F4, F6) are not listed, so a file with them is rejected as unknown.
 */
public enum SafetensorsDType {
  BOOL(1, DType.BOOL),
  U8(1, DType.BOOL),
  I8(1, null),
  F8_E5M2(1, null),
  F8_E4M3(1, null),
  F8_E8M0(1, null),
  I16(2, null),
  U16(2, null),
  F16(2, DType.F16),
  BF16(2, DType.BF16),
  I32(4, DType.I32),
  U32(4, null),
  F32(4, DType.F32),
  C64(8, null),
  F64(8, DType.F64),
  I64(8, DType.I64),
  U64(8, null);

  private final int byteSize;
  private final DType tensorDType;

  SafetensorsDType(int byteSize, DType tensorDType) {
    this.byteSize = byteSize;
    this.tensorDType = tensorDType;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** The reason4j dtype that holds these elements bit for bit, or null when there is none. */
  public DType tensorDType() {
    return tensorDType;
  }

  /** IEEE-style floating point types whose values {@link SafetensorsFile#readAs} can convert. */
  public boolean isFloat() {
    return this == F16 || this == BF16 || this == F32 || this == F64;
  }

  /** Integer types and BOOL, which convert through their exact integer value. */
  public boolean isInteger() {
    switch (this) {
      case BOOL: case U8: case I8: case I16: case U16: case I32: case U32: case I64: case U64:
        return true;
      default:
        return false;
    }
  }

  /** The type a reason4j dtype is written as. */
  public static SafetensorsDType of(DType dtype) {
    return valueOf(dtype.safetensorsName());
  }

  /** Looks up a header's dtype string exactly ("F32", "BF16", ...); null when unknown. */
  public static SafetensorsDType parse(String name) {
    for (SafetensorsDType d : values()) if (d.name().equals(name)) return d;
    return null;
  }
}

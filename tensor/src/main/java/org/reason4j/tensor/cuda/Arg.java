package org.reason4j.tensor.cuda;

/**
 * The kinds of kernel parameter, with the PTX declaration each one compiles to. {@link Kernel} lists a
 * signature per kernel; launches are checked against it, and a test checks it against the committed
 * PTX, so a Java caller and a kernel can never disagree about parameters unnoticed.
 */
enum Arg {
  I32(".u32", Integer.class),
  I64(".u64", Long.class),
  F32(".f32", Float.class),
  F64(".f64", Double.class),
  /** A device address. */
  PTR(".u64", Ptr.class),
  /** struct Shape { int rank; int size[8]; } */
  SHAPE(".align 4 .b8[36]", Layout.Shape.class),
  /** struct Strides { int s[8]; } */
  STRIDES(".align 4 .b8[32]", Layout.Strides.class);

  final String ptx;
  final Class<?> javaType;

  Arg(String ptx, Class<?> javaType) {
    this.ptx = ptx;
    this.javaType = javaType;
  }

  /** A device address passed to a kernel (already offset to the first element of a view). */
  record Ptr(long address) {}
}

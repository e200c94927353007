package org.reason4j.tensor;

/** Elementwise one-input primitives. Every backend implements all of them for F32 and F64. */
public enum UnaryOp {
  NEG,
  ABS,
  EXP,
  LOG,
  LOG1P,
  SQRT,
  RSQRT,
  TANH,
  SIGMOID,
  RELU,
  SIN,
  COS,
  SIGN,
  RECIPROCAL,
  SQUARE,
  FLOOR,
  CEIL,
  ERF,
  /** Logical not; BOOL in, BOOL out. */
  NOT
}

package org.reason4j.tensor;

/**
 * Elementwise two-input primitives with broadcasting. Arithmetic ops keep the input dtype;
 * comparisons give BOOL; AND/OR take and give BOOL.
 */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  POW,
  MAXIMUM,
  MINIMUM,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  AND,
  OR;

  /** True for the ops whose result is a BOOL mask. */
  public boolean isComparison() {
    return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
  }

  public boolean isLogical() {
    return this == AND || this == OR;
  }
}

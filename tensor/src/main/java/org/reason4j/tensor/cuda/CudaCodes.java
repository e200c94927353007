package org.reason4j.tensor.cuda;

import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Distribution;
import org.reason4j.tensor.ReduceOp;
import org.reason4j.tensor.UnaryOp;

/**
 * The integer codes that kernels receive for dtypes and ops. They are spelled out here and as
 * {@code #define}s in {@code tensor/src/main/cuda/common.cuh}; a test reads that header and checks the
 * two agree, so reordering a Java enum can never silently change what a kernel computes.
 */
final class CudaCodes {
  private CudaCodes() {}

  static int dtype(DType t) {
    switch (t) {
      case F32: return 0;
      case F64: return 1;
      case BF16: return 2;
      case F16: return 3;
      case I32: return 4;
      case I64: return 5;
      case BOOL: return 6;
      default: throw new IllegalArgumentException("cuda: unknown dtype " + t);
    }
  }

  static int unary(UnaryOp op) {
    switch (op) {
      case NEG: return 0;
      case ABS: return 1;
      case EXP: return 2;
      case LOG: return 3;
      case LOG1P: return 4;
      case SQRT: return 5;
      case RSQRT: return 6;
      case TANH: return 7;
      case SIGMOID: return 8;
      case RELU: return 9;
      case SIN: return 10;
      case COS: return 11;
      case SIGN: return 12;
      case RECIPROCAL: return 13;
      case SQUARE: return 14;
      case FLOOR: return 15;
      case CEIL: return 16;
      case ERF: return 17;
      case NOT: return 18;
      default: throw new IllegalArgumentException("cuda: unknown unary op " + op);
    }
  }

  static int binary(BinaryOp op) {
    switch (op) {
      case ADD: return 0;
      case SUB: return 1;
      case MUL: return 2;
      case DIV: return 3;
      case POW: return 4;
      case MAXIMUM: return 5;
      case MINIMUM: return 6;
      case EQ: return 7;
      case NE: return 8;
      case LT: return 9;
      case LE: return 10;
      case GT: return 11;
      case GE: return 12;
      case AND: return 13;
      case OR: return 14;
      default: throw new IllegalArgumentException("cuda: unknown binary op " + op);
    }
  }

  /** R_EXPSUM (5) is internal: the second pass of LOGSUMEXP, which has no code of its own. */
  static final int REDUCE_EXPSUM = 5;

  static int reduce(ReduceOp op) {
    switch (op) {
      case SUM: return 0;
      case MAX: return 1;
      case MIN: return 2;
      case ARGMAX: return 3;
      case ARGMIN: return 4;
      default: throw new IllegalArgumentException("cuda: reduction " + op + " has no single kernel code");
    }
  }

  static int distribution(Distribution d) {
    switch (d) {
      case UNIFORM: return 0;
      case NORMAL: return 1;
      case BERNOULLI: return 2;
      default: throw new IllegalArgumentException("cuda: unknown distribution " + d);
    }
  }

  /** The device error word's codes (E_*) and the ops that raise them (OP_*). */
  enum ErrorCode {
    INDEX(1),
    DIV_ZERO(2),
    TARGET(3);

    final int code;

    ErrorCode(int code) {
      this.code = code;
    }
  }

  enum ErrorOp {
    INDEX_SELECT(1, "indexSelect"),
    INDEX_ADD(2, "indexAdd"),
    GATHER(3, "gather"),
    SCATTER_ADD(4, "scatterAdd"),
    DIV(5, "div"),
    CROSS_ENTROPY(6, "crossEntropy");

    final int code;
    final String opName;

    ErrorOp(int code, String opName) {
      this.code = code;
      this.opName = opName;
    }

    static String nameOf(int code) {
      for (ErrorOp o : values()) if (o.code == code) return o.opName;
      return "a kernel";
    }
  }

  /**
   * The exception the CPU backend would have thrown for a device error word (code, op, value, bound),
   * with a note that the GPU reports it at the next synchronising call.
   */
  static RuntimeException exception(int code, int op, long value, long bound, String device) {
    String where = " (reported by " + device + " at the next transfer to the host)";
    String name = ErrorOp.nameOf(op);
    if (code == ErrorCode.INDEX.code) {
      return new IndexOutOfBoundsException(name + ": index " + value + " is out of range [0, " + bound + ")" + where);
    }
    if (code == ErrorCode.DIV_ZERO.code) return new ArithmeticException("div: integer division by zero" + where);
    if (code == ErrorCode.TARGET.code) {
      return new IndexOutOfBoundsException(name + ": target " + value + " is outside the vocabulary of " + bound + where);
    }
    return new IllegalStateException(name + ": device error code " + code + where);
  }
}

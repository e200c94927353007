package org.reason4j.tensor.cuda;

import org.reason4j.tensor.BinaryOp;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.UnaryOp;

/**
 * Elementwise launches (elementwise.cu): unary, binary with broadcast operands, clamp. The dtype picks
 * the kernel; the op travels as a code. Ops a dtype does not define fail here with the CPU's message.
 */
final class CudaElementwise {
  private CudaElementwise() {}

  static void unary(CudaBackend be, UnaryOp op, Tensor a, Tensor out) {
    int n = out.numel();
    if (n == 0) return;
    DType t = a.dtype();
    Kernel k;
    if (t == DType.BOOL) {
      if (op != UnaryOp.NOT) throw new IllegalArgumentException(op + " is not defined for BOOL");
      Layout l = Layout.of(out, a);
      be.launch1d(Kernel.UNARY_NOT, n, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1));
      return;
    } else if (t == DType.F32 || t == DType.F64) {
      if (op == UnaryOp.NOT) throw new IllegalArgumentException("NOT is not a float op");
      k = t == DType.F32 ? Kernel.UNARY_F32 : Kernel.UNARY_F64;
    } else if (t == DType.I32 || t == DType.I64) {
      if (op != UnaryOp.NEG && op != UnaryOp.ABS && op != UnaryOp.SIGN && op != UnaryOp.SQUARE) {
        throw new IllegalArgumentException(op + " is not defined for integers");
      }
      k = t == DType.I32 ? Kernel.UNARY_I32 : Kernel.UNARY_I64;
    } else {
      throw new IllegalArgumentException(op + ": " + t + " is a storage type; convert with to(DType.F32) first");
    }
    Layout l = Layout.of(out, a);
    be.launch1d(k, n, CudaCodes.unary(op), n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1));
  }

  static void binary(CudaBackend be, BinaryOp op, Tensor a, Tensor b, Tensor out) {
    int n = out.numel();
    if (n == 0) return;
    Layout l = Layout.of(out, a, b);
    DType t = a.dtype();
    int code = CudaCodes.binary(op);
    switch (t) {
      case F32:
      case F64:
        if (op.isLogical()) throw new IllegalArgumentException(op + " is not defined for floats");
        be.launch1d(t == DType.F32 ? Kernel.BINARY_F32 : Kernel.BINARY_F64, n, code, n, l.shapeArg(), be.ptr(out),
            l.stridesArg(0), be.ptr(a), l.stridesArg(1), be.ptr(b), l.stridesArg(2));
        return;
      case I32:
      case I64:
      case BOOL: {
        Kernel k = t == DType.I32 ? Kernel.BINARY_I32 : t == DType.I64 ? Kernel.BINARY_I64 : Kernel.BINARY_BOOL;
        Arg.Ptr err = op == BinaryOp.DIV ? be.errorWord() : new Arg.Ptr(0);
        be.launch1d(k, n, code, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1), be.ptr(b),
            l.stridesArg(2), err);
        return;
      }
      default:
        throw new IllegalArgumentException(op + ": " + t + " is a storage type; convert with to(DType.F32) first");
    }
  }

  static void clamp(CudaBackend be, Tensor a, double lo, double hi, Tensor out) {
    int n = out.numel();
    if (n == 0) return;
    Layout l = Layout.of(out, a);
    switch (a.dtype()) {
      case F32:
        be.launch1d(Kernel.CLAMP_F32, n, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1),
            (float) lo, (float) hi);
        return;
      case F64:
        be.launch1d(Kernel.CLAMP_F64, n, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1), lo, hi);
        return;
      case I32:
      case I64:
      case BOOL:
        be.launch1d(Kernel.CLAMP_INT, n, n, l.shapeArg(), be.ptr(out), l.stridesArg(0), be.ptr(a), l.stridesArg(1),
            CudaCodes.dtype(a.dtype()), lo, hi);
        return;
      default:
        throw new IllegalArgumentException("clamp: " + a.dtype() + " is a storage type; convert with to(DType.F32) first");
    }
  }
}

package org.reason4j.tensor.cuda;

import static org.reason4j.tensor.cuda.Arg.F32;
import static org.reason4j.tensor.cuda.Arg.F64;
import static org.reason4j.tensor.cuda.Arg.I32;
import static org.reason4j.tensor.cuda.Arg.I64;
import static org.reason4j.tensor.cuda.Arg.PTR;
import static org.reason4j.tensor.cuda.Arg.SHAPE;
import static org.reason4j.tensor.cuda.Arg.STRIDES;

/**
 * Every kernel the backend launches: its PTX module, its name in that module and its parameters. The
 * table is the one place Java states a kernel's signature; {@link Launcher} checks each launch against
 * it, and a test checks it against the committed PTX.
 */
enum Kernel {
  COPY_BITS1(Module.COPY, "copy_bits1", Sig.COPY),
  COPY_BITS2(Module.COPY, "copy_bits2", Sig.COPY),
  COPY_BITS4(Module.COPY, "copy_bits4", Sig.COPY),
  COPY_BITS8(Module.COPY, "copy_bits8", Sig.COPY),
  COPY_CONVERT(Module.COPY, "copy_convert", I32, SHAPE, PTR, I32, STRIDES, PTR, I32, STRIDES),
  FILL_BITS8(Module.COPY, "fill_bits8", I32, PTR, I64),
  WHERE_BITS1(Module.COPY, "where_bits1", Sig.WHERE),
  WHERE_BITS2(Module.COPY, "where_bits2", Sig.WHERE),
  WHERE_BITS4(Module.COPY, "where_bits4", Sig.WHERE),
  WHERE_BITS8(Module.COPY, "where_bits8", Sig.WHERE),

  UNARY_F32(Module.ELEMENTWISE, "unary_f32", Sig.UNARY),
  UNARY_F64(Module.ELEMENTWISE, "unary_f64", Sig.UNARY),
  UNARY_I32(Module.ELEMENTWISE, "unary_i32", Sig.UNARY),
  UNARY_I64(Module.ELEMENTWISE, "unary_i64", Sig.UNARY),
  UNARY_NOT(Module.ELEMENTWISE, "unary_not", I32, SHAPE, PTR, STRIDES, PTR, STRIDES),
  BINARY_F32(Module.ELEMENTWISE, "binary_f32", Sig.BINARY),
  BINARY_F64(Module.ELEMENTWISE, "binary_f64", Sig.BINARY),
  BINARY_I32(Module.ELEMENTWISE, "binary_i32", Sig.BINARY_INT),
  BINARY_I64(Module.ELEMENTWISE, "binary_i64", Sig.BINARY_INT),
  BINARY_BOOL(Module.ELEMENTWISE, "binary_bool", Sig.BINARY_INT),
  CLAMP_F32(Module.ELEMENTWISE, "clamp_f32", I32, SHAPE, PTR, STRIDES, PTR, STRIDES, F32, F32),
  CLAMP_F64(Module.ELEMENTWISE, "clamp_f64", I32, SHAPE, PTR, STRIDES, PTR, STRIDES, F64, F64),
  CLAMP_INT(Module.ELEMENTWISE, "clamp_int", I32, SHAPE, PTR, STRIDES, PTR, STRIDES, I32, F64, F64),

  REDUCE_ROWS(Module.REDUCE, "reduce_rows", I32, I32, PTR, I32, I32, I32, PTR, PTR, PTR, I32),
  REDUCE_COLS(Module.REDUCE, "reduce_cols", I32, I32, PTR, I32, I32, I32, I32, I32, PTR, PTR, PTR, I32),
  REDUCE_FINISH(Module.REDUCE, "reduce_finish", I32, I32, I32, PTR, PTR, PTR, I32),
  CUMSUM_LINES(Module.REDUCE, "cumsum_lines", I32, PTR, PTR, I32, I32, I32),
  CUMSUM_ROWS(Module.REDUCE, "cumsum_rows", I32, PTR, PTR, I32),

  SOFTMAX_F32(Module.SOFTMAX, "softmax_f32", PTR, PTR, I32, I32),
  SOFTMAX_F64(Module.SOFTMAX, "softmax_f64", PTR, PTR, I32, I32),

  INDEX_SELECT_BITS1(Module.INDEX, "index_select_bits1", Sig.MOVE),
  INDEX_SELECT_BITS2(Module.INDEX, "index_select_bits2", Sig.MOVE),
  INDEX_SELECT_BITS4(Module.INDEX, "index_select_bits4", Sig.MOVE),
  INDEX_SELECT_BITS8(Module.INDEX, "index_select_bits8", Sig.MOVE),
  GATHER_BITS1(Module.INDEX, "gather_bits1", Sig.MOVE),
  GATHER_BITS2(Module.INDEX, "gather_bits2", Sig.MOVE),
  GATHER_BITS4(Module.INDEX, "gather_bits4", Sig.MOVE),
  GATHER_BITS8(Module.INDEX, "gather_bits8", Sig.MOVE),
  INDEX_ADD_F32(Module.INDEX, "index_add_f32", Sig.ACCUMULATE),
  INDEX_ADD_F64(Module.INDEX, "index_add_f64", Sig.ACCUMULATE),
  SCATTER_ADD_F32(Module.INDEX, "scatter_add_f32", Sig.ACCUMULATE),
  SCATTER_ADD_F64(Module.INDEX, "scatter_add_f64", Sig.ACCUMULATE),
  SCATTER_ADD_I32(Module.INDEX, "scatter_add_i32", Sig.ACCUMULATE),
  SCATTER_ADD_I64(Module.INDEX, "scatter_add_i64", Sig.ACCUMULATE),

  RANDOM_FILL(Module.RANDOM, "random_fill", I32, I32, I32, PTR, I64, I64, I64, F64),

  CROSS_ENTROPY_F32(Module.FUSED, "cross_entropy_f32", Sig.CE),
  CROSS_ENTROPY_F64(Module.FUSED, "cross_entropy_f64", Sig.CE),
  CROSS_ENTROPY_BACKWARD_F32(Module.FUSED, "cross_entropy_backward_f32", Sig.CE_BACKWARD),
  CROSS_ENTROPY_BACKWARD_F64(Module.FUSED, "cross_entropy_backward_f64", Sig.CE_BACKWARD),
  RMS_NORM_F32(Module.FUSED, "rms_norm_f32", PTR, PTR, F64, PTR, PTR, I32),
  RMS_NORM_F64(Module.FUSED, "rms_norm_f64", PTR, PTR, F64, PTR, PTR, I32),
  RMS_NORM_BACKWARD_F32(Module.FUSED, "rms_norm_backward_f32", PTR, PTR, PTR, PTR, PTR, I32),
  RMS_NORM_BACKWARD_F64(Module.FUSED, "rms_norm_backward_f64", PTR, PTR, PTR, PTR, PTR, I32),
  LAYER_NORM_F32(Module.FUSED, "layer_norm_f32", PTR, PTR, PTR, F64, PTR, PTR, PTR, I32),
  LAYER_NORM_F64(Module.FUSED, "layer_norm_f64", PTR, PTR, PTR, F64, PTR, PTR, PTR, I32),
  LAYER_NORM_BACKWARD_F32(Module.FUSED, "layer_norm_backward_f32", PTR, PTR, PTR, PTR, PTR, PTR, I32),
  LAYER_NORM_BACKWARD_F64(Module.FUSED, "layer_norm_backward_f64", PTR, PTR, PTR, PTR, PTR, PTR, I32),
  NORM_GRAD_PARTIAL_F32(Module.FUSED, "norm_grad_partial_f32", Sig.NORM_GRAD),
  NORM_GRAD_PARTIAL_F64(Module.FUSED, "norm_grad_partial_f64", Sig.NORM_GRAD),
  NORM_GRAD_FINISH(Module.FUSED, "norm_grad_finish", I32, I32, I32, PTR, PTR, PTR, PTR),
  ROPE_F32(Module.FUSED, "rope_f32", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32, I32),
  ROPE_F64(Module.FUSED, "rope_f64", PTR, PTR, PTR, PTR, I32, I32, I32, I32, I32, I32),
  ADAMW_F32(Module.FUSED, "adamw_f32", I32, PTR, PTR, PTR, PTR, F32, F32, F32, F32, F32, F32),

  GEMM_SIMT_F32(Module.GEMM, "gemm_simt_f32", Sig.GEMM),
  GEMM_F64(Module.GEMM, "gemm_f64", Sig.GEMM),
  GEMM_TF32_KN(Module.GEMM_TC, "gemm_tf32_kn", Sig.GEMM_TC),
  GEMM_TF32_KK(Module.GEMM_TC, "gemm_tf32_kk", Sig.GEMM_TC),
  GEMM_TF32_MN(Module.GEMM_TC, "gemm_tf32_mn", Sig.GEMM_TC),
  GEMM_TF32_MK(Module.GEMM_TC, "gemm_tf32_mk", Sig.GEMM_TC),
  GEMM_BF16_KN(Module.GEMM_TC, "gemm_bf16_kn", Sig.GEMM_TC),
  GEMM_BF16_KK(Module.GEMM_TC, "gemm_bf16_kk", Sig.GEMM_TC),
  GEMM_BF16_MN(Module.GEMM_TC, "gemm_bf16_mn", Sig.GEMM_TC),
  GEMM_BF16_MK(Module.GEMM_TC, "gemm_bf16_mk", Sig.GEMM_TC);

  /** One PTX resource, compiled from tensor/src/main/cuda/{file}.cu for a virtual architecture. */
  enum Module {
    COPY("copy", 75),
    ELEMENTWISE("elementwise", 75),
    REDUCE("reduce", 75),
    SOFTMAX("softmax", 75),
    INDEX("index", 75),
    RANDOM("random", 75),
    FUSED("fused", 75),
    GEMM("gemm", 75),
    GEMM_TC("gemm_tc", 80);

    final String file;
    /** The compute capability (x10) the PTX targets: the module loads only on such GPUs. */
    final int minArch;

    Module(String file, int minArch) {
      this.file = file;
      this.minArch = minArch;
    }

    String resource() {
      return "/org/reason4j/tensor/cuda/" + file + ".ptx";
    }
  }

  /** Signatures shared by several kernels. */
  private static final class Sig {
    static final Arg[] COPY = {I32, SHAPE, PTR, STRIDES, PTR, STRIDES};
    static final Arg[] WHERE = {I32, SHAPE, PTR, STRIDES, PTR, STRIDES, PTR, STRIDES, PTR, STRIDES};
    static final Arg[] UNARY = {I32, I32, SHAPE, PTR, STRIDES, PTR, STRIDES};
    static final Arg[] BINARY = {I32, I32, SHAPE, PTR, STRIDES, PTR, STRIDES, PTR, STRIDES};
    static final Arg[] BINARY_INT = {I32, I32, SHAPE, PTR, STRIDES, PTR, STRIDES, PTR, STRIDES, PTR};
    static final Arg[] MOVE = {I32, I32, I32, I32, PTR, PTR, I32, PTR, PTR};
    static final Arg[] ACCUMULATE = {I32, I32, I32, I32, I32, PTR, PTR, I32, PTR, PTR};
    static final Arg[] CE = {PTR, PTR, I32, PTR, PTR, I32, PTR};
    static final Arg[] CE_BACKWARD = {PTR, PTR, I32, PTR, PTR, PTR, I32, I32};
    static final Arg[] NORM_GRAD = {PTR, PTR, PTR, PTR, I32, I32, I32, I32, PTR, PTR, PTR, PTR};
    static final Arg[] GEMM = {I32, I32, I32, I32, PTR, I32, I32, I32, PTR, I32, I32, I32, PTR};
    static final Arg[] GEMM_TC = {I32, I32, I32, I32, PTR, I32, I32, I32, I32, PTR, I32, I32, I32, I32, PTR};
  }

  final Module module;
  final String symbol;
  final Arg[] params;

  Kernel(Module module, String symbol, Arg... params) {
    this.module = module;
    this.symbol = symbol;
    this.params = params;
  }

  /** Throws unless the arguments match this kernel's parameters in number and kind. */
  void checkArgs(Object... args) {
    if (args.length != params.length) {
      throw new IllegalArgumentException("cuda: " + symbol + " takes " + params.length + " parameters, got " + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      if (!params[i].javaType.isInstance(args[i])) {
        throw new IllegalArgumentException("cuda: parameter " + i + " of " + symbol + " must be " + params[i] + ", got "
            + (args[i] == null ? "null" : args[i].getClass().getSimpleName()));
      }
    }
  }
}

package org.reason4j.transformer.model;

import org.reason4j.autograd.Var;
import org.reason4j.tensor.Tensor;

/**
 * Scaled dot-product attention with grouped-query heads, causal and padding masks, composed from
 * differentiable primitives (matmul, masked fill, softmax), so it needs no backward of its own.
 *
 * <p>The G query heads that share one key/value head are stacked as rows of one matrix, so a single
 * batched GEMM (B*Hkv of them) computes all scores without copying keys G times. Blocked positions get
 * -inf, which makes their softmax weight exactly 0 and leaves every sum identical whether the past comes
 * from a cache or from the same forward.
 */
final class Attention {
  private Attention() {}

  /**
   * q (B, H, T, D); k, v (B, Hkv, S, D); blocked (B, 1, 1, T, S) BOOL, true where a query may not look.
   * Returns (B, T, H * D).
   */
  static Var attend(Var q, Var k, Var v, Tensor blocked, double scale) {
    int b = q.dim(0), h = q.dim(1), t = q.dim(2), d = q.dim(3);
    int hkv = k.dim(1), s = k.dim(2), g = h / hkv;
    Var qg = q.reshape(b, hkv, g * t, d); // (B, Hkv, G*T, D): heads of a group stacked as rows
    Var scores = qg.matmul(k.transpose(2, 3)).mul(scale); // (B, Hkv, G*T, S)
    Var masked = scores.reshape(b, hkv, g, t, s).maskedFill(blocked, Double.NEGATIVE_INFINITY);
    Var p = masked.softmax(-1).reshape(b, hkv, g * t, s); // (B, Hkv, G*T, S)
    Var out = p.matmul(v); // (B, Hkv, G*T, D)
    return out.reshape(b, h, t, d).transpose(1, 2).reshape(b, t, h * d); // (B, T, H*D)
  }

  /**
   * The mask of blocked (query, key) pairs: key j is blocked for query i when it is padding or lies in
   * the future (j > past + i). keyMask (B, S) may be null (all real). Shape (B, 1, 1, T, S).
   */
  static Tensor blockedMask(Tensor keyMask, int b, int t, int s) {
    boolean[] valid = keyMask == null ? null : keyMask.toBoolArray();
    int past = s - t;
    boolean[] blocked = new boolean[b * t * s];
    for (int r = 0; r < b; r++) {
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < s; j++) {
          boolean pad = valid != null && !valid[r * s + j];
          blocked[(r * t + i) * s + j] = pad || j > past + i;
        }
      }
    }
    return Tensor.of(blocked, b, 1, 1, t, s);
  }
}

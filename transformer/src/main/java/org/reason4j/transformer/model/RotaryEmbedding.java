package org.reason4j.transformer.model;

import org.reason4j.tensor.Backend;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;

/**
 * Rotary position embedding tables, computed as Hugging Face's LlamaRotaryEmbedding does (in float32,
 * so angles at long positions round the same way): inv_freq[i] = 1 / theta^(2i / D), with the "linear"
 * and "llama3" frequency scalings, and cos/sin of position * inv_freq. The rotation itself is the fused
 * {@code Rope} op.
 */
public final class RotaryEmbedding {
  private final float[] invFreq; // D/2

  public RotaryEmbedding(ModelConfig c) {
    int d = c.headDim();
    invFreq = new float[d / 2];
    for (int i = 0; i < d / 2; i++) {
      float exponent = (float) (2 * i) / (float) d;
      invFreq[i] = 1.0f / (float) Math.pow(c.ropeTheta(), exponent);
    }
    ModelConfig.RopeScaling s = c.ropeScaling();
    if (s != null && s.type().equals("linear")) {
      for (int i = 0; i < invFreq.length; i++) invFreq[i] = (float) (invFreq[i] / s.factor());
    } else if (s != null && s.type().equals("llama3")) {
      scaleLlama3(s);
    }
  }

  /** Llama 3.1's scaling: long wavelengths slowed by factor, short ones kept, a smooth blend between. */
  private void scaleLlama3(ModelConfig.RopeScaling s) {
    double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
    double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
    for (int i = 0; i < invFreq.length; i++) {
      float f = invFreq[i];
      double wavelen = 2 * Math.PI / f;
      float scaled = wavelen > lowWavelen ? (float) (f / s.factor()) : f;
      if (!(wavelen < highWavelen) && !(wavelen > lowWavelen)) {
        double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
        scaled = (float) ((1 - smooth) * scaled / s.factor() + smooth * scaled);
      }
      invFreq[i] = scaled;
    }
  }

  public float[] invFreq() {
    return invFreq.clone();
  }

  /** cos and sin tables (B, T, D/2) for integer positions (B, T). */
  public Tensor[] tables(Tensor positions, Backend backend) {
    long[] pos = positions.toLongArray();
    int b = positions.dim(0), t = positions.dim(1), h = invFreq.length;
    float[] cos = new float[b * t * h], sin = new float[b * t * h];
    for (int i = 0; i < b * t; i++) {
      float p = (float) pos[i];
      for (int j = 0; j < h; j++) {
        float angle = invFreq[j] * p;
        cos[i * h + j] = (float) Math.cos(angle);
        sin[i * h + j] = (float) Math.sin(angle);
      }
    }
    return new Tensor[] {
      Tensor.fromHost(backend, cos, DType.F32, cos.length, b, t, h),
      Tensor.fromHost(backend, sin, DType.F32, sin.length, b, t, h)
    };
  }
}

package org.reason4j.autograd;

import org.reason4j.tensor.Tensor;

/**
 * What an op's forward leaves for its backward: saved tensors, saved shapes, and which inputs need a
 * gradient. The engine drops it after the backward has run, so saved activations are freed as soon as
 * they are no longer needed.
 */
public final class Ctx {
  private final boolean[] needsGrad;
  private Tensor[] saved = new Tensor[0];
  private int[][] shapes = new int[0][];
  private boolean released;

  Ctx(boolean[] needsGrad) {
    this.needsGrad = needsGrad;
  }

  /** True when input i requires a gradient; ops skip the work for the others. */
  public boolean needsGrad(int i) {
    return needsGrad[i];
  }

  public void save(Tensor... tensors) {
    saved = tensors;
  }

  public Tensor saved(int i) {
    if (released) {
      throw new IllegalStateException(
          "backward through a graph a second time: its saved tensors were already freed");
    }
    return saved[i];
  }

  public void saveShapes(int[]... s) {
    shapes = s;
  }

  public int[] shape(int i) {
    return shapes[i];
  }

  public int shapeCount() {
    return shapes.length;
  }

  void release() {
    saved = null;
    released = true;
  }
}

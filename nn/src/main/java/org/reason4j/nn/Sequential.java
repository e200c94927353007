package org.reason4j.nn;

import java.util.List;
import org.reason4j.autograd.Var;

/**
 * Layers applied one after another. Entries that are modules are registered under their position, as in
 * torch.nn.Sequential: {@code new Sequential(new Linear(...), Activation.RELU, new Linear(...))} has the
 * parameters {@code 0.weight, 0.bias, 2.weight, 2.bias}.
 */
public final class Sequential extends Module implements Layer {
  private final List<Layer> layers;

  public Sequential(Layer... layers) {
    this.layers = List.of(layers);
    for (int i = 0; i < layers.length; i++) {
      if (layers[i] instanceof Module) registerModule(Integer.toString(i), (Module) layers[i]);
    }
  }

  @Override
  public Var forward(Var x) {
    for (Layer layer : layers) x = layer.forward(x);
    return x;
  }

  public Layer get(int index) {
    return layers.get(index);
  }

  public int size() {
    return layers.size();
  }
}

package org.reason4j.nn;

import java.util.Locale;
import org.reason4j.autograd.Var;

/**
 * The pointwise nonlinearities of the models this project loads, as a closed set. They have no
 * parameters, so they are not modules; each is a {@link Layer} and can sit in a {@link Sequential}.
 */
public enum Activation implements Layer {
  RELU,
  /** Exact GELU, x * Phi(x) (BERT, torch's default). */
  GELU,
  /** GELU with the tanh approximation (GPT-2's gelu_new, gelu_pytorch_tanh). */
  GELU_TANH,
  /** x * sigmoid(x), also called swish (Llama, Mistral, Qwen MLPs). */
  SILU;

  @Override
  public Var forward(Var x) {
    switch (this) {
      case RELU: return x.relu();
      case GELU: return x.gelu();
      case GELU_TANH: return x.geluTanh();
      case SILU: return x.silu();
      default: throw new AssertionError(this);
    }
  }

  /** The activation a Hugging Face config names in {@code hidden_act} / {@code activation_function}. */
  public static Activation fromHuggingFace(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "relu": return RELU;
      case "gelu": return GELU;
      case "gelu_new":
      case "gelu_pytorch_tanh":
      case "gelu_fast":
        return GELU_TANH;
      case "silu":
      case "swish":
        return SILU;
      default:
        throw new IllegalArgumentException("unknown activation '" + name
            + "': supported are relu, gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, silu, swish");
    }
  }
}

package org.reason4j.nn.optim;

import org.reason4j.autograd.Var;

/**
 * Which parameters an optimizer applies weight decay to, decided once per parameter from its name and
 * value. A researcher's own rule is one lambda, e.g. {@code (name, p) -> !name.endsWith("embed_tokens.weight")}.
 */
@FunctionalInterface
public interface DecayRule {
  boolean decays(String name, Var parameter);

  /** Decay everything (PyTorch's default). */
  DecayRule ALL = (name, parameter) -> true;

  /** nanoGPT's rule: matrices (weights, embeddings) decay; vectors (biases, norm gains) do not. */
  DecayRule MATRICES_ONLY = (name, parameter) -> parameter.rank() >= 2;
}

package org.reason4j.rl.trainer;

import org.reason4j.transformer.model.CausalLM;

/** π_ref: a frozen copy of the start model, for KL terms (ALGORITHMS §0). Only ever run without gradients. */
final class Reference {
  private Reference() {}

  /** A new model with copies of the current weights; later updates of {@code model} do not reach it. */
  static CausalLM frozenCopy(CausalLM model) {
    CausalLM copy = CausalLM.empty(model.config());
    copy.loadStateDict(model.stateDict(), true);
    copy.eval();
    return copy;
  }
}

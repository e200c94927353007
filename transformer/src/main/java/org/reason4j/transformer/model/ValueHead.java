package org.reason4j.transformer.model;

import org.reason4j.autograd.Var;
import org.reason4j.nn.Dropout;
import org.reason4j.nn.Linear;
import org.reason4j.nn.Module;
import org.reason4j.tensor.Rng;

/**
 * The value head PPO needs (ReFT, TRL's {@code v_head}): V = Linear(C, 1)(Dropout(h)) on the last hidden
 * state at every position. It attaches to any {@link CausalLM}; its keys are {@code summary.weight} and
 * {@code summary.bias}, so under a parent registered as "v_head" they match TRL checkpoints.
 */
public final class ValueHead extends Module {
  private final Dropout dropout;
  private final Linear summary;

  /** A freshly initialised head (N(0, std^2) weight, zero bias, as TRL does). */
  public ValueHead(int hidden, double dropoutP, Rng rng) {
    dropout = registerModule("dropout", new Dropout(dropoutP, rng.fork(7)));
    summary = registerModule("summary", new Linear(Var.param(rng.normal(1, hidden).mul(0.02)), CausalLM.zeros(1)));
  }

  /** hidden (B, T, C) -> values (B, T). */
  public Var forward(Var hidden) {
    Var v = summary.forward(dropout.forward(hidden)); // (B, T, 1)
    return v.squeeze(-1);
  }
}

package org.reason4j.nn;

import org.reason4j.autograd.Var;

/**
 * Anything that maps a Var to a Var: most layers, the {@link Activation}s, and plain functions such as
 * {@code Var::tanh}, so a {@link Sequential} can mix modules and functions.
 */
@FunctionalInterface
public interface Layer {
  Var forward(Var x);
}

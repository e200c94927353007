package org.reason4j.autograd;

import org.reason4j.tensor.Tensor;

/**
 * One differentiable operation: its forward and its backward side by side, in one file per op under
 * {@code org.reason4j.autograd.ops}. An op is usually a record whose components are its parameters
 * (an axis, a shape, a constant index tensor); {@link Var#apply} runs it and records it in the graph.
 *
 * <p>{@code backward} returns one gradient per input, each with that input's shape (use
 * {@link Tensor#sumTo} to undo broadcasting), or null for inputs that need none
 * ({@link Ctx#needsGrad(int)}).
 */
public interface Function {
  Tensor forward(Ctx ctx, Tensor... inputs);

  Tensor[] backward(Ctx ctx, Tensor gradOutput);
}

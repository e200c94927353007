package org.reason4j.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.Tensor;

/**
 * Reverse-mode differentiation over the recorded graph. The graph is sorted with an explicit stack (no
 * recursion, so a graph thousands of ops deep is fine), gradients flow from the output back to the
 * leaves, a node used several times receives the sum of its gradients, and each node's saved tensors
 * are dropped as soon as its backward has run.
 */
final class Backward {
  private Backward() {}

  static void run(Var root, Tensor seed) {
    if (!Shape.equal(seed.shape(), root.value().shape())) {
      throw new IllegalArgumentException("backward: seed " + Shape.str(seed.shape()) + " does not match output " + Shape.str(root.value().shape()));
    }
    List<Var> order = topologicalOrder(root);
    Map<Var, Tensor> grads = new IdentityHashMap<>();
    // Storages already owned by a leaf's gradient (or by the caller, the seed): a second holder copies.
    Set<Storage> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    handedOut.add(seed.storage());
    grads.put(root, seed);
    for (int i = order.size() - 1; i >= 0; i--) {
      Var v = order.get(i);
      Tensor g = grads.remove(v);
      if (g == null) continue; // not on a path from the root with a gradient
      if (v.node() == null) {
        v.accumulateGrad(g, !handedOut.add(g.storage()));
        continue;
      }
      Var.Node node = v.node();
      Tensor[] inGrads = node.fn().backward(node.ctx(), g);
      node.ctx().release();
      Var[] inputs = node.inputs();
      for (int k = 0; k < inputs.length; k++) {
        Var in = inputs[k];
        if (!in.requiresGrad() || inGrads[k] == null) continue;
        if (!Shape.equal(inGrads[k].shape(), in.value().shape())) {
          throw new IllegalStateException(node.fn().getClass().getSimpleName() + ".backward gave a gradient of shape "
              + Shape.str(inGrads[k].shape()) + " for input " + k + " of shape " + Shape.str(in.value().shape()));
        }
        Tensor prev = grads.get(in);
        grads.put(in, prev == null ? inGrads[k] : prev.add(inGrads[k]));
      }
    }
  }

  /** Every Var that requires grad and is reachable from root, inputs before the ops that use them. */
  private static List<Var> topologicalOrder(Var root) {
    List<Var> order = new ArrayList<>();
    Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> stack = new ArrayDeque<>(); // {var, next input index}
    stack.push(new Object[] {root, 0});
    visited.add(root);
    while (!stack.isEmpty()) {
      Object[] top = stack.peek();
      Var v = (Var) top[0];
      int next = (Integer) top[1];
      Var[] inputs = v.node() == null ? new Var[0] : v.node().inputs();
      if (next < inputs.length) {
        top[1] = next + 1;
        Var in = inputs[next];
        if (in.requiresGrad() && visited.add(in)) stack.push(new Object[] {in, 0});
      } else {
        stack.pop();
        order.add(v);
      }
    }
    return order;
  }
}

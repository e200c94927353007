package org.reason4j.examples;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Stop 1 of the reading path: automatic differentiation on single numbers, in one file (micrograd,
 * written in Java). A {@link Value} remembers the values it was made from and, next to each op's
 * forward, a closure that applies the chain rule for that op. {@link Value#backward()} runs those
 * closures from the output back to the inputs. {@code main} trains a tiny MLP with it on a 2-D toy set.
 *
 * <p>It is deliberately not the real engine: one number per node, no tensors, no broadcasting, no
 * freeing of the graph. Everything it shows carries over to {@code org.reason4j.autograd}.
 * Run: {@code java -cp examples/target/classes org.reason4j.examples.ScalarAutograd}
 */
public final class ScalarAutograd {
  private ScalarAutograd() {}

  /** A number with its gradient d(output)/d(this) and the recipe for passing that gradient on. */
  public static final class Value {
    public double data;
    public double grad;
    private final Value[] children;
    private Runnable backward = () -> {}; // leaves have nobody to pass a gradient to

    public Value(double data) {
      this(data, new Value[0]);
    }

    private Value(double data, Value... children) {
      this.data = data;
      this.children = children;
    }

    // Each op: compute the result, then say how out.grad flows to the inputs. "+=" because an input
    // used twice (x * x) receives a gradient from each use.

    public Value add(Value o) {
      Value out = new Value(data + o.data, this, o);
      out.backward = () -> {
        grad += out.grad;          // d(a + b)/da = 1
        o.grad += out.grad;        // d(a + b)/db = 1
      };
      return out;
    }

    public Value mul(Value o) {
      Value out = new Value(data * o.data, this, o);
      out.backward = () -> {
        grad += o.data * out.grad; // d(a * b)/da = b
        o.grad += data * out.grad; // d(a * b)/db = a
      };
      return out;
    }

    /** this^p for a constant p. */
    public Value pow(double p) {
      Value out = new Value(Math.pow(data, p), this);
      out.backward = () -> grad += p * Math.pow(data, p - 1) * out.grad;
      return out;
    }

    public Value relu() {
      Value out = new Value(Math.max(data, 0), this);
      out.backward = () -> grad += (data > 0 ? 1 : 0) * out.grad;
      return out;
    }

    public Value tanh() {
      double t = Math.tanh(data);
      Value out = new Value(t, this);
      out.backward = () -> grad += (1 - t * t) * out.grad;
      return out;
    }

    public Value exp() {
      double e = Math.exp(data);
      Value out = new Value(e, this);
      out.backward = () -> grad += e * out.grad;
      return out;
    }

    // Composites: built from the ops above, so they need no backward of their own.

    public Value add(double c) {
      return add(new Value(c));
    }

    public Value mul(double c) {
      return mul(new Value(c));
    }

    public Value neg() {
      return mul(-1);
    }

    public Value sub(Value o) {
      return add(o.neg());
    }

    public Value div(Value o) {
      return mul(o.pow(-1));
    }

    /** Fills in grad for every value this one was computed from: d(this)/d(that value). */
    public void backward() {
      List<Value> order = topologicalOrder();
      grad = 1; // d(this)/d(this)
      for (int i = order.size() - 1; i >= 0; i--) order.get(i).backward.run(); // outputs before inputs
    }

    /**
     * Every value behind this one, each after all the values it was made from. Iterative, with an
     * explicit stack: micrograd's recursive version needs one JVM stack frame per node of the longest
     * path, so a graph built by a loop of some ten thousand steps (a long sum, an unrolled sequence)
     * dies with StackOverflowError. The real engine ({@code Backward}) sorts the same way.
     */
    private List<Value> topologicalOrder() {
      List<Value> order = new ArrayList<>();
      Set<Value> entered = new HashSet<>(), finished = new HashSet<>();
      Deque<Value> stack = new ArrayDeque<>();
      stack.push(this);
      while (!stack.isEmpty()) {
        Value v = stack.peek();
        if (entered.add(v)) {
          for (Value c : v.children) if (!entered.contains(c)) stack.push(c); // children first
        } else {
          stack.pop(); // seen again: all of its children are finished
          if (finished.add(v)) order.add(v);
        }
      }
      return order;
    }

    @Override
    public String toString() {
      return "Value(data=" + data + ", grad=" + grad + ")";
    }
  }

  /** A fully connected network: tanh hidden layers, a linear output. */
  static final class Mlp {
    private final List<Value[]> weights = new ArrayList<>(); // per layer: (out x in) row-major
    private final List<Value[]> biases = new ArrayList<>();
    private final int[] sizes;

    Mlp(Random random, int... sizes) {
      this.sizes = sizes;
      for (int l = 0; l + 1 < sizes.length; l++) {
        Value[] w = new Value[sizes[l + 1] * sizes[l]], b = new Value[sizes[l + 1]];
        for (int i = 0; i < w.length; i++) w[i] = new Value(random.nextGaussian() / Math.sqrt(sizes[l]));
        for (int i = 0; i < b.length; i++) b[i] = new Value(0);
        weights.add(w);
        biases.add(b);
      }
    }

    Value[] forward(Value... x) {
      for (int l = 0; l < weights.size(); l++) {
        Value[] y = new Value[sizes[l + 1]];
        for (int o = 0; o < y.length; o++) {
          Value s = biases.get(l)[o];
          for (int i = 0; i < x.length; i++) s = s.add(weights.get(l)[o * x.length + i].mul(x[i]));
          y[o] = l + 2 < sizes.length ? s.tanh() : s; // no squashing on the output layer
        }
        x = y;
      }
      return x;
    }

    List<Value> parameters() {
      List<Value> p = new ArrayList<>();
      for (int l = 0; l < weights.size(); l++) {
        p.addAll(List.of(weights.get(l)));
        p.addAll(List.of(biases.get(l)));
      }
      return p;
    }
  }

  /**
   * Trains a 2-16-16-1 MLP with full-batch gradient descent on a ring-vs-disc set (label +1 inside a
   * circle, -1 outside), minimising the hinge loss mean(relu(1 - y * score)) plus a small L2 penalty.
   * Returns the loss of every step.
   */
  static double[] train(int steps, boolean print) {
    Random random = new Random(1337);
    int n = 80;
    double[][] points = new double[n][];
    double[] labels = new double[n];
    for (int i = 0; i < n; i++) {
      double angle = random.nextDouble() * 2 * Math.PI, r = i % 2 == 0 ? 0.6 * random.nextDouble() : 1.0 + 0.6 * random.nextDouble();
      points[i] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
      labels[i] = i % 2 == 0 ? 1 : -1;
    }
    Mlp model = new Mlp(random, 2, 16, 16, 1);
    double[] losses = new double[steps];
    for (int step = 0; step < steps; step++) {
      Value loss = new Value(0);
      int correct = 0;
      for (int i = 0; i < n; i++) {
        Value score = model.forward(new Value(points[i][0]), new Value(points[i][1]))[0];
        loss = loss.add(score.mul(-labels[i]).add(1).relu()); // hinge: zero once the margin is 1
        if (score.data * labels[i] > 0) correct++;
      }
      Value l2 = new Value(0);
      for (Value p : model.parameters()) l2 = l2.add(p.pow(2));
      loss = loss.mul(1.0 / n).add(l2.mul(1e-4));
      for (Value p : model.parameters()) p.grad = 0; // gradients accumulate, so clear them first
      loss.backward();
      double lr = 0.5 * (1 - 0.9 * step / steps);
      for (Value p : model.parameters()) p.data -= lr * p.grad;
      losses[step] = loss.data;
      if (print && (step % 10 == 0 || step == steps - 1)) {
        System.out.printf("step %3d  loss %.4f  accuracy %d/%d%n", step, loss.data, correct, n);
      }
    }
    return losses;
  }

  public static void main(String[] args) {
    train(100, true);
  }
}

// Next stop: autograd/src/main/java/org/reason4j/autograd/ops/Mul.java, the same mul with tensors:
// forward and backward side by side, with broadcasting undone by sumTo. Then Var.java (the Value of
// this file, holding a Tensor) and Backward.java (backward() above, for tensors, freeing as it goes).

package org.reason4j.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * What every optimizer shares: the named parameters in a fixed order, per-parameter state (a step count
 * and named tensors such as {@code exp_avg}), the learning rate, and a state dict that makes a resumed
 * run continue bit for bit. A subclass writes only the update rule, {@link #update}.
 *
 * <p>State dict keys: {@code state.<param>.step} (I64 scalar), {@code state.<param>.<tensor>} (the
 * parameter's shape and dtype) and {@code lr} (F64 scalar). Hyperparameters other than the learning
 * rate are configuration and are not saved. Parameters that never had a gradient have no state yet.
 */
public abstract class Optimizer {
  private final List<Slot> slots = new ArrayList<>();
  private final List<String> stateNames;
  private double lr;

  /** One parameter and its state. */
  protected static final class Slot {
    private final String name;
    private final Var param;
    private final boolean decays;
    private long step;
    private final Map<String, Tensor> state = new LinkedHashMap<>();

    private Slot(String name, Var param, boolean decays) {
      this.name = name;
      this.param = param;
      this.decays = decays;
    }

    public String name() {
      return name;
    }

    public Var param() {
      return param;
    }

    /** Whether the optimizer's weight decay applies to this parameter (its {@link DecayRule}). */
    public boolean decays() {
      return decays;
    }

    /** Updates taken, including the current one (1 on the first). */
    public long step() {
      return step;
    }

    /** A state tensor, created as zeros shaped like the parameter on first use. */
    public Tensor state(String key) {
      return state.computeIfAbsent(key, k -> param.value().zerosLike());
    }

    /** The parameter's value, made contiguous first so it can be updated in place. */
    public Tensor value() {
      if (!param.value().isContiguous()) param.assign(param.value().contiguous());
      return param.value();
    }
  }

  /**
   * @param params named parameters in a fixed order (as from {@code Module.namedParameters()})
   * @param stateNames the state tensors each parameter gets (they appear in the state dict)
   */
  protected Optimizer(Map<String, Var> params, double lr, DecayRule decayRule, List<String> stateNames) {
    if (params.isEmpty()) throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimize");
    for (var e : params.entrySet()) slots.add(new Slot(e.getKey(), e.getValue(), decayRule.decays(e.getKey(), e.getValue())));
    this.stateNames = List.copyOf(stateNames);
    setLr(lr);
  }

  /** Applies the update rule to one parameter with its gradient (same shape, dtype and device). */
  protected abstract void update(Slot slot, Tensor grad);

  /** One update of every parameter that has a gradient; the others are skipped, as in PyTorch. */
  public final void step() {
    for (Slot s : slots) {
      Tensor g = s.param.grad();
      if (g == null) continue;
      s.step++;
      update(s, g.contiguous());
    }
  }

  /** Drops every parameter's gradient. */
  public final void zeroGrad() {
    for (Slot s : slots) s.param.zeroGrad();
  }

  public final double lr() {
    return lr;
  }

  /** Sets the learning rate for the next steps (a schedule calls this before each step). */
  public final void setLr(double lr) {
    if (!(lr >= 0) || Double.isInfinite(lr)) throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate " + lr + " must be finite and >= 0");
    this.lr = lr;
  }

  /** Which parameters get weight decay, by name: for logging what a {@link DecayRule} decided. */
  public final List<String> decayedParameters() {
    List<String> out = new ArrayList<>();
    for (Slot s : slots) if (s.decays) out.add(s.name);
    return out;
  }

  // ------------------------------------------------------------------ state dict

  /** The optimizer's state as named tensors: live values, so save or copy them before the next step. */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("lr", Tensor.scalar(Backends.cpu(), DType.F64, lr));
    for (Slot s : slots) {
      if (s.step == 0) continue;
      out.put("state." + s.name + ".step", Tensor.scalar(Backends.cpu(), DType.I64, s.step));
      for (var e : s.state.entrySet()) out.put("state." + s.name + "." + e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * Replaces all state with a saved one. Each problem (an unknown key, a shape mismatch, a parameter
   * with part of its state) is found before anything changes and reported in one message.
   */
  public final void loadStateDict(Map<String, Tensor> stateDict) {
    Map<String, Slot> byName = new LinkedHashMap<>();
    for (Slot s : slots) byName.put(s.name, s);
    Map<Slot, Map<String, Tensor>> found = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (var e : stateDict.entrySet()) {
      String key = e.getKey();
      if (key.equals("lr")) continue;
      String[] split = splitKey(key, byName);
      if (split == null) {
        problems.add("unexpected key '" + key + "'");
        continue;
      }
      Slot s = byName.get(split[0]);
      Tensor t = e.getValue();
      int[] want = split[1].equals("step") ? new int[0] : s.param.value().shape();
      if (!Shape.equal(t.shape(), want)) {
        problems.add("shape mismatch for '" + key + "': saved " + Shape.str(t.shape()) + ", expected " + Shape.str(want));
      } else if (!split[1].equals("step") && !t.dtype().isFloat()) {
        problems.add("dtype of '" + key + "' is " + t.dtype() + ", expected a floating-point type");
      }
      found.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(split[1], t);
    }
    for (var e : found.entrySet()) {
      for (String n : required()) {
        if (!e.getValue().containsKey(n)) problems.add("missing key 'state." + e.getKey().name + "." + n + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: " + problems.size()
          + " problem(s):\n  " + String.join("\n  ", problems));
    }
    if (stateDict.containsKey("lr")) setLr(stateDict.get("lr").item());
    for (Slot s : slots) {
      s.step = 0;
      s.state.clear();
      Map<String, Tensor> saved = found.get(s);
      if (saved == null) continue;
      s.step = (long) saved.get("step").item();
      for (String n : stateNames) {
        Tensor dst = s.param.value().zerosLike();
        s.state.put(n, dst.copyFrom(saved.get(n).to(dst.device())));
      }
    }
  }

  private List<String> required() {
    List<String> r = new ArrayList<>(stateNames);
    r.add(0, "step");
    return r;
  }

  /** "state.<param>.<entry>" -> {param, entry}; param names may contain dots, entries do not. */
  private String[] splitKey(String key, Map<String, Slot> byName) {
    if (!key.startsWith("state.")) return null;
    String rest = key.substring("state.".length());
    int dot = rest.lastIndexOf('.');
    if (dot <= 0) return null;
    String param = rest.substring(0, dot), entry = rest.substring(dot + 1);
    if (!byName.containsKey(param) || !required().contains(entry)) return null;
    return new String[] {param, entry};
  }
}

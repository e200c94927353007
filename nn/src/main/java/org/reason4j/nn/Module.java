package org.reason4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Shape;
import org.reason4j.tensor.Tensor;

/**
 * The base of every layer and model: a tree of named parameters, buffers and submodules, in the manner
 * of torch.nn.Module. A subclass registers what it owns in its constructor under the checkpoint's name
 * and keeps the returned object in a field named after it (camelCase), so the dotted names
 * ({@code layers.0.self_attn.q_proj.weight}) are the Hugging Face keys and loading is a copy by key:
 *
 * <pre>{@code
 * this.weight = registerParameter("weight", Var.param(Tensor.ones(dim)));
 * this.qProj = registerModule("q_proj", new Linear(c, c, true, rng));
 * }</pre>
 *
 * <p>Order follows PyTorch: a module's own parameters, then its own buffers, then each child in
 * registration order. A {@link Var} registered under two names (tied embeddings) is one parameter: it
 * is listed, counted, moved and saved once under its first name, and loading accepts either name.
 *
 * <p>There is no {@code forward} here, because layers differ in what they take (an {@link Embedding}
 * takes token ids); layers that map a Var to a Var also implement {@link Layer}.
 */
public abstract class Module {
  private final Map<String, Var> parameters = new LinkedHashMap<>();
  private final Map<String, Var> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new LinkedHashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** What a non-strict {@link #loadStateDict} left out: keys the model wanted and keys it did not know. */
  public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

  // ------------------------------------------------------------------ registration

  /**
   * Adds a parameter under {@code name} and returns it. A {@link Var#constant} is allowed and is then a
   * frozen weight: saved, loaded and moved like the others, but optimizers never see a gradient for it.
   */
  protected final Var registerParameter(String name, Var parameter) {
    checkNewName(name);
    if (!parameter.isLeaf()) throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name + "' must be a leaf Var, not a computed value");
    parameters.put(name, parameter);
    return parameter;
  }

  /**
   * Adds a tensor that is part of the module's state but not trained (RoPE tables, running statistics)
   * and returns it as a constant Var, whose value {@link #to(Device)} and {@link #loadStateDict} replace.
   * Only persistent buffers are in the state dict.
   */
  protected final Var registerBuffer(String name, Tensor value, boolean persistent) {
    checkNewName(name);
    Var buffer = Var.constant(value);
    buffers.put(name, buffer);
    if (!persistent) nonPersistent.add(name);
    return buffer;
  }

  /**
   * Adds a submodule and returns it. The name may contain dots ({@code "model.embed_tokens"}) when a
   * checkpoint nests a level that has no class of its own here.
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkNewName(name);
    if (module == this) throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot contain itself");
    children.put(name, module);
    return module;
  }

  private void checkNewName(String name) {
    if (name.isEmpty() || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "'");
    }
    if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already registered");
    }
  }

  // ------------------------------------------------------------------ traversal

  /** Every parameter with its dotted name, each Var once (its first name), in PyTorch's order. */
  public final Map<String, Var> namedParameters() {
    Map<String, Var> out = new LinkedHashMap<>();
    Set<Var> seen = identitySet();
    walk("", (name, v, kind) -> {
      if (kind == Kind.PARAMETER && seen.add(v)) out.put(name, v);
    });
    return out;
  }

  public final List<Var> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** This module ("") and every submodule below it, with dotted names, parents before children. */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    collectModules("", out);
    return out;
  }

  private void collectModules(String prefix, Map<String, Module> out) {
    out.putIfAbsent(prefix, this);
    for (var e : children.entrySet()) {
      e.getValue().collectModules(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
    }
  }

  /** Number of scalar parameters (tied weights counted once). */
  public final long numParameters() {
    long n = 0;
    for (Var p : namedParameters().values()) n += p.value().numel();
    return n;
  }

  private enum Kind {
    PARAMETER,
    BUFFER,
    NON_PERSISTENT_BUFFER
  }

  private interface Visitor {
    void visit(String name, Var value, Kind kind);
  }

  /** Own parameters, own buffers, then children: the order of PyTorch's state_dict. */
  private void walk(String prefix, Visitor visitor) {
    for (var e : parameters.entrySet()) visitor.visit(prefix + e.getKey(), e.getValue(), Kind.PARAMETER);
    for (var e : buffers.entrySet()) {
      Kind kind = nonPersistent.contains(e.getKey()) ? Kind.NON_PERSISTENT_BUFFER : Kind.BUFFER;
      visitor.visit(prefix + e.getKey(), e.getValue(), kind);
    }
    for (var e : children.entrySet()) e.getValue().walk(prefix + e.getKey() + ".", visitor);
  }

  private static Set<Var> identitySet() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  // ------------------------------------------------------------------ modes, gradients, devices

  /** Sets training mode here and in every submodule (dropout is active only in training). */
  public final Module train(boolean mode) {
    training = mode;
    for (Module m : children.values()) m.train(mode);
    return this;
  }

  public final Module train() {
    return train(true);
  }

  public final Module eval() {
    return train(false);
  }

  public final boolean isTraining() {
    return training;
  }

  /** Drops every parameter's gradient (PyTorch's set_to_none). */
  public final void zeroGrad() {
    for (Var p : parameters()) p.zeroGrad();
  }

  /** Moves every parameter, gradient and buffer to a device; returns this module. */
  public final Module to(Device device) {
    Set<Var> seen = identitySet();
    walk("", (name, v, kind) -> {
      if (!seen.add(v)) return;
      v.assign(v.value().to(device));
      if (v.grad() != null) v.setGrad(v.grad().to(device));
    });
    return this;
  }

  // ------------------------------------------------------------------ state dicts

  /**
   * Parameters and persistent buffers by dotted name, ready for a safetensors writer. The tensors are
   * the live values, not copies (as in PyTorch): save them, or copy them, before the next optimizer step.
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Var> seen = identitySet();
    walk("", (name, v, kind) -> {
      if (kind != Kind.NON_PERSISTENT_BUFFER && seen.add(v)) out.put(name, v.value());
    });
    return out;
  }

  /**
   * Copies tensors into the parameters and persistent buffers of the same names, converting the dtype
   * (a BF16 or F16 checkpoint loads into F32 weights) and the device. Every problem is found before
   * anything is written and reported in one message that names each key: shape mismatches and
   * non-floating-point tensors always, missing and unexpected keys when {@code strict}. Without
   * {@code strict} the keys left out are returned.
   */
  public final LoadResult loadStateDict(Map<String, Tensor> stateDict, boolean strict) {
    Map<String, Var> byName = new LinkedHashMap<>(); // every name, aliases of tied weights included
    Map<Var, List<String>> namesOf = new IdentityHashMap<>();
    walk("", (name, v, kind) -> {
      if (kind == Kind.NON_PERSISTENT_BUFFER) return;
      byName.put(name, v);
      namesOf.computeIfAbsent(v, k -> new ArrayList<>()).add(name);
    });
    List<String> problems = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    for (var e : namesOf.entrySet()) {
      boolean any = false;
      for (String n : e.getValue()) any |= stateDict.containsKey(n);
      if (!any) missing.add(e.getValue().get(0));
    }
    for (var e : stateDict.entrySet()) {
      Var target = byName.get(e.getKey());
      if (target == null) {
        unexpected.add(e.getKey());
      } else {
        String problem = checkLoadable(e.getKey(), e.getValue(), target.value());
        if (problem != null) problems.add(problem);
      }
    }
    if (strict) {
      for (String k : missing) problems.add("missing key '" + k + "'");
      for (String k : unexpected) problems.add("unexpected key '" + k + "'");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("loadStateDict into " + getClass().getSimpleName() + ": "
          + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
    }
    for (var e : stateDict.entrySet()) {
      Var target = byName.get(e.getKey());
      if (target != null) target.value().copyFrom(e.getValue().to(target.value().device()));
    }
    return strict ? new LoadResult(List.of(), List.of()) : new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
  }

  /** Null when src can be copied into dst; otherwise a sentence naming the key. */
  private static String checkLoadable(String key, Tensor src, Tensor dst) {
    if (!Shape.equal(src.shape(), dst.shape())) {
      return "shape mismatch for '" + key + "': checkpoint " + Shape.str(src.shape()) + ", model " + Shape.str(dst.shape());
    }
    if (src.dtype().isFloat() != dst.dtype().isFloat()) {
      return "dtype mismatch for '" + key + "': checkpoint " + src.dtype() + ", model " + dst.dtype();
    }
    return null;
  }
}

package org.reason4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Submodules named by position ("0", "1", ...), as in torch.nn.ModuleList, so the blocks of a model
 * registered as {@code layers} get the checkpoint names {@code layers.0...}, {@code layers.1...}.
 * It has no forward: the owner decides how the entries are called.
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
  private final List<M> items = new ArrayList<>();

  public ModuleList() {}

  public ModuleList(List<? extends M> modules) {
    for (M m : modules) add(m);
  }

  /** Appends a module under the next index and returns it. */
  public M add(M module) {
    items.add(registerModule(Integer.toString(items.size()), module));
    return module;
  }

  public M get(int index) {
    return items.get(index);
  }

  public int size() {
    return items.size();
  }

  @Override
  public Iterator<M> iterator() {
    return List.copyOf(items).iterator();
  }
}

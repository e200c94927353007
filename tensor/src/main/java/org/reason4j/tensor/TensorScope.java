package org.reason4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Collections;

/**
 * Releases device memory deterministically: storages that a device backend allocates while a scope is
 * open on this thread are released when it closes, except those {@link #keep kept}, which move to the
 * enclosing scope (or, at the outermost level, become owned by the caller).
 *
 * <pre>{@code
 * try (TensorScope scope = TensorScope.open()) {
 *   Tensor loss = model.forward(batch) ...;
 *   return scope.keep(result);
 * }
 * }</pre>
 *
 * CPU storages are plain heap arrays and are never tracked.
 */
public final class TensorScope implements AutoCloseable {
  private static final ThreadLocal<Deque<TensorScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

  private final List<Storage> owned = new ArrayList<>();
  private final Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean closed;

  private TensorScope() {}

  public static TensorScope open() {
    TensorScope s = new TensorScope();
    STACK.get().push(s);
    return s;
  }

  /** Called by device backends for every storage they allocate. */
  public static void track(Storage storage) {
    TensorScope s = STACK.get().peek();
    if (s != null) s.owned.add(storage);
  }

  /** Keeps a tensor's storage alive past this scope. */
  public Tensor keep(Tensor t) {
    kept.add(t.storage());
    return t;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    Deque<TensorScope> stack = STACK.get();
    if (stack.peek() != this) throw new IllegalStateException("tensor scopes must close in LIFO order");
    stack.pop();
    TensorScope parent = stack.peek();
    for (Storage s : owned) {
      if (kept.contains(s)) {
        if (parent != null) parent.owned.add(s);
      } else if (!s.isReleased()) {
        s.release();
      }
    }
    owned.clear();
  }
}

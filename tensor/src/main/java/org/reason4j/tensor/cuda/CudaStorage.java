package org.reason4j.tensor.cuda;

import java.lang.ref.Cleaner;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.TensorScope;

/**
 * A storage in GPU memory: one block of the backend's {@link CachingAllocator}. It registers itself with
 * the open {@link TensorScope}, which releases it (back to the cache, for reuse) when the scope closes.
 * A storage that nobody releases goes back to the cache when the garbage collector finds it
 * unreachable; that is a last resort for forgotten tensors, not how memory is meant to be managed.
 */
public final class CudaStorage implements Storage {
  private static final Cleaner CLEANER = Cleaner.create();

  private final CudaBackend backend;
  private final DType dtype;
  private final int size;
  private final CachingAllocator.Block block;
  private final Cleaner.Cleanable cleanable;
  private volatile boolean released;

  CudaStorage(CudaBackend backend, DType dtype, int size, CachingAllocator.Block block) {
    this.backend = backend;
    this.dtype = dtype;
    this.size = size;
    this.block = block;
    this.cleanable = CLEANER.register(this, new Release(backend.allocator(), block));
    TensorScope.track(this);
  }

  /** Runs once, on release() or when the storage becomes unreachable; holds no reference to it. */
  private record Release(CachingAllocator allocator, CachingAllocator.Block block) implements Runnable {
    @Override
    public void run() {
      allocator.release(block);
    }
  }

  /** The device address of element 0. */
  long address() {
    if (released) {
      throw new IllegalStateException("a " + dtype + " storage of " + size + " elements on " + backend.device()
          + " was used after its release (the TensorScope that owned it has closed; keep it with scope.keep)");
    }
    return block.address();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public void release() {
    released = true;
    cleanable.clean();
  }

  @Override
  public boolean isReleased() {
    return released;
  }
}

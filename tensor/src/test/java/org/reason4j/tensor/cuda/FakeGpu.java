package org.reason4j.tensor.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GPU that runs no kernels: memory is a heap buffer (so uploads, memsets, copies and downloads work),
 * and every launch is checked (arguments against the kernel's signature, grid and block limits, every
 * device address inside a live block) and recorded. It lets the backend's Java side run without a GPU.
 */
final class FakeGpu implements GpuDevice {
  record Launch(Kernel kernel, int gridX, int gridY, int gridZ, int blockX, int blockY, Object[] args) {}

  private static final long BASE = 1L << 32;
  private final ByteBuffer memory = ByteBuffer.allocate(64 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private final TreeMap<Long, Long> live = new TreeMap<>();
  private final int computeCapability;
  private long next = BASE;
  final List<Launch> launches = new ArrayList<>();

  FakeGpu(int computeCapability) {
    this.computeCapability = computeCapability;
  }

  int liveBlocks() {
    return live.size();
  }

  @Override
  public long allocate(long bytes) {
    long size = (bytes + 255) / 256 * 256;
    if (next - BASE + size > memory.capacity()) throw new CachingAllocator.OutOfDeviceMemory("fake gpu: " + bytes + " bytes");
    long a = next;
    next += size;
    live.put(a, bytes);
    return a;
  }

  @Override
  public void free(long address) {
    if (live.remove(address) == null) throw new IllegalStateException("fake gpu: free of " + address + ", which is not live");
  }

  @Override
  public void synchronize() {}

  /** The bytes [address, address + bytes) after checking that they lie inside one live block. */
  private ByteBuffer slice(long address, long bytes) {
    Map.Entry<Long, Long> block = live.floorEntry(address);
    if (block == null || address + bytes > block.getKey() + Math.max(block.getValue(), 1)) {
      throw new IllegalStateException("fake gpu: " + bytes + " bytes at " + address + " are outside every live block");
    }
    int off = (int) (address - BASE);
    return memory.duplicate().position(off).limit(off + (int) bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void memset(long address, int elementBytes, int bits, long count) {
    if (count == 0) return;
    ByteBuffer b = slice(address, count * elementBytes);
    for (long i = 0; i < count; i++) {
      if (elementBytes == 1) b.put((byte) bits);
      else if (elementBytes == 2) b.putShort((short) bits);
      else b.putInt(bits);
    }
  }

  @Override
  public void copyDeviceToDevice(long dst, long src, long bytes) {
    if (bytes == 0) return;
    slice(dst, bytes).put(slice(src, bytes));
  }

  @Override
  public void upload(long dst, Object a, long bytes) {
    if (bytes == 0) return;
    ByteBuffer b = slice(dst, bytes);
    if (a instanceof float[]) b.asFloatBuffer().put((float[]) a);
    else if (a instanceof double[]) b.asDoubleBuffer().put((double[]) a);
    else if (a instanceof short[]) b.asShortBuffer().put((short[]) a);
    else if (a instanceof int[]) b.asIntBuffer().put((int[]) a);
    else if (a instanceof long[]) b.asLongBuffer().put((long[]) a);
    else b.put((byte[]) a);
  }

  @Override
  public void download(Object a, long src, long bytes) {
    if (bytes == 0) return;
    ByteBuffer b = slice(src, bytes);
    if (a instanceof float[]) b.asFloatBuffer().get((float[]) a);
    else if (a instanceof double[]) b.asDoubleBuffer().get((double[]) a);
    else if (a instanceof short[]) b.asShortBuffer().get((short[]) a);
    else if (a instanceof int[]) b.asIntBuffer().get((int[]) a);
    else if (a instanceof long[]) b.asLongBuffer().get((long[]) a);
    else b.get((byte[]) a);
  }

  @Override
  public void launch(Kernel k, int gridX, int gridY, int gridZ, int blockX, int blockY, Object... args) {
    k.checkArgs(args);
    if (gridX < 1 || gridY < 1 || gridY > 65535 || gridZ < 1 || gridZ > 65535) {
      throw new IllegalStateException("fake gpu: " + k.symbol + " grid " + gridX + "x" + gridY + "x" + gridZ);
    }
    int threads = blockX * blockY;
    if (threads < 32 || threads > 1024 || threads % 32 != 0) {
      throw new IllegalStateException("fake gpu: " + k.symbol + " block of " + threads + " threads");
    }
    if (k.module.minArch > computeCapability) throw new IllegalStateException("fake gpu: " + k.symbol + " needs sm_" + k.module.minArch);
    for (Object a : args) {
      if (a instanceof Arg.Ptr && ((Arg.Ptr) a).address() != 0) slice(((Arg.Ptr) a).address(), 1);
    }
    launches.add(new Launch(k, gridX, gridY, gridZ, blockX, blockY, args));
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int computeCapability() {
    return computeCapability;
  }

  @Override
  public int multiprocessors() {
    return 1;
  }

  @Override
  public long totalMemory() {
    return memory.capacity();
  }

  @Override
  public long freeMemory() {
    return memory.capacity() - (next - BASE);
  }

  @Override
  public CublasGemm newCublas() {
    throw new IllegalStateException("fake gpu: no cuBLAS");
  }
}

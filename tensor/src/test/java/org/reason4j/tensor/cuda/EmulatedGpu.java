package org.reason4j.tensor.cuda;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@link GpuDevice} whose kernels are the real CUDA sources compiled for the CPU: src/test/native's
 * kernel emulator (built here with g++) runs each launch, on a memory file that this JVM maps too. It
 * lets the contract suites execute the kernel code and the launch code together on machines without a
 * GPU. It does not exercise PTX, the driver, the GPU's libm or the tensor-core kernels (gemm_tc.cu), so
 * it is no substitute for the gpu-tagged run; kernels run one at a time, slowly.
 */
final class EmulatedGpu implements GpuDevice, AutoCloseable {
  private static final long BASE = 1L << 32;
  private static final Path SOURCES = Path.of("src/test/native");
  private static final Path KERNELS = Path.of("src/main/cuda");
  private static final Path BINARY = Path.of("target/kernel-emulator/kernel-emulator");

  private final Process process;
  private final BufferedWriter toEmulator;
  private final BufferedReader fromEmulator;
  private final MappedByteBuffer memory;
  private final TreeMap<Long, Long> live = new TreeMap<>();
  private final int computeCapability;
  private long next = BASE;

  private EmulatedGpu(Process process, MappedByteBuffer memory, int computeCapability) {
    this.process = process;
    this.memory = memory;
    this.computeCapability = computeCapability;
    this.toEmulator = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII));
    this.fromEmulator = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
  }

  /** Builds the emulator when its sources are newer than the binary; returns why it cannot run, or null. */
  static synchronized String build() {
    try {
      if (!Files.exists(SOURCES.resolve("kernel-emulator.cpp"))) return "src/test/native is not here (run from the tensor module)";
      if (Files.exists(BINARY) && newestSource() <= Files.getLastModifiedTime(BINARY).toMillis()) return null;
      Files.createDirectories(BINARY.getParent());
      Process p = new ProcessBuilder("g++", "-std=c++20", "-O1", "-ffp-contract=off", "-pthread", "-o", BINARY.toString(),
          SOURCES.resolve("kernel-emulator.cpp").toString()).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) return "g++ could not build the kernel emulator: " + log;
      return null;
    } catch (IOException e) {
      return "no C++20 compiler (g++) to build the kernel emulator: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while building the kernel emulator";
    }
  }

  private static long newestSource() throws IOException {
    long newest = 0;
    for (Path dir : new Path[] {SOURCES, KERNELS}) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
      }
    }
    return newest;
  }

  static EmulatedGpu start(int computeCapability, int megabytes) throws IOException {
    Path file = Files.createTempFile("reason4j-emulated-gpu", ".mem");
    file.toFile().deleteOnExit();
    MappedByteBuffer memory;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      memory = ch.map(FileChannel.MapMode.READ_WRITE, 0, (long) megabytes << 20);
    }
    memory.order(ByteOrder.LITTLE_ENDIAN);
    Process p = new ProcessBuilder(BINARY.toAbsolutePath().toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    EmulatedGpu gpu = new EmulatedGpu(p, memory, computeCapability);
    gpu.toEmulator.write(file.toAbsolutePath() + "\n");
    gpu.toEmulator.flush();
    String ready = gpu.fromEmulator.readLine();
    if (!"ready".equals(ready)) throw new IOException("kernel emulator did not start: " + ready);
    return gpu;
  }

  @Override
  public void close() {
    try {
      toEmulator.close();
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      process.destroy();
    }
  }

  // ------------------------------------------------------------------ memory

  @Override
  public synchronized long allocate(long bytes) {
    long size = (bytes + 255) / 256 * 256;
    if (next - BASE + size > memory.capacity()) throw new CachingAllocator.OutOfDeviceMemory("emulated gpu: " + bytes);
    long a = next;
    next += size;
    live.put(a, bytes);
    return a;
  }

  @Override
  public synchronized void free(long address) {
    if (live.remove(address) == null) throw new IllegalStateException("emulated gpu: free of a block that is not live");
  }

  @Override
  public void synchronize() {}

  private synchronized java.nio.ByteBuffer slice(long address, long bytes) {
    Map.Entry<Long, Long> block = live.floorEntry(address);
    if (block == null || address + bytes > block.getKey() + Math.max(1, block.getValue())) {
      throw new IllegalStateException("emulated gpu: " + bytes + " bytes at " + address + " are outside every live block");
    }
    int off = (int) (address - BASE);
    return memory.duplicate().position(off).limit(off + (int) bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void memset(long address, int elementBytes, int bits, long count) {
    if (count == 0) return;
    java.nio.ByteBuffer b = slice(address, count * elementBytes);
    for (long i = 0; i < count; i++) {
      if (elementBytes == 1) b.put((byte) bits);
      else if (elementBytes == 2) b.putShort((short) bits);
      else b.putInt(bits);
    }
  }

  @Override
  public void copyDeviceToDevice(long dst, long src, long bytes) {
    if (bytes > 0) slice(dst, bytes).put(slice(src, bytes));
  }

  @Override
  public void upload(long dst, Object a, long bytes) {
    if (bytes == 0) return;
    java.nio.ByteBuffer b = slice(dst, bytes);
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
    java.nio.ByteBuffer b = slice(src, bytes);
    if (a instanceof float[]) b.asFloatBuffer().get((float[]) a);
    else if (a instanceof double[]) b.asDoubleBuffer().get((double[]) a);
    else if (a instanceof short[]) b.asShortBuffer().get((short[]) a);
    else if (a instanceof int[]) b.asIntBuffer().get((int[]) a);
    else if (a instanceof long[]) b.asLongBuffer().get((long[]) a);
    else b.get((byte[]) a);
  }

  // ------------------------------------------------------------------ kernels

  @Override
  public synchronized void launch(Kernel k, int gridX, int gridY, int gridZ, int blockX, int blockY, Object... args) {
    k.checkArgs(args);
    if (k.module.minArch > computeCapability) throw new IllegalStateException("emulated gpu: " + k.symbol + " needs sm_" + k.module.minArch);
    StringBuilder line = new StringBuilder(k.symbol).append(' ').append(gridX).append(' ').append(gridY).append(' ')
        .append(gridZ).append(' ').append(blockX).append(' ').append(blockY).append(' ').append(Long.toHexString(BASE));
    for (Object a : args) line.append(' ').append(token(a));
    try {
      toEmulator.write(line.append('\n').toString());
      toEmulator.flush();
      String reply = fromEmulator.readLine();
      if (!"ok".equals(reply)) throw new IllegalStateException("emulated gpu: " + k.symbol + ": " + reply);
    } catch (IOException e) {
      throw new IllegalStateException("emulated gpu: the emulator process failed during " + k.symbol, e);
    }
  }

  private static String token(Object a) {
    if (a instanceof Integer) return "i:" + a;
    if (a instanceof Long) return "l:" + a;
    if (a instanceof Float) return "f:" + Integer.toHexString(Float.floatToRawIntBits((Float) a));
    if (a instanceof Double) return "d:" + Long.toHexString(Double.doubleToRawLongBits((Double) a));
    if (a instanceof Arg.Ptr) return "p:" + Long.toHexString(((Arg.Ptr) a).address());
    byte[] bytes = a instanceof Layout.Shape ? ((Layout.Shape) a).bytes() : ((Layout.Strides) a).bytes();
    StringBuilder sb = new StringBuilder("b:");
    for (byte b : bytes) sb.append(String.format("%02x", b & 0xFF));
    return sb.toString();
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public String name() {
    return "kernel emulator";
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
    throw new IllegalStateException("emulated gpu: no cuBLAS");
  }
}

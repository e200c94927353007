package org.reason4j.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.CpuBackend;

/**
 * A safetensors file opened for lazy reading (format: https://huggingface.co/docs/safetensors).
 *
 * <p>{@link #open} reads the 8-byte header length, checks it against the file size and against
 * {@link #MAX_HEADER_BYTES} before allocating anything, then reads and validates the JSON header (see
 * {@link SafetensorsHeader}). No tensor data is touched until {@link #read} or {@link #readAs}, which
 * memory-map just that tensor's bytes, in windows below 2 GB, and decode them straight into the target
 * array of a new CPU tensor. Peak memory for one read is therefore the result array itself plus a
 * 16 KB scratch block: a BF16 tensor read as F32 costs its 4-byte-per-element result, never a 2-byte
 * copy on top (the mapped pages belong to the OS page cache, not the Java heap).
 *
 * <p>It is not a writer ({@link SafetensorsWriter}) and does not know model layouts or sharded
 * checkpoints; those live in the transformer module. Reads may run concurrently from several threads.
 */
public final class SafetensorsFile implements AutoCloseable {
  /** The largest header accepted, as in the reference implementation (100 MB). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  /** Bytes mapped at once; a multiple of every element size and below the 2 GB limit of one map. */
  static final int DEFAULT_MAP_WINDOW = 1 << 30;

  private final Path file;
  private final FileChannel channel;
  private final long fileSize;
  private final long dataStart;
  private final SafetensorsHeader header;
  private final int mapWindow;

  private SafetensorsFile(Path file, FileChannel channel, long fileSize, long dataStart, SafetensorsHeader header, int mapWindow) {
    this.file = file;
    this.channel = channel;
    this.fileSize = fileSize;
    this.dataStart = dataStart;
    this.header = header;
    this.mapWindow = mapWindow;
  }

  /** Opens a file and validates its header; tensor data is read later, one tensor at a time. */
  public static SafetensorsFile open(Path file) throws IOException {
    return open(file, DEFAULT_MAP_WINDOW);
  }

  /** As {@link #open(Path)} with a smaller map window, so tests can cross window edges cheaply. */
  static SafetensorsFile open(Path file, int mapWindow) throws IOException {
    if (mapWindow <= 0 || mapWindow % 8 != 0) throw new IllegalArgumentException("map window must be a positive multiple of 8");
    if (Files.isDirectory(file)) throw new SafetensorsException(file, "is a directory, not a safetensors file");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < 8) throw new SafetensorsException(file, "the file is " + size + " bytes, too short for the 8-byte header length");
      long n = readFully(channel, file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
      String length = Long.toUnsignedString(n);
      if (n < 0 || n > size - 8) {
        throw new SafetensorsException(file, "the header length " + length + " runs past the end of the file (" + size + " bytes)");
      }
      if (n > MAX_HEADER_BYTES) {
        throw new SafetensorsException(file, "the header length " + length + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
      }
      byte[] json = readFully(channel, file, 8, (int) n).array();
      SafetensorsHeader header = SafetensorsHeader.parse(file, json, size - 8 - n);
      return new SafetensorsFile(file, channel, size, 8 + n, header, mapWindow);
    } catch (IOException | RuntimeException | Error e) {
      channel.close();
      throw e;
    }
  }

  private static ByteBuffer readFully(FileChannel channel, Path file, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      int r = channel.read(buf, position + buf.position());
      if (r < 0) throw new SafetensorsException(file, "the file ended while reading bytes [" + position + ", " + (position + length) + ")");
    }
    return buf;
  }

  public Path path() {
    return file;
  }

  /** Tensor names in the order their data lies in the file. */
  public List<String> names() {
    return List.copyOf(header.byName.keySet());
  }

  public boolean contains(String name) {
    return header.byName.containsKey(name);
  }

  /** Every tensor's header entry, in data order. */
  public List<SafetensorsInfo> infos() {
    return header.tensors;
  }

  /** One tensor's dtype, shape and byte range; an error naming the file when it is absent. */
  public SafetensorsInfo info(String name) throws SafetensorsException {
    SafetensorsInfo info = header.byName.get(name);
    if (info == null) {
      throw new SafetensorsException(file, "no tensor named \"" + name + "\" (the file holds " + header.tensors.size() + " tensors)");
    }
    return info;
  }

  /** The header's {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return header.metadata;
  }

  /**
   * Reads one tensor as a CPU tensor of its stored type: F32, F64, F16 and BF16 (as their 16-bit
   * patterns), I32, I64; BOOL and U8 become BOOL bytes, unchanged. Other stored types need
   * {@link #readAs}.
   */
  public Tensor read(String name) throws IOException {
    SafetensorsInfo info = info(name);
    DType dtype = info.dtype().tensorDType();
    if (dtype == null) {
      String hint = info.dtype().isInteger() ? "; readAs(name, DType.I32, I64 or F32) widens it" : "";
      throw new SafetensorsException(file, "tensor \"" + name + "\" is " + info.dtype() + ", which no reason4j dtype holds as is" + hint);
    }
    return readAs(name, dtype);
  }

  /**
   * Reads one tensor converted to {@code target} in a single pass over the mapped bytes, e.g. BF16 or
   * F16 weights straight to F32. Integer narrowing is checked element by element.
   */
  public Tensor readAs(String name, DType target) throws IOException {
    SafetensorsInfo info = info(name);
    String why = SafetensorsDecoder.unsupported(info.dtype(), target);
    if (why != null) throw new SafetensorsException(file, "tensor \"" + name + "\" (" + info.dtype() + ") cannot be read as " + target + ": " + why);
    if (info.numel() > Integer.MAX_VALUE - 8) {
      throw new SafetensorsException(file, "tensor \"" + name + "\" has " + info.numel() + " elements; reason4j tensors hold at most 2^31-9");
    }
    checkUnchanged();
    int n = (int) info.numel();
    Object array = SafetensorsDecoder.newArray(target, n);
    int elementSize = info.dtype().byteSize();
    long position = dataStart + info.begin();
    for (int done = 0; done < n; ) {
      int count = (int) Math.min(n - done, mapWindow / elementSize);
      MappedByteBuffer window = channel.map(FileChannel.MapMode.READ_ONLY, position, (long) count * elementSize);
      window.order(ByteOrder.LITTLE_ENDIAN);
      long bad = SafetensorsDecoder.decode(window, info.dtype(), array, done, target, count);
      if (bad >= 0) {
        throw new SafetensorsException(file, "tensor \"" + name + "\": element " + (done + bad) + " = "
            + SafetensorsDecoder.describe(window, info.dtype(), (int) bad) + " does not fit " + target);
      }
      position += (long) count * elementSize;
      done += count;
    }
    return Tensor.of(CpuBackend.INSTANCE.adopt(array, target), info.shape());
  }

  /** A mapped read past the end of a file that shrank fails with an InternalError mid-copy; say it plainly first. */
  private void checkUnchanged() throws IOException {
    if (!channel.isOpen()) throw new SafetensorsException(file, "the file is closed");
    long now = channel.size();
    if (now != fileSize) throw new SafetensorsException(file, "the file changed size since it was opened (" + fileSize + " -> " + now + " bytes)");
  }

  /** Closes the file; tensors already read stay valid (they are heap copies). */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "SafetensorsFile(" + file + ", " + header.tensors.size() + " tensors)";
  }
}

package org.reason4j.tensor.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.cpu.CpuStorage;

/**
 * Writes tensors as a safetensors file laid out exactly as the reference library lays it out, so the
 * Python {@code safetensors} package reads it (and a file it wrote is reproduced byte for byte):
 * tensors ordered by dtype alignment, widest first, then by name (UTF-8 byte order); a compact JSON
 * header with {@code __metadata__} first, padded with spaces to a multiple of 8 bytes; data in
 * row-major order, so strided views (a transpose) are written in their logical order.
 *
 * <p>The write is atomic: bytes go to a temporary file in the target's directory, are forced to disk,
 * and the temporary file is renamed over the target in one step. A crash or an error leaves either the
 * old file or the new one under the final name, never a half-written one.
 *
 * <p>Metadata keys are written sorted (the reference writes them in hash order); an empty metadata map
 * writes no {@code __metadata__} entry.
 */
public final class SafetensorsWriter {
  private static final int BUFFER_BYTES = 1 << 20;
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private SafetensorsWriter() {}

  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /** Writes the tensors (any device; copied to the host chunk by chunk) and string metadata. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    List<Map.Entry<String, Tensor>> order = layout(file, tensors);
    byte[] header = header(file, order, metadata == null ? Map.of() : metadata);
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + TEMP_COUNTER.incrementAndGet() + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).flip();
        writeFully(out, buf);
        writeFully(out, ByteBuffer.wrap(header));
        for (Map.Entry<String, Tensor> e : order) writeData(out, buf, e.getValue());
        out.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** Checks names and sorts the tensors as the reference does: widest dtype first, then by name. */
  private static List<Map.Entry<String, Tensor>> layout(Path file, Map<String, Tensor> tensors) throws SafetensorsException {
    List<Map.Entry<String, Tensor>> order = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      if (name == null || e.getValue() == null) throw new SafetensorsException(file, "null tensor name or tensor for \"" + name + "\"");
      if (name.equals(SafetensorsHeader.METADATA_KEY)) throw new SafetensorsException(file, "\"" + name + "\" is reserved and cannot name a tensor");
      checkText(file, "tensor name", name);
      order.add(Map.entry(name, e.getValue()));
    }
    Comparator<Map.Entry<String, Tensor>> byAlignment =
        Comparator.comparing((Map.Entry<String, Tensor> e) -> SafetensorsDType.of(e.getValue().dtype())).reversed();
    order.sort(byAlignment.thenComparing(e -> e.getKey().getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
    return order;
  }

  private static byte[] header(Path file, List<Map.Entry<String, Tensor>> order, Map<String, String> metadata) throws SafetensorsException {
    StringBuilder sb = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      sb.append('"').append(SafetensorsHeader.METADATA_KEY).append("\":{");
      String sep = "";
      for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
        checkText(file, "metadata key", e.getKey());
        checkText(file, "metadata value", e.getValue());
        sb.append(sep);
        Json.quote(sb, e.getKey());
        sb.append(':');
        Json.quote(sb, e.getValue());
        sep = ",";
      }
      sb.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : order) {
      Tensor t = e.getValue();
      long bytes = (long) t.numel() * t.dtype().byteSize();
      if (sb.length() > 1) sb.append(',');
      Json.quote(sb, e.getKey());
      sb.append(":{\"dtype\":\"").append(SafetensorsDType.of(t.dtype()).name()).append("\",\"shape\":[");
      int[] shape = t.shape();
      for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "," : "").append(shape[i]);
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
      offset += bytes;
    }
    sb.append('}');
    byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] header = Arrays.copyOf(json, json.length + (8 - json.length % 8) % 8);
    Arrays.fill(header, json.length, header.length, (byte) ' '); // so the data starts 8-byte aligned
    if (header.length > SafetensorsFile.MAX_HEADER_BYTES) {
      throw new SafetensorsException(file,
          "the header would be " + header.length + " bytes, over the " + SafetensorsFile.MAX_HEADER_BYTES + "-byte limit readers enforce");
    }
    return header;
  }

  /** Strings must be valid Unicode: the reference reader rejects unpaired surrogates. */
  private static void checkText(Path file, String what, String s) throws SafetensorsException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
      else if (Character.isSurrogate(c)) throw new SafetensorsException(file, what + " \"" + s + "\" holds an unpaired UTF-16 surrogate");
    }
  }

  /** The tensor's elements in row-major order, little-endian, through the reusable direct buffer. */
  private static void writeData(FileChannel out, ByteBuffer buf, Tensor t) throws IOException {
    Tensor c = t.contiguous();
    int n = c.numel();
    if (n == 0) return;
    Object array;
    int from;
    if (c.storage() instanceof CpuStorage s) {
      array = s.array(); // no host copy of CPU tensors
      from = c.offset();
    } else {
      array = c.backend().download(c);
      from = 0;
    }
    int size = c.dtype().byteSize();
    for (int done = 0; done < n; ) {
      int m = Math.min(BUFFER_BYTES / size, n - done);
      buf.clear();
      put(buf, array, from + done, m);
      buf.limit(m * size);
      writeFully(out, buf);
      done += m;
    }
  }

  private static void put(ByteBuffer buf, Object array, int at, int m) {
    if (array instanceof float[] a) buf.asFloatBuffer().put(a, at, m);
    else if (array instanceof double[] a) buf.asDoubleBuffer().put(a, at, m);
    else if (array instanceof short[] a) buf.asShortBuffer().put(a, at, m);
    else if (array instanceof int[] a) buf.asIntBuffer().put(a, at, m);
    else if (array instanceof long[] a) buf.asLongBuffer().put(a, at, m);
    else if (array instanceof byte[] a) for (int i = 0; i < m; i++) buf.put(i, (byte) (a[at + i] != 0 ? 1 : 0)); // BOOL as 0/1
    else throw new IllegalArgumentException("unexpected host array " + array.getClass().getSimpleName());
  }

  private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) out.write(buf);
  }

  /** Makes the rename itself durable where the platform allows opening a directory (POSIX does). */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Windows cannot open a directory this way; the rename is still atomic, only its durability waits for the OS.
    }
  }
}

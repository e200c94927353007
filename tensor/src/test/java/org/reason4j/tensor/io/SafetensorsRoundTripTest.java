package org.reason4j.tensor.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.Backend;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Half;
import org.reason4j.tensor.Storage;
import org.reason4j.tensor.Tensor;

/** Writing and reading back: bit-exact values, the reference layout, conversions, atomic replacement. */
class SafetensorsRoundTripTest {
  @TempDir Path dir;

  private static short[] bits(Tensor t) {
    return (short[]) t.backend().download(t);
  }

  private static Tensor half(DType dtype, short[] bits, int... shape) {
    return Tensor.fromHost(Backends.cpu(), bits, dtype, bits.length, shape);
  }

  private Map<String, Tensor> roundTrip(Map<String, Tensor> tensors) throws IOException {
    Path f = dir.resolve("t.safetensors");
    SafetensorsWriter.write(f, tensors);
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (SafetensorsFile in = SafetensorsFile.open(f)) {
      for (String name : in.names()) out.put(name, in.read(name));
    }
    return out;
  }

  @Test
  void everyDtypeRoundTripsBitExactIncludingScalarsAndEmptyTensors() throws IOException {
    float nanF = Float.intBitsToFloat(0x7fc00001);
    double nanD = Double.longBitsToDouble(0x7ff8000000000123L);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("f32", Tensor.of(new float[] {0f, -0f, 1.5f, nanF, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE}, 2, 4));
    in.put("f64", Tensor.of(new double[] {-0.0, nanD, Double.MIN_VALUE}, 3));
    in.put("bf16", half(DType.BF16, new short[] {0x3f80, (short) 0xff80, 0x7fc1, 0x0001, (short) 0x8000, 0x4049}, 3, 2));
    in.put("f16", half(DType.F16, new short[] {0x3c00, (short) 0xfc00, 0x7e01, 0x0001}, 4));
    in.put("i32", Tensor.of(new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}, 2, 2));
    in.put("i64", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
    in.put("bool", Tensor.of(new boolean[] {true, false, true}, 3));
    in.put("scalar", Tensor.scalar(3.25));
    in.put("empty", Tensor.zeros(DType.F32, 0, 3));
    in.put("empty_i64", Tensor.zeros(DType.I64, 0));
    Map<String, Tensor> out = roundTrip(in);
    assertEquals(in.keySet(), out.keySet());
    for (String name : in.keySet()) {
      Tensor a = in.get(name), b = out.get(name);
      assertEquals(a.dtype(), b.dtype(), name);
      assertArrayEquals(a.shape(), b.shape(), name);
    }
    float[] f = in.get("f32").toFloatArray(), g = out.get("f32").toFloatArray();
    for (int i = 0; i < f.length; i++) assertEquals(Float.floatToRawIntBits(f[i]), Float.floatToRawIntBits(g[i]));
    double[] d = in.get("f64").toDoubleArray(), e = out.get("f64").toDoubleArray();
    for (int i = 0; i < d.length; i++) assertEquals(Double.doubleToRawLongBits(d[i]), Double.doubleToRawLongBits(e[i]));
    assertArrayEquals(bits(in.get("bf16")), bits(out.get("bf16")));
    assertArrayEquals(bits(in.get("f16")), bits(out.get("f16")));
    assertArrayEquals(in.get("i32").toIntArray(), out.get("i32").toIntArray());
    assertArrayEquals(in.get("i64").toLongArray(), out.get("i64").toLongArray());
    assertArrayEquals(new boolean[] {true, false, true}, out.get("bool").toBoolArray());
    assertEquals(0, out.get("scalar").rank());
    assertEquals(3.25, out.get("scalar").item());
    assertArrayEquals(new int[] {0, 3}, out.get("empty").shape());
  }

  @Test
  void layoutMatchesTheReferenceWriterByteForByte() throws IOException {
    Path f = dir.resolve("one.safetensors");
    SafetensorsWriter.write(f, Map.of("attn.0", Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3)));
    String json = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    ByteBuffer expected = ByteBuffer.allocate(8 + 64 + 24).order(ByteOrder.LITTLE_ENDIAN).putLong(64).put(json.getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 6; i++) expected.putFloat(i);
    assertEquals(64, json.length()); // already a multiple of 8: no padding
    assertArrayEquals(expected.array(), Files.readAllBytes(f));

    SafetensorsWriter.write(f, Map.of());
    assertArrayEquals(header("{}      "), Files.readAllBytes(f));
    SafetensorsWriter.write(f, Map.of(), Map.of("framework", "pt"));
    assertArrayEquals(header("{\"__metadata__\":{\"framework\":\"pt\"}}     "), Files.readAllBytes(f));
  }

  private static byte[] header(String padded) {
    byte[] h = padded.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array();
  }

  @Test
  void tensorsAreOrderedWidestDtypeFirstThenByUtf8NameAndEveryOneIsAligned() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("b", Tensor.of(new float[] {1}, 1));
    in.put("a", Tensor.of(new float[] {2, 3, 4}, 3));
    in.put("k", Tensor.of(new boolean[] {true}, 1));
    in.put("c", half(DType.F16, new short[] {1, 2, 3}, 3));
    in.put("m", half(DType.BF16, new short[] {1}, 1));
    in.put("d", Tensor.of(new int[] {5}, 1));
    in.put("e", Tensor.of(new double[] {6}, 1));
    in.put("z", Tensor.of(new long[] {7}, 1));
    in.put("a\uD83D\uDE00", Tensor.of(new float[] {8}, 1)); // UTF-16 order would put this before "a\uFFFD"
    in.put("a\uFFFD", Tensor.of(new float[] {9}, 1));
    Path f = dir.resolve("order.safetensors");
    SafetensorsWriter.write(f, in, Map.of("z", "1", "a", "2"));
    long dataStart = 8 + ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, dataStart % 8);
    try (SafetensorsFile r = SafetensorsFile.open(f)) {
      assertEquals(List.of("z", "e", "a", "a\uFFFD", "a\uD83D\uDE00", "b", "d", "m", "c", "k"), r.names());
      for (SafetensorsInfo info : r.infos()) assertEquals(0, (dataStart + info.begin()) % info.dtype().byteSize(), info.toString());
      assertEquals(List.of("a", "z"), List.copyOf(r.metadata().keySet()));
      assertEquals(8.0, r.read("a\uD83D\uDE00").item());
    }
  }

  @Test
  void stridedViewsAreWrittenInLogicalOrder() throws IOException {
    Tensor base = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("transposed", base.transpose(0, 1));
    in.put("stepped", Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 10).slice(0, 1, 10, 3));
    in.put("offset", base.flatten().slice(0, 2, 5));
    in.put("broadcast", Tensor.of(new float[] {1, 2}, 1, 2).expand(3, 2));
    in.put("bf16T", half(DType.BF16, new short[] {1, 2, 3, 4, 5, 6}, 2, 3).transpose(0, 1));
    Map<String, Tensor> out = roundTrip(in);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, out.get("transposed").toFloatArray());
    assertArrayEquals(new int[] {3, 2}, out.get("transposed").shape());
    assertArrayEquals(new float[] {1, 4, 7}, out.get("stepped").toFloatArray());
    assertArrayEquals(new float[] {2, 3, 4}, out.get("offset").toFloatArray());
    assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, out.get("broadcast").toFloatArray());
    assertArrayEquals(new short[] {1, 4, 2, 5, 3, 6}, bits(out.get("bf16T")));
  }

  @Test
  void readAsConvertsInOnePassAndAgreesAcrossMapWindows() throws IOException {
    int n = 1001; // odd, so windows of 64 bytes end mid-tensor for every element size
    short[] bf = new short[n], fh = new short[n];
    float[] fl = new float[n];
    long[] lo = new long[n];
    for (int i = 0; i < n; i++) {
      fl[i] = (float) Math.sin(i) * (i + 1);
      bf[i] = Half.floatToBf16(fl[i]);
      fh[i] = Half.floatToF16(fl[i]);
      lo[i] = i * 1_000_003L - 500_000_000L;
    }
    Path f = dir.resolve("conv.safetensors");
    SafetensorsWriter.write(f, Map.of("bf", half(DType.BF16, bf, n), "fh", half(DType.F16, fh, n), "fl", Tensor.of(fl, n), "lo", Tensor.of(lo, n)));
    for (int window : new int[] {64, SafetensorsFile.DEFAULT_MAP_WINDOW}) {
      try (SafetensorsFile r = SafetensorsFile.open(f, window)) {
        float[] a = r.readAs("bf", DType.F32).toFloatArray(), b = r.readAs("fh", DType.F32).toFloatArray();
        short[] c = bits(r.readAs("fl", DType.BF16));
        double[] d = r.readAs("fl", DType.F64).toDoubleArray();
        int[] e = r.readAs("lo", DType.I32).toIntArray();
        double[] g = r.readAs("lo", DType.F64).toDoubleArray();
        for (int i = 0; i < n; i++) {
          assertEquals(Half.bf16ToFloat(bf[i]), a[i], "window " + window + " element " + i);
          assertEquals(Half.f16ToFloat(fh[i]), b[i]);
          assertEquals(bf[i], c[i]);
          assertEquals(fl[i], d[i]);
          assertEquals(lo[i], e[i]);
          assertEquals(lo[i], g[i]);
        }
      }
    }
  }

  @Test
  void typesWithoutAReason4jDtypeAreWidened() throws IOException {
    // Crafted by hand, since the writer only writes reason4j dtypes.
    String json = "{\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},"
        + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[2,4]},"
        + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[4,6]},"
        + "\"i16\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[6,8]},"
        + "\"u32\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
    byte[] h = json.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
    b.put((byte) 200).put((byte) 1).put((byte) -128).put((byte) 127).putShort((short) 0xFFFF).putShort((short) -300).putInt(-1);
    Path f = dir.resolve("narrow.safetensors");
    Files.write(f, b.array());
    try (SafetensorsFile r = SafetensorsFile.open(f)) {
      Tensor u8 = r.read("u8");
      assertEquals(DType.BOOL, u8.dtype());
      assertArrayEquals(new byte[] {(byte) 200, 1}, (byte[]) u8.backend().download(u8)); // bytes kept as they are
      assertArrayEquals(new int[] {200, 1}, r.readAs("u8", DType.I32).toIntArray());
      assertArrayEquals(new int[] {-128, 127}, r.readAs("i8", DType.I32).toIntArray());
      assertArrayEquals(new int[] {65535}, r.readAs("u16", DType.I32).toIntArray());
      assertArrayEquals(new float[] {-300}, r.readAs("i16", DType.F32).toFloatArray());
      assertArrayEquals(new long[] {4294967295L}, r.readAs("u32", DType.I64).toLongArray());
      assertThrows(SafetensorsException.class, () -> r.readAs("u32", DType.I32));
      assertThrows(SafetensorsException.class, () -> r.read("i8"));
    }
  }

  @Test
  void readingBf16AsF32AllocatesOnlyTheResult() throws IOException {
    Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "this JVM does not count allocated bytes per thread");
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled(),
        "per-thread allocation counting is off");
    int n = 1 << 20;
    Path f = dir.resolve("big.safetensors");
    SafetensorsWriter.write(f, Map.of("w", half(DType.BF16, new short[n], 1024, 1024)));
    try (SafetensorsFile r = SafetensorsFile.open(f)) {
      r.readAs("w", DType.F32); // warm-up: class loading and first-call costs
      long tid = Thread.currentThread().getId();
      long before = bean.getThreadAllocatedBytes(tid);
      r.readAs("w", DType.F32);
      long direct = bean.getThreadAllocatedBytes(tid) - before;
      before = bean.getThreadAllocatedBytes(tid);
      r.read("w").to(DType.F32);
      long viaCopy = bean.getThreadAllocatedBytes(tid) - before;
      assertTrue(direct >= 4L * n && direct < 4L * n + (256 << 10), "readAs allocated " + direct + " bytes for a " + 4L * n + "-byte result");
      assertTrue(viaCopy >= 6L * n, "the measure must see a staging copy when there is one: " + viaCopy);
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path f = dir.resolve("model.safetensors");
    SafetensorsWriter.write(f, Map.of("w", Tensor.of(new float[] {1, 2}, 2)));
    byte[] old = Files.readAllBytes(f);
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("a", Tensor.of(new float[] {1, 2, 3, 4}, 4)); // written before the failure
    in.put("b", Tensor.view(failingStorage(), new int[] {4}, new int[] {1}, 0));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(f, in));
    assertEquals("device lost", e.getMessage());
    assertArrayEquals(old, Files.readAllBytes(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  /** A four-element F32 storage on a device whose download fails midway through a write. */
  private static Storage failingStorage() {
    Backend backend = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (p, m, args) -> {
      switch (m.getName()) {
        case "device": return Device.cuda(0);
        case "download": throw new IllegalStateException("device lost");
        default: throw new UnsupportedOperationException(m.getName());
      }
    });
    return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class}, (p, m, args) -> {
      switch (m.getName()) {
        case "dtype": return DType.F32;
        case "size": return 4;
        case "backend": return backend;
        default: throw new UnsupportedOperationException(m.getName());
      }
    });
  }

  @Test
  void overwritingReplacesTheWholeFile() throws IOException {
    Path f = dir.resolve("m.safetensors");
    SafetensorsWriter.write(f, Map.of("w", Tensor.of(new float[] {1, 2, 3}, 3)));
    SafetensorsWriter.write(f, Map.of("v", Tensor.of(new long[] {4}, 1)), Map.of("step", "2"));
    try (SafetensorsFile r = SafetensorsFile.open(f)) {
      assertEquals(List.of("v"), r.names());
      assertEquals(Map.of("step", "2"), r.metadata());
    }
  }

  @Test
  void namesTheReferenceCannotReadAreRefused() {
    Path f = dir.resolve("x.safetensors");
    Tensor t = Tensor.of(new float[] {1}, 1);
    assertTrue(assertThrows(SafetensorsException.class, () -> SafetensorsWriter.write(f, Map.of("__metadata__", t)))
        .getMessage().contains("is reserved"));
    assertTrue(assertThrows(SafetensorsException.class, () -> SafetensorsWriter.write(f, Map.of("a\uD800", t)))
        .getMessage().contains("unpaired UTF-16 surrogate"));
    assertTrue(assertThrows(SafetensorsException.class, () -> SafetensorsWriter.write(f, Map.of(), Map.of("k", "\uDC00")))
        .getMessage().contains("metadata value"));
    assertFalse(Files.exists(f));
  }
}

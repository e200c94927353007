package org.reason4j.transformer.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.SafetensorsWriter;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;

/**
 * Loading streams: a BF16 checkpoint whose weights are 40 MB in F32 loads in a JVM whose old generation
 * holds 60 MB, where reading every tensor first and then copying (two F32 copies, 80 MB) runs out of
 * memory; and the bytes the loader allocates are the model plus one decoded copy of each tensor, with no
 * BF16 staging copy or second conversion on top.
 */
class LoadMemoryTest {
  /** 9,965,056 parameters: 39.9 MB in F32, 19.9 MB as BF16 on disk; the largest tensor is 4 MB in F32. */
  static final ModelConfig CONFIG = ModelConfig.llama(2048, 512, 1024, 3, 8, 8, 64);
  static final String HEAP = "-Xmx64m";
  static final String YOUNG = "-Xmn4m"; // serial GC: old generation 60 MB, so the limit applies to the whole model

  @TempDir static Path tmp;
  static Path dir;
  static long f32Bytes;

  @BeforeAll
  static void writeBf16Checkpoint() throws IOException {
    CausalLM m = CausalLM.empty(CONFIG);
    Map<String, Tensor> bf16 = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
      bf16.put(e.getKey(), e.getValue().fill(0.5).to(DType.BF16));
      f32Bytes += 4L * e.getValue().numel();
    }
    dir = tmp.resolve("bf16");
    java.nio.file.Files.createDirectories(dir);
    SafetensorsWriter.write(dir.resolve("model.safetensors"), bf16, Map.of("format", "pt"));
    HfCheckpoint.writeJson(dir.resolve("config.json"), CONFIG.toJson());
  }

  /** Runs {@link LoadPeakProbe} in a fresh JVM with the heap limit; returns its exit code and output. */
  static Object[] probe(String mode) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, YOUNG, "-XX:+UseSerialGC"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-modules") || a.startsWith("--enable-preview")) cmd.add(a);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadPeakProbe.class.getName(), dir.toString(), mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) p.destroyForcibly();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(done, "the child JVM did not finish: " + out);
    return new Object[] {p.exitValue(), out};
  }

  @Test
  void streamingLoadFitsWhereLoadingEverythingFirstRunsOutOfMemory() throws Exception {
    Object[] stream = probe("stream");
    System.out.println("load under " + HEAP + " " + YOUNG + " (F32 weights " + f32Bytes + " bytes): " + stream[1]);
    assertEquals(0, stream[0], "streaming load failed under " + HEAP + ": " + stream[1]);
    Object[] allAtOnce = probe("all-at-once");
    System.out.println("read-all-then-copy under " + HEAP + ": " + allAtOnce[1]);
    assertEquals(3, allAtOnce[0], "the heap limit must be tight enough that two F32 copies do not fit: " + allAtOnce[1]);
  }

  /** Bytes allocated on the heap by every live thread so far (HotSpot's per-thread counters). */
  private static long allocatedBytes() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) total += Math.max(0, b);
    return total;
  }

  @Test
  void loadingAllocatesTheModelAndOneDecodedCopyOfEachTensorNothingMore() throws IOException {
    var bean = ManagementFactory.getThreadMXBean();
    Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean
        && ((com.sun.management.ThreadMXBean) bean).isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
    HfCheckpoint.load(dir); // warm-up: class loading and JIT allocate too
    long start = allocatedBytes();
    CausalLM m = HfCheckpoint.load(dir);
    long allocated = allocatedBytes() - start;
    System.out.printf("load allocated %d bytes = %.3f x the F32 weights (%d bytes)%n", allocated, (double) allocated / f32Bytes, f32Bytes);
    assertEquals(0.5f, m.stateDict().get("model.layers.2.mlp.down_proj.weight").toFloatArray()[7], "the weights were loaded");
    assertTrue(allocated < 2.05 * f32Bytes, "zeros of the empty model + one F32 decode per tensor = 2x; allocated " + allocated);
  }
}

package org.reason4j.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.io.Llama2cCheckpoint;
import org.reason4j.transformer.model.CausalLM;

/**
 * {@code reason4j bench load}: loads one checkpoint (a Hugging Face directory in any stored dtype, or a
 * llama2.c {@code .bin}) and reports its size in F32, the time taken and the JVM heap's peak. Run it
 * under {@code /usr/bin/time -v} to see the process's peak resident memory, which is what the
 * streaming loader is meant to keep near the F32 size of the weights. It measures; it asserts nothing.
 */
public final class LoadBench {
  private LoadBench() {}

  /** Loads the checkpoint and returns the numbers as a JSON-ready map. */
  public static Map<String, Object> run(Path checkpoint) throws IOException {
    long t0 = System.nanoTime();
    CausalLM model = Files.isDirectory(checkpoint) ? HfCheckpoint.load(checkpoint) : Llama2cCheckpoint.load(checkpoint);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("impl", "reason4j");
    j.put("workload", "load");
    j.put("checkpoint", checkpoint.toString());
    j.put("parameters", model.numParameters());
    j.put("f32_bytes", 4 * model.numParameters());
    j.put("seconds", seconds);
    j.put("heap_peak_bytes", heapPeak());
    return j;
  }

  /** Sum of the heap pools' peak usage since the JVM started. */
  private static long heapPeak() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    return peak;
  }
}

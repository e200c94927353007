package org.reason4j.transformer.io;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.model.CausalLM;

/**
 * The child JVM of {@link LoadMemoryTest}: loads a checkpoint under the heap limit it was started with,
 * either streaming ({@link HfCheckpoint#load}) or all at once (every tensor read into a map, then
 * {@code loadStateDict}: the usual approach, which needs two F32 copies). Prints the heap pools' peak
 * usage and exits 0, or exits 3 on an OutOfMemoryError.
 */
public final class LoadPeakProbe {
  private LoadPeakProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    CausalLM model;
    try {
      model = args[1].equals("stream") ? HfCheckpoint.load(dir) : allAtOnce(dir);
    } catch (OutOfMemoryError e) {
      System.out.println("OutOfMemoryError");
      System.exit(3);
      return;
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    System.out.println("loaded " + model.numParameters() + " parameters; heap pools' peak sum " + peak + " bytes");
  }

  private static CausalLM allAtOnce(Path dir) throws Exception {
    CausalLM model = CausalLM.empty(HfCheckpoint.readConfig(dir));
    Map<String, Tensor> all = new LinkedHashMap<>();
    try (ShardedSafetensors w = ShardedSafetensors.open(dir)) {
      for (String name : w.names()) all.put(name, w.readAs(name, DType.F32));
    }
    model.loadStateDict(all, true);
    return model;
  }
}

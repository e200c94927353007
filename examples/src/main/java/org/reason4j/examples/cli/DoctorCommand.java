package org.reason4j.examples.cli;

import java.util.concurrent.Callable;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.cpu.Parallel;
import org.reason4j.tensor.cuda.CudaInfo;
import picocli.CommandLine.Command;

/** {@code reason4j doctor}: what this machine offers reason4j (CPU, SIMD, GPU) and why not, when not. */
@Command(name = "doctor", description = "Report the JVM, CPU threads, SIMD support and GPU availability.")
final class DoctorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("java:      " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    System.out.println("cpu:       " + Runtime.getRuntime().availableProcessors() + " cores, " + Parallel.threads() + " threads in the pool");
    boolean vector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    System.out.println("simd:      " + (vector ? "Vector API present (jdk.incubator.vector)" : "Vector API absent: start java with --add-modules jdk.incubator.vector for fast kernels"));
    System.out.println("memory:    max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    String cuda = Backends.availability(Device.Kind.CUDA);
    System.out.println("cuda:      " + (cuda == null ? "available" : "not available: " + cuda));
    if (cuda == null) for (String line : CudaInfo.report()) System.out.println("           " + line);
    return 0;
  }
}

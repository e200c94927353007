package org.reason4j.tensor.cuda;

/**
 * Finds out, once, whether CUDA can work in this JVM, without ever throwing: are the JCuda classes on
 * the class path, does their native library load (it needs the NVIDIA driver's libcuda.so.1), does the
 * driver start, is it new enough for the PTX (built by CUDA 13), and is there a device. The answer is
 * null or one sentence. This class touches no JCuda type itself; {@link Gpu#probeDriver()} does, and is
 * called only once the classes are known to be present.
 */
final class CudaProbe {
  /** What the probe found: a problem sentence (null when CUDA works), the driver's CUDA version, devices. */
  record Status(String problem, int driverVersion, int deviceCount) {
    static Status problem(String why) {
      return new Status(why, 0, 0);
    }
  }

  /** The oldest driver API version that loads PTX made by nvcc 13.0 (cuDriverGetVersion encoding). */
  static final int MIN_DRIVER_VERSION = 13000;

  private static volatile Status status;

  private CudaProbe() {}

  static Status status() {
    Status s = status;
    if (s == null) {
      synchronized (CudaProbe.class) {
        if (status == null) status = run();
        s = status;
      }
    }
    return s;
  }

  private static Status run() {
    if (!classPresent("jcuda.driver.JCudaDriver")) {
      return Status.problem("the JCuda jars (org.jcuda:jcuda 12.6.0 and jcuda-natives) are not on the class path.");
    }
    try {
      return Gpu.probeDriver();
    } catch (LinkageError | RuntimeException e) {
      return Status.problem(explainLoadFailure(e));
    }
  }

  static boolean classPresent(String name) {
    try {
      Class.forName(name, false, CudaProbe.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** One sentence for a failure to load JCuda's native library or to initialise its classes. */
  static String explainLoadFailure(Throwable e) {
    String all = messages(e);
    if (all.contains("libcuda.so")) {
      return "no NVIDIA driver was found (libcuda.so.1 is missing); install the NVIDIA driver (580 or newer, for CUDA 13).";
    }
    if (all.contains("MacOS")) return "CUDA is not available on macOS.";
    if (all.contains("Could not initialize class")) {
      return "the JCuda classes failed to initialise earlier in this JVM (" + firstLine(all) + ").";
    }
    return "the JCuda native library failed to load on " + System.getProperty("os.name") + "/"
        + System.getProperty("os.arch") + " (" + firstLine(all) + ").";
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
      if (t.getCause() == t) break;
    }
    return sb.toString();
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

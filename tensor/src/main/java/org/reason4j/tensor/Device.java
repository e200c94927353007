package org.reason4j.tensor;

/**
 * Where a tensor's memory lives: the CPU or a numbered accelerator. Layers never test the device;
 * they call the tensor's backend, so the same code runs anywhere.
 */
public record Device(Kind kind, int index) {
  public enum Kind {
    CPU,
    CUDA
  }

  public static final Device CPU = new Device(Kind.CPU, 0);

  public static Device cuda(int index) {
    return new Device(Kind.CUDA, index);
  }

  /** Parses "cpu", "cuda" or "cuda:1". */
  public static Device parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.equals("cpu")) return CPU;
    if (t.equals("cuda") || t.equals("gpu")) return cuda(0);
    if (t.startsWith("cuda:")) {
      try {
        return cuda(Integer.parseInt(t.substring(5)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException("unknown device '" + s + "': use cpu, cuda or cuda:N");
  }

  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + index;
  }
}

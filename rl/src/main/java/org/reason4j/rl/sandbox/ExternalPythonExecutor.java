package org.reason4j.rl.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.reason4j.rl.sandbox.ExecutionResult.Failure;
import org.reason4j.tensor.io.Json;

/**
 * Runs a program in a real CPython process, for users who need full Python fidelity and accept the
 * risk. It is off by default: nothing in reason4j creates one unless the user asks for it by calling
 * {@link #enable}, and it is a weaker boundary than {@link PythonSubsetInterpreter}, which remains
 * the default and the only executor that never runs model-written code on the host.
 *
 * <p>What it does to contain the process: {@code python3 -I -S} (isolated mode: no environment
 * variables, user site or current directory on the path; no site-packages); an empty environment
 * apart from PATH; a fresh temporary working directory, deleted afterwards; resource limits set by
 * {@code prlimit} when it is installed and again by the driver before the program runs (address
 * space, CPU seconds, no file writes, no new processes for a non-root user, and no new file
 * descriptors, so the program cannot open files or import modules that were not preloaded); stdout
 * capped; a wall-clock timeout after which the process and its children are killed. Any problem
 * gives a null result. What it cannot do: a program runs with the user's privileges inside the limits,
 * and since it shares the process with the driver it could forge its own result.
 */
public final class ExternalPythonExecutor implements ProgramExecutor {
  /**
   * @param python the interpreter to run (an absolute path; the child's PATH is minimal)
   * @param timeoutMillis wall-clock limit for the whole process
   * @param maxMemoryBytes address-space limit of the process
   * @param maxOutputBytes stdout kept from the process (the program's prints are discarded anyway)
   */
  public record Config(Path python, long timeoutMillis, long maxMemoryBytes, int maxOutputBytes) {
    /** The reference trainer's 2 s timeout, 1 GiB of address space. */
    public static final Config DEFAULTS = new Config(Path.of("/usr/bin/python3"), 2_000, 1L << 30, 1 << 16);
  }

  private static final String RESULT_MARK = "reason4j-result:";
  private static final SecureRandom NONCES = new SecureRandom();
  private static final Path PRLIMIT = Stream.of("/usr/bin/prlimit", "/bin/prlimit")
      .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);

  /** Reads the program from stdin, limits itself, runs it as the reference does, prints one result line. */
  private static final String DRIVER = """
      import sys, math, json, types, resource
      import fractions, decimal, itertools, functools, collections, statistics, re, datetime, random, string, operator
      mark, mem, cpu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
      code = sys.stdin.read()
      out = sys.stdout
      class Sink:
          def write(self, s): return len(s)
          def flush(self): pass
      sys.stdout = sys.stderr = Sink()
      class Stub(types.ModuleType):
          def __getattr__(self, name): raise ImportError('sympy is not available here')
      sys.modules['sympy'] = Stub('sympy')
      for lim, v in ((resource.RLIMIT_AS, mem), (resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, 0),
                     (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NPROC, 0), (resource.RLIMIT_NOFILE, 3)):
          resource.setrlimit(lim, (v, v))
      def report(d):
          out.write(mark + json.dumps(d) + '\\n')
          out.flush()
      g, l = {'math': math, 'sympy': sys.modules['sympy']}, {}
      try:
          exec(code, g, l)
          r = eval('solution()', g, l)
      except BaseException as e:
          report({'kind': 'error', 'type': type(e).__name__, 'text': str(e)[:200]})
          raise SystemExit(0)
      if r is None:
          report({'kind': 'none'})
      elif isinstance(r, str):
          report({'kind': 'str', 'text': r})
      else:
          try:
              report({'kind': 'number', 'value': repr(float(r)), 'text': str(r)[:200]})
          except BaseException as e:
              report({'kind': 'other', 'type': type(r).__name__})
      """;

  private final Config config;

  private ExternalPythonExecutor(Config config) {
    this.config = config;
  }

  /** The explicit opt-in: model-written programs will run in a host Python process under {@code config}. */
  public static ExternalPythonExecutor enable(Config config) {
    return new ExternalPythonExecutor(config);
  }

  @Override
  public ExecutionResult run(String program) {
    if (program == null) return ExecutionResult.failed(Failure.SYNTAX, "no program");
    Path dir = null;
    try {
      dir = Files.createTempDirectory("reason4j-python-");
      return runIn(dir, program);
    } catch (IOException | RuntimeException e) {
      return ExecutionResult.failed(Failure.RUNTIME_ERROR, "external python failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExecutionResult.failed(Failure.TIME_BUDGET, "interrupted while waiting for python");
    } finally {
      deleteQuietly(dir);
    }
  }

  private ExecutionResult runIn(Path dir, String program) throws IOException, InterruptedException {
    String mark = RESULT_MARK + HexFormat.of().formatHex(NONCES.generateSeed(16)) + ":";
    long cpuSeconds = Math.max(1, (config.timeoutMillis() + 999) / 1000);
    List<String> cmd = new ArrayList<>();
    if (PRLIMIT != null) cmd.addAll(List.of(PRLIMIT.toString(), "--as=" + config.maxMemoryBytes(),
        "--cpu=" + cpuSeconds, "--fsize=0", "--core=0", "--"));
    cmd.addAll(List.of(config.python().toString(), "-I", "-S", "-c", DRIVER, mark,
        Long.toString(config.maxMemoryBytes()), Long.toString(cpuSeconds)));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString(), "LC_ALL", "C.UTF-8"));
    Process p = pb.start();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copyCapped(p.getInputStream(), stdout, config.maxOutputBytes()), "reason4j-python-stdout");
    reader.setDaemon(true);
    reader.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(program.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The process may exit before reading its input (a limit hit at start); its output says what happened.
    }
    if (!p.waitFor(config.timeoutMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return ExecutionResult.failed(Failure.TIME_BUDGET, "python ran longer than " + config.timeoutMillis() + " ms");
    }
    reader.join(1_000);
    String out;
    synchronized (stdout) {
      out = stdout.toString(StandardCharsets.UTF_8);
    }
    return parse(out, mark, p.exitValue());
  }

  private static void copyCapped(InputStream in, ByteArrayOutputStream out, int cap) {
    byte[] buf = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        synchronized (out) {
          if (out.size() < cap) out.write(buf, 0, Math.min(n, cap - out.size()));
        }
      }
    } catch (IOException e) {
      // The process was killed or closed its output: what was read so far is all there is.
    }
  }

  private static ExecutionResult parse(String out, String mark, int exitCode) {
    int at = out.lastIndexOf(mark);
    if (at < 0) return ExecutionResult.failed(Failure.RUNTIME_ERROR, "python exited with code " + exitCode + " and no result");
    int end = out.indexOf('\n', at);
    Map<?, ?> r = (Map<?, ?>) Json.parse(out.substring(at + mark.length(), end < 0 ? out.length() : end), "python result");
    String text = r.get("text") instanceof String s ? s : null;
    switch (String.valueOf(r.get("kind"))) {
      case "number":
        Double v = ExecutionResult.parsePythonFloat((String) r.get("value"));
        return v == null ? ExecutionResult.failed(Failure.NO_RESULT, "unreadable number") : ExecutionResult.of(v, text);
      case "str": return ExecutionResult.of(text, text);
      case "none": return ExecutionResult.failed(Failure.NO_RESULT, "solution() returned None");
      case "error": {
        String type = String.valueOf(r.get("type"));
        Failure f = type.equals("SyntaxError") || type.equals("IndentationError") || type.equals("TabError")
            ? Failure.SYNTAX : type.equals("MemoryError") ? Failure.MEMORY_BUDGET
            : type.equals("RecursionError") ? Failure.DEPTH_BUDGET : Failure.RUNTIME_ERROR;
        return ExecutionResult.failed(f, type + ": " + text);
      }
      default: return ExecutionResult.failed(Failure.NO_RESULT, "solution() returned a " + r.get("type") + ", not a number");
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) return;
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // A leftover empty temporary directory is harmless; the result does not depend on it.
    }
  }
}

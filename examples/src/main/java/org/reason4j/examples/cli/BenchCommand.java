package org.reason4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.reason4j.examples.bench.GemmBench;
import org.reason4j.examples.bench.LoadBench;
import org.reason4j.examples.bench.TransformerBench;
import org.reason4j.examples.bench.TransformerBench.Preset;
import org.reason4j.examples.bench.TransformerBench.Result;
import org.reason4j.examples.bench.TransformerBench.Workload;
import org.reason4j.tensor.cpu.Parallel;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.model.CausalLM;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code reason4j bench}: a parent for the benchmarks, one nested class per subcommand, each a thin
 * wrapper over a class in {@code org.reason4j.examples.bench}. Benchmarks print numbers (text or JSON
 * lines) and never judge them.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure speed and memory (prints numbers, asserts nothing).",
    subcommands = {BenchCommand.GemmCommand.class, BenchCommand.TransformerCommand.class, BenchCommand.LoadCommand.class})
final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code bench gemm}: F32 matrix products in GFLOP/s; the flags are GemmBench's own. */
  @Command(
      name = "gemm",
      description = {
        "Time F32 matrix products and print GFLOP/s (JSON lines with --json: op, m, n, k, threads, path, gflops, ...).",
        "Flags: --n N[,N..] --threads T[,T..] --shapes square,transformer,decode --reps R --json"
      })
  static final class GemmCommand implements Callable<Integer> {
    @Unmatched List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
      return GemmBench.run(args.toArray(String[]::new));
    }
  }

  /** {@code bench transformer}: generation and training tokens/s of a stories-shaped Llama with random weights. */
  @Command(
      name = "transformer",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Tokens/s of greedy generation (KV cache; prompt 16, 128 new tokens, batch 1 and 16) and of one training",
        "forward+backward (batch 8 x 256, cross-entropy, no optimizer step) on a Llama shaped like llama2.c's stories15M",
        "with random weights. tools/bench/transformer_vs_torch.sh runs the same in PyTorch and prints the ratios."
      })
  static final class TransformerCommand implements Callable<Integer> {
    @Option(names = "--preset", paramLabel = "NAME", description = "Model shape: stories15M (default) or stories110M.")
    String preset = "stories15M";

    @Option(names = "--threads", paramLabel = "T", description = "CPU threads (default: reason4j.threads or the core count).")
    Integer threads;

    @Option(names = "--repeats", paramLabel = "R", description = "Timed runs per workload after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--workloads", split = ",", paramLabel = "W",
        description = "Subset to run: generate_b1, generate_b16, train_b8x256 (default: all).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--checkpoint", paramLabel = "DIR",
        description = "Also save the random model here (Hugging Face layout, F32), e.g. for tools/bench/torch_transformer.py.")
    Path checkpoint;

    @Option(names = "--save-only", description = "Save the model to --checkpoint and exit without timing anything.")
    boolean saveOnly;

    @Option(names = "--json", description = "One JSON object per workload instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Preset p = Preset.of(preset);
      if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1, got " + repeats);
      if (saveOnly && checkpoint == null) throw new IllegalArgumentException("--save-only needs --checkpoint DIR");
      List<Workload> chosen = chosenWorkloads();
      int restore = Parallel.threads();
      if (threads != null) Parallel.setThreads(threads);
      try {
        CausalLM model = TransformerBench.model(p);
        if (checkpoint != null) TransformerBench.save(model, checkpoint);
        if (saveOnly) return 0;
        var out = CliIo.out();
        if (!json) {
          out.printf("%s shape, %.1fM parameters (random weights), %d threads%n", p.label(), model.numParameters() / 1e6, Parallel.threads());
        }
        for (Workload w : chosen) {
          Result r = TransformerBench.measure(model, w, repeats);
          if (json) out.println(Json.write(r.toJson(p, Parallel.threads())));
          else out.printf("%-14s %10.1f tokens/s  (median of %s)  check %s%n", w.label(), r.median(), Json.write(r.tokensPerSecond()),
              Json.write(r.check()));
        }
        return 0;
      } finally {
        Parallel.setThreads(restore);
      }
    }

    private List<Workload> chosenWorkloads() {
      if (workloads.isEmpty()) return List.of(Workload.values());
      List<Workload> out = new ArrayList<>();
      for (String name : workloads) {
        Workload w = Stream.of(Workload.values()).filter(x -> x.label().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "' (generate_b1, generate_b16, train_b8x256)"));
        out.add(w);
      }
      out.sort(Comparator.naturalOrder());
      return out;
    }
  }

  /** {@code bench load}: load one checkpoint and report its F32 size and the heap's peak (run under /usr/bin/time -v for RSS). */
  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description = {
        "Load a checkpoint (Hugging Face directory in F32/BF16/F16, or llama2.c .bin) and print parameters, F32 bytes,",
        "seconds and the JVM heap's peak as JSON. Run it under /usr/bin/time -v for the peak resident memory."
      })
  static final class LoadCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "PATH", description = "The checkpoint to load.")
    Path model;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(model)) throw new IllegalArgumentException("--model " + model + ": no such file or directory");
      CliIo.out().println(Json.write(LoadBench.run(model)));
      return 0;
    }
  }
}

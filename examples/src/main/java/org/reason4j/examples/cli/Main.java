package org.reason4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code reason4j} command-line tool. Each subcommand is one class in this package; this class only
 * lists them. Errors that are the user's (a bad file, a bad flag) print one clear line and exit 2;
 * anything else prints the stack trace and exits 1.
 */
@Command(
    name = "reason4j",
    mixinStandardHelpOptions = true,
    version = "reason4j 0.1.0",
    description = "Train language models to reason, on the JVM.",
    subcommands = {
      DemoCommand.class,
      DoctorCommand.class,
      SftCommand.class,
      PpoCommand.class,
      GroupCommand.Grpo.class,
      GroupCommand.DrGrpo.class,
      GroupCommand.Dapo.class,
      MethodCommands.Guide.class,
      MethodCommands.ReliftCommand.class,
      RegftCommand.class,
      OfflineStCommand.class,
      MethodCommands.OnlineSt.class,
      RewardModelCommand.class,
      EvalCommand.class,
      GenerateCommand.class,
      ChatCommand.class,
      TokenizeCommand.class,
      ChatTemplateCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the tool and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (isUserError(e)) {
        cmd.getErr().println("reason4j " + cmd.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    try {
      return cl.execute(args);
    } catch (OutOfMemoryError e) {
      // The stack has unwound, so the heap is free again: say what to change instead of a JVM stack trace.
      System.err.printf("reason4j: out of Java heap (maximum %.1f GiB). Lower the batch sizes (generationBatchPrompts, groupSize, "
          + "batchSize, microBatchSize, promptsPerStep) or give the JVM more memory, e.g. JAVA_OPTS=-Xmx16g ./reason4j ...%n",
          Runtime.getRuntime().maxMemory() / (double) (1L << 30));
      return 3;
    }
  }

  /** Errors caused by the input (a file, a flag, a config): one line, no stack trace. */
  static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e instanceof java.io.IOException
        || e instanceof java.io.UncheckedIOException
        || e instanceof org.reason4j.tensor.io.Json.JsonException
        || e instanceof org.reason4j.rl.config.ConfigException
        || e instanceof org.reason4j.rl.data.DataFormatException
        || e instanceof org.reason4j.transformer.chat.TemplateException
        || e instanceof org.reason4j.transformer.tokenizer.TokenizerException;
  }
}

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
      if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
          || e instanceof java.io.IOException || e instanceof IllegalStateException) {
        cmd.getErr().println("reason4j " + cmd.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }
}

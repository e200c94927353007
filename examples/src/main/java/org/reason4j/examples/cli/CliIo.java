package org.reason4j.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.chat.TemplateException;
import org.reason4j.transformer.tokenizer.TokenizerException;

/**
 * What the transformer commands share at the edge of the process: UTF-8 output whatever the platform
 * charset (their output is JSON or model text that other tools read), input files read with errors that
 * name the file, and the transformer's own exception types turned into the {@link IllegalArgumentException}
 * that {@link Main} prints as one line.
 */
final class CliIo {
  private CliIo() {}

  /** Standard output (as it is now, so tests can capture it) encoded as UTF-8. */
  static PrintStream out() {
    return new PrintStream(System.out, true, StandardCharsets.UTF_8);
  }

  /** A UTF-8 text file named by an option; a missing file is the user's error. */
  static String readText(Path file, String option) throws IOException {
    if (!Files.isRegularFile(file)) throw new IllegalArgumentException(option + " " + file + ": no such file");
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Runs a command body; a bad tokenizer, template or JSON file becomes a one-line user error. */
  static Integer userErrors(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (TokenizerException | TemplateException | Json.JsonException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}

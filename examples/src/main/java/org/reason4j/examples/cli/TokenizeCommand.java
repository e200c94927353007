package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reason4j.transformer.tokenizer.TokenizeJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j tokenize}: JSON in, JSON out, through {@link TokenizeJson#run}; nothing else. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Encode a JSON array of strings to a JSON array of id arrays, or with --decode the reverse.",
      "The tokenizer is a model directory or a tokenizer.json, vocab.json, tokenizer.bin or tiktoken tokenizer.model file."
    })
final class TokenizeCommand implements Callable<Integer> {
  @Option(names = "--tokenizer", required = true, paramLabel = "PATH", description = "Tokenizer file or model directory.")
  Path tokenizer;

  @Option(names = "--input", required = true, paramLabel = "FILE.json",
      description = "A JSON array of strings (or, with --decode, of id arrays).")
  Path input;

  @Option(names = "--add-special-tokens", description = "Add what the tokenizer adds around a sequence (BOS, [CLS] ... [SEP]).")
  boolean addSpecialTokens;

  @Option(names = "--decode", description = "Decode id arrays to strings (special tokens kept in the text).")
  boolean decode;

  @Override
  public Integer call() throws Exception {
    return CliIo.userErrors(() -> {
      String json = CliIo.readText(input, "--input");
      CliIo.out().println(TokenizeJson.run(tokenizer, json, addSpecialTokens, decode));
      return 0;
    });
  }
}

package org.reason4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.reason4j.transformer.generate.GenerationConfig;
import picocli.CommandLine.Option;

/**
 * The generation flags {@code generate} and {@code chat} share, named as in Hugging Face's
 * {@code generate()} and vLLM. Defaults are greedy decoding: temperature 0 ignores the filters.
 */
final class SamplingOptions {
  @Option(names = "--max-tokens", paramLabel = "N", description = "New tokens to generate at most (default: ${DEFAULT-VALUE}; never past the model's context).")
  int maxTokens = 256;

  @Option(names = "--temperature", paramLabel = "T", description = "0 (the default) is greedy decoding: always the most likely token; above 0, sample from the logits divided by T.")
  double temperature = 0;

  @Option(names = "--top-k", paramLabel = "K", description = "Sample among the K most likely tokens only (0 = off, the default).")
  int topK = 0;

  @Option(names = "--top-p", paramLabel = "P", description = "Sample from the smallest set of tokens whose probability reaches P (1 = off, the default).")
  double topP = 1;

  @Option(names = "--min-p", paramLabel = "P", description = "Drop tokens less likely than P times the most likely one (0 = off, the default).")
  double minP = 0;

  @Option(names = "--repetition-penalty", paramLabel = "R", description = "CTRL's penalty on tokens already in the text (1 = off, the default).")
  double repetitionPenalty = 1;

  @Option(names = "--stop", paramLabel = "STR", description = "Stop once the generated text contains STR (repeatable).")
  List<String> stop = new ArrayList<>();

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
  long seed = 0;

  /** The generation config; invalid values fail here with the record's message. */
  GenerationConfig config(Set<Integer> eosIds) {
    return new GenerationConfig(maxTokens, temperature, topK, topP, minP, repetitionPenalty, stop, eosIds, seed);
  }
}

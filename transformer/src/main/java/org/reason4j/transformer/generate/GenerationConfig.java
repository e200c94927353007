package org.reason4j.transformer.generate;

import java.util.List;
import java.util.Set;

/**
 * How to generate: length, sampling filters and stopping. Temperature 0 means greedy. Filters apply in
 * Hugging Face's order: repetition penalty, temperature, top-k, top-p, min-p. Log-probs are always
 * those of the temperature-scaled full distribution (no filter), the quantity RL ratios use.
 *
 * @param maxNewTokens tokens to generate at most per sequence
 * @param temperature 0 for greedy, else logits are divided by it
 * @param topK keep the k most likely tokens (0 = off)
 * @param topP keep the smallest set whose probability reaches p (1 = off)
 * @param minP keep tokens with probability at least minP times the largest (0 = off)
 * @param repetitionPenalty CTRL's penalty on tokens already in the sequence (1 = off)
 * @param stopStrings stop a sequence once its generated text contains one of these
 * @param eosIds stop a sequence when it samples one of these ids (kept as its last token)
 * @param seed row r of a call draws from stream r of this seed, so a prompt's samples do not depend on
 *     the other prompts in the batch
 */
public record GenerationConfig(
    int maxNewTokens,
    double temperature,
    int topK,
    double topP,
    double minP,
    double repetitionPenalty,
    List<String> stopStrings,
    Set<Integer> eosIds,
    long seed) {

  public GenerationConfig {
    if (maxNewTokens < 0) throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
    if (!(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
    if (topK < 0) throw new IllegalArgumentException("topK must be >= 0, got " + topK);
    if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    if (!(minP >= 0 && minP < 1)) throw new IllegalArgumentException("minP must be in [0, 1), got " + minP);
    if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + repetitionPenalty);
    stopStrings = List.copyOf(stopStrings);
    eosIds = Set.copyOf(eosIds);
  }

  /** Greedy decoding of up to n tokens, stopping at the given EOS ids. */
  public static GenerationConfig greedy(int maxNewTokens, Set<Integer> eosIds) {
    return new GenerationConfig(maxNewTokens, 0, 0, 1, 0, 1, List.of(), eosIds, 0);
  }

  /** Plain sampling at a temperature with no filters. */
  public static GenerationConfig sampling(int maxNewTokens, double temperature, Set<Integer> eosIds, long seed) {
    return new GenerationConfig(maxNewTokens, temperature, 0, 1, 0, 1, List.of(), eosIds, seed);
  }

  public boolean greedy() {
    return temperature == 0;
  }

  public GenerationConfig withTopK(int k) {
    return new GenerationConfig(maxNewTokens, temperature, k, topP, minP, repetitionPenalty, stopStrings, eosIds, seed);
  }

  public GenerationConfig withTopP(double p) {
    return new GenerationConfig(maxNewTokens, temperature, topK, p, minP, repetitionPenalty, stopStrings, eosIds, seed);
  }

  public GenerationConfig withMinP(double p) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, p, repetitionPenalty, stopStrings, eosIds, seed);
  }

  public GenerationConfig withRepetitionPenalty(double r) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, minP, r, stopStrings, eosIds, seed);
  }

  public GenerationConfig withStopStrings(List<String> s) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, minP, repetitionPenalty, s, eosIds, seed);
  }

  public GenerationConfig withSeed(long s) {
    return new GenerationConfig(maxNewTokens, temperature, topK, topP, minP, repetitionPenalty, stopStrings, eosIds, s);
  }

  public GenerationConfig withMaxNewTokens(int n) {
    return new GenerationConfig(n, temperature, topK, topP, minP, repetitionPenalty, stopStrings, eosIds, seed);
  }
}

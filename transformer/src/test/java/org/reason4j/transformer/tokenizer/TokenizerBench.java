package org.reason4j.transformer.tokenizer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.reason4j.tensor.io.Json;

/**
 * Encoding speed on English text (GSM8K train questions and answers), printed, never asserted.
 * Not a test: run it by hand, e.g.
 * {@code java -cp transformer/target/classes:transformer/target/test-classes:tensor/target/classes
 * org.reason4j.transformer.tokenizer.TokenizerBench ../shared/data}.
 * An optional second argument keeps only the tokenizers whose name contains it. The first pass
 * starts with an empty word cache (and a cold JIT); later passes show the steady state. Speed is
 * given per CPU second of the encoding thread (one core, whatever else the machine runs) and per
 * wall-clock second.
 */
public final class TokenizerBench {
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    List<String> docs = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("gsm8k/train.jsonl"), StandardCharsets.UTF_8)) {
      Map<String, Object> rec = JsonObj.of(Json.parse(line), "train.jsonl").map();
      docs.add(rec.get("question") + "\n" + rec.get("answer"));
    }
    long bytes = 0;
    for (String d : docs) bytes += d.getBytes(StandardCharsets.UTF_8).length;
    Path tok = data.resolve("tokenizers");
    only = args.length > 1 ? args[1] : "";
    bench("gpt2 (tokenizer.json)", () -> Tokenizers.load(tok.resolve("gpt2/gpt2.json")), docs, bytes);
    bench("qwen2.5 (vocab+merges)", () -> Tokenizers.fromVocabMerges(tok.resolve("qwen2/vocab.json"),
        tok.resolve("qwen2/merges.txt"), tok.resolve("qwen2.5/tokenizer_config.json"), BpeFamily.QWEN2), docs, bytes);
    bench("llama3.2 (encoder+vocab.bpe)", () -> Tokenizers.fromVocabMerges(tok.resolve("llama3.2/encoder.json"),
        tok.resolve("llama3.2/vocab.bpe"), tok.resolve("llama3/tokenizer_config.json"), BpeFamily.LLAMA3), docs, bytes);
    bench("phi-3-mini (tokenizer.json)", () -> Tokenizers.load(tok.resolve("phi-3-mini")), docs, bytes);
    bench("bert (tokenizer.json)", () -> Tokenizers.load(tok.resolve("bert-uncased-wordpiece/bge-small-en-v1.5-tokenizer.json")), docs, bytes);
    bench("llama2.c (tokenizer.bin)", () -> Tokenizers.load(tok.resolve("llama2c/tokenizer.bin")), docs, bytes);
  }

  private static String only = "";

  private static void bench(String name, Supplier<Tokenizer> load, List<String> docs, long bytes) {
    if (!name.contains(only)) return;
    Tokenizer t = load.get();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    StringBuilder line = new StringBuilder(String.format("%-30s", name));
    long tokens = 0;
    for (int pass = 0; pass < 4; pass++) {
      long wall = System.nanoTime(), cpu = mx.getCurrentThreadCpuTime();
      tokens = 0;
      for (String d : docs) tokens += t.encode(d, false).length;
      double wallS = (System.nanoTime() - wall) / 1e9, cpuS = (mx.getCurrentThreadCpuTime() - cpu) / 1e9;
      line.append(String.format("  pass %d: %5.2f MB/s cpu (%5.2f wall)", pass + 1, bytes / cpuS / 1e6, bytes / wallS / 1e6));
    }
    System.out.println(line.append(String.format("  [%.2f MB, %d tokens]", bytes / 1e6, tokens)));
  }
}

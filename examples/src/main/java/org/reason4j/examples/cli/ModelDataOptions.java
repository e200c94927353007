package org.reason4j.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.transformer.chat.ChatTemplate;
import picocli.CommandLine.Option;

/** The options that say which model meets which data: shared by the training commands and {@code eval}. */
final class ModelDataOptions {
  @Option(names = "--model", required = true, paramLabel = "PATH",
      description = "Hugging Face folder, llama2.c .bin file, or new:<tiny|small>[:seed] for a fresh character model (synthetic task).")
  String model;

  @Option(names = "--tokenizer", paramLabel = "FILE", description = "Tokenizer file, when it is not beside the model.")
  Path tokenizer;

  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Problems file; for --data-format synthetic a spec such as 'tiers=0,1;count=500;seed=1;split=train'.")
  String data;

  @Option(names = "--data-format", defaultValue = "gsm8k", paramLabel = "FORMAT",
      description = "gsm8k | reft | svamp | synthetic | jsonl (default: ${DEFAULT-VALUE}).")
  String dataFormat;

  @Option(names = "--fields", paramLabel = "MAPPING", description = "For jsonl: e.g. question=problem,answer=solution:boxed,reference=solution.")
  String fields;

  @Option(names = "--verifier", paramLabel = "NAME", description = "Override the format's verifier: gsm8k | boxed | reft-ncot | reft-pcot | synthetic.")
  String verifier;

  @Option(names = "--chat", description = "Wrap prompts in the model's chat template (tokenizer_config.json).")
  boolean chat;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Use only the first N problems (0 = all).")
  int limit;

  LoadedModel loadModel() throws IOException {
    return LoadedModel.load(model, tokenizer);
  }

  TaskData loadTask(String spec, int max) {
    return TaskData.load(spec, dataFormat, fields, verifier, max);
  }

  /** The model with its tokenizer and the task's prompt format (in the chat template with --chat). */
  Policy policy(LoadedModel m, TaskData task) {
    PromptFormat format = task.format();
    if (chat) {
      if (m.directory() == null) throw new IllegalArgumentException("--chat needs a model folder with a tokenizer_config.json");
      format = new PromptFormat.Chat(ChatTemplate.load(m.directory()), null, format);
    }
    return new Policy(m.model(), m.tokenizer(), format);
  }
}

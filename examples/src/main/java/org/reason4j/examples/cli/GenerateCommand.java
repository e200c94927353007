package org.reason4j.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.chat.ChatTemplate;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reason4j generate}: one completion from a model on disk, as text or as one JSON object that
 * other tools can check ({@code prompt_ids}, {@code ids}, {@code text}, {@code logprobs},
 * {@code finish_reason}). It is a thin shell over {@link Generator}; it does not batch, serve or chat
 * (see {@code reason4j chat}).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Generate text from a Hugging Face model directory or a llama2.c checkpoint.",
      "Decoding is greedy by default (temperature 0); EOS ids come from config.json, generation_config.json and the tokenizer.",
      "Example: reason4j generate --model shared/data/models/stories260K/stories260K.bin --prompt \"\" --max-tokens 256"
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "PATH",
      description = "A Hugging Face model directory (config.json, *.safetensors, tokenizer files) or a llama2.c checkpoint .bin "
          + "with its tokenizer beside it (tokenizer.bin or tok*.bin).")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = "The tokenizer file or directory, when it is not beside the model.")
  Path tokenizer;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--prompt", paramLabel = "TEXT",
        description = "Raw prompt, encoded with the tokenizer's special tokens (BOS where it adds one); \"\" is BOS alone for llama2.c models.")
    String prompt;

    @Option(names = "--chat", paramLabel = "TEXT", description = "A user message, rendered with the model's chat template (with the generation prompt).")
    String chat;
  }

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message before the --chat message.")
  String system;

  @Mixin SamplingOptions sampling;

  @Option(names = "--json", description = "Print one JSON object: prompt_ids, ids, text, logprobs, finish_reason (\"stop\" or \"length\").")
  boolean json;

  @Option(names = "--stream", description = "Print the text as it is generated (not with --json).")
  boolean stream;

  @Override
  public Integer call() throws Exception {
    return CliIo.userErrors(this::generate);
  }

  private Integer generate() throws Exception {
    if (json && stream) throw new IllegalArgumentException("--stream prints text as it comes; it cannot be combined with --json");
    if (system != null && input.chat == null) throw new IllegalArgumentException("--system needs --chat (a raw --prompt has no roles)");
    LoadedModel m = LoadedModel.load(model.toString(), tokenizer);
    GenerationConfig config = sampling.config(m.eosIds());
    int[] prompt = promptIds(m);
    PrintStream out = CliIo.out();
    Continuation continuation = new Continuation(m.tokenizer(), prompt, stream ? out : null);
    Generator generator = new Generator(m.model(), m.tokenizer());
    GenerationResult r = generator.generate(List.of(prompt), config, stream ? continuation : null).get(0);
    String text = continuation.text(r.ids());
    if (json) out.println(Json.write(toJson(r, text)));
    else if (stream) continuation.finish(text);
    else out.println(text);
    return 0;
  }

  /** Token ids of the prompt: the raw text with special tokens, or the rendered chat without (the template writes them). */
  private int[] promptIds(LoadedModel m) {
    int[] ids;
    String what;
    if (input.chat != null) {
      List<Map<String, Object>> messages = new ArrayList<>();
      if (system != null) messages.add(Map.of("role", "system", "content", system));
      messages.add(Map.of("role", "user", "content", input.chat));
      String rendered = ChatTemplate.load(m.templateDir()).renderMaps(messages, true, Map.of());
      ids = m.tokenizer().encode(rendered, false);
      what = "the chat prompt (rendered with the chat template)";
    } else {
      ids = m.tokenizer().encode(input.prompt, true);
      what = "the prompt";
    }
    return checkLength(ids, what, m);
  }

  static int[] checkLength(int[] ids, String what, LoadedModel m) {
    if (ids.length == 0) {
      throw new IllegalArgumentException(what + " encodes to no tokens and this tokenizer adds no BOS; give some text");
    }
    if (ids.length >= m.context()) {
      throw new IllegalArgumentException(what + " is " + ids.length + " tokens, too long for the model's context of " + m.context()
          + " tokens (no room left to generate)");
    }
    return ids;
  }

  static Map<String, Object> toJson(GenerationResult r, String text) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("prompt_ids", r.promptIds());
    j.put("ids", r.ids());
    j.put("text", text);
    j.put("logprobs", r.logprobs());
    j.put("finish_reason", r.finishReason().jsonName());
    return j;
  }
}

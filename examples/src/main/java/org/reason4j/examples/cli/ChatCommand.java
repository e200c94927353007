package org.reason4j.examples.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.reason4j.transformer.chat.ChatTemplate;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code reason4j chat}: an interactive conversation on standard input. Each turn renders the whole
 * history with the model's chat template and generates the reply, streamed; the reply joins the history.
 * It keeps no state beyond the process and re-encodes the history each turn (no cache across turns).
 */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Chat with a model that has a chat template (tokenizer_config.json), one line per message.",
      "Greedy by default (temperature 0). Commands: /reset clears the history, /exit (or end of input) quits."
    })
final class ChatCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A Hugging Face model directory with a chat template.")
  Path model;

  @Option(names = "--tokenizer", paramLabel = "PATH", description = "The tokenizer directory, when it is not the model's.")
  Path tokenizer;

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message that opens the conversation.")
  String system;

  @Mixin SamplingOptions sampling;

  @Override
  public Integer call() throws Exception {
    return CliIo.userErrors(this::chat);
  }

  private Integer chat() throws Exception {
    LoadedModel m = LoadedModel.load(model.toString(), tokenizer);
    ChatTemplate template = ChatTemplate.load(m.templateDir());
    Generator generator = new Generator(m.model(), m.tokenizer());
    PrintStream out = CliIo.out();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    List<Map<String, Object>> history = new ArrayList<>();
    reset(history);
    while (true) {
      out.print("> ");
      out.flush();
      String line = in.readLine();
      if (line == null || line.strip().equals("/exit")) break;
      if (line.strip().equals("/reset")) {
        reset(history);
        out.println("(history cleared)");
        continue;
      }
      if (line.isBlank()) continue;
      history.add(Map.of("role", "user", "content", line));
      int[] prompt;
      try {
        prompt = GenerateCommand.checkLength(m.tokenizer().encode(template.renderMaps(history, true, Map.of()), false),
            "the conversation", m);
      } catch (IllegalArgumentException e) {
        history.remove(history.size() - 1);
        System.err.println("reason4j chat: " + e.getMessage() + "; /reset to start over");
        continue;
      }
      Continuation reply = new Continuation(m.tokenizer(), prompt, out);
      GenerationResult r = generator.generate(List.of(prompt), sampling.config(m.eosIds()), reply).get(0);
      String text = reply.text(r.ids());
      reply.finish(text);
      history.add(Map.of("role", "assistant", "content", text));
    }
    out.println();
    return 0;
  }

  private void reset(List<Map<String, Object>> history) {
    history.clear();
    if (system != null) history.add(Map.of("role", "system", "content", system));
  }
}

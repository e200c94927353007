package org.reason4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.chat.ChatTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reason4j chat-template}: renders messages with a tokenizer's chat template and prints the text as a JSON string. */
@Command(
    name = "chat-template",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Render a conversation with a model's chat template (as transformers' apply_chat_template(tokenize=False) does)",
      "and print the prompt as one JSON string."
    })
final class ChatTemplateCommand implements Callable<Integer> {
  @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
      description = "The folder with tokenizer_config.json (or chat_template.jinja), or that config file itself.")
  Path tokenizer;

  @Option(names = "--input", required = true, paramLabel = "MESSAGES.json",
      description = "A JSON array of {\"role\", \"content\"} messages, or an object {\"messages\": [...], ...} whose other fields "
          + "(such as tools) become template variables.")
  Path input;

  @Option(names = "--add-generation-prompt", description = "End with the header of the assistant's turn.")
  boolean addGenerationPrompt;

  @Override
  public Integer call() throws Exception {
    return CliIo.userErrors(() -> {
      if (!Files.isRegularFile(input)) throw new IllegalArgumentException("--input " + input + ": no such file");
      CliIo.out().println(Json.write(ChatTemplate.render(tokenizer, input, addGenerationPrompt)));
      return 0;
    });
  }
}

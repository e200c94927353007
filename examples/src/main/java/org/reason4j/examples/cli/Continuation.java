package org.reason4j.examples.cli;

import java.io.PrintStream;
import java.util.Arrays;
import org.reason4j.transformer.generate.Generator;
import org.reason4j.transformer.tokenizer.Tokenizer;

/**
 * The text of generated tokens as they read after their prompt: the prompt and the new ids are decoded
 * together and the prompt's own text is cut off. Decoding the new ids alone would get word boundaries
 * wrong (SentencePiece-style decoders drop the space of the first token, llama2.c drops it after BOS),
 * which is how the published stories260K story comes out as "Once upon a time" and a continuation of
 * "Hello" as " world".
 *
 * <p>As a {@link Generator.Stream} it prints the text as tokens arrive, holding back a trailing
 * replacement character while a multi-byte character is still incomplete. Special tokens are skipped.
 */
final class Continuation implements Generator.Stream {
  private final Tokenizer tokenizer;
  private final int[] prompt;
  private final String promptText;
  private final PrintStream out;
  private int[] ids = new int[0];
  private int printed;

  /** {@code out} receives streamed text; null when nothing is streamed. */
  Continuation(Tokenizer tokenizer, int[] prompt, PrintStream out) {
    this.tokenizer = tokenizer;
    this.prompt = prompt;
    this.promptText = tokenizer.decode(prompt, true);
    this.out = out;
  }

  /** The text of {@code generated} after the prompt. */
  String text(int[] generated) {
    int[] all = Arrays.copyOf(prompt, prompt.length + generated.length);
    System.arraycopy(generated, 0, all, prompt.length, generated.length);
    String full = tokenizer.decode(all, true);
    return full.startsWith(promptText) ? full.substring(promptText.length()) : tokenizer.decode(generated, true);
  }

  @Override
  public void onToken(int row, int id, String textDelta) {
    ids = Arrays.copyOf(ids, ids.length + 1);
    ids[ids.length - 1] = id;
    String text = text(ids);
    int end = text.length();
    while (end > printed && text.charAt(end - 1) == '\uFFFD') end--;
    if (end > printed) {
      out.print(text.substring(printed, end));
      out.flush();
      printed = end;
    }
  }

  /** Prints what streaming held back (a final incomplete character) and ends the line. */
  void finish(String finalText) {
    if (finalText.length() > printed) out.print(finalText.substring(printed));
    out.println();
    out.flush();
  }
}

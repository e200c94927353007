package org.reason4j.rl.trainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.DataFormatException;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;

/**
 * One supervised pair as text, built by a data stage (ReGFT's positives, offline self-training's kept
 * solutions) before any training: the prompt the model will see, the target it learns to write, where the
 * target came from and which problem it answers. Kept as text so a run folder can show exactly what a model
 * was fine-tuned on ({@code data.jsonl}, one pair per line) and a resumed run reads it back instead of
 * sampling again.
 *
 * @param problemId the problem's id
 * @param source    where the target came from (e.g. {@code plain}, {@code guided}, {@code reference}, {@code gold})
 */
public record SftPair(String problemId, String source, String prompt, String target) {

  public SftExample example(Policy policy, int maxLength) {
    return SftExample.of(policy, prompt, target, maxLength);
  }

  public static List<SftExample> examples(Policy policy, List<SftPair> pairs, int maxLength) {
    List<SftExample> out = new ArrayList<>(pairs.size());
    for (SftPair p : pairs) out.add(p.example(policy, maxLength));
    return out;
  }

  /** Writes one JSON object per line to a temporary file, then renames it over {@code file}. */
  public static void write(Path file, List<SftPair> pairs) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (SftPair p : pairs) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("problem_id", p.problemId());
      j.put("source", p.source());
      j.put("prompt", p.prompt());
      j.put("target", p.target());
      sb.append(Json.write(j)).append('\n');
    }
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, sb, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static List<SftPair> read(Path file) throws IOException {
    List<SftPair> out = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      line++;
      if (s.isBlank()) continue;
      Object o;
      try {
        o = Json.parse(s, file + ":" + line);
      } catch (Json.JsonException e) {
        throw new DataFormatException(e.getMessage());
      }
      if (!(o instanceof Map<?, ?> j) || !(j.get("prompt") instanceof String prompt) || !(j.get("target") instanceof String target)) {
        throw new DataFormatException(file + ":" + line + ": expected an object with string fields prompt and target");
      }
      out.add(new SftPair(String.valueOf(j.get("problem_id")), String.valueOf(j.get("source")), prompt, target));
    }
    return out;
  }
}

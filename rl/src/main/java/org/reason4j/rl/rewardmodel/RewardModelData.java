package org.reason4j.rl.rewardmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reason4j.rl.data.DataFormatException;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.eval.ResponseSampler;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.generate.GenerationResult;

/**
 * The reward model's training data (ALGORITHMS §9.4): a policy (ReFT: the warm-up checkpoint) samples
 * solutions to the training questions, exact duplicates per question are dropped, and each remaining
 * solution becomes (prompt ids + response ids, correct?), cut to the first {@code maxLength} ids. Saved
 * as {@code data.jsonl} so a resumed run need not sample again.
 *
 * @param ids     prompt then response token ids, as sampled (never re-tokenised)
 * @param correct the verifier's verdict: the label
 */
public record RewardModelData(String problemId, int[] ids, boolean correct) {

  public static List<RewardModelData> build(Policy sampler, List<Problem> problems, int samples, Evaluator.Config sampling,
      Evaluator.Judge judge, int maxLength, boolean progress) {
    List<List<GenerationResult>> all = ResponseSampler.sample(sampler, problems, samples, sampling, progress ? "reward-model samples" : null);
    List<RewardModelData> out = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      Set<String> seen = new HashSet<>();
      for (GenerationResult r : all.get(i)) {
        if (!seen.add(r.text())) continue;
        out.add(new RewardModelData(p.id(), RewardModel.join(r.promptIds(), r.ids(), maxLength), judge.correct(r.text(), p)));
      }
    }
    return out;
  }

  /** The fraction labelled correct (a reward model needs both classes to learn anything). */
  public static double positiveRate(List<RewardModelData> data) {
    if (data.isEmpty()) return 0;
    long n = data.stream().filter(RewardModelData::correct).count();
    return (double) n / data.size();
  }

  public static void write(Path file, List<RewardModelData> data) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (RewardModelData d : data) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("problem_id", d.problemId());
      j.put("correct", d.correct());
      j.put("ids", d.ids());
      sb.append(Json.write(j)).append('\n');
    }
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(temp, sb, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static List<RewardModelData> read(Path file) throws IOException {
    List<RewardModelData> out = new ArrayList<>();
    int line = 0;
    for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      line++;
      if (s.isBlank()) continue;
      String where = file + ":" + line;
      Object o;
      try {
        o = Json.parse(s, where);
      } catch (Json.JsonException e) {
        throw new DataFormatException(e.getMessage());
      }
      if (!(o instanceof Map<?, ?> j) || !(j.get("correct") instanceof Boolean correct) || !(j.get("ids") instanceof List<?> ids) || ids.isEmpty()) {
        throw new DataFormatException(where + ": expected {\"problem_id\", \"correct\": bool, \"ids\": [non-empty list of token ids]}");
      }
      int[] tokens = new int[ids.size()];
      for (int i = 0; i < tokens.length; i++) {
        if (!(ids.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) throw new DataFormatException(where + ": ids[" + i + "] is not a token id");
        tokens[i] = (int) (long) v;
      }
      out.add(new RewardModelData(String.valueOf(j.get("problem_id")), tokens, correct));
    }
    return out;
  }
}

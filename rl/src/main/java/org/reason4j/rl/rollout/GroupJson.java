package org.reason4j.rl.rollout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.verify.RewardFunction.Reward;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.transformer.generate.FinishReason;

/**
 * Groups as JSON-ready values and back, for stages that carry sampled groups from one step to the next
 * (a carry-over buffer) and must save them in checkpoints. Every field of a {@link Sample} is kept;
 * log-probs are written as their float bit patterns, so a restored sample trains exactly as the original.
 */
public final class GroupJson {
  private GroupJson() {}

  public static List<Object> write(List<Group> groups) {
    List<Object> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("problem", problem(g.problem()));
      List<Object> samples = new ArrayList<>();
      for (Sample s : g.samples()) samples.add(sample(s));
      j.put("samples", samples);
      out.add(j);
    }
    return out;
  }

  /** Reads what {@link #write} wrote; {@code source} names the file for errors. */
  public static List<Group> read(Object json, String source) {
    List<Group> out = new ArrayList<>();
    if (json == null) return out;
    if (!(json instanceof List<?> list)) throw new IllegalArgumentException(source + ": saved groups must be a list");
    for (Object o : list) {
      Map<?, ?> g = map(o, source);
      Problem p = problem(map(g.get("problem"), source));
      List<Sample> samples = new ArrayList<>();
      for (Object s : (List<?>) g.get("samples")) samples.add(sample(p, map(s, source)));
      out.add(new Group(p, samples));
    }
    return out;
  }

  private static Map<String, Object> problem(Problem p) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("id", p.id());
    j.put("question", p.question());
    j.put("reference", p.referenceSolution());
    j.put("gold", p.goldAnswer());
    j.put("hint", p.hint());
    j.put("tier", (long) p.tier());
    return j;
  }

  private static Problem problem(Map<?, ?> j) {
    return new Problem((String) j.get("id"), (String) j.get("question"), (String) j.get("reference"), (String) j.get("gold"),
        (String) j.get("hint"), ((Number) j.get("tier")).intValue());
  }

  private static Map<String, Object> sample(Sample s) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("prompt_ids", list(s.promptIds()));
    j.put("prompt_width", (long) s.promptWidth());
    j.put("response_ids", list(s.responseIds()));
    int[] bits = new int[s.logProbs().length];
    for (int i = 0; i < bits.length; i++) bits[i] = Float.floatToRawIntBits(s.logProbs()[i]);
    j.put("logprob_bits", list(bits));
    j.put("finish_reason", s.finishReason().name());
    j.put("text", s.text());
    j.put("score", s.score().value());
    j.put("answer", s.verdict().answer());
    j.put("correct", s.verdict().correct());
    j.put("reward", s.reward());
    j.put("behaviour_prompt_ids", list(s.behaviourPromptIds()));
    j.put("on_policy", s.onPolicy());
    return j;
  }

  private static Sample sample(Problem p, Map<?, ?> j) {
    int[] bits = ints(j.get("logprob_bits"));
    float[] logProbs = new float[bits.length];
    for (int i = 0; i < bits.length; i++) logProbs[i] = Float.intBitsToFloat(bits[i]);
    Reward score = new Reward(((Number) j.get("score")).doubleValue(), new Verdict((String) j.get("answer"), (Boolean) j.get("correct")));
    return new Sample(p, ints(j.get("prompt_ids")), ((Number) j.get("prompt_width")).intValue(), ints(j.get("response_ids")), logProbs,
        FinishReason.valueOf((String) j.get("finish_reason")), (String) j.get("text"), score, ((Number) j.get("reward")).doubleValue(),
        ints(j.get("behaviour_prompt_ids")), (Boolean) j.get("on_policy"));
  }

  /** Plain lists of Long, so the state is the same in memory as after a trip through a JSON file. */
  private static List<Object> list(int[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (int v : values) out.add((long) v);
    return out;
  }

  private static int[] ints(Object o) {
    List<?> l = (List<?>) o;
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).intValue();
    return out;
  }

  private static Map<?, ?> map(Object o, String source) {
    if (o instanceof Map<?, ?> m) return m;
    throw new IllegalArgumentException(source + ": a saved group entry is not an object");
  }
}

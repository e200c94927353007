package org.reason4j.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reason4j.rl.data.FieldMapping;
import org.reason4j.rl.data.Gsm8kLoader;
import org.reason4j.rl.data.JsonlLoader;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftFormat;
import org.reason4j.rl.data.ReftLoader;
import org.reason4j.rl.data.ReftSource;
import org.reason4j.rl.data.SvampLoader;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.sandbox.PythonSubsetInterpreter;
import org.reason4j.rl.verify.Verifier;

/**
 * The {@code --data} argument read in its {@code --data-format}, with the prompt format and verifier that
 * format implies (overridable with {@code --verifier}):
 * <pre>
 *   gsm8k      GSM8K jsonl            "Question: q\nAnswer: "                 #### n, numbers within 1e-2
 *   reft       ReFT json (nl/python)  ReFT N-CoT or P-CoT (python in the name) ReFT trigger / sandboxed program
 *   svamp      SVAMP.json             ReFT N-CoT                               ReFT trigger
 *   synthetic  a spec, not a file     "q\n"                                   #### n
 *   jsonl      any jsonl + --fields   "Question: q\nAnswer: "                 by where the answer is (####, \boxed)
 * </pre>
 * A synthetic spec is {@code key=value} pairs separated by ';': {@code tiers} (comma list, default 0),
 * {@code count} per tier (default 1000), {@code seed} (default 1), {@code split} (train or held_out).
 */
record TaskData(List<Problem> problems, PromptFormat format, Verifier verifier) {

  static TaskData load(String data, String formatName, String fields, String verifierName, int limit) {
    String format = formatName.toLowerCase(Locale.ROOT);
    TaskData t = switch (format) {
      case "gsm8k" -> new TaskData(Gsm8kLoader.load(Path.of(data)), PromptFormat.gsm8k(), Verifier.gsm8k());
      case "reft" -> reft(Path.of(data));
      case "svamp" -> new TaskData(SvampLoader.load(Path.of(data)), new PromptFormat.Reft(ReftFormat.Engine.NL),
          Verifier.reftNCoT(ReftSource.SVAMP));
      case "synthetic" -> new TaskData(synthetic(data), PromptFormat.synthetic(), Verifier.synthetic());
      case "jsonl" -> jsonl(Path.of(data), fields);
      default -> throw new IllegalArgumentException("--data-format " + formatName + ": expected gsm8k, reft, svamp, synthetic or jsonl");
    };
    if (t.problems().isEmpty()) throw new IllegalArgumentException("--data " + data + ": no problems");
    if (verifierName != null) t = new TaskData(t.problems(), t.format(), verifier(verifierName, t.problems()));
    if (limit > 0 && limit < t.problems().size()) t = new TaskData(t.problems().subList(0, limit), t.format(), t.verifier());
    return t;
  }

  private static TaskData reft(Path file) {
    List<Problem> ps = ReftLoader.load(file);
    boolean python = file.getFileName().toString().contains("python");
    ReftSource source = ReftSource.fromItemId(ps.isEmpty() ? "" : ps.get(0).id());
    Verifier v = python ? Verifier.reftPCoT(source, program -> new PythonSubsetInterpreter().run(program).asDouble())
        : Verifier.reftNCoT(source);
    return new TaskData(ps, new PromptFormat.Reft(python ? ReftFormat.Engine.PYTHON : ReftFormat.Engine.NL), v);
  }

  private static TaskData jsonl(Path file, String fields) {
    if (fields == null) throw new IllegalArgumentException("--data-format jsonl needs --fields, e.g. question=problem,answer=solution:boxed");
    FieldMapping mapping = FieldMapping.parse(fields);
    Verifier v = mapping.answerLocation() == FieldMapping.AnswerLocation.LAST_BOXED ? Verifier.math(true) : Verifier.gsm8k();
    return new TaskData(JsonlLoader.load(file, mapping), PromptFormat.gsm8k(), v);
  }

  private static Verifier verifier(String name, List<Problem> ps) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gsm8k", "synthetic" -> Verifier.gsm8k();
      case "boxed" -> Verifier.math(true);
      case "reft-ncot" -> Verifier.reftNCoT(ReftSource.fromItemId(ps.get(0).id()));
      case "reft-pcot" -> Verifier.reftPCoT(ReftSource.fromItemId(ps.get(0).id()), program -> new PythonSubsetInterpreter().run(program).asDouble());
      default -> throw new IllegalArgumentException("--verifier " + name + ": expected gsm8k, boxed, reft-ncot, reft-pcot or synthetic");
    };
  }

  /** Problems from a synthetic spec such as {@code tiers=0,1;count=500;seed=3;split=held_out}. */
  static List<Problem> synthetic(String spec) {
    List<Integer> tiers = List.of(0);
    int count = 1000;
    long seed = 1;
    SyntheticTask.Split split = SyntheticTask.Split.TRAIN;
    for (String part : spec.split(";")) {
      if (part.isBlank() || part.strip().equals("synthetic")) continue;
      int eq = part.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("--data " + spec + ": '" + part + "' is not key=value (tiers, count, seed, split)");
      String key = part.substring(0, eq).strip(), value = part.substring(eq + 1).strip();
      try {
        switch (key) {
          case "tiers" -> {
            List<Integer> ts = new ArrayList<>();
            for (String t : value.split(",")) ts.add(Integer.parseInt(t.strip()));
            tiers = ts;
          }
          case "count" -> count = Integer.parseInt(value);
          case "seed" -> seed = Long.parseLong(value);
          case "split" -> split = split(spec, value);
          default -> throw new IllegalArgumentException("--data " + spec + ": unknown key '" + key + "' (tiers, count, seed, split)");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--data " + spec + ": '" + value + "' is not a number for " + key);
      }
    }
    List<Problem> out = new ArrayList<>();
    SyntheticTask task = new SyntheticTask();
    for (int t : tiers) out.addAll(task.generate(seed, t, count, split));
    return out;
  }

  private static SyntheticTask.Split split(String spec, String value) {
    for (SyntheticTask.Split s : SyntheticTask.Split.values()) {
      if (s.name().equalsIgnoreCase(value.strip())) return s;
    }
    throw new IllegalArgumentException("--data " + spec + ": unknown split '" + value + "' (train, held_out)");
  }
}

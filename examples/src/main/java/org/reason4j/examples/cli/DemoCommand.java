package org.reason4j.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Losses;
import org.reason4j.nn.optim.AdamW;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.metrics.ProgressBar;
import org.reason4j.tensor.Tensor;
import org.reason4j.transformer.generate.GenerationConfig;
import org.reason4j.transformer.generate.GenerationResult;
import org.reason4j.transformer.generate.Generator;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reason4j demo}: trains a small character-level transformer from scratch on the synthetic
 * arithmetic task (the easiest tiers) on the CPU, with a progress bar, then answers held-out problems
 * greedily. No download. The full demo (SFT, then RL) replaces this once the trainers land.
 */
@Command(name = "demo", description = "Train a small transformer from scratch on generated arithmetic problems (CPU, about a minute).")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--steps", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
  int steps = 300;

  @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  private static final String ALPHABET = SyntheticTask.alphabet();
  private static final int BOS = 1, EOS = 2; // 0 is padding

  @Override
  public Integer call() {
    SyntheticTask task = new SyntheticTask();
    List<Problem> train = new ArrayList<>(task.generate(seed, 0, 2000));
    train.addAll(task.generate(seed + 1, 1, 2000));
    ModelConfig config = ModelConfig.llama(ALPHABET.length() + 3, 64, 176, 2, 4, 4, 96);
    CausalLM model = CausalLM.create(config, seed);
    AdamW opt = new AdamW(model.namedParameters(), AdamW.Config.defaults().withLr(3e-3).withWeightDecay(0));
    System.out.printf("model: %d parameters, %d layers, width %d, vocabulary %d characters%n",
        model.numParameters(), config.numLayers(), config.hiddenSize(), config.vocabSize());
    int batch = 32;
    ProgressBar bar = ProgressBar.builder("train", steps).unit("step").build();
    double first = Double.NaN, last = Double.NaN;
    for (int step = 0; step < steps; step++) {
      long[][] xy = batch(train, step * batch, batch, config.maxPositions());
      int t = xy[0].length / batch;
      opt.zeroGrad();
      Var loss = Losses.crossEntropy(model.forward(Tensor.of(xy[0], batch, t)).logits(), Tensor.of(xy[1], batch, t));
      loss.backward();
      opt.step();
      last = loss.value().item();
      if (step == 0) first = last;
      bar.tokens((long) batch * t);
      bar.set("loss", last);
      bar.step();
    }
    bar.close();
    System.out.printf("loss %.3f -> %.3f%n", first, last);
    answerHeldOut(task, model);
    return 0;
  }

  /** Next-token pairs for problems[from .. from+n): input = BOS question\nsolution, target shifted, prompt ignored. */
  private static long[][] batch(List<Problem> problems, int from, int n, int maxLen) {
    List<int[]> seqs = new ArrayList<>();
    List<Integer> promptLens = new ArrayList<>();
    int t = 0;
    for (int i = 0; i < n; i++) {
      Problem p = problems.get(Math.floorMod(from + i, problems.size()));
      int[] prompt = encode(p.question() + "\n", true);
      int[] full = concat(prompt, encode(p.referenceSolution(), false), new int[] {EOS});
      seqs.add(full);
      promptLens.add(prompt.length);
      t = Math.max(t, Math.min(full.length - 1, maxLen));
    }
    long[] x = new long[n * t], y = new long[n * t];
    java.util.Arrays.fill(y, -1);
    for (int i = 0; i < n; i++) {
      int[] s = seqs.get(i);
      for (int j = 0; j < t && j + 1 < s.length; j++) {
        x[i * t + j] = s[j];
        if (j + 1 >= promptLens.get(i)) y[i * t + j] = s[j + 1]; // supervise the solution and EOS only
      }
    }
    return new long[][] {x, y};
  }

  private void answerHeldOut(SyntheticTask task, CausalLM model) {
    Generator gen = new Generator(model, null);
    for (int tier = 0; tier <= 1; tier++) {
      List<Problem> test = task.generate(seed + 100, tier, 50, SyntheticTask.Split.HELD_OUT);
      List<int[]> prompts = new ArrayList<>();
      for (Problem p : test) prompts.add(encode(p.question() + "\n", true));
      List<GenerationResult> out = gen.generate(prompts, GenerationConfig.greedy(48, Set.of(EOS)));
      int correct = 0;
      for (int i = 0; i < test.size(); i++) {
        String text = decode(out.get(i).ids());
        if (text.trim().endsWith("#### " + test.get(i).goldAnswer())) correct++;
        if (i == 0) System.out.printf("tier %d example: %s%n%s%n", tier, test.get(i).question(), text.trim());
      }
      System.out.printf("tier %d held-out accuracy (greedy): %d/%d%n", tier, correct, test.size());
    }
  }

  private static int[] encode(String s, boolean bos) {
    int[] ids = new int[s.length() + (bos ? 1 : 0)];
    if (bos) ids[0] = BOS;
    for (int i = 0; i < s.length(); i++) {
      int k = ALPHABET.indexOf(s.charAt(i));
      if (k < 0) throw new IllegalArgumentException("character '" + s.charAt(i) + "' is not in the demo alphabet");
      ids[i + (bos ? 1 : 0)] = k + 3;
    }
    return ids;
  }

  private static String decode(int[] ids) {
    StringBuilder sb = new StringBuilder();
    for (int id : ids) if (id >= 3) sb.append(ALPHABET.charAt(id - 3));
    return sb.toString();
  }

  private static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) n += p.length;
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

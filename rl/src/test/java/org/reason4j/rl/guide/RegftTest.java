package org.reason4j.rl.guide;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.TinyModels;
import org.reason4j.rl.data.Gsm8kLoader;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.SyntheticTask;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.transformer.tokenizer.Tokenizer;
import org.reason4j.transformer.tokenizer.Tokenizers;

/** ReGFT (ALGORITHMS §8 tests 1-4, deduplication, the ablations, the pipeline with resumption). */
class RegftTest {
  /** Tier-3 problems: references of 30-40 characters (each line holds an "="), so a 12-character window is a real test. */
  static final List<Problem> HARD = new SyntheticTask().generate(9, 3, 4);

  static Regft.Config tiny() {
    return Regft.Config.defaults().with("passRateSamples=4", "plainSamples=3", "guidedSamples=3", "guidedTemplate=\"" + ReferencePrefix.SYNTHETIC + "\"",
        "sampling.maxNewTokens=12", "sampling.batchSize=16", "sampling.temperature=1.0", "sampling.topP=1.0",
        "sft.totalSteps=2", "sft.batchSize=4", "sft.microBatchSize=2", "sft.lr=1e-3", "sft.maxLength=192",
        "dapo.promptsPerStep=2", "dapo.groupSize=2", "dapo.generationBatchPrompts=2", "dapo.maxNewTokens=8", "dapo.overlongBuffer=2",
        "dapo.miniBatchSize=0", "dapo.totalSteps=1", "dapo.dynamicSampling=false", "dapo.warmupSteps=0");
  }

  static final Evaluator.Judge ALWAYS = (r, p) -> true;

  @Test
  void thePrefixIsFloorOfEightyPercentOfTheTokensCutBackToALineBreak() {
    for (int l = 1; l <= 300; l++) assertEquals((int) Math.floor(0.8 * l + 1e-9), ReferencePrefix.tokenCount(l, 0.8));
    assertEquals(4, ReferencePrefix.tokenCount(5, 0.8));
    ReferencePrefix cut = new ReferencePrefix(ReferencePrefix.SYNTHETIC, 0.8);
    Tokenizer chars = TinyModels.TOKENIZER;
    assertEquals("7+5=12\n12-3=9", cut.partial("7+5=12\n12-3=9\n#### 9", chars)); // 20 chars: first 16 "...9\n##", back to the break
    assertEquals("gets buys", cut.partial("gets buys as", chars)); // no line break in the first 9: the token prefix stays
    SyntheticTask task = new SyntheticTask();
    for (int tier = 0; tier < task.tiers().size(); tier++) {
      for (Problem p : task.generate(5, tier, 40)) {
        String ref = p.referenceSolution(), partial = cut.partial(ref, chars);
        assertTrue(ref.startsWith(partial));
        assertTrue(partial.length() > 0 && partial.length() < ref.length(), "0 < prefix < L fails for " + ref);
        String tokenPrefix = ref.substring(0, ReferencePrefix.tokenCount(ref.length(), 0.8));
        if (tokenPrefix.indexOf('\n') > 0) assertEquals('\n', ref.charAt(partial.length()), "the cut is not at a line break: " + partial);
      }
    }
  }

  @Test
  void withABpeTokenizerThePrefixIsAProperNonEmptyPartOfEveryReference() throws Exception {
    Path data = Path.of(System.getProperty("reason4j.data", "../../shared/data"));
    Path gpt2 = data.resolve("tokenizers/gpt2/gpt2.json"), gsm8k = data.resolve("gsm8k/test.jsonl");
    Assumptions.assumeTrue(Files.exists(gpt2) && Files.exists(gsm8k), "the GPT-2 tokenizer and GSM8K are not in the shared data");
    Tokenizer bpe = Tokenizers.load(gpt2);
    ReferencePrefix cut = new ReferencePrefix(ReferencePrefix.DEFAULT, 0.8);
    for (Problem p : Gsm8kLoader.load(gsm8k).subList(0, 50)) {
      String ref = p.referenceSolution(), partial = cut.partial(ref, bpe);
      int partialTokens = bpe.encode(partial, false).length, total = bpe.encode(ref, false).length;
      assertTrue(ref.startsWith(partial), partial);
      assertTrue(partialTokens > 0 && partialTokens <= ReferencePrefix.tokenCount(total, 0.8) && partialTokens < total);
    }
  }

  @Test
  void noSftInputHoldsTwelveCharactersOfAnyReference() {
    Policy policy = TinyModels.policy(51);
    Regft.Config c = tiny().with("hardThreshold=1.01"); // every problem hard, every response kept
    Regft.Data data = Regft.buildData(c, policy, HARD, ALWAYS, false);
    Set<String> sources = new HashSet<>();
    for (SftPair pair : data.pairs()) sources.add(pair.source());
    assertEquals(Set.of(Regft.PLAIN, Regft.GUIDED), sources);
    boolean guidedPromptLeaks = false;
    for (Problem p : HARD) {
      List<String> windows = windows(p.referenceSolution(), 12);
      assertFalse(windows.isEmpty(), "reference shorter than 12 characters: " + p.referenceSolution());
      for (SftPair pair : data.pairs()) {
        for (String w : windows) assertFalse(pair.prompt().contains(w), "an SFT input holds \"" + w + "\"");
      }
      String asked = policy.format().prompt(c.prefix().guided(p, policy.tokenizer()));
      for (String w : windows) guidedPromptLeaks |= asked.contains(w);
    }
    assertTrue(guidedPromptLeaks, "the guided sampling prompts hold no reference text, so the check above proves nothing");
  }

  static List<String> windows(String s, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + n <= s.length(); i++) out.add(s.substring(i, i + n));
    return out;
  }

  @Test
  void onlyProblemsWithAPassRateBelowAQuarterContribute() {
    Map<String, Double> rates = new LinkedHashMap<>();
    double[] values = {0.0, 0.1875, 0.25, 0.5};
    for (int i = 0; i < HARD.size(); i++) rates.put(HARD.get(i).id(), values[i]);
    assertEquals(List.of(HARD.get(0), HARD.get(1)), Regft.hardSet(HARD, rates, 0.25));

    Set<String> easy = Set.of(HARD.get(1).id(), HARD.get(3).id());
    Regft.Data data = Regft.buildData(tiny().with("variant=HUMAN_REFERENCE"), TinyModels.policy(52), HARD, (r, p) -> easy.contains(p.id()), false);
    assertEquals(1.0, data.passRates().get(HARD.get(1).id()));
    assertEquals(0.0, data.passRates().get(HARD.get(0).id()));
    assertEquals(List.of(HARD.get(0), HARD.get(2)), data.hard());
    Set<String> contributed = new HashSet<>();
    for (SftPair pair : data.pairs()) {
      contributed.add(pair.problemId());
      assertEquals(Regft.REFERENCE, pair.source());
    }
    assertEquals(Set.of(HARD.get(0).id(), HARD.get(2).id()), contributed);
  }

  @Test
  void onlyVerifiedCorrectTrajectoriesAreKept() {
    Evaluator.Judge digitFirst = (r, p) -> !r.isEmpty() && Character.isDigit(r.charAt(0));
    Regft.Config c = tiny().with("hardThreshold=1.01", "plainSamples=16", "guidedSamples=16");
    Regft.Data data = Regft.buildData(c, TinyModels.policy(53), HARD, digitFirst, false);
    assertFalse(data.pairs().isEmpty(), "nothing verified; the test proves nothing");
    assertTrue(data.pairs().size() < HARD.size() * 32, "every trajectory was kept; the filter is untested");
    for (SftPair pair : data.pairs()) assertTrue(Character.isDigit(pair.target().charAt(0)), pair.target());
    assertEquals((long) HARD.size(), data.stats().get("hard"));
  }

  @Test
  void exactDuplicatesAreDroppedAndTheCapHolds() {
    List<SftPair> pairs = List.of(new SftPair("a", "plain", "q", "x"), new SftPair("a", "guided", "q", "x"), new SftPair("a", "plain", "q", "y"),
        new SftPair("b", "plain", "q", "x"), new SftPair("a", "plain", "q", "z"));
    assertEquals(4, Regft.dedupe(pairs, 0).size());
    List<SftPair> capped = Regft.dedupe(pairs, 2);
    assertEquals(List.of(pairs.get(0), pairs.get(2), pairs.get(3)), capped);
  }

  @Test
  void thePipelineRunsSftThenDapoAndAResumedRunReusesItsData(@TempDir Path out) throws Exception {
    Regft.Config c = tiny().with("hardThreshold=1.01");
    Policy policy = TinyModels.policy(54);
    Regft.Result r = Regft.run(c, policy, HARD, Verifier.synthetic(), ALWAYS, RunOptions.files(out).quiet(), false, null);
    assertEquals(2, r.sft().size());
    assertEquals(1, r.dapo().size());
    assertEquals(r.data().pairs(), SftPair.read(out.resolve("data.jsonl")));
    assertTrue(Files.isDirectory(out.resolve("sft").resolve("checkpoint-2")));
    assertTrue(Files.isDirectory(out.resolve("dapo").resolve("checkpoint-1")));

    Regft.Result again = Regft.run(c.with("dapo.totalSteps=2"), TinyModels.policy(54), HARD, Verifier.synthetic(), (x, p) -> fail("resampled"),
        RunOptions.files(out).quiet(), true, null);
    assertEquals(r.data().pairs(), again.data().pairs());
    assertTrue(again.sft().isEmpty(), "the finished SFT stage ran again");
    assertEquals(1, again.dapo().size(), "DAPO continued from step 1 to 2");

    Regft.Result raw = Regft.run(c.with("variant=RAW"), TinyModels.policy(55), HARD, Verifier.synthetic(), ALWAYS, RunOptions.inMemory(), false, null);
    assertTrue(raw.sft().isEmpty() && raw.data().pairs().isEmpty());
    assertEquals(1, raw.dapo().size());
  }
}

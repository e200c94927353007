package org.reason4j.rl;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.rl.data.Gsm8kLoader;
import org.reason4j.rl.data.Problem;
import org.reason4j.rl.data.ReftFormat;
import org.reason4j.rl.data.ReftLoader;
import org.reason4j.rl.data.ReftSource;
import org.reason4j.rl.eval.Evaluator;
import org.reason4j.rl.eval.ResponseSampler;
import org.reason4j.rl.eval.SampledEvaluation;
import org.reason4j.rl.guide.GuideGrpo;
import org.reason4j.rl.guide.Regft;
import org.reason4j.rl.loss.PolicyLoss;
import org.reason4j.rl.rewardmodel.RewardModel;
import org.reason4j.rl.rewardmodel.RewardModelData;
import org.reason4j.rl.rewardmodel.RewardModelTrainer;
import org.reason4j.rl.rollout.Policy;
import org.reason4j.rl.rollout.PromptFormat;
import org.reason4j.rl.rollout.Sample;
import org.reason4j.rl.sandbox.PythonSubsetInterpreter;
import org.reason4j.rl.selftrain.OfflineSelfTraining;
import org.reason4j.rl.selftrain.OnlineSelfTraining;
import org.reason4j.rl.trainer.GroupTrainer;
import org.reason4j.rl.trainer.Relift;
import org.reason4j.rl.trainer.ReliftFineTuning;
import org.reason4j.rl.trainer.RunOptions;
import org.reason4j.rl.trainer.SftPair;
import org.reason4j.rl.verify.RewardFunction;
import org.reason4j.rl.verify.Verdict;
import org.reason4j.rl.verify.Verifier;
import org.reason4j.tensor.io.Json;
import org.reason4j.transformer.io.HfCheckpoint;
import org.reason4j.transformer.model.CausalLM;
import org.reason4j.transformer.model.ModelConfig;
import org.reason4j.transformer.tokenizer.Tokenizers;

/**
 * The guided methods and baselines on the real data formats (GSM8K, ReFT SVAMP N-CoT and P-CoT with the
 * sandbox) with a Hugging Face model folder: a tiny random Llama saved with {@link HfCheckpoint} beside the
 * GPT-2 byte-level BPE tokenizer and loaded back. A random model solves nothing, so these tests exercise the
 * mechanics (prompts, hints, demonstrations, program headers, the sandbox), not learning; where a method
 * needs mixed groups a coin-flip reward stands in for the verifier.
 */
class GuidedMethodsOnRealDataTest {
  static final Path DATA = Path.of(System.getProperty("reason4j.data", "../../shared/data"));

  @TempDir static Path dir;
  static Path modelDir;

  /** GPT-2's byte-level BPE cut to its 256 bytes and first {@value #MERGES} merges, then {@code <|endoftext|>}. */
  static final int MERGES = 768, EOS = 256 + MERGES;

  @BeforeAll
  static void saveATinyHuggingFaceModel() throws Exception {
    Path gpt2 = DATA.resolve("tokenizers/gpt2/gpt2.json");
    assumeTrue(Files.exists(gpt2), gpt2 + " is absent; the shared data is not beside the project");
    ModelConfig c = ModelConfig.llama(EOS + 1, 32, 64, 2, 4, 2, 1024).withSpecialTokens(List.of(EOS), EOS, null);
    modelDir = dir.resolve("tiny-bpe-llama");
    HfCheckpoint.save(CausalLM.create(c, 81), modelDir);
    Files.writeString(modelDir.resolve("tokenizer.json"), Json.write(smallGpt2(gpt2)));
  }

  /**
   * A small BPE tokenizer from GPT-2's file: the full 50257-id vocabulary would make every logit row 50x
   * wider than the model needs for a mechanics test. Merge i of GPT-2 makes id 256 + i, so keeping the first
   * merges keeps a closed vocabulary.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> smallGpt2(Path file) throws Exception {
    Map<String, Object> j = Json.readObject(file);
    Map<String, Object> model = (Map<String, Object>) j.get("model");
    Map<String, Object> vocab = new LinkedHashMap<>();
    ((Map<String, Object>) model.get("vocab")).forEach((token, id) -> {
      if (((Number) id).longValue() < EOS) vocab.put(token, id);
    });
    vocab.put("<|endoftext|>", (long) EOS);
    model.put("vocab", vocab);
    model.put("merges", new ArrayList<>(((List<Object>) model.get("merges")).subList(0, MERGES)));
    Map<String, Object> eos = new LinkedHashMap<>(((List<Map<String, Object>>) j.get("added_tokens")).get(0));
    eos.put("id", (long) EOS);
    j.put("added_tokens", List.of(eos));
    return j;
  }

  static Policy load(PromptFormat format) throws Exception {
    return new Policy(HfCheckpoint.load(modelDir), Tokenizers.load(modelDir), format);
  }

  static List<Problem> data(String relative, int n) {
    Path p = DATA.resolve(relative);
    assumeTrue(Files.exists(p), p + " is absent");
    List<Problem> all = relative.endsWith(".jsonl") ? Gsm8kLoader.load(p) : ReftLoader.load(p);
    return new ArrayList<>(all.subList(0, n));
  }

  /**
   * Right for about a quarter of the responses, by their text's hash: mixed groups, and groups that all fail,
   * without a trained model.
   */
  static final RewardFunction QUARTER = (response, problem) -> {
    boolean ok = (response.hashCode() & 3) == 0;
    return new RewardFunction.Reward(ok ? 1 : 0, new Verdict(ok ? problem.goldAnswer() : null, ok));
  };

  static final String[] SMALL = {"promptsPerStep=2", "groupSize=4", "generationBatchPrompts=2", "maxNewTokens=6", "miniBatchSize=0",
      "totalSteps=1", "lr=1e-3", "maxNumGenBatches=40"};

  static String[] small(String prefix, String... more) {
    List<String> out = new ArrayList<>();
    for (String s : SMALL) out.add(prefix + s);
    out.addAll(List.of(more));
    return out.toArray(new String[0]);
  }

  @Test
  void guideOnGsm8kHintsWithTheReferencesFirstLineAndTrainsBehindThePlainPrompt() throws Exception {
    Policy policy = load(PromptFormat.gsm8k());
    List<Problem> train = data("gsm8k/train.jsonl", 4);
    GuideGrpo.Config c = GuideGrpo.Config.defaults().with(small("rl.", "rl.totalSteps=2"));
    List<Sample> rows = new ArrayList<>();
    GroupTrainer.Parts parts = GuideGrpo.parts(c, policy, Verifier.gsm8k()).withReward(QUARTER);
    PolicyLoss inner = parts.loss();
    parts = parts.withLoss(in -> {
      rows.addAll(in.samples());
      return inner.perToken(in);
    });
    new GroupTrainer(c.rl(), policy, train, parts, RunOptions.inMemory()).train();
    Sample guided = rows.stream().filter(s -> !s.onPolicy()).findFirst().orElseThrow(() -> new AssertionError("no guided row"));
    String behind = policy.tokenizer().decode(guided.behaviourPromptIds(), false);
    String firstLine = guided.problem().referenceSolution().split("\n")[0].strip();
    assertTrue(behind.contains("\n\nHint: " + firstLine), behind);
    assertEquals(PromptFormat.gsm8k().prompt(guided.problem()), policy.tokenizer().decode(guided.promptIds(), false));
  }

  @Test
  void reliftOnSvampNCoTFineTunesOnTheReftDemonstrations() throws Exception {
    Policy policy = load(new PromptFormat.Reft(ReftFormat.Engine.NL));
    List<Problem> train = data("reft/svamp_nl.json", 6);
    Relift.Config c = Relift.Config.defaults().with(small("rl.", "relift.bufferSize=2", "relift.maxDemoTokens=64"));
    List<Map<String, Object>> lines = Relift.trainer(c, policy, train, Verifier.reftNCoT(ReftSource.SVAMP), RunOptions.inMemory()).train();
    assertEquals(1.0, lines.get(0).get(ReliftFineTuning.FT_STEPS), "a random model fails everything, so the buffer fills at once");
    assertTrue(Double.isFinite((double) lines.get(0).get(ReliftFineTuning.FT_NLL)));
  }

  static Verifier pcot() {
    return Verifier.reftPCoT(ReftSource.SVAMP, program -> new PythonSubsetInterpreter().run(program).asDouble());
  }

  @Test
  void onlineSelfTrainingOnSvampPCoTTrainsOnWholeGoldProgramsAndScoresInTheSandbox() throws Exception {
    Policy policy = load(new PromptFormat.Reft(ReftFormat.Engine.PYTHON));
    List<Problem> train = data("reft/svamp_python_sdp.json", 4);
    Problem p = train.get(0);
    String program = ReftFormat.sftTarget(p, ReftFormat.Engine.PYTHON);
    String body = program.substring(Regft.rolloutTail(policy.format(), p).length());
    assertTrue(pcot().verify(body, p).correct(), "the sandbox runs the gold program body to the gold answer");
    OnlineSelfTraining.Config c = OnlineSelfTraining.Config.defaults().with("rl.promptsPerStep=2", "rl.generationBatchPrompts=2",
        "rl.maxNewTokens=6", "rl.totalSteps=1", "rl.miniBatchSize=4", "goldMaxLength=512");
    List<Sample> rows = new ArrayList<>();
    GroupTrainer.Parts parts = OnlineSelfTraining.parts(c, policy, pcot());
    PolicyLoss inner = parts.loss();
    parts = parts.withLoss(in -> {
      rows.addAll(in.samples());
      return inner.perToken(in);
    });
    List<Map<String, Object>> lines = new GroupTrainer(c.rl(), policy, train, parts, RunOptions.inMemory()).train();
    assertEquals(0.0, lines.get(0).get("rewards/accuracy"));
    Sample gold = rows.stream().filter(s -> !s.onPolicy()).findFirst().orElseThrow();
    assertTrue(policy.tokenizer().decode(gold.responseIds(), true).startsWith("def solution():"), "the gold row writes the program header itself");
  }

  @Test
  void regftAndOfflineSelfTrainingPairPlainPromptsWithProgramHeaderPlusSampleOnPCoT() throws Exception {
    Policy policy = load(new PromptFormat.Reft(ReftFormat.Engine.PYTHON));
    List<Problem> train = data("reft/svamp_python_sdp.json", 3);
    Evaluator.Judge always = (r, q) -> true;
    Regft.Config c = Regft.Config.defaults().with("hardThreshold=1.01", "passRateSamples=2", "plainSamples=2", "guidedSamples=2",
        "sampling.maxNewTokens=6", "sampling.batchSize=8");
    Regft.Data data = Regft.buildData(c, policy, train, always, false);
    OfflineSelfTraining.Config off = OfflineSelfTraining.Config.defaults().with("samplesPerQuestion=2", "sampling.maxNewTokens=6", "sampling.batchSize=8");
    List<SftPair> offline = OfflineSelfTraining.buildData(off, policy, train, always, false);
    List<SftPair> all = new ArrayList<>(data.pairs());
    all.addAll(offline);
    assertTrue(all.stream().anyMatch(x -> x.source().equals(Regft.GUIDED)));
    for (SftPair pair : all) {
      assertTrue(pair.prompt().startsWith("Question:\n") && pair.prompt().endsWith("\nAnswer reasoning:\n"), pair.prompt());
      assertTrue(pair.target().startsWith("def solution():\n    \"\"\""), pair.target());
      assertFalse(pair.prompt().contains("reference solution"), "the guided prompt leaked into an SFT input");
    }
  }

  @Test
  void aRewardModelOnGsm8kRerankingAndVotingRunOnSampledCandidates() throws Exception {
    Policy policy = load(PromptFormat.gsm8k());
    List<Problem> train = data("gsm8k/train.jsonl", 3);
    Evaluator.Config sampling = new Evaluator.Config(6, 16, 1.0, 1.0, 3);
    List<RewardModelData> rmData = RewardModelData.build(policy, train, 4, sampling, (r, q) -> (r.hashCode() & 1) == 1, 700, false);
    RewardModel rm = new RewardModel(HfCheckpoint.load(modelDir), 3);
    List<Map<String, Object>> lines = new RewardModelTrainer(RewardModelTrainer.Config.defaults().with("totalSteps=2", "batchSize=4"), rm, rmData,
        RunOptions.inMemory()).train();
    assertEquals(2, lines.size());
    SampledEvaluation.Result r = SampledEvaluation.evaluate(train, ResponseSampler.sample(policy, train, 4, sampling, null), Verifier.gsm8k(),
        new SampledEvaluation.Settings(2, 4, rm));
    assertEquals(0.0, r.all().majority(), "a random model's votes are never right on GSM8K");
    assertEquals(0.0, r.all().rerank());
  }
}

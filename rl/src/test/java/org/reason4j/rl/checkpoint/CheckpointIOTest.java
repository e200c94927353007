package org.reason4j.rl.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.reason4j.rl.checkpoint.CheckpointIO.Stage;
import org.reason4j.tensor.Backends;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;
import org.reason4j.tensor.io.Json;

/** Checkpoints round-trip bit for bit, survive crashes and failures at every stage, and name what is wrong. */
class CheckpointIOTest {
  @TempDir Path run;

  /** A checkpoint whose every part differs with {@code version}, holding awkward floats and extreme longs. */
  static Checkpoint sample(long step, int version) {
    float[] w = {1.5f, -0.0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.MIN_VALUE, Float.POSITIVE_INFINITY, version, 3e-39f};
    Map<String, Tensor> model = new LinkedHashMap<>();
    model.put("model.layers.0.mlp.up_proj.weight", Tensor.of(w, 2, 4));
    model.put("model.embed_tokens.weight", Tensor.fromHost(Backends.cpu(), new short[] {0x3f80, (short) 0xbf80, 0x7f80, (short) version}, DType.BF16, 4, 4));
    model.put("v_head.weight", Tensor.of(new double[] {Math.PI, -Double.MIN_VALUE, version}, 3));
    model.put("lm_head.ids", Tensor.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, version}, 1, 3));
    Map<String, Tensor> optimizer = new LinkedHashMap<>();
    optimizer.put("exp_avg.v_head.weight", Tensor.of(new float[] {0.1f, 0.2f, version}, 3));
    optimizer.put("exp_avg_sq.v_head.weight", Tensor.of(new float[] {1e-12f, 0f, version}, 3));
    Map<String, Object> scalars = new LinkedHashMap<>();
    scalars.put("step", step);
    scalars.put("lr", 1e-6 * version);
    scalars.put("betas", List.of(0.9, 0.999));
    Rng sampling = new Rng(-7L, 3);
    for (int i = 0; i < version; i++) sampling.nextDouble();
    return Checkpoint.builder(step)
        .model(model)
        .optimizer(optimizer, scalars)
        .rng("sampling", sampling)
        .rng("data", new Rng(Long.MIN_VALUE, Long.MAX_VALUE))
        .dataPosition(Map.of("epoch", 2L, "index", 17L + version, "permutation_seed", 99L))
        .config(Map.of("group_size", 8L, "optimizer", Map.of("lr", 1e-6)))
        .extra(Map.of("best_accuracy", 0.25 * version))
        .build();
  }

  /** Raw bits of every element, so NaN payloads and -0.0 count. */
  static long[] bits(Tensor t) {
    Object host = t.backend().download(t.contiguous());
    if (host instanceof float[] a) return java.util.stream.IntStream.range(0, a.length).mapToLong(i -> Float.floatToRawIntBits(a[i])).toArray();
    if (host instanceof double[] a) return java.util.Arrays.stream(a).mapToLong(Double::doubleToRawLongBits).toArray();
    if (host instanceof short[] a) return java.util.stream.IntStream.range(0, a.length).mapToLong(i -> a[i]).toArray();
    if (host instanceof long[] a) return a.clone();
    throw new AssertionError("unexpected host array " + host.getClass());
  }

  static void assertSameTensors(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()));
    for (String name : expected.keySet()) {
      Tensor e = expected.get(name), a = actual.get(name);
      assertEquals(e.dtype(), a.dtype(), name);
      assertArrayEquals(e.shape(), a.shape(), name);
      assertArrayEquals(bits(e), bits(a), name);
    }
  }

  static void assertSameCheckpoint(Checkpoint expected, Checkpoint actual) {
    assertEquals(expected.step(), actual.step());
    assertSameTensors(expected.model(), actual.model());
    assertSameTensors(expected.optimizer(), actual.optimizer());
    assertEquals(Json.write(expected.optimizerState()), Json.write(actual.optimizerState()));
    assertEquals(expected.rng().keySet(), actual.rng().keySet());
    for (String k : expected.rng().keySet()) assertArrayEquals(expected.rng().get(k), actual.rng().get(k), k);
    assertEquals(expected.dataPosition(), actual.dataPosition());
    assertEquals(expected.config(), actual.config());
    assertEquals(Json.write(expected.extra()), Json.write(actual.extra()));
  }

  private List<String> hidden() throws IOException {
    try (Stream<Path> s = Files.list(run)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Test
  void roundTripIsBitExactAndResumedRngContinuesTheSameStream() throws IOException {
    Checkpoint saved = sample(120, 3);
    Path dir = run.resolve("checkpoint-120");
    CheckpointIO.save(dir, saved);
    Checkpoint loaded = CheckpointIO.load(dir);
    assertSameCheckpoint(saved, loaded);
    Rng original = new Rng(-7L, 3);
    for (int i = 0; i < 3; i++) original.nextDouble();
    Rng resumed = loaded.restoreRng("sampling");
    for (int i = 0; i < 5; i++) assertEquals(original.nextDouble(), resumed.nextDouble(), "draw " + i + " after resuming");
    assertSameTensors(saved.model(), CheckpointIO.loadModel(dir));
    assertEquals(List.of(), hidden());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loaded.restoreRng("dropout"));
    assertTrue(e.getMessage().contains("[sampling, data]"), e.getMessage());
  }

  @Test
  void savingAgainReplacesTheOldCheckpointWholly() throws IOException {
    Path dir = run.resolve("checkpoint-5");
    CheckpointIO.save(dir, sample(5, 1));
    CheckpointIO.save(dir, sample(5, 2));
    assertSameCheckpoint(sample(5, 2), CheckpointIO.load(dir));
    assertEquals(List.of(), hidden());
  }

  /** A crash (nothing after the stage runs, no cleanup) leaves the old or the new checkpoint, whole. */
  @ParameterizedTest
  @EnumSource(Stage.class)
  void aCrashAtAnyStageLeavesACompleteCheckpointThatLoads(Stage crashAt) throws IOException {
    Path dir = run.resolve("checkpoint-5");
    CheckpointIO.save(dir, sample(5, 1));
    assertThrows(SimulatedCrash.class, () -> CheckpointIO.save(dir, sample(5, 2), stage -> {
      if (stage == crashAt) throw new SimulatedCrash();
    }));
    assertFalse(hidden().isEmpty(), "the crash left its temporary or set-aside copy behind");
    Checkpoint expected = crashAt == Stage.NEW_MOVED_IN ? sample(5, 2) : sample(5, 1);
    assertSameCheckpoint(expected, CheckpointIO.load(dir));
    assertEquals(List.of(), hidden(), "load cleaned the leftovers");
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void aFailureAtAnyStageIsCleanedUpAtOnceAndKeepsTheOldCheckpoint(Stage failAt) throws IOException {
    Path dir = run.resolve("checkpoint-5");
    CheckpointIO.save(dir, sample(5, 1));
    IOException e = assertThrows(IOException.class, () -> CheckpointIO.save(dir, sample(5, 2), stage -> {
      if (stage == failAt) throw new IOException("disk full (injected at " + stage + ")");
    }));
    assertTrue(e.getMessage().contains("injected"), e.getMessage());
    assertEquals(List.of(), hidden());
    Checkpoint expected = failAt == Stage.NEW_MOVED_IN ? sample(5, 2) : sample(5, 1);
    assertSameCheckpoint(expected, CheckpointIO.load(dir));
  }

  @Test
  void aCrashDuringTheFirstSaveLeavesNoCheckpointAndLatestIgnoresAndCleansIt() throws IOException {
    Path dir = run.resolve("checkpoint-7");
    assertThrows(SimulatedCrash.class, () -> CheckpointIO.save(dir, sample(7, 1), stage -> {
      if (stage == Stage.OPTIMIZER_WRITTEN) throw new SimulatedCrash();
    }));
    assertEquals(Optional.empty(), CheckpointIO.latest(run));
    assertEquals(List.of(), hidden());
    String m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertEquals(dir + ": no checkpoint folder here", m);
  }

  @Test
  void latestIsTheHighestStepNumericallyAndSaveInRunKeepsTheLastK() throws IOException {
    for (long step : new long[] {5, 10, 99, 100}) CheckpointIO.saveInRun(run, sample(step, 1), 3);
    assertEquals(List.of(run.resolve("checkpoint-10"), run.resolve("checkpoint-99"), run.resolve("checkpoint-100")), CheckpointIO.list(run));
    assertEquals(Optional.of(run.resolve("checkpoint-100")), CheckpointIO.latest(run));
    assertEquals(List.of(run.resolve("checkpoint-10"), run.resolve("checkpoint-99")), CheckpointIO.prune(run, 1));
    assertEquals(List.of(run.resolve("checkpoint-100")), CheckpointIO.list(run));
    assertEquals(List.of(), hidden());
    assertEquals(List.of(), CheckpointIO.list(run.resolve("no-such-run")));
  }

  @Test
  void aValueJsonCannotHoldFailsBeforeTheDiskChanges() throws IOException {
    Path dir = run.resolve("checkpoint-5");
    CheckpointIO.save(dir, sample(5, 1));
    Checkpoint bad = Checkpoint.builder(6).dataPosition(Map.of("sampler", new Object())).build();
    CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointIO.save(dir, bad));
    assertTrue(e.getMessage().startsWith(dir + ": the checkpoint holds a value JSON cannot store"), e.getMessage());
    assertSameCheckpoint(sample(5, 1), CheckpointIO.load(dir));
    assertEquals(List.of(), hidden());
  }

  @Test
  void damagedCheckpointsGiveErrorsNamingTheFile() throws IOException {
    Path dir = run.resolve("checkpoint-5");
    Path state = dir.resolve(CheckpointIO.STATE_FILE);
    CheckpointIO.save(dir, sample(5, 1));
    String good = Files.readString(state);

    Files.writeString(state, "{\"format\": \"reason4j-checkpoint\", \"format_version\": 1, \"step\": ");
    String m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertTrue(m.startsWith(state + ": corrupt: invalid JSON at line 1"), m);

    Files.writeString(state, good.replace("\"format_version\": 1", "\"format_version\": 2"));
    m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertEquals(state + ": format version 2 is newer than this reason4j reads (1); update reason4j", m);

    Files.writeString(state, good.replace("\"format_version\": 1,", ""));
    m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertEquals(state + ": no valid \"format_version\" (got null)", m);

    Files.writeString(state, good.replace("\"step\": 5", "\"step\": \"five\""));
    m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertEquals(state + ": \"step\" must be a non-negative integer, got \"five\"", m);

    Files.writeString(state, good);
    Path optimizer = dir.resolve(CheckpointIO.OPTIMIZER_FILE);
    byte[] bytes = Files.readAllBytes(optimizer);
    Files.write(optimizer, java.util.Arrays.copyOf(bytes, 20));
    m = assertThrows(IOException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertTrue(m.startsWith(optimizer.toString()), m);

    Files.delete(dir.resolve(CheckpointIO.MODEL_FILE));
    m = assertThrows(CheckpointException.class, () -> CheckpointIO.load(dir)).getMessage();
    assertTrue(m.startsWith(dir.resolve(CheckpointIO.MODEL_FILE) + ": missing; a checkpoint holds"), m);
  }

  @Test
  void emptyPartsAreAllowed() throws IOException {
    Path dir = run.resolve("checkpoint-0");
    CheckpointIO.save(dir, Checkpoint.builder(0).build());
    Checkpoint c = CheckpointIO.load(dir);
    assertEquals(0, c.step());
    assertTrue(c.model().isEmpty() && c.optimizer().isEmpty() && c.rng().isEmpty() && c.config().isEmpty());
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> files.add(p.getFileName().toString()));
    }
    files.sort(null);
    assertEquals(List.of(CheckpointIO.MODEL_FILE, CheckpointIO.OPTIMIZER_FILE, CheckpointIO.STATE_FILE), files);
  }

  /** Stands for the process dying: an Error, which save deliberately does not clean up after. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;
  }
}

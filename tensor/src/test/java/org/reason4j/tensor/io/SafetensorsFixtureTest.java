package org.reason4j.tensor.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Half;
import org.reason4j.tensor.Tensor;

/**
 * Reads a real checkpoint written by the Python safetensors library (a small random BF16 Llama) and
 * checks it against numbers computed independently by tools/safetensors/fixture_golden.py.
 */
class SafetensorsFixtureTest {
  private static final Path MODEL = Path.of(System.getProperty("reason4j.data", "../../shared/data"))
      .resolve("models/verl-digit-completion-random-llama/model.safetensors");

  @TempDir Path dir;
  private Map<String, Object> golden;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void loadGolden() throws IOException {
    Assumptions.assumeTrue(Files.exists(MODEL), "shared data absent: " + MODEL.toAbsolutePath());
    try (InputStream in = getClass().getResourceAsStream("/safetensors/verl-digit-completion-random-llama.golden.json")) {
      golden = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "golden file");
    }
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> goldenTensors() {
    return (List<Map<String, Object>>) golden.get("tensors");
  }

  private static int[] ints(Object list) {
    return ((List<?>) list).stream().mapToInt(v -> ((Long) v).intValue()).toArray();
  }

  @Test
  void headerListsTheNamesShapesAndOffsetsPythonSees() throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(MODEL)) {
      assertEquals(golden.get("metadata"), f.metadata());
      assertEquals(goldenTensors().size(), f.infos().size());
      long params = 0;
      for (int i = 0; i < f.infos().size(); i++) {
        SafetensorsInfo info = f.infos().get(i);
        Map<String, Object> g = goldenTensors().get(i);
        assertEquals(g.get("name"), info.name());
        assertEquals(SafetensorsDType.parse((String) g.get("dtype")), info.dtype());
        assertArrayEquals(ints(g.get("shape")), info.shape(), info.name());
        assertArrayEquals(ints(g.get("data_offsets")), new int[] {(int) info.begin(), (int) info.end()}, info.name());
        params += info.numel();
      }
      System.out.println(MODEL.getFileName() + ": " + f.infos().size() + " tensors, " + params + " parameters, first " + f.infos().get(0));
    }
  }

  @Test
  void everyTensorReadAsF32MatchesTheIndependentSumsAndSamples() throws IOException {
    try (SafetensorsFile f = SafetensorsFile.open(MODEL)) {
      for (Map<String, Object> g : goldenTensors()) {
        String name = (String) g.get("name");
        Tensor t = f.readAs(name, DType.F32);
        assertArrayEquals(ints(g.get("shape")), t.shape(), name);
        float[] v = t.toFloatArray();
        double sum = 0;
        for (float x : v) sum += x; // same order and precision as the Python script: bit-identical
        assertEquals((Double) g.get("sum"), sum, 0.0, name);
        for (Object s : (List<?>) g.get("samples")) {
          List<?> pair = (List<?>) s;
          int index = ((Long) pair.get(0)).intValue();
          assertEquals(((Number) pair.get(1)).doubleValue(), v[index], 0.0, name + "[" + index + "]");
        }
        short[] bits = (short[]) f.read(name).backend().download(f.read(name));
        for (int i = 0; i < bits.length; i++) assertEquals(Half.bf16ToFloat(bits[i]), v[i], 0.0f);
      }
    }
  }

  @Test
  void rewritingTheCheckpointReproducesThePythonFileByteForByte() throws IOException {
    Path copy = dir.resolve("model.safetensors");
    try (SafetensorsFile f = SafetensorsFile.open(MODEL)) {
      Map<String, Tensor> all = new LinkedHashMap<>();
      for (String name : f.names()) all.put(name, f.read(name));
      SafetensorsWriter.write(copy, all, f.metadata());
    }
    assertArrayEquals(Files.readAllBytes(MODEL), Files.readAllBytes(copy));
  }
}

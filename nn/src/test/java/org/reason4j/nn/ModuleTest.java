package org.reason4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reason4j.autograd.Var;
import org.reason4j.tensor.DType;
import org.reason4j.tensor.Device;
import org.reason4j.tensor.Rng;
import org.reason4j.tensor.Tensor;

/** Names, order, modes, devices and state dicts of a small model laid out like a Hugging Face decoder. */
class ModuleTest {
  /** model.embed_tokens, model.layers.N.{mlp, norm}, model.norm, lm_head (optionally tied), a RoPE-like buffer. */
  static final class TinyLm extends Module {
    final Embedding embedTokens;
    final ModuleList<Block> layers;
    final RMSNorm norm;
    final Linear lmHead;
    final Var invFreq;
    final Var scratch;

    TinyLm(long seed, boolean tied) {
      Rng rng = new Rng(seed);
      embedTokens = registerModule("model.embed_tokens", new Embedding(5, 4, rng));
      layers = registerModule("model.layers", new ModuleList<>(List.of(new Block(rng), new Block(rng))));
      norm = registerModule("model.norm", new RMSNorm(4, 1e-6));
      lmHead = registerModule("lm_head", tied ? new Linear(embedTokens.weight(), null) : new Linear(4, 5, false, rng));
      invFreq = registerBuffer("inv_freq", Tensor.of(new float[] {1, 0.5f}, 2), true);
      scratch = registerBuffer("scratch", Tensor.zeros(3), false);
    }

    Var forward(Tensor ids) {
      Var x = embedTokens.forward(ids); // (B, T, C)
      for (Block b : layers) x = b.forward(x);
      return lmHead.forward(norm.forward(x)); // (B, T, V)
    }
  }

  static final class Block extends Module implements Layer {
    final RMSNorm postAttentionLayernorm;
    final Linear upProj;
    final Dropout dropout;

    Block(Rng rng) {
      postAttentionLayernorm = registerModule("post_attention_layernorm", new RMSNorm(4, 1e-6));
      upProj = registerModule("mlp.up_proj", new Linear(4, 4, true, rng));
      dropout = registerModule("dropout", new Dropout(0.1, rng.fork(99)));
    }

    @Override
    public Var forward(Var x) {
      return x.add(dropout.forward(upProj.forward(postAttentionLayernorm.forward(x)).relu())); // residual
    }
  }

  static final Tensor IDS = Tensor.of(new long[] {1, 4, 0, 2, 3, 3}, 2, 3);

  @Test
  void namesAreDottedCheckpointKeysInPytorchOrder() {
    TinyLm m = new TinyLm(1, false);
    assertEquals(List.of(
        "inv_freq",
        "model.embed_tokens.weight",
        "model.layers.0.post_attention_layernorm.weight",
        "model.layers.0.mlp.up_proj.weight",
        "model.layers.0.mlp.up_proj.bias",
        "model.layers.1.post_attention_layernorm.weight",
        "model.layers.1.mlp.up_proj.weight",
        "model.layers.1.mlp.up_proj.bias",
        "model.norm.weight",
        "lm_head.weight"), List.copyOf(m.stateDict().keySet()), "own buffers first, non-persistent left out");
    assertEquals(9, m.namedParameters().size());
    assertEquals(5 * 4 + 2 * (4 + 16 + 4) + 4 + 20, m.numParameters());
    assertTrue(m.namedModules().containsKey("model.layers.1.mlp.up_proj"));
    assertSame(m, m.namedModules().get(""));
  }

  @Test
  void tiedWeightsAreOneParameterAndLoadFromEitherName() {
    TinyLm m = new TinyLm(1, true);
    assertFalse(m.namedParameters().containsKey("lm_head.weight"));
    assertEquals(5 * 4 + 2 * (4 + 16 + 4) + 4, m.numParameters());
    Map<String, Tensor> sd = new LinkedHashMap<>(new TinyLm(2, true).stateDict());
    Tensor table = sd.remove("model.embed_tokens.weight");
    sd.put("lm_head.weight", table); // a checkpoint that kept the head's name instead
    m.loadStateDict(sd, true);
    assertArrayEquals(table.toFloatArray(), m.lmHead.weight().value().toFloatArray());
    assertSame(m.embedTokens.weight(), m.lmHead.weight());
  }

  @Test
  void trainAndEvalReachEveryModule() {
    TinyLm m = new TinyLm(1, false);
    assertTrue(m.layers.get(1).dropout.isTraining());
    m.eval();
    for (Module sub : m.namedModules().values()) assertFalse(sub.isTraining());
    m.train();
    assertTrue(m.layers.get(0).dropout.isTraining());
  }

  @Test
  void zeroGradDropsEveryGradient() {
    TinyLm m = new TinyLm(1, false);
    m.forward(IDS).sum().backward();
    for (Var p : m.parameters()) assertNotNull(p.grad());
    m.zeroGrad();
    for (Var p : m.parameters()) assertNull(p.grad());
  }

  @Test
  void toTheSameDeviceKeepsEveryValue() {
    TinyLm m = new TinyLm(1, false);
    m.eval();
    float[] before = m.forward(IDS).value().toFloatArray();
    m.to(Device.CPU);
    assertEquals(Device.CPU, m.invFreq.value().device());
    assertArrayEquals(before, m.forward(IDS).value().toFloatArray());
  }

  @Test
  void stateDictRoundTripGivesIdenticalOutputs() {
    TinyLm a = new TinyLm(1, false), b = new TinyLm(2, false);
    a.eval();
    b.eval();
    assertFalse(java.util.Arrays.equals(a.forward(IDS).value().toFloatArray(), b.forward(IDS).value().toFloatArray()));
    Module.LoadResult r = b.loadStateDict(a.stateDict(), true);
    assertEquals(List.of(), r.missingKeys());
    assertArrayEquals(a.forward(IDS).value().toFloatArray(), b.forward(IDS).value().toFloatArray());
    assertNotSame(a.norm.weight().value(), b.norm.weight().value(), "loading copies; it does not share");
  }

  @Test
  void halfPrecisionCheckpointsLoadIntoF32Weights() {
    TinyLm a = new TinyLm(1, false), b = new TinyLm(2, false);
    Map<String, Tensor> bf16 = new LinkedHashMap<>();
    a.stateDict().forEach((k, t) -> bf16.put(k, t.to(DType.BF16)));
    b.loadStateDict(bf16, true);
    Tensor w = b.layers.get(0).upProj.weight().value();
    assertEquals(DType.F32, w.dtype());
    assertArrayEquals(bf16.get("model.layers.0.mlp.up_proj.weight").toFloatArray(), w.toFloatArray());
    assertArrayEquals(a.layers.get(0).upProj.weight().value().toFloatArray(), w.toFloatArray(), 1e-2f);
  }

  @Test
  void strictLoadNamesEveryProblemAtOnceAndChangesNothing() {
    TinyLm a = new TinyLm(1, false), b = new TinyLm(2, false);
    Map<String, Tensor> sd = new LinkedHashMap<>(a.stateDict());
    sd.remove("model.norm.weight");
    sd.put("model.layers.0.mlp.down_proj.weight", Tensor.zeros(4, 4));
    sd.put("model.layers.1.mlp.up_proj.weight", Tensor.zeros(4, 5));
    float[] before = b.layers.get(0).upProj.weight().value().toFloatArray();
    var e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(sd, true));
    String msg = e.getMessage();
    assertTrue(msg.contains("3 problem(s)"), msg);
    assertTrue(msg.contains("missing key 'model.norm.weight'"), msg);
    assertTrue(msg.contains("unexpected key 'model.layers.0.mlp.down_proj.weight'"), msg);
    assertTrue(msg.contains("shape mismatch for 'model.layers.1.mlp.up_proj.weight': checkpoint (4, 5), model (4, 4)"), msg);
    assertArrayEquals(before, b.layers.get(0).upProj.weight().value().toFloatArray(), "nothing half-loaded");
  }

  @Test
  void nonStrictLoadReportsLeftOutKeysButStillRejectsShapes() {
    TinyLm a = new TinyLm(1, false), b = new TinyLm(2, false);
    Map<String, Tensor> sd = new LinkedHashMap<>(a.stateDict());
    sd.remove("lm_head.weight");
    sd.put("v_head.weight", Tensor.zeros(1, 4));
    Module.LoadResult r = b.loadStateDict(sd, false);
    assertEquals(List.of("lm_head.weight"), r.missingKeys());
    assertEquals(List.of("v_head.weight"), r.unexpectedKeys());
    assertArrayEquals(a.norm.weight().value().toFloatArray(), b.norm.weight().value().toFloatArray());
    sd.put("model.norm.weight", Tensor.zeros(5));
    var e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(sd, false));
    assertTrue(e.getMessage().contains("shape mismatch for 'model.norm.weight'"), e.getMessage());
  }

  @Test
  void registeringANameTwiceIsAnError() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Module() {
      {
        registerParameter("weight", Var.param(Tensor.zeros(2)));
        registerModule("weight", new RMSNorm(2, 1e-6));
      }
    });
    assertTrue(e.getMessage().contains("'weight' is already registered"), e.getMessage());
  }
}

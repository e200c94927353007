package org.reason4j.transformer.model;

import org.reason4j.autograd.Functional;
import org.reason4j.autograd.Var;
import org.reason4j.nn.Embedding;
import org.reason4j.nn.Linear;
import org.reason4j.nn.Module;
import org.reason4j.nn.ModuleList;
import org.reason4j.nn.RMSNorm;
import org.reason4j.tensor.Tensor;

/**
 * The Llama family (Llama 2/3, Mistral, Qwen2/2.5): pre-norm decoder blocks with RMSNorm, rotary
 * positions, grouped-query attention (with Qwen2's q/k/v bias when the config asks) and a SwiGLU MLP.
 * Field names are the Hugging Face checkpoint keys ({@code model.layers.0.self_attn.q_proj.weight}),
 * so loading a checkpoint is a copy by name.
 */
public final class LlamaForCausalLM extends CausalLM {
  private final ModelConfig config;
  private final Body model;
  private final Linear lmHead; // shares model.embed_tokens.weight when embeddings are tied
  private final RotaryEmbedding rope;

  public LlamaForCausalLM(ModelConfig config) {
    if (config.family() != ModelConfig.Family.LLAMA) throw new IllegalArgumentException("not a Llama-family config: " + config.modelType());
    this.config = config;
    this.model = registerModule("model", new Body(config));
    Var head = config.tieWordEmbeddings() ? model.embedTokens.weight() : zeros(config.vocabSize(), config.hiddenSize());
    this.lmHead = config.tieWordEmbeddings() ? new Linear(head, null) : registerModule("lm_head", new Linear(head, null));
    this.rope = new RotaryEmbedding(config);
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public Var hidden(Tensor ids, Tensor positions, Tensor keyMask, KvCache cache) {
    int b = ids.dim(0), t = ids.dim(1), past = cache == null ? 0 : cache.length();
    checkLength(past + t);
    var device = lmHead.weight().value().device();
    Tensor[] cs = rope.tables(positions, lmHead.weight().value().backend()); // (B, T, D/2) each
    Tensor blocked = Attention.blockedMask(keyMask, b, t, past + t).to(device);
    Var x = model.embedTokens.forward(ids.to(device)); // (B, T, C)
    for (int l = 0; l < config.numLayers(); l++) x = model.layers.get(l).forward(x, cs[0], cs[1], blocked, cache, l);
    if (cache != null) cache.advance(t);
    return model.norm.forward(x); // (B, T, C)
  }

  @Override
  protected Linear outputHead() {
    return lmHead;
  }

  /** {@code model.*}: embeddings, decoder layers, final norm. */
  static final class Body extends Module {
    final Embedding embedTokens;
    final ModuleList<DecoderLayer> layers;
    final RMSNorm norm;

    Body(ModelConfig c) {
      embedTokens = registerModule("embed_tokens", new Embedding(zeros(c.vocabSize(), c.hiddenSize())));
      layers = registerModule("layers", new ModuleList<>());
      for (int l = 0; l < c.numLayers(); l++) layers.add(new DecoderLayer(c));
      norm = registerModule("norm", new RMSNorm(c.hiddenSize(), c.normEps()));
    }
  }

  /** One pre-norm block: x + attn(norm(x)), then + mlp(norm(.)). */
  static final class DecoderLayer extends Module {
    final RMSNorm inputLayernorm;
    final SelfAttention selfAttn;
    final RMSNorm postAttentionLayernorm;
    final Mlp mlp;

    DecoderLayer(ModelConfig c) {
      inputLayernorm = registerModule("input_layernorm", new RMSNorm(c.hiddenSize(), c.normEps()));
      selfAttn = registerModule("self_attn", new SelfAttention(c));
      postAttentionLayernorm = registerModule("post_attention_layernorm", new RMSNorm(c.hiddenSize(), c.normEps()));
      mlp = registerModule("mlp", new Mlp(c));
    }

    Var forward(Var x, Tensor cos, Tensor sin, Tensor blocked, KvCache cache, int layer) {
      x = x.add(selfAttn.forward(inputLayernorm.forward(x), cos, sin, blocked, cache, layer)); // (B, T, C)
      return x.add(mlp.forward(postAttentionLayernorm.forward(x))); // (B, T, C)
    }
  }

  /** q/k/v projections, rotary positions, grouped-query attention, output projection. */
  static final class SelfAttention extends Module {
    final Linear qProj, kProj, vProj, oProj;
    final int heads, kvHeads, headDim;

    SelfAttention(ModelConfig c) {
      heads = c.numHeads();
      kvHeads = c.numKvHeads();
      headDim = c.headDim();
      boolean bias = c.attentionBias();
      qProj = registerModule("q_proj", linear(c.hiddenSize(), heads * headDim, bias));
      kProj = registerModule("k_proj", linear(c.hiddenSize(), kvHeads * headDim, bias));
      vProj = registerModule("v_proj", linear(c.hiddenSize(), kvHeads * headDim, bias));
      oProj = registerModule("o_proj", linear(heads * headDim, c.hiddenSize(), false));
    }

    Var forward(Var x, Tensor cos, Tensor sin, Tensor blocked, KvCache cache, int layer) {
      int b = x.dim(0), t = x.dim(1);
      Var q = qProj.forward(x).reshape(b, t, heads, headDim).transpose(1, 2); // (B, H, T, D)
      Var k = kProj.forward(x).reshape(b, t, kvHeads, headDim).transpose(1, 2); // (B, Hkv, T, D)
      Var v = vProj.forward(x).reshape(b, t, kvHeads, headDim).transpose(1, 2); // (B, Hkv, T, D)
      q = Functional.rope(q, cos, sin);
      k = Functional.rope(k, cos, sin);
      if (cache != null) { // generation: no gradients, the past comes from the cache
        Tensor[] kv = cache.append(layer, k.value(), v.value());
        k = Var.constant(kv[0]); // (B, Hkv, S, D)
        v = Var.constant(kv[1]);
      }
      return oProj.forward(Attention.attend(q, k, v, blocked, 1 / Math.sqrt(headDim))); // (B, T, C)
    }
  }

  /** SwiGLU: down(silu(gate(x)) * up(x)). */
  static final class Mlp extends Module {
    final Linear gateProj, upProj, downProj;

    Mlp(ModelConfig c) {
      gateProj = registerModule("gate_proj", linear(c.hiddenSize(), c.intermediateSize(), c.mlpBias()));
      upProj = registerModule("up_proj", linear(c.hiddenSize(), c.intermediateSize(), c.mlpBias()));
      downProj = registerModule("down_proj", linear(c.intermediateSize(), c.hiddenSize(), c.mlpBias()));
    }

    Var forward(Var x) {
      return downProj.forward(gateProj.forward(x).silu().mul(upProj.forward(x))); // (B, T, C)
    }
  }

  static Linear linear(int in, int out, boolean bias) {
    return new Linear(zeros(out, in), bias ? zeros(out) : null);
  }
}

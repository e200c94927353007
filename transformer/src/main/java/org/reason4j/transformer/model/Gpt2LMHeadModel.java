package org.reason4j.transformer.model;

import org.reason4j.autograd.Var;
import org.reason4j.nn.Activation;
import org.reason4j.nn.Embedding;
import org.reason4j.nn.LayerNorm;
import org.reason4j.nn.Linear;
import org.reason4j.nn.Module;
import org.reason4j.nn.ModuleList;
import org.reason4j.tensor.Tensor;

/**
 * GPT-2: learned position embeddings, pre-norm blocks with LayerNorm, a fused q/k/v projection and a GELU
 * MLP. Its projections are Hugging Face "Conv1D" layers whose weight is stored (in, out), the transpose
 * of a Linear, so checkpoints load without reshuffling. The output head is tied to {@code wte}.
 */
public final class Gpt2LMHeadModel extends CausalLM {
  private final ModelConfig config;
  private final Transformer transformer;
  private final Linear lmHead;

  public Gpt2LMHeadModel(ModelConfig config) {
    if (config.family() != ModelConfig.Family.GPT2) throw new IllegalArgumentException("not a GPT-2 config: " + config.modelType());
    this.config = config;
    this.transformer = registerModule("transformer", new Transformer(config));
    this.lmHead = new Linear(transformer.wte.weight(), null); // tied, as in every GPT-2 checkpoint
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
    Tensor blocked = Attention.blockedMask(keyMask, b, t, past + t).to(device);
    Var x = transformer.wte.forward(ids.to(device)).add(transformer.wpe.forward(positions.to(device))); // (B, T, C)
    for (int l = 0; l < config.numLayers(); l++) x = transformer.h.get(l).forward(x, blocked, cache, l);
    if (cache != null) cache.advance(t);
    return transformer.lnF.forward(x); // (B, T, C)
  }

  @Override
  protected Linear outputHead() {
    return lmHead;
  }

  /** {@code transformer.*}: token and position embeddings, blocks, final LayerNorm. */
  static final class Transformer extends Module {
    final Embedding wte, wpe;
    final ModuleList<Block> h;
    final LayerNorm lnF;

    Transformer(ModelConfig c) {
      wte = registerModule("wte", new Embedding(zeros(c.vocabSize(), c.hiddenSize())));
      wpe = registerModule("wpe", new Embedding(zeros(c.maxPositions(), c.hiddenSize())));
      h = registerModule("h", new ModuleList<>());
      for (int l = 0; l < c.numLayers(); l++) h.add(new Block(c));
      lnF = registerModule("ln_f", new LayerNorm(c.hiddenSize(), c.normEps()));
    }
  }

  /** x + attn(ln_1(x)), then + mlp(ln_2(.)). */
  static final class Block extends Module {
    final LayerNorm ln1, ln2;
    final Conv1D cAttn, attnProj, cFc, mlpProj;
    final int heads, headDim;
    final Activation act;

    Block(ModelConfig c) {
      int d = c.hiddenSize();
      heads = c.numHeads();
      headDim = c.headDim();
      act = c.hiddenAct().equals("gelu") ? Activation.GELU : Activation.GELU_TANH;
      ln1 = registerModule("ln_1", new LayerNorm(d, c.normEps()));
      cAttn = registerModule("attn.c_attn", new Conv1D(d, 3 * d));
      attnProj = registerModule("attn.c_proj", new Conv1D(d, d));
      ln2 = registerModule("ln_2", new LayerNorm(d, c.normEps()));
      cFc = registerModule("mlp.c_fc", new Conv1D(d, c.intermediateSize()));
      mlpProj = registerModule("mlp.c_proj", new Conv1D(c.intermediateSize(), d));
    }

    Var forward(Var x, Tensor blocked, KvCache cache, int layer) {
      int b = x.dim(0), t = x.dim(1), d = x.dim(2);
      Var[] qkv = cAttn.forward(ln1.forward(x)).split(2, d, d, d); // 3 x (B, T, C)
      Var q = qkv[0].reshape(b, t, heads, headDim).transpose(1, 2); // (B, H, T, D)
      Var k = qkv[1].reshape(b, t, heads, headDim).transpose(1, 2);
      Var v = qkv[2].reshape(b, t, heads, headDim).transpose(1, 2);
      if (cache != null) {
        Tensor[] kv = cache.append(layer, k.value(), v.value());
        k = Var.constant(kv[0]);
        v = Var.constant(kv[1]);
      }
      x = x.add(attnProj.forward(Attention.attend(q, k, v, blocked, 1 / Math.sqrt(headDim)))); // (B, T, C)
      return x.add(mlpProj.forward(act.forward(cFc.forward(ln2.forward(x))))); // (B, T, C)
    }
  }

  /** Hugging Face's Conv1D: y = x @ W + b with W stored (in, out). */
  static final class Conv1D extends Module {
    final Var weight, bias;

    Conv1D(int in, int out) {
      weight = registerParameter("weight", zeros(in, out));
      bias = registerParameter("bias", zeros(out));
    }

    Var forward(Var x) {
      int[] s = x.shape();
      Var y = x.reshape(-1, weight.dim(0)).matmul(weight).add(bias); // (N, out)
      s[s.length - 1] = weight.dim(1);
      return y.reshape(s);
    }
  }
}

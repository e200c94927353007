#!/usr/bin/env python3
"""Golden logits for reason4j's checkpoint loaders, from an independent pure-PyTorch forward.

The forward passes below are written from the equations (Llama/Qwen2: RMSNorm, rotate-half RoPE with
Meta's llama3 frequency scaling, grouped-query attention, SwiGLU; GPT-2: LayerNorm, learned positions,
Conv1D projections, tanh-GELU), not from transformers, which is not used. Safetensors files are parsed
and written with struct + json + torch.frombuffer, not the safetensors package.

It writes, under transformer/src/test/resources/golden/:
  tiny-qwen2/   config.json + model.safetensors  (q/k/v bias, GQA 4/2, tied, rope_theta 1e6; F32)
  tiny-gpt2/    config.json + model.safetensors  (GPT2Model keys without "transformer.", the old attn.bias /
                                                  attn.masked_bias buffers; stored as F16)
  tiny-llama3/  config.json + model.safetensors  (llama3 rope scaling, head_dim 16, untied; stored as BF16)
  <case>_logits.json for those three, for the shared verl-digit-completion-random-llama (BF16), and for
  reason4j-saved/ (a checkpoint that reason4j's HfCheckpoint.save wrote; committed by the Java test
  author): this last one shows that what reason4j saves loads in PyTorch with the same logits.

Not run by the build; the Java tests read only its output. Usage (Debian's python3-torch):
  /usr/bin/python3 tools/transformer/golden_logits.py [path/to/shared/data]
"""
import json
import math
import os
import struct
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(ROOT, "transformer", "src", "test", "resources", "golden")
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64, "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


# ---------------------------------------------------------------- safetensors by hand

def read_safetensors(path):
    """Every tensor of a safetensors file, converted to float32 (raw dtype kept for BOOL)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin:8 + n + end])
        t = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.empty(0, dtype=DTYPES[info["dtype"]])
        t = t.reshape(info["shape"])
        out[name] = t if t.dtype == torch.bool else t.float()
    return out


def write_safetensors(path, tensors):
    """Writes tensors in their own dtypes: names sorted, compact header padded to 8 bytes, metadata format=pt."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        raw = (t.view(torch.int16) if t.dtype in (torch.bfloat16, torch.float16) else t).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# ---------------------------------------------------------------- Llama / Mistral / Qwen2

def llama_inv_freq(cfg):
    d = cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]
    inv = [1.0 / cfg.get("rope_theta", 10000.0) ** (2 * i / d) for i in range(d // 2)]
    s = cfg.get("rope_scaling")
    if s and s.get("rope_type", s.get("type")) == "llama3":  # Meta's apply_scaling (llama3.1 reference code)
        old, lo, hi, factor = s["original_max_position_embeddings"], s["low_freq_factor"], s["high_freq_factor"], s["factor"]
        scaled = []
        for f in inv:
            wavelen = 2 * math.pi / f
            if wavelen < old / hi:
                scaled.append(f)
            elif wavelen > old / lo:
                scaled.append(f / factor)
            else:
                smooth = (old / wavelen - lo) / (hi - lo)
                scaled.append((1 - smooth) * f / factor + smooth * f)
        inv = scaled
    elif s and s.get("rope_type", s.get("type")) == "linear":
        inv = [f / s["factor"] for f in inv]
    return torch.tensor(inv, dtype=torch.float64)


def rms_norm(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rope(x, cos, sin):  # x (H, T, D); rotate the halves (x1, x2) -> (x1 cos - x2 sin, x2 cos + x1 sin)
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


def causal_attention(q, k, v):  # q (H, T, D), k/v (H, T, D) already repeated for GQA
    t = q.shape[1]
    scores = q @ k.transpose(1, 2) / math.sqrt(q.shape[-1])
    scores = scores.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def llama_logits(cfg, w, ids):
    c, nh = cfg["hidden_size"], cfg["num_attention_heads"]
    nkv = cfg.get("num_key_value_heads") or nh
    d = cfg.get("head_dim") or c // nh
    eps, t = cfg.get("rms_norm_eps", 1e-6), len(ids)
    angles = torch.arange(t, dtype=torch.float64)[:, None] * llama_inv_freq(cfg)[None, :]  # (T, D/2)
    cos, sin = angles.cos().float(), angles.sin().float()

    def lin(x, name):
        y = x @ w[name + ".weight"].T
        return y + w[name + ".bias"] if name + ".bias" in w else y

    x = w["model.embed_tokens.weight"][torch.tensor(ids)]  # (T, C)
    for l in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % l
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = lin(h, p + "self_attn.q_proj").view(t, nh, d).transpose(0, 1)  # (H, T, D)
        k = lin(h, p + "self_attn.k_proj").view(t, nkv, d).transpose(0, 1)  # (Hkv, T, D)
        v = lin(h, p + "self_attn.v_proj").view(t, nkv, d).transpose(0, 1)
        q, k = rope(q, cos, sin), rope(k, cos, sin)
        k, v = k.repeat_interleave(nh // nkv, dim=0), v.repeat_interleave(nh // nkv, dim=0)
        a = causal_attention(q, k, v).transpose(0, 1).reshape(t, nh * d)
        x = x + lin(a, p + "self_attn.o_proj")
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        x = x + lin(torch.nn.functional.silu(lin(h, p + "mlp.gate_proj")) * lin(h, p + "mlp.up_proj"), p + "mlp.down_proj")
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"]) if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return x @ head.T  # (T, V)


# ---------------------------------------------------------------- GPT-2

def gpt2_logits(cfg, w, ids):
    w = {k[len("transformer."):] if k.startswith("transformer.") else k: v for k, v in w.items()}
    c, nh, eps, t = cfg["n_embd"], cfg["n_head"], cfg.get("layer_norm_epsilon", 1e-5), len(ids)
    d = c // nh

    def ln(x, name):
        return torch.nn.functional.layer_norm(x, (c,), w[name + ".weight"], w[name + ".bias"], eps)

    def conv1d(x, name):  # weight stored (in, out)
        return x @ w[name + ".weight"] + w[name + ".bias"]

    def gelu_tanh(x):
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x.pow(3))))

    x = w["wte.weight"][torch.tensor(ids)] + w["wpe.weight"][:t]  # (T, C)
    for l in range(cfg["n_layer"]):
        p = "h.%d." % l
        q, k, v = conv1d(ln(x, p + "ln_1"), p + "attn.c_attn").split(c, dim=-1)
        q, k, v = (y.view(t, nh, d).transpose(0, 1) for y in (q, k, v))
        x = x + conv1d(causal_attention(q, k, v).transpose(0, 1).reshape(t, c), p + "attn.c_proj")
        x = x + conv1d(gelu_tanh(conv1d(ln(x, p + "ln_2"), p + "mlp.c_fc")), p + "mlp.c_proj")
    return ln(x, "ln_f") @ w["wte.weight"].T


# ---------------------------------------------------------------- tiny checkpoints

def randn(gen, *shape, std=0.2, mean=0.0):
    return torch.randn(*shape, generator=gen) * std + mean


def tiny_llama_weights(cfg, gen, bias):
    c, v, m = cfg["hidden_size"], cfg["vocab_size"], cfg["intermediate_size"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d = cfg.get("head_dim") or c // nh
    w = {"model.embed_tokens.weight": randn(gen, v, c, std=1.0), "model.norm.weight": randn(gen, c, std=0.1, mean=1.0)}
    for l in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % l
        w[p + "input_layernorm.weight"] = randn(gen, c, std=0.1, mean=1.0)
        w[p + "post_attention_layernorm.weight"] = randn(gen, c, std=0.1, mean=1.0)
        for name, out in (("q_proj", nh * d), ("k_proj", nkv * d), ("v_proj", nkv * d)):
            w[p + "self_attn." + name + ".weight"] = randn(gen, out, c)
            if bias:
                w[p + "self_attn." + name + ".bias"] = randn(gen, out, std=0.1)
        w[p + "self_attn.o_proj.weight"] = randn(gen, c, nh * d)
        w[p + "mlp.gate_proj.weight"] = randn(gen, m, c)
        w[p + "mlp.up_proj.weight"] = randn(gen, m, c)
        w[p + "mlp.down_proj.weight"] = randn(gen, c, m)
    if not cfg["tie_word_embeddings"]:
        w["lm_head.weight"] = randn(gen, v, c)
    return w


def tiny_gpt2_weights(cfg, gen):
    """GPT2Model keys (no "transformer." prefix) plus the causal-mask buffers older transformers saved."""
    c, v, n = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"]
    w = {"wte.weight": randn(gen, v, c, std=1.0), "wpe.weight": randn(gen, n, c, std=0.3),
         "ln_f.weight": randn(gen, c, std=0.1, mean=1.0), "ln_f.bias": randn(gen, c, std=0.1)}
    for l in range(cfg["n_layer"]):
        p = "h.%d." % l
        for ln in ("ln_1", "ln_2"):
            w[p + ln + ".weight"], w[p + ln + ".bias"] = randn(gen, c, std=0.1, mean=1.0), randn(gen, c, std=0.1)
        for name, shape in (("attn.c_attn", (c, 3 * c)), ("attn.c_proj", (c, c)), ("mlp.c_fc", (c, 4 * c)), ("mlp.c_proj", (4 * c, c))):
            w[p + name + ".weight"], w[p + name + ".bias"] = randn(gen, *shape), randn(gen, shape[1], std=0.1)
        w[p + "attn.bias"] = torch.tril(torch.ones(n, n, dtype=torch.bool)).view(1, 1, n, n)
        w[p + "attn.masked_bias"] = torch.tensor(-1e4)
    return w


def make_tiny(name, cfg, weights, dtype):
    """Saves a tiny checkpoint with float weights stored as dtype; returns the weights as read back."""
    out = os.path.join(GOLDEN, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(out, "model.safetensors"), {k: v.to(dtype) if v.is_floating_point() else v for k, v in weights.items()})
    return read_safetensors(os.path.join(out, "model.safetensors"))


QWEN2 = {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 64, "hidden_size": 32,
         "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
         "max_position_embeddings": 128, "rms_norm_eps": 1e-6, "rope_theta": 1000000.0, "tie_word_embeddings": True,
         "hidden_act": "silu", "use_sliding_window": False, "sliding_window": 128, "max_window_layers": 2,
         "bos_token_id": 1, "eos_token_id": 2, "torch_dtype": "float32"}
GPT2 = {"architectures": ["GPT2Model"], "model_type": "gpt2", "vocab_size": 64, "n_embd": 32, "n_head": 4, "n_layer": 2,
        "n_positions": 64, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new", "torch_dtype": "float16"}
LLAMA3 = {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 48, "hidden_size": 64,
          "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
          "max_position_embeddings": 256, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "tie_word_embeddings": False,
          "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                           "original_max_position_embeddings": 64},
          "hidden_act": "silu", "torch_dtype": "bfloat16"}


def sequences(seed, vocab, lengths):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randint(0, vocab, (n,), generator=gen).tolist() for n in lengths]


def write_case(name, cfg, weights, seqs, source):
    forward = gpt2_logits if cfg["model_type"] == "gpt2" else llama_logits
    case = {"checkpoint": source, "sequences": []}
    if cfg["model_type"] != "gpt2":
        case["inv_freq"] = [float(f) for f in llama_inv_freq(cfg).float()]
    with torch.no_grad():
        for ids in seqs:
            logits = forward(cfg, weights, ids)
            case["sequences"].append({"ids": ids, "logits": [[float("%.8g" % x) for x in row] for row in logits.tolist()]})
    with open(os.path.join(GOLDEN, name + "_logits.json"), "w") as f:
        json.dump(case, f)
        f.write("\n")
    print("%-24s %d sequences, lengths %s, |logit| max %.3f" % (name, len(seqs), [len(s) for s in seqs],
                                                             max(abs(x) for s in case["sequences"] for r in s["logits"] for x in r)))


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
    verl = os.path.join(data, "models", "verl-digit-completion-random-llama")
    cfg = json.load(open(os.path.join(verl, "config.json")))
    write_case("verl-digit-completion-random-llama", cfg, read_safetensors(os.path.join(verl, "model.safetensors")),
               sequences(1, cfg["vocab_size"], [9, 14]), "shared/data/models/verl-digit-completion-random-llama")

    gen = torch.Generator().manual_seed(20240601)
    w = make_tiny("tiny-qwen2", QWEN2, tiny_llama_weights(QWEN2, gen, bias=True), torch.float32)
    write_case("tiny-qwen2", QWEN2, w, sequences(2, 64, [8, 12]), "golden/tiny-qwen2")
    w = make_tiny("tiny-gpt2", GPT2, tiny_gpt2_weights(GPT2, gen), torch.float16)
    write_case("tiny-gpt2", GPT2, w, sequences(3, 64, [10, 16]), "golden/tiny-gpt2")
    w = make_tiny("tiny-llama3", LLAMA3, tiny_llama_weights(LLAMA3, gen, bias=False), torch.bfloat16)
    write_case("tiny-llama3", LLAMA3, w, sequences(4, 48, [40, 13]), "golden/tiny-llama3")

    saved = os.path.join(GOLDEN, "reason4j-saved")
    if os.path.exists(os.path.join(saved, "model.safetensors")):
        cfg = json.load(open(os.path.join(saved, "config.json")))
        write_case("reason4j-saved", cfg, read_safetensors(os.path.join(saved, "model.safetensors")),
                   sequences(5, cfg["vocab_size"], [11, 7]), "golden/reason4j-saved")
    else:
        print("reason4j-saved/ is absent: run HfGoldenTest once to write it, then run this script again")


if __name__ == "__main__":
    main()

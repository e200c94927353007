#!/usr/bin/env python3
"""The PyTorch side of `reason4j bench transformer`: the same workloads on the same weights.

A pure-PyTorch Llama forward written from the equations (RMSNorm, rotate-half RoPE, grouped-query
attention with a causal mask, SwiGLU; the helpers come from tools/transformer/golden_logits.py), batched,
with a preallocated KV cache for decoding. transformers is not used. It reads the checkpoint that
`reason4j bench transformer --checkpoint DIR` saved (config.json + model.safetensors), so both sides run
identical weights, and prints one JSON line per workload with the fields reason4j prints:

  generate_b1, generate_b16   greedy, prompt 16 tokens, 128 new tokens, EOS disabled, KV cache; the
                              log-prob of each chosen token is computed too, as reason4j's Generator does
  train_b8x256                forward + mean cross-entropy + backward, batch 8 x 256, no optimizer step

Each workload runs once to warm up, then --repeats times; the median is reported. `check` holds row 0's
first 16 generated ids and summed log-probs, and the training loss, which must agree with reason4j's.

Usage (Debian's python3-torch; the default python3 may have no torch):
  /usr/bin/python3 tools/bench/torch_transformer.py bench --model DIR [--threads T] [--repeats R] [--workloads a,b]
  /usr/bin/python3 tools/bench/torch_transformer.py to-bf16 SRC_DIR DST_DIR   (a BF16 copy, for load-memory runs)
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "transformer"))
from golden_logits import llama_inv_freq, read_safetensors, rms_norm, rope, write_safetensors  # noqa: E402

PROMPT_TOKENS, NEW_TOKENS, TRAIN_BATCH, TRAIN_TOKENS = 16, 128, 8, 256
WORKLOADS = {"generate_b1": 1, "generate_b16": 16, "train_b8x256": TRAIN_BATCH}


def token_id(row, position, vocab):
    """The same fixed formula as TransformerBench.tokenId: avoids ids 0..2, spreads over the vocabulary."""
    return 3 + (row * 7919 + position * 104729) % (vocab - 3)


class Llama:
    """Llama-family decoder over a dict of F32 weights with Hugging Face names."""

    def __init__(self, cfg, w):
        self.cfg, self.w = cfg, w
        self.nh = cfg["num_attention_heads"]
        self.nkv = cfg.get("num_key_value_heads") or self.nh
        self.d = cfg.get("head_dim") or cfg["hidden_size"] // self.nh
        self.eps = cfg.get("rms_norm_eps", 1e-6)
        self.inv_freq = llama_inv_freq(cfg)
        tied = cfg.get("tie_word_embeddings")
        self.head = w["model.embed_tokens.weight"] if tied else w["lm_head.weight"]

    def new_cache(self, batch, capacity):
        shape = (batch, self.nkv, capacity, self.d)
        return [(torch.zeros(shape), torch.zeros(shape)) for _ in range(self.cfg["num_hidden_layers"])]

    def forward(self, ids, start=0, cache=None):  # ids (B, T) of positions start..start+T-1 -> logits (B, T, V)
        w, b, t = self.w, ids.shape[0], ids.shape[1]
        angles = torch.arange(start, start + t, dtype=torch.float64)[:, None] * self.inv_freq[None, :]  # (T, D/2)
        cos, sin = angles.cos().float(), angles.sin().float()
        s = start + t
        blocked = torch.ones(t, s, dtype=torch.bool).triu(start + 1)  # query i sees keys 0..start+i
        x = F.embedding(ids, w["model.embed_tokens.weight"])  # (B, T, C)
        for l in range(self.cfg["num_hidden_layers"]):
            p = "model.layers.%d." % l
            h = rms_norm(x, w[p + "input_layernorm.weight"], self.eps)
            q = (h @ w[p + "self_attn.q_proj.weight"].T).view(b, t, self.nh, self.d).transpose(1, 2)  # (B, H, T, D)
            k = (h @ w[p + "self_attn.k_proj.weight"].T).view(b, t, self.nkv, self.d).transpose(1, 2)  # (B, Hkv, T, D)
            v = (h @ w[p + "self_attn.v_proj.weight"].T).view(b, t, self.nkv, self.d).transpose(1, 2)
            q, k = rope(q, cos, sin), rope(k, cos, sin)
            if cache is not None:
                keys, values = cache[l]
                keys[:, :, start:s], values[:, :, start:s] = k, v
                k, v = keys[:, :, :s], values[:, :, :s]  # (B, Hkv, S, D)
            if self.nkv != self.nh:
                k, v = k.repeat_interleave(self.nh // self.nkv, dim=1), v.repeat_interleave(self.nh // self.nkv, dim=1)
            scores = (q @ k.transpose(-1, -2) / math.sqrt(self.d)).masked_fill(blocked, float("-inf"))  # (B, H, T, S)
            a = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, self.nh * self.d)
            x = x + a @ w[p + "self_attn.o_proj.weight"].T
            h = rms_norm(x, w[p + "post_attention_layernorm.weight"], self.eps)
            gate, up = h @ w[p + "mlp.gate_proj.weight"].T, h @ w[p + "mlp.up_proj.weight"].T
            x = x + (F.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
        return rms_norm(x, w["model.norm.weight"], self.eps) @ self.head.T  # (B, T, V)


def generate(model, batch):
    """Greedy decoding with a KV cache; returns row 0's first 16 ids and the sum of its log-probs."""
    vocab = model.cfg["vocab_size"]
    prompt = torch.tensor([[token_id(r, j, vocab) for j in range(PROMPT_TOKENS)] for r in range(batch)])
    out, logprobs = [], []
    with torch.no_grad():
        cache = model.new_cache(batch, PROMPT_TOKENS + NEW_TOKENS)
        last = model.forward(prompt, 0, cache)[:, -1]  # (B, V)
        for step in range(NEW_TOKENS):
            nxt = last.argmax(-1)  # (B)
            logprobs.append(torch.log_softmax(last, -1).gather(1, nxt[:, None]))
            out.append(nxt)
            if step < NEW_TOKENS - 1:
                last = model.forward(nxt[:, None], PROMPT_TOKENS + step, cache)[:, -1]
    return {"ids": [int(t[0]) for t in out[:16]], "logprob_sum": float(sum(float(lp[0]) for lp in logprobs))}


def train(model, params):
    """Forward, mean cross-entropy against the next token, backward; returns the loss."""
    vocab = model.cfg["vocab_size"]
    ids = torch.tensor([[token_id(r, j, vocab) for j in range(TRAIN_TOKENS)] for r in range(TRAIN_BATCH)])
    targets = torch.tensor([[token_id(r, j + 1, vocab) for j in range(TRAIN_TOKENS)] for r in range(TRAIN_BATCH)])
    for p in params:
        p.grad = None
    logits = model.forward(ids)
    loss = F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1))
    loss.backward()
    return float(loss)


def bench(args):
    torch.set_num_threads(args.threads)
    with open(os.path.join(args.model, "config.json")) as f:
        cfg = json.load(f)
    weights = read_safetensors(os.path.join(args.model, "model.safetensors"))
    params = list(weights.values())
    for p in params:
        p.requires_grad_(True)
    model = Llama(cfg, weights)
    for name in args.workloads.split(","):
        batch = WORKLOADS[name]
        run = (lambda: train(model, params)) if name.startswith("train") else (lambda: generate(model, batch))
        tokens = batch * (TRAIN_TOKENS if name.startswith("train") else NEW_TOKENS)
        check = run()
        samples = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            run()
            samples.append(tokens / (time.perf_counter() - t0))
        print(json.dumps({"impl": "pytorch", "preset": os.path.basename(os.path.normpath(args.model)), "workload": name,
                          "threads": torch.get_num_threads(), "unit": "tokens/s", "median": statistics.median(samples),
                          "samples": samples, "check": check, "torch": torch.__version__, "blas": blas_library()}), flush=True)


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch calls whatever libblas.so.3 resolves to)."""
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.split()[-1].lower()}
    return sorted(libs)[0] if libs else "unknown"


def to_bf16(args):
    os.makedirs(args.dst, exist_ok=True)
    with open(os.path.join(args.src, "config.json")) as f:
        cfg = json.load(f)
    cfg["torch_dtype"] = "bfloat16"
    with open(os.path.join(args.dst, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    tensors = {k: v.to(torch.bfloat16) for k, v in read_safetensors(os.path.join(args.src, "model.safetensors")).items()}
    write_safetensors(os.path.join(args.dst, "model.safetensors"), tensors)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("bench")
    b.add_argument("--model", required=True)
    b.add_argument("--threads", type=int, default=os.cpu_count())
    b.add_argument("--repeats", type=int, default=3)
    b.add_argument("--workloads", default=",".join(WORKLOADS))
    c = sub.add_parser("to-bf16")
    c.add_argument("src")
    c.add_argument("dst")
    args = parser.parse_args()
    bench(args) if args.mode == "bench" else to_bf16(args)


if __name__ == "__main__":
    main()

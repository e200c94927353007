/*
 * Greedy decoding of a llama2.c checkpoint, as llama2.c's run.c does with -t 0.0: an independent port
 * of run.c's forward pass (legacy checkpoint format, grouped-query attention, interleaved-pair RoPE
 * computed on the fly), used once to make the golden token ids that reason4j's Java test compares
 * against (transformer/src/test/resources/golden/stories260K_greedy.json).
 *
 * It is not part of the build and is not a general inference program: no sampling, no prompt
 * encoding (the prompt is BOS alone, as run.c's empty prompt is), no memory mapping.
 *
 *   gcc -O2 -o /tmp/llama2c_greedy tools/transformer/llama2c_greedy.c -lm
 *   /tmp/llama2c_greedy stories260K.bin tok512.bin 256 > stories260K_greedy.json
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; } Config;

static Config c;
static float *emb, *rms_att, *wq, *wk, *wv, *wo, *rms_ffn, *w1, *w2, *w3, *rms_final, *wcls;
static float *x, *xb, *xb2, *hb, *hb2, *q, *k, *v, *att, *logits, *kcache, *vcache;

static void die(const char *m) { fprintf(stderr, "%s\n", m); exit(1); }

static void load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open checkpoint");
  if (fread(&c, sizeof(int), 7, f) != 7) die("short header");
  int shared = c.vocab_size > 0;
  c.vocab_size = abs(c.vocab_size);
  fseek(f, 0, SEEK_END);
  long n = (ftell(f) - 28) / 4;
  fseek(f, 28, SEEK_SET);
  float *w = malloc(n * sizeof(float));
  if (fread(w, sizeof(float), n, f) != (size_t)n) die("short weights");
  fclose(f);
  int hs = c.dim / c.n_heads, kv_dim = c.n_kv_heads * hs;
  long L = c.n_layers;
  float *p = w;
  emb = p; p += (long)c.vocab_size * c.dim;
  rms_att = p; p += L * c.dim;
  wq = p; p += L * c.dim * c.dim;
  wk = p; p += L * c.dim * kv_dim;
  wv = p; p += L * c.dim * kv_dim;
  wo = p; p += L * c.dim * c.dim;
  rms_ffn = p; p += L * c.dim;
  w1 = p; p += L * c.dim * c.hidden_dim;
  w2 = p; p += L * c.hidden_dim * c.dim;
  w3 = p; p += L * c.dim * c.hidden_dim;
  rms_final = p; p += c.dim;
  p += (long)c.seq_len * hs; /* freq_cis_real and freq_cis_imag, unused */
  wcls = shared ? emb : p;
  if (!shared) p += (long)c.vocab_size * c.dim;
  if (p - w != n) die("file size does not match the header");
}

static float *buf(long n) { return calloc(n, sizeof(float)); }

static void rmsnorm(float *o, const float *in, const float *weight, int n) {
  float ss = 0.0f;
  for (int j = 0; j < n; j++) ss += in[j] * in[j];
  ss = 1.0f / sqrtf(ss / n + 1e-5f);
  for (int j = 0; j < n; j++) o[j] = weight[j] * (ss * in[j]);
}

static void matmul(float *out, const float *in, const float *w, int n, int d) { /* W (d,n) @ in (n,) */
  for (int i = 0; i < d; i++) {
    float s = 0.0f;
    for (int j = 0; j < n; j++) s += w[(long)i * n + j] * in[j];
    out[i] = s;
  }
}

static void softmax(float *a, int n) {
  float m = a[0], s = 0.0f;
  for (int i = 1; i < n; i++) if (a[i] > m) m = a[i];
  for (int i = 0; i < n; i++) { a[i] = expf(a[i] - m); s += a[i]; }
  for (int i = 0; i < n; i++) a[i] /= s;
}

static float *forward(int token, int pos) {
  int dim = c.dim, hs = dim / c.n_heads, kv_dim = c.n_kv_heads * hs, kv_mul = c.n_heads / c.n_kv_heads;
  memcpy(x, emb + (long)token * dim, dim * sizeof(float));
  for (int l = 0; l < c.n_layers; l++) {
    rmsnorm(xb, x, rms_att + l * dim, dim);
    long loff = (long)l * c.seq_len * kv_dim;
    float *kr = kcache + loff + pos * kv_dim, *vr = vcache + loff + pos * kv_dim;
    matmul(q, xb, wq + (long)l * dim * dim, dim, dim);
    matmul(kr, xb, wk + (long)l * dim * kv_dim, dim, kv_dim);
    matmul(vr, xb, wv + (long)l * dim * kv_dim, dim, kv_dim);
    for (int i = 0; i < dim; i += 2) { /* rotate pairs (i, i+1) of q, and of k while i < kv_dim */
      int head_dim = i % hs;
      float val = pos * (1.0f / powf(10000.0f, head_dim / (float)hs)), fcr = cosf(val), fci = sinf(val);
      for (int r = 0; r < (i < kv_dim ? 2 : 1); r++) {
        float *vec = r == 0 ? q : kr;
        float v0 = vec[i], v1 = vec[i + 1];
        vec[i] = v0 * fcr - v1 * fci;
        vec[i + 1] = v0 * fci + v1 * fcr;
      }
    }
    for (int h = 0; h < c.n_heads; h++) {
      float *qh = q + h * hs, *a = att + h * c.seq_len, *o = xb + h * hs;
      for (int t = 0; t <= pos; t++) {
        float *kh = kcache + loff + t * kv_dim + (h / kv_mul) * hs, s = 0.0f;
        for (int i = 0; i < hs; i++) s += qh[i] * kh[i];
        a[t] = s / sqrtf(hs);
      }
      softmax(a, pos + 1);
      memset(o, 0, hs * sizeof(float));
      for (int t = 0; t <= pos; t++) {
        float *vh = vcache + loff + t * kv_dim + (h / kv_mul) * hs;
        for (int i = 0; i < hs; i++) o[i] += a[t] * vh[i];
      }
    }
    matmul(xb2, xb, wo + (long)l * dim * dim, dim, dim);
    for (int i = 0; i < dim; i++) x[i] += xb2[i];
    rmsnorm(xb, x, rms_ffn + l * dim, dim);
    matmul(hb, xb, w1 + (long)l * dim * c.hidden_dim, dim, c.hidden_dim);
    matmul(hb2, xb, w3 + (long)l * dim * c.hidden_dim, dim, c.hidden_dim);
    for (int i = 0; i < c.hidden_dim; i++) hb[i] = hb[i] * (1.0f / (1.0f + expf(-hb[i]))) * hb2[i];
    matmul(xb, hb, w2 + (long)l * dim * c.hidden_dim, c.hidden_dim, dim);
    for (int i = 0; i < dim; i++) x[i] += xb[i];
  }
  rmsnorm(x, x, rms_final, dim);
  matmul(logits, x, wcls, dim, c.vocab_size);
  return logits;
}

/* run.c's decode + safe_printf: strip the space after BOS, raw <0xXX> bytes, skip unprintable bytes. */
static void append_piece(char *out, char **vocab, int prev, int token) {
  char *piece = vocab[token];
  if (prev == 1 && piece[0] == ' ') piece++;
  unsigned char byte;
  char single[2] = {0, 0};
  if (sscanf(piece, "<0x%02hhX>", &byte) == 1) { single[0] = (char)byte; piece = single; }
  if (piece[0] != 0 && piece[1] == 0 && !(piece[0] >= 32 && piece[0] < 127) && piece[0] != '\n' && piece[0] != '\t') return;
  strcat(out, piece);
}

static char **read_vocab(const char *path, int n) {
  FILE *f = fopen(path, "rb");
  if (!f) die("cannot open tokenizer");
  int max_len, len;
  float score;
  if (fread(&max_len, sizeof(int), 1, f) != 1) die("short tokenizer");
  char **vocab = malloc(n * sizeof(char *));
  for (int i = 0; i < n; i++) {
    if (fread(&score, sizeof(float), 1, f) != 1 || fread(&len, sizeof(int), 1, f) != 1) die("short tokenizer");
    vocab[i] = calloc(len + 1, 1);
    if (fread(vocab[i], 1, len, f) != (size_t)len) die("short tokenizer");
  }
  fclose(f);
  return vocab;
}

static void print_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if (*s == '\n') printf("\\n");
    else if ((unsigned char)*s < 32) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

int main(int argc, char **argv) {
  if (argc != 4) die("usage: llama2c_greedy model.bin tokenizer.bin steps");
  load(argv[1]);
  int steps = atoi(argv[3]);
  if (steps <= 0 || steps > c.seq_len) steps = c.seq_len;
  int hs = c.dim / c.n_heads, kv_dim = c.n_kv_heads * hs;
  x = buf(c.dim); xb = buf(c.dim); xb2 = buf(c.dim); q = buf(c.dim); k = buf(kv_dim); v = buf(kv_dim);
  hb = buf(c.hidden_dim); hb2 = buf(c.hidden_dim); att = buf((long)c.n_heads * c.seq_len); logits = buf(c.vocab_size);
  kcache = buf((long)c.n_layers * c.seq_len * kv_dim); vcache = buf((long)c.n_layers * c.seq_len * kv_dim);
  char **vocab = read_vocab(argv[2], c.vocab_size);
  char *text = calloc(64 * (size_t)steps + 1, 1);
  int token = 1, n = 0, *ids = malloc(steps * sizeof(int));
  for (int pos = 0; pos < steps; pos++) { /* run.c's generate() with an empty prompt: BOS, then argmax */
    float *lg = forward(token, pos);
    int next = 0;
    for (int i = 1; i < c.vocab_size; i++) if (lg[i] > lg[next]) next = i;
    if (next == 1) break; /* BOS ends a story; run.c stops here */
    ids[n++] = next;
    append_piece(text, vocab, token, next);
    token = next;
  }
  printf("{\n  \"model\": \"stories260K.bin\",\n  \"tokenizer\": \"tok512.bin\",\n  \"prompt_ids\": [1],\n  \"steps\": %d,\n  \"ids\": [", steps);
  for (int i = 0; i < n; i++) printf(i ? ", %d" : "%d", ids[i]);
  printf("],\n  \"text\": ");
  print_json_string(text);
  printf("\n}\n");
  return 0;
}

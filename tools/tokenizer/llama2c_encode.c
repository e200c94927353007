/*
 * Golden-id maker for llama2.c's tokenizer.bin: the encode() and decode() functions of
 * karpathy/llama2.c run.c, ported unchanged in their algorithm (sorted vocabulary + bsearch,
 * dummy-prefix " " token, UTF-8 code points looked up whole, byte fallback to id byte+3,
 * greedy merges of the best-scoring adjacent pair, leftmost on ties), wrapped in a tiny
 * driver. It is the reference the Java port is tested against; it is not used by the build.
 *
 * Differences from run.c, all in the driver, none in the algorithm:
 *   - input text comes length-prefixed on stdin, so a NUL byte is an ordinary byte (it has
 *     no vocabulary entry and falls back to <0x00>, exactly as run.c's loop would treat it
 *     if argv could carry it);
 *   - the number of tokens is read until the end of the file instead of from a checkpoint;
 *   - decode() pieces are concatenated for a whole id sequence, optionally without the
 *     special ids 0..2 (<unk>, BOS, EOS); the leading-space strip after BOS is run.c's.
 *
 * Build: gcc -O2 -o llama2c_encode llama2c_encode.c
 * Use:   llama2c_encode tokenizer.bin < records   (records: int32 little-endian length + bytes)
 * Out:   one line per record: ids(no BOS) | ids(with BOS) | hex(decode with BOS) | hex(decode skip)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { char *str; int id; } TokenIndex;

typedef struct {
    char **vocab;
    float *vocab_scores;
    TokenIndex *sorted_vocab;
    int vocab_size;
    unsigned int max_token_length;
    unsigned char byte_pieces[512];
} Tokenizer;

static int compare_tokens(const void *a, const void *b) {
    return strcmp(((TokenIndex *)a)->str, ((TokenIndex *)b)->str);
}

static void build_tokenizer(Tokenizer *t, const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) { fprintf(stderr, "couldn't load %s\n", path); exit(1); }
    if (fread(&t->max_token_length, sizeof(int), 1, file) != 1) { fprintf(stderr, "failed read\n"); exit(1); }
    int cap = 1024;
    t->vocab = malloc(cap * sizeof(char *));
    t->vocab_scores = malloc(cap * sizeof(float));
    t->vocab_size = 0;
    float score;
    int len;
    while (fread(&score, sizeof(float), 1, file) == 1) {
        if (fread(&len, sizeof(int), 1, file) != 1) { fprintf(stderr, "failed read\n"); exit(1); }
        if (t->vocab_size == cap) {
            cap *= 2;
            t->vocab = realloc(t->vocab, cap * sizeof(char *));
            t->vocab_scores = realloc(t->vocab_scores, cap * sizeof(float));
        }
        char *s = malloc(len + 1);
        if (len > 0 && fread(s, len, 1, file) != 1) { fprintf(stderr, "failed read\n"); exit(1); }
        s[len] = '\0';
        t->vocab[t->vocab_size] = s;
        t->vocab_scores[t->vocab_size] = score;
        t->vocab_size++;
    }
    fclose(file);
    for (int i = 0; i < 256; i++) {
        t->byte_pieces[i * 2] = (unsigned char)i;
        t->byte_pieces[i * 2 + 1] = '\0';
    }
    t->sorted_vocab = malloc(t->vocab_size * sizeof(TokenIndex));
    for (int i = 0; i < t->vocab_size; i++) {
        t->sorted_vocab[i].str = t->vocab[i];
        t->sorted_vocab[i].id = i;
    }
    qsort(t->sorted_vocab, t->vocab_size, sizeof(TokenIndex), compare_tokens);
}

static int str_lookup(char *str, TokenIndex *sorted_vocab, int vocab_size) {
    TokenIndex tok = { .str = str };
    TokenIndex *res = bsearch(&tok, sorted_vocab, vocab_size, sizeof(TokenIndex), compare_tokens);
    return res != NULL ? res->id : -1;
}

/* run.c encode(), with the text given as (bytes, n) instead of a NUL-terminated string. */
static void encode(Tokenizer *t, const char *text, size_t n, int bos, int *tokens, int *n_tokens) {
    char *str_buffer = malloc((t->max_token_length * 2 + 1 + 2) * sizeof(char));
    size_t str_len = 0;
    *n_tokens = 0;
    if (bos) tokens[(*n_tokens)++] = 1;
    if (n > 0) {
        int dummy_prefix = str_lookup(" ", t->sorted_vocab, t->vocab_size);
        tokens[(*n_tokens)++] = dummy_prefix;
    }
    for (size_t k = 0; k < n; k++) {
        char c = text[k];
        if ((c & 0xC0) != 0x80) str_len = 0;
        str_buffer[str_len++] = c;
        str_buffer[str_len] = '\0';
        char next = k + 1 < n ? text[k + 1] : '\0';
        if ((next & 0xC0) == 0x80 && str_len < 4) continue;
        int id = str_lookup(str_buffer, t->sorted_vocab, t->vocab_size);
        if (id != -1) {
            tokens[(*n_tokens)++] = id;
        } else {
            for (size_t i = 0; i < str_len; i++) tokens[(*n_tokens)++] = (unsigned char)str_buffer[i] + 3;
        }
        str_len = 0;
    }
    while (1) {
        float best_score = -1e10;
        int best_id = -1;
        int best_idx = -1;
        for (int i = 0; i < (*n_tokens - 1); i++) {
            sprintf(str_buffer, "%s%s", t->vocab[tokens[i]], t->vocab[tokens[i + 1]]);
            int id = str_lookup(str_buffer, t->sorted_vocab, t->vocab_size);
            if (id != -1 && t->vocab_scores[id] > best_score) {
                best_score = t->vocab_scores[id];
                best_id = id;
                best_idx = i;
            }
        }
        if (best_idx == -1) break;
        tokens[best_idx] = best_id;
        for (int i = best_idx + 1; i < (*n_tokens - 1); i++) tokens[i] = tokens[i + 1];
        (*n_tokens)--;
    }
    free(str_buffer);
}

/* run.c decode(): one piece for `token` given the token before it. */
static char *decode(Tokenizer *t, int prev_token, int token) {
    char *piece = t->vocab[token];
    if (prev_token == 1 && piece[0] == ' ') piece++;
    unsigned char byte_val;
    if (sscanf(piece, "<0x%02hhX>", &byte_val) == 1) piece = (char *)t->byte_pieces + byte_val * 2;
    return piece;
}

static void print_decoded_hex(Tokenizer *t, int *ids, int n, int skip_special) {
    for (int i = 0; i < n; i++) {
        if (skip_special && ids[i] >= 0 && ids[i] <= 2) continue;
        char *piece = decode(t, i > 0 ? ids[i - 1] : -1, ids[i]);
        /* a raw-byte piece may be the single byte 0x00, which strlen would drop */
        size_t len = (piece >= (char *)t->byte_pieces && piece < (char *)t->byte_pieces + 512) ? 1 : strlen(piece);
        for (size_t k = 0; k < len; k++) printf("%02x", (unsigned char)piece[k]);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s tokenizer.bin < records\n", argv[0]); return 1; }
    Tokenizer t;
    build_tokenizer(&t, argv[1]);
    int len;
    while (fread(&len, sizeof(int), 1, stdin) == 1) {
        char *text = malloc(len + 1);
        if (len > 0 && fread(text, len, 1, stdin) != 1) { fprintf(stderr, "short record\n"); return 1; }
        int *tokens = malloc((len + 3) * sizeof(int));
        int n;
        encode(&t, text, len, 0, tokens, &n);
        for (int i = 0; i < n; i++) printf(i ? " %d" : "%d", tokens[i]);
        printf("|");
        encode(&t, text, len, 1, tokens, &n);
        for (int i = 0; i < n; i++) printf(i ? " %d" : "%d", tokens[i]);
        printf("|");
        print_decoded_hex(&t, tokens, n, 0);
        printf("|");
        print_decoded_hex(&t, tokens, n, 1);
        printf("\n");
        free(tokens);
        free(text);
    }
    return 0;
}

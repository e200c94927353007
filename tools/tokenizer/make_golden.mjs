// Makes the golden token ids that reason4j's Java tokenizers are tested against.
//
// Reference: the npm package @huggingface/tokenizers (tokenizers.js, a JavaScript port of Hugging
// Face tokenizers), version pinned in package.json. For the families that ship no tokenizer.json
// here (Qwen2.5: vocab.json + merges.txt + tokenizer_config.json; Llama 3.2: encoder.json +
// vocab.bpe), the tokenizer.json is built in memory exactly as transformers' slow->fast converters
// and Meta's published tokenizer.json define it (see qwen2Json / llama3Json below).
// For llama2.c's tokenizer.bin there is no Hugging Face reference: ids come from
// llama2c_encode.c, a port of run.c's encode/decode, compiled here with gcc.
//
// Run: cd tools/tokenizer && npm install && node make_golden.mjs
// Writes: transformer/src/test/resources/tokenizer/golden/*.json (small; committed).
// It is not part of the build; the Java tests only read its output.
import { Tokenizer } from "@huggingface/tokenizers";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const data = process.env.REASON4J_DATA ?? path.resolve(here, "../../../shared/data");
const outDir = path.resolve(here, "../../transformer/src/test/resources/tokenizer/golden");
const reference = "@huggingface/tokenizers " +
  JSON.parse(fs.readFileSync(path.join(here, "node_modules/@huggingface/tokenizers/package.json"))).version;
const corpus = JSON.parse(fs.readFileSync(path.join(here, "corpus.json"), "utf8"));

const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(data, rel), "utf8"));

// merges.txt / vocab.bpe: an optional "#version" first line, then one "a b" pair per line.
function readMerges(rel) {
  const lines = fs.readFileSync(path.join(data, rel), "utf8").split("\n");
  return lines.filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith("#version")));
}

// added_tokens_decoder of a tokenizer_config.json -> tokenizer.json "added_tokens".
function addedTokensFromConfig(config) {
  return Object.entries(config.added_tokens_decoder).map(([id, t]) => ({
    id: Number(id), content: t.content, single_word: t.single_word, lstrip: t.lstrip,
    rstrip: t.rstrip, normalized: t.normalized, special: t.special,
  }));
}

const byteLevel = (extra) => ({ type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true, ...extra });

// transformers GPT2Converter: byte-level BPE with the built-in GPT-2 regex; <|endoftext|> special.
function gpt2Json() {
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: [{ id: 50256, content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevel({}),
    post_processor: byteLevel({ trim_offsets: false }),
    decoder: byteLevel({}),
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "",
      fuse_unk: false, byte_fallback: false, vocab: readJson("tokenizers/gpt2/gpt2.vocab"),
      merges: readMerges("tokenizers/gpt2/gpt2.merges.txt") },
  };
}

// transformers Qwen2Converter: NFC, Split(Qwen2 regex, Isolated), ByteLevel without regex.
const QWEN2_REGEX = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
function qwen2Json(configRel) {
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: addedTokensFromConfig(readJson(configRel)),
    normalizer: { type: "NFC" },
    pre_tokenizer: { type: "Sequence", pretokenizers: [
      { type: "Split", pattern: { Regex: QWEN2_REGEX }, behavior: "Isolated", invert: false },
      byteLevel({ use_regex: false }),
    ] },
    post_processor: byteLevel({ trim_offsets: false, use_regex: false }),
    decoder: byteLevel({ use_regex: false }),
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "",
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: readJson("tokenizers/qwen2/vocab.json"),
      merges: readMerges("tokenizers/qwen2/merges.txt") },
  };
}

// Meta's Llama 3 tokenizer.json: Split(Llama 3 regex), ByteLevel, ignore_merges, BOS template.
const LLAMA3_REGEX = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
function llama3Json() {
  const bos = "<|begin_of_text|>";
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: addedTokensFromConfig(readJson("tokenizers/llama3/tokenizer_config.json")),
    normalizer: null,
    pre_tokenizer: { type: "Sequence", pretokenizers: [
      { type: "Split", pattern: { Regex: LLAMA3_REGEX }, behavior: "Isolated", invert: false },
      byteLevel({ use_regex: false }),
    ] },
    post_processor: { type: "Sequence", processors: [
      byteLevel({ trim_offsets: false }),
      { type: "TemplateProcessing",
        single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }],
        pair: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } },
               { SpecialToken: { id: bos, type_id: 1 } }, { Sequence: { id: "B", type_id: 1 } }],
        special_tokens: { [bos]: { id: bos, ids: [128000], tokens: [bos] } } },
    ] },
    decoder: byteLevel({}),
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: true, vocab: readJson("tokenizers/llama3.2/encoder.json"),
      merges: readMerges("tokenizers/llama3.2/vocab.bpe") },
  };
}

// Decoding as the Rust library does it: no clean_up_tokenization_spaces (a transformers option).
const JS_CONFIG = { clean_up_tokenization_spaces: false };

function casesFor(tokenizer) {
  return corpus.map((text) => {
    const ids = tokenizer.encode(text, { add_special_tokens: false }).ids;
    const idsSpecial = tokenizer.encode(text, { add_special_tokens: true }).ids;
    const decode = (skip) => idsSpecial.length === 0 ? "" : tokenizer.decode(idsSpecial, { skip_special_tokens: skip });
    return { text, ids, ids_special: idsSpecial, decoded: decode(false), decoded_skip: decode(true) };
  });
}

// One case per line keeps the committed files diffable.
function writeGolden(name, description, files, cases) {
  const head = { tokenizer: name, description, files, reference };
  const body = cases.map((c) => "    " + JSON.stringify(c)).join(",\n");
  const json = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "cases": [\n${body}\n  ]\n}\n`);
  fs.writeFileSync(path.join(outDir, `${name}.json`), json);
  console.log(`${name}: ${cases.length} cases`);
}

function hfGolden(name, description, files, tokenizerJson) {
  writeGolden(name, description, files, casesFor(new Tokenizer(tokenizerJson, JS_CONFIG)));
}

function llama2cGolden(name, rel) {
  const binary = path.join(here, "build", "llama2c_encode");
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  execFileSync("gcc", ["-O2", "-Wall", "-o", binary, path.join(here, "llama2c_encode.c")]);
  const encoder = new TextEncoder();
  const records = corpus.map((text) => {
    const bytes = encoder.encode(text);
    const rec = Buffer.alloc(4 + bytes.length);
    rec.writeInt32LE(bytes.length, 0);
    Buffer.from(bytes).copy(rec, 4);
    return rec;
  });
  const out = execFileSync(binary, [path.join(data, rel)], { input: Buffer.concat(records) }).toString("utf8");
  const lines = out.split("\n").filter((l) => l.length > 0);
  const ints = (s) => (s.length === 0 ? [] : s.split(" ").map(Number));
  const text = (hex) => new TextDecoder().decode(Buffer.from(hex, "hex"));
  const cases = lines.map((line, i) => {
    const [ids, idsSpecial, decoded, decodedSkip] = line.split("|");
    return { text: corpus[i], ids: ints(ids), ids_special: ints(idsSpecial), decoded: text(decoded), decoded_skip: text(decodedSkip) };
  });
  writeGolden(name, "llama2.c tokenizer.bin; ids from llama2c_encode.c (run.c encode/decode port)", [rel],
    cases.map((c) => c));
}

fs.mkdirSync(outDir, { recursive: true });
hfGolden("gpt2-tokenizer-json", "GPT-2 from its HF tokenizer.json", ["tokenizers/gpt2/gpt2.json"],
  readJson("tokenizers/gpt2/gpt2.json"));
hfGolden("gpt2-vocab-merges", "GPT-2 from vocab.json + merges.txt (transformers GPT2Converter)",
  ["tokenizers/gpt2/gpt2.vocab", "tokenizers/gpt2/gpt2.merges.txt"], gpt2Json());
hfGolden("phi-3-mini", "Phi-3-mini HF tokenizer.json (BPE, byte fallback, sentencepiece-style)",
  ["tokenizers/phi-3-mini/tokenizer.json"], readJson("tokenizers/phi-3-mini/tokenizer.json"));
hfGolden("bert-bge-small", "BERT uncased WordPiece (bge-small-en-v1.5 tokenizer.json)",
  ["tokenizers/bert-uncased-wordpiece/bge-small-en-v1.5-tokenizer.json"],
  readJson("tokenizers/bert-uncased-wordpiece/bge-small-en-v1.5-tokenizer.json"));
hfGolden("qwen2.5", "Qwen2.5 from vocab.json + merges.txt + tokenizer_config.json (transformers Qwen2Converter)",
  ["tokenizers/qwen2/vocab.json", "tokenizers/qwen2/merges.txt", "tokenizers/qwen2.5/tokenizer_config.json"],
  qwen2Json("tokenizers/qwen2.5/tokenizer_config.json"));
hfGolden("llama3.2", "Llama 3.2 from encoder.json + vocab.bpe, Llama 3 regex, specials of llama3/tokenizer_config.json",
  ["tokenizers/llama3.2/encoder.json", "tokenizers/llama3.2/vocab.bpe", "tokenizers/llama3/tokenizer_config.json"],
  llama3Json());
llama2cGolden("llama2c-stories260k", "models/stories260K/tok512.bin");
llama2cGolden("llama2c-llama2", "tokenizers/llama2c/tokenizer.bin");

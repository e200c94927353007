// Makes the chat-template golden renders for reason4j's transformer tests.
//
// Renders every case of cases.json with @huggingface/jinja (the JavaScript Jinja that transformers.js
// uses) against the real tokenizer_config.json files in shared/data, and writes
// transformer/src/test/resources/chat/golden/chat_templates.json. Run it once by hand:
//
//   cd tools/chat && npm install && node make_golden.mjs && python3 check_python.py --write
//
// check_python.py then re-renders each case with Python Jinja2 configured exactly as transformers'
// apply_chat_template does; where the two engines disagree the Python result becomes the expected
// string and the JavaScript one is kept beside it as "js" (documenting the difference). It also copies
// the case inputs from cases.json as Python reads them, because JSON.parse turns 1.0 into 1.
// Not part of the build; the Java tests only read the JSON this writes.
import { Template } from "@huggingface/jinja";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.env.REASON4J_DATA ?? join(here, "../../../shared/data"));
const outFile = join(here, "../../transformer/src/test/resources/chat/golden/chat_templates.json");
const spec = JSON.parse(readFileSync(join(here, "cases.json"), "utf8"));

// Mirrors transformers: special tokens from the config (strings or AddedToken dicts) become variables,
// tools and documents are None unless a case gives them.
function specialTokens(config) {
  const vars = {};
  for (const key of ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]) {
    const v = config[key];
    if (v === null || v === undefined) continue;
    vars[key] = typeof v === "string" ? v : v.content;
  }
  if (Array.isArray(config.additional_special_tokens)) {
    vars.additional_special_tokens = config.additional_special_tokens.map((t) => (typeof t === "string" ? t : t.content));
  }
  return vars;
}

const out = { generator: "tools/chat/make_golden.mjs with @huggingface/jinja 0.5.11", templates: {}, cases: [] };
for (const [id, rel] of Object.entries(spec.templates)) {
  const bytes = readFileSync(join(dataDir, rel));
  const config = JSON.parse(bytes.toString("utf8"));
  out.templates[id] = { config: rel, sha256: createHash("sha256").update(bytes).digest("hex") };
  const template = new Template(config.chat_template);
  for (const suite of spec.use[id]) {
    for (const c of spec.suites[suite]) {
      const vars = { ...specialTokens(config), tools: null, documents: null, ...(c.variables ?? {}) };
      const expected = template.render({ ...vars, messages: c.messages, add_generation_prompt: c.add_generation_prompt });
      out.cases.push({ template: id, suite, ...c, expected });
    }
  }
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${out.cases.length} cases to ${outFile}`);

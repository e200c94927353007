"""Cross-checks the chat-template golden renders against Python Jinja2, configured as transformers does.

make_golden.mjs renders the cases with @huggingface/jinja. Hugging Face transformers (Python) is the
reference reason4j matches, so this script renders every case again with Jinja2 the way
transformers.utils.chat_template_utils._compile_jinja_template sets it up (ImmutableSandboxedEnvironment,
trim_blocks, lstrip_blocks, loopcontrols, its own tojson, raise_exception, strftime_now) and reports
each case where the engines disagree. With --write, the Python result becomes "expected" and the
JavaScript result is kept as "js". Needs only jinja2 (>= 3.1); not part of the build.
"""
import argparse
import json
import pathlib
import sys
from datetime import datetime

import jinja2
import jinja2.ext
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

HERE = pathlib.Path(__file__).resolve().parent
GOLDEN = HERE / "../../transformer/src/test/resources/chat/golden/chat_templates.json"
DATA = HERE / "../../../shared/data"


class GenerationTag(jinja2.ext.Extension):
    """transformers' {% generation %} tag (AssistantTracker) without the index tracking: renders its body."""

    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render"), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def compile_like_transformers(source):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt):
        return datetime.now().strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationTag, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(source)


def special_tokens(config):
    out = {}
    for key in ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"):
        v = config.get(key)
        if v is not None:
            out[key] = v if isinstance(v, str) else v["content"]
    extra = config.get("additional_special_tokens")
    if isinstance(extra, list):
        out["additional_special_tokens"] = [t if isinstance(t, str) else t["content"] for t in extra]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true", help="store the Python renders as expected")
    args = parser.parse_args()
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    configs = {
        tid: json.loads((DATA / t["config"]).read_text(encoding="utf-8")) for tid, t in golden["templates"].items()
    }
    templates = {tid: compile_like_transformers(c["chat_template"]) for tid, c in configs.items()}
    spec = json.loads((HERE / "cases.json").read_text(encoding="utf-8"))
    inputs = {(s, c["name"]): c for s, cases in spec["suites"].items() for c in cases}
    differing = 0
    for case in golden["cases"]:
        case.update(inputs[(case["suite"], case["name"])])
        config = configs[case["template"]]
        variables = {**special_tokens(config), "tools": None, "documents": None, **case.get("variables", {})}
        py = templates[case["template"]].render(
            messages=case["messages"], add_generation_prompt=case["add_generation_prompt"], **variables
        )
        js = case.get("js", case["expected"])
        if py != js:
            differing += 1
            print(f"DIFFERS {case['template']}/{case['name']}\n  python: {py!r}\n  js:     {js!r}")
        if args.write:
            case["expected"] = py
            if py != js:
                case["js"] = js
            else:
                case.pop("js", None)
    print(f"{len(golden['cases'])} cases, {differing} differ between Python Jinja2 {jinja2.__version__} and JS")
    if args.write:
        golden["generator"] = (
            "tools/chat/make_golden.mjs with @huggingface/jinja 0.5.11 (kept as 'js' where it differs); "
            f"expected = tools/chat/check_python.py with Jinja2 {jinja2.__version__} configured as transformers does"
        )
        GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Cross-check for SvampGoldProgramsTest: runs every gold program of the ReFT SVAMP P-CoT set in real
CPython, assembled the way the reference assembles a rollout (lines kept up to the first blank one,
sys.exit rewritten; math is given in the globals as the reference does, sympy is left out since no
gold program uses it), and counts how many reach the gold answer within 1e-2. Failures here are the
data's own fault.

This executes the data set's programs on the host: run it only on this trusted, published data,
never on model output.

Usage: python3 tools/sandbox/svamp_cpython_check.py [path/to/svamp_python_sdp.json]
"""
import json
import math
import sys


def assemble(code):
    """The reference's process_code, written out from its description in ALGORITHMS.md 1.2.3."""
    code = code.replace("sys.exit", "print")
    kept = []
    for line in code.split("\n"):
        if line.startswith("def solution"):
            kept.append(line)
            continue
        if line.strip() == "":
            break
        kept.append(line)
    return "\n".join(kept)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/reft/svamp_python_sdp.json"
    items = json.load(open(path, encoding="utf-8"))
    ok, failures = 0, []
    for item in items:
        env = {"math": math}
        try:
            exec(assemble(item["answer_cot"]), env)
            pred = float(eval("solution()", env))
        except Exception as e:  # noqa: BLE001 - every failure is counted and listed
            failures.append((item["item_id"], type(e).__name__ + ": " + str(e)))
            continue
        gold = float(item["answer_value"].replace(",", ""))
        if abs(pred - gold) <= 1e-2:
            ok += 1
        else:
            failures.append((item["item_id"], "got %r, gold %r" % (pred, gold)))
    print("CPython %s: %d/%d gold programs reach the gold answer (%.4f)"
          % (sys.version.split()[0], ok, len(items), ok / len(items)))
    for item_id, why in failures:
        print("  failure", item_id, why)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Golden values for SafetensorsFixtureTest, computed independently of the Java reader.

Parses a safetensors file with nothing but the standard library (struct + json): the header, and every
tensor decoded to float (BF16 is the top half of an F32; F16 via struct's 'e'; F32 'f'). For each
tensor it records the header entry, the sequential float64 sum of its values in row-major order, and a
few sampled elements. The Java test reads the same file as F32 and must reproduce these numbers
exactly (a float64 sum of the same floats in the same order is bit-identical).

Not run by the build. Usage:
  python3 tools/safetensors/fixture_golden.py \
      ../shared/data/models/verl-digit-completion-random-llama/model.safetensors \
      > tensor/src/test/resources/safetensors/verl-digit-completion-random-llama.golden.json
"""
import json
import struct
import sys

SIZES = {"BF16": 2, "F16": 2, "F32": 4}


def decode(dtype, raw):
    n = len(raw) // SIZES[dtype]
    if dtype == "BF16":
        halves = struct.unpack("<%dH" % n, raw)
        return list(struct.unpack("<%df" % n, struct.pack("<%dI" % n, *[h << 16 for h in halves])))
    if dtype == "F16":
        return list(struct.unpack("<%de" % n, raw))
    return list(struct.unpack("<%df" % n, raw))


def main(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    start = 8 + n
    tensors = []
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        values = decode(info["dtype"], data[start + begin:start + end])
        total = 0.0
        for v in values:
            total += v
        count = len(values)
        picks = sorted({0, 1, count // 2, (count * 7) // 11, count - 1})
        tensors.append({
            "name": name,
            "dtype": info["dtype"],
            "shape": info["shape"],
            "data_offsets": [begin, end],
            "sum": total,
            "samples": [[i, values[i]] for i in picks],
        })
    head = {"header_length": n, "file_size": len(data), "metadata": metadata}
    lines = [json.dumps(t) for t in tensors]  # one tensor per line keeps diffs readable
    sys.stdout.write(json.dumps(head)[:-1] + ', "tensors": [\n ' + ",\n ".join(lines) + "\n]}\n")


if __name__ == "__main__":
    main(sys.argv[1])

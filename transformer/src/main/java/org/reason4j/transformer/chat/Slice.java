package org.reason4j.transformer.chat;

/** The value of {@code [start:stop:step]}; null parts are missing, as Python's {@code None}. */
record Slice(Long start, Long stop, Long step) {

  /** Python's slice.indices(length): {start, stop, step, count} clamped to the sequence. */
  long[] indices(long length) {
    long st = step == null ? 1 : step;
    if (st == 0) throw new EvalError("slice step cannot be zero");
    long lo = st < 0 ? -1 : 0;
    long hi = st < 0 ? length - 1 : length;
    long a = start == null ? (st < 0 ? hi : lo) : clamp(start, length, lo, hi);
    long b = stop == null ? (st < 0 ? lo : hi) : clamp(stop, length, lo, hi);
    long count = st > 0 ? (b > a ? (b - a + st - 1) / st : 0) : (a > b ? (a - b - st - 1) / -st : 0);
    return new long[] {a, b, st, count};
  }

  private static long clamp(long i, long length, long lo, long hi) {
    if (i < 0) i += length;
    return Math.max(lo, Math.min(hi, i));
  }
}

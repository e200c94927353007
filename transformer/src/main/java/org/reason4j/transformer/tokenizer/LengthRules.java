package org.reason4j.transformer.tokenizer;

import java.util.Arrays;
import java.util.Set;

/**
 * The "truncation" and "padding" settings of a tokenizer.json, applied to one sequence as the Rust
 * library's {@code encode} applies them: truncation before the post-processor, leaving room for
 * the special tokens it adds; padding after it (for one sequence, BatchLongest pads nothing).
 * {@code stride} only shapes overflow pieces, which reason4j does not return.
 */
record LengthRules(int maxLength, boolean truncateLeft, int padTo, int padMultiple, int padId, boolean padLeft) {
  static final LengthRules NONE = new LengthRules(-1, false, -1, 0, 0, false);

  static LengthRules fromJson(JsonObj root) {
    int maxLength = -1;
    boolean truncateLeft = false;
    if (root.has("truncation")) {
      JsonObj t = root.obj("truncation");
      t.allowOnly(Set.of("max_length", "strategy", "stride", "direction"));
      String strategy = t.optStr("strategy", "LongestFirst");
      if (!strategy.equals("LongestFirst") && !strategy.equals("OnlyFirst")) {
        throw t.fail("truncation strategy '" + strategy + "' needs sentence pairs, which reason4j does not encode");
      }
      maxLength = t.integer("max_length", 512);
      if (maxLength < 0) throw t.fail("'max_length' must not be negative");
      truncateLeft = direction(t);
    }
    int padTo = -1, multiple = 0, padId = 0;
    boolean padLeft = false;
    if (root.has("padding")) {
      JsonObj p = root.obj("padding");
      p.allowOnly(Set.of("strategy", "direction", "pad_to_multiple_of", "pad_id", "pad_type_id", "pad_token"));
      Object strategy = p.map().get("strategy");
      if (strategy instanceof java.util.Map) padTo = JsonObj.of(strategy, p.child("strategy")).integer("Fixed", -1);
      if (!"BatchLongest".equals(strategy) && padTo < 0) throw p.fail("padding strategy must be \"BatchLongest\" or {\"Fixed\": n}");
      multiple = p.integer("pad_to_multiple_of", 0);
      padId = p.integer("pad_id", 0);
      padLeft = direction(p);
    }
    return new LengthRules(maxLength, truncateLeft, padTo, multiple, padId, padLeft);
  }

  private static boolean direction(JsonObj o) {
    String d = o.optStr("direction", "Right");
    if (!d.equals("Right") && !d.equals("Left")) throw o.fail("unknown direction '" + d + "'");
    return d.equals("Left");
  }

  /** Cuts ids so that, with {@code added} special tokens still to come, they fit max_length. */
  int[] truncate(int[] ids, int added) {
    if (maxLength < 0) return ids;
    int keep = maxLength - added;
    if (keep < 0) throw new TokenizerException("truncation max_length " + maxLength + " leaves no room for the " + added + " special tokens");
    if (ids.length <= keep) return ids;
    return truncateLeft ? Arrays.copyOfRange(ids, ids.length - keep, ids.length) : Arrays.copyOf(ids, keep);
  }

  int[] pad(int[] ids) {
    int target = padTo >= 0 ? padTo : ids.length;
    if (padMultiple > 0 && target % padMultiple != 0) target += padMultiple - target % padMultiple;
    if (ids.length >= target) return ids;
    int[] out = new int[target];
    Arrays.fill(out, padId);
    System.arraycopy(ids, 0, out, padLeft ? target - ids.length : 0, ids.length);
    return out;
  }
}

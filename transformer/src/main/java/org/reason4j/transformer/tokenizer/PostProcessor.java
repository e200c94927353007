package org.reason4j.transformer.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The post-processors of a tokenizer.json ("post_processor"): what {@code addSpecialTokens} adds
 * around one encoded sequence. Only single sequences are encoded in reason4j; pair templates are
 * read and checked but not used.
 */
sealed interface PostProcessor {

  int[] process(int[] ids, boolean addSpecialTokens);

  /** Changes only offsets in the Rust library, so nothing here. */
  record ByteLevel() implements PostProcessor {
    public int[] process(int[] ids, boolean addSpecialTokens) {
      return ids;
    }
  }

  /**
   * A template such as "[CLS] $A [SEP]": {@code parts} holds, in order, the ids of each special
   * token and null where the sequence goes.
   */
  record Template(List<int[]> parts) implements PostProcessor {
    public int[] process(int[] ids, boolean addSpecialTokens) {
      if (!addSpecialTokens) return ids;
      IntList out = new IntList(ids.length + 4);
      for (int[] part : parts) out.addAll(part == null ? ids : part);
      return out.toArray();
    }
  }

  record Sequence(List<PostProcessor> steps) implements PostProcessor {
    public int[] process(int[] ids, boolean addSpecialTokens) {
      for (PostProcessor p : steps) ids = p.process(ids, addSpecialTokens);
      return ids;
    }
  }

  static PostProcessor fromJson(JsonObj o) {
    String type = o.type();
    switch (type) {
      case "ByteLevel":
        o.allowOnly(Set.of("type", "add_prefix_space", "trim_offsets", "use_regex"));
        return new ByteLevel();
      case "TemplateProcessing":
        return template(o);
      case "BertProcessing":
      case "RobertaProcessing": {
        // RobertaProcessing differs from BertProcessing only in offsets and in pairs (</s></s>).
        o.allowOnly(Set.of("type", "sep", "cls", "trim_offsets", "add_prefix_space"));
        int[] cls = {tokenAndId(o, "cls")}, sep = {tokenAndId(o, "sep")};
        List<int[]> parts = new ArrayList<>();
        parts.add(cls);
        parts.add(null);
        parts.add(sep);
        return new Template(parts);
      }
      case "Sequence": {
        o.allowOnly(Set.of("type", "processors"));
        List<PostProcessor> steps = new ArrayList<>();
        for (JsonObj child : o.objects("processors")) steps.add(fromJson(child));
        return new Sequence(steps);
      }
      default:
        throw o.fail("unknown post-processor type '" + type + "'");
    }
  }

  /** "cls": ["[CLS]", 101] -> 101. */
  private static int tokenAndId(JsonObj o, String key) {
    List<Object> pair = o.list(key);
    if (pair.size() != 2 || !(pair.get(0) instanceof String) || !(pair.get(1) instanceof Long)) {
      throw o.fail("'" + key + "' must be [token, id]");
    }
    return (int) (long) (Long) pair.get(1);
  }

  private static Template template(JsonObj o) {
    o.allowOnly(Set.of("type", "single", "pair", "special_tokens"));
    Map<String, int[]> specials = new HashMap<>();
    if (o.has("special_tokens")) {
      JsonObj st = o.obj("special_tokens");
      for (String name : st.map().keySet()) {
        JsonObj entry = st.obj(name);
        entry.allowOnly(Set.of("id", "ids", "tokens"));
        List<Object> raw = entry.list("ids");
        int[] ids = new int[raw.size()];
        for (int k = 0; k < ids.length; k++) {
          if (!(raw.get(k) instanceof Long)) throw entry.fail("'ids' must hold integers");
          ids[k] = (int) (long) (Long) raw.get(k);
        }
        specials.put(name, ids);
      }
    }
    if (o.has("pair")) parts(o, "pair", specials); // checked, unused
    return new Template(parts(o, "single", specials));
  }

  private static List<int[]> parts(JsonObj o, String key, Map<String, int[]> specials) {
    List<int[]> parts = new ArrayList<>();
    for (JsonObj item : o.objects(key)) {
      if (item.has("SpecialToken")) {
        JsonObj st = item.obj("SpecialToken");
        int[] ids = specials.get(st.str("id"));
        if (ids == null) throw st.fail("special token '" + st.str("id") + "' is not in special_tokens");
        parts.add(ids);
      } else if (item.has("Sequence")) {
        String seq = item.obj("Sequence").str("id");
        if (key.equals("single") && !seq.equals("A")) throw item.fail("a single-sequence template can only hold $A");
        parts.add(seq.equals("A") ? null : new int[0]);
      } else {
        throw item.fail("template items must be SpecialToken or Sequence");
      }
    }
    return parts;
  }
}

package org.reason4j.tensor.io;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void parsesEveryValueKindAndKeepsKeyOrder() {
    Object v = Json.parse("{\"b\": [1, -2.5e1, true, false, null], \"a\": \"x\\u00e9\\n\\ud83d\\ude00\"}");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
    List<?> b = (List<?>) m.get("b");
    assertEquals(1L, b.get(0));
    assertEquals(-25.0, b.get(1));
    assertEquals(Boolean.TRUE, b.get(2));
    assertNull(b.get(4));
    assertEquals("x\u00e9\n\ud83d\ude00", m.get("a"));
  }

  @Test
  void writesWhatItReads() {
    String s = "{\"k\":[1,2.5,\"q\\\"\\\\\",null,{}],\"e\":[]}";
    assertEquals(s, Json.write(Json.parse(s)));
  }

  @Test
  void errorsNameSourceLineAndColumn() {
    var e = assertThrows(Json.JsonException.class, () -> Json.parse("{\n  \"a\": tru }", "cfg.json"));
    assertTrue(e.getMessage().startsWith("cfg.json: invalid JSON at line 2, column 8"), e.getMessage());
    assertThrows(Json.JsonException.class, () -> Json.parse("[1, 2", "x"));
    assertThrows(Json.JsonException.class, () -> Json.parse("\"abc", "x"));
    assertThrows(Json.JsonException.class, () -> Json.parse("[1] 2", "x"));
    assertThrows(Json.JsonException.class, () -> Json.parse("01", "x"));
  }

  @Test
  void deepNestingIsRejectedNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    var e = assertThrows(Json.JsonException.class, () -> Json.parse(deep, "deep.json"));
    assertTrue(e.getMessage().contains("nesting deeper"), e.getMessage());
  }
}
